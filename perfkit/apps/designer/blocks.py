"""The designer's controls for the scorecard, commission, grades, team weight and bonus.

Each block has a ``*_controls`` function (widgets built from the starting scenario)
and an ``apply_*`` function that writes the control values into the scenario's
plain data; :mod:`perfkit.apps.designer.rules` does the same for the other rule blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from perfkit.core.errors import ParameterError
from perfkit.scheme import Scenario
from perfkit.text import Lang, label, t

Controls = dict[str, w.ValueWidget]
Raw = dict[str, Any]


@dataclass(frozen=True)
class Context:
    """What defaults of absent rules depend on: the simulated team's size and activity."""

    team_size: float  # agents per team, on average
    capacity: float  # dials per agent and month at effort 1, on average


def slider(
    value: float, lo: float, hi: float, step: float, desc: str, fmt: str, integer: bool = False
) -> w.ValueWidget:
    """A slider that re-simulates on release only (a drag would queue many simulations)."""
    kind = w.IntSlider if integer else w.FloatSlider
    return kind(
        value=value, min=lo, max=hi, step=step, description=desc, readout_format=fmt,
        continuous_update=False, style={"description_width": "150px"}, tooltip=desc,
        layout=w.Layout(width="360px"),
    )  # fmt: skip


def money_slider(value: float, top: float, step: float, desc: str) -> w.ValueWidget:
    """An amount from 0 to at least ``top`` (twice the starting value if that is more)."""
    return slider(value, 0, max(top, 2 * value), step, desc, ",.0f")


class DesignError(ParameterError):
    """A design the controls cannot make; ``key``: its words in the catalogue, so the
    designer says it in its language (``str()`` is the English)."""

    def __init__(self, key: str) -> None:
        super().__init__(t(key, "en"))
        self.key = key


def dropdown(options: list[str], value: str, desc: str, lang: Lang = "en") -> w.Dropdown:
    """A choice among a scenario's codes (its value), each shown in words in ``lang``."""
    return w.Dropdown(
        options=[(t(f"designer.option.{o}", lang), o) for o in options],
        value=value,
        description=desc,
        style={"description_width": "150px"},
    )


# --------------------------------------------------------------------------- scorecard
def scorecard_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    return {
        f"w_{it.kpi}": slider(it.weight, 0, 100, 1, label(it.kpi, lang), ".0f")
        for it in s.scorecard
    }


def apply_scorecard(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    """Weights normalised to total 100; a KPI at weight 0 leaves the scorecard."""
    if not raw.get("scorecard"):
        return
    items = [it for it in raw["scorecard"] if v[f"w_{it['kpi']}"] > 0]
    if not items:
        raise DesignError("designer.no_weight")
    total = sum(v[f"w_{it['kpi']}"] for it in items)
    for it in items:
        it["weight"] = round(100.0 * v[f"w_{it['kpi']}"] / total, 1)
    items[-1]["weight"] = round(100.0 - sum(it["weight"] for it in items[:-1]), 1)
    raw["scorecard"] = items


# --------------------------------------------------------------------------- commission
def commission_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    c = s.commission
    if c is None:
        return {}
    if c.mode == "flat":
        return {
            "rate_0": slider(
                float(c.rate), 0, max(0.15, 2 * c.rate), 0.001, t("designer.rate", lang), ".1%"
            )
        }
    out: Controls = {
        "mode": dropdown(["marginal", "whole"], c.mode, t("designer.mode", lang), lang),
    }
    top = max(r for _, r in c.ladder)
    for i, (start, rate) in enumerate(c.ladder):
        if i:
            out[f"edge_{i}"] = w.BoundedFloatText(
                value=start, min=1, max=1e7, step=1000, description=t("designer.from", lang),
                continuous_update=False, layout=w.Layout(width="180px"),
            )  # fmt: skip
        out[f"rate_{i}"] = slider(
            rate, 0, max(0.15, 2 * top), 0.001, f"{t('designer.rate', lang)} {i + 1}", ".1%"
        )
    return out


def apply_commission(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    c = raw.get("commission")
    if c is None:
        return
    if c["mode"] == "flat":
        c["rate"] = v["rate_0"]
        return
    c["mode"] = v["mode"]
    c["ladder"] = [
        [0.0 if i == 0 else v[f"edge_{i}"], v[f"rate_{i}"]] for i in range(len(c["ladder"]))
    ]


# --------------------------------------------------------------------------- grades
def grade_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    g = s.grades
    if g is None:
        return {}
    if g.method == "bands":
        return {f"grade_{k}": slider(e, 0, 200, 1, k, ".0f") for k, e in g.bands.items()}
    return {f"grade_{k}": slider(100 * x, 0, 100, 1, k, ".0f") for k, x in g.shares.items()}


def apply_grades(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    """Band edges as set; forced shares normalised to total 100%."""
    g = raw.get("grades")
    if g is None:
        return
    if g["method"] == "bands":
        g["bands"] = {k: v[f"grade_{k}"] for k in g["bands"]}
        return
    shares = {k: v[f"grade_{k}"] for k in g["shares"]}
    total = sum(shares.values()) or 1.0
    g["shares"] = {k: 100.0 * x / total for k, x in shares.items()}


# --------------------------------------------------------------------------- team and bonus
def first_bonus(bonuses: list[Any], kind: str) -> int | None:
    """Index of the first bonus of ``kind`` (attainment or rank), in objects or plain data."""
    for i, b in enumerate(bonuses):
        if (b.get("type", "attainment") if isinstance(b, dict) else b.type) == kind:
            return i
    return None


def team_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    i = first_bonus(s.bonuses, "attainment")
    amount = s.bonuses[i].tier_list[0][1] if i is not None else 0.0
    return {
        "team_weight": slider(s.team.weight, 0, 1, 0.05, label("team_weight", lang), ".0%"),
        "bonus": money_slider(amount, 5000.0, 100, t("designer.bonus", lang)),
    }


def apply_team(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    """Team weight; the first attainment bonus scaled to the amount (0 drops it, and a
    plan without one gets a revenue bonus at 100% of target)."""
    raw.setdefault("team", {})["weight"] = v["team_weight"]
    bonuses, amount = raw.setdefault("bonuses", []), v["bonus"]
    i = first_bonus(bonuses, "attainment")
    if i is None:
        if amount > 0:
            from perfkit.pages.plots.plan import revenue_target

            new = {"type": "attainment", "kpi": "revenue", "at": 1.0, "amount": amount}
            if "revenue" not in {it.kpi for it in s.scorecard}:
                new["target"] = revenue_target(s)
            bonuses.append(new)
        return
    if amount <= 0:
        del bonuses[i]
        return
    b = bonuses[i]
    if b.get("tiers"):
        old = b["tiers"][0][1] or 1.0
        b["tiers"] = [[at, amt * amount / old] for at, amt in b["tiers"]]
    else:
        b["amount"] = amount
