"""Charts of a plan's anatomy: payout curve, scorecard weights, grade mix, pay mix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from perfkit.pages.plots.style import (
    PALETTE,
    axes,
    component_colour,
    money_axis,
    percent_axis,
    plan_colours,
    plan_palette,
)
from perfkit.scheme import Scenario
from perfkit.text import Lang, label
from perfkit.text.numbers import amount, currency_unit, pct

#: A typical agent-month used to draw a payout curve (bundled-data medians).
TYPICAL_AGENT = {
    "dials": 4450.0,
    "connected": 1200.0,
    "effective_talk_minutes": 1900.0,
    "effective_calls": 385.0,
    "intents": 42.0,
    "orders": 9.0,
    "revenue": 22000.0,
    "collected": 20300.0,
    "refunds": 0.0,
    "complaints": 1.0,
    "repeat_customers": 1.0,
    "satisfaction": 4.5,
    "qa_score": 86.0,
    "peer_score": 80.0,
    "collaboration_credit": 0.0,
    "assisted_orders": 0.0,
    "shared_revenue": 0.0,
}


def revenue_target(scenario: Scenario) -> float:
    """The plan's monthly revenue target, or the typical agent's revenue if it sets none."""
    for item in scenario.scorecard:
        if item.kpi in {"revenue", "net_revenue", "collected"} and isinstance(item.target, float):
            return item.target
    return TYPICAL_AGENT["revenue"]


def _quarterly(scenario: Scenario) -> bool:
    """Whether a monthly plan pays a bonus on the quarter's total."""
    return scenario.period == "month" and any(
        getattr(b, "cycle", "period") == "quarter" for b in scenario.bonuses
    )


def payout_curve(scenario: Scenario, points: int = 241, upto: float = 2.0) -> pd.DataFrame:
    """Total pay per period of a typical agent as revenue runs from 0 to ``upto`` × target.

    Each point is priced alone (its own team), other KPIs at the typical agent's
    level and scaled with revenue where they drive it (orders, collected cash), so
    the curve isolates the revenue pay rules. A monthly plan with a quarterly bonus
    is priced over a quarter of three equal months and shown per month, so the
    quarter's bonus appears spread over its three months.
    """
    from perfkit.payout import compute_statements

    target = revenue_target(scenario)
    attainment = np.linspace(0.0, upto, points)
    revenue = attainment * target
    scale = revenue / TYPICAL_AGENT["revenue"]
    kpis = pd.DataFrame({k: np.full(points, v) for k, v in TYPICAL_AGENT.items()})
    kpis["revenue"] = revenue
    kpis["collected"] = TYPICAL_AGENT["collected"] * scale
    kpis["orders"] = np.round(TYPICAL_AGENT["orders"] * scale)
    kpis.insert(0, "agent_id", [f"P{i:04d}" for i in range(points)])
    kpis.insert(1, "team", kpis["agent_id"])
    kpis["tenure_months"] = 24.0
    months = ["2025-01", "2025-02", "2025-03"] if _quarterly(scenario) else ["2025-01"]
    rows = pd.concat([kpis.assign(period=m) for m in months], ignore_index=True)
    cols = ["base_salary", "performance_pay", "commission", "bonus", "total_pay"]
    pay = compute_statements(rows, scenario)
    out = pay.groupby("agent_id", sort=True)[cols].mean().reset_index(drop=True)
    out.insert(0, "attainment", attainment)
    out.insert(1, "revenue", revenue)
    out.insert(2, "collected", kpis["collected"].to_numpy())
    out.insert(3, "orders", kpis["orders"].to_numpy())
    return out


def _bonus_marks(scenario: Scenario, lang: Lang) -> list[tuple[float, str]]:
    """Revenue-attainment positions of the revenue bonuses' thresholds on the curve's axis."""
    target = revenue_target(scenario)
    marks = []
    for bonus in scenario.bonuses:
        tiers = getattr(bonus, "tier_list", None)
        own = bonus.target if getattr(bonus, "target", None) is not None else target
        if not tiers or bonus.kpi != "revenue" or not isinstance(own, float):
            continue  # a decomposed target differs by agent: no single threshold to mark
        name = "quarter_bonus_threshold" if bonus.cycle == "quarter" else "bonus_threshold"
        marks += [(at * own / target, label(name, lang)) for at, _ in tiers]
    return marks


def _base_values(curve: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    """The commission base along the curve, so base-unit edges map onto attainment."""
    c = scenario.commission
    if c.base == "margin":
        return curve["revenue"].to_numpy() * c.margin_rate
    return curve[c.base].to_numpy(dtype=float)


def plot_payout_curve(scenario: Scenario, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """Pay vs revenue attainment, marking gates, caps, ladder edges and bonus thresholds."""
    ax = axes(ax)
    curve = payout_curve(scenario)
    target = revenue_target(scenario)
    ax.plot(
        curve["attainment"],
        curve["total_pay"],
        color=PALETTE[0],
        lw=2.2,
        label=label("total_pay", lang),
    )
    ax.fill_between(
        curve["attainment"],
        0,
        curve["base_salary"],
        color=PALETTE[7],
        alpha=0.25,
        label=label("base_salary", lang),
    )
    marks: list[tuple[float, str]] = []
    c = scenario.commission
    if c is not None:
        base = _base_values(curve, scenario)
        at = lambda amount: float(np.interp(amount, base, curve["attainment"], right=np.inf))  # noqa: E731
        marks += [(at(start), label("band_edge", lang)) for start, _ in c.bands[1:]]
        if c.gate:
            marks.append((at(c.gate), label("gate", lang)))
    capped = curve.index[curve["commission"] >= (c.cap if c and c.cap else np.inf) - 1e-9]
    if len(capped):
        marks.append((float(curve.loc[capped[0], "attainment"]), label("cap", lang)))
    marks += _bonus_marks(scenario, lang)
    top = float(curve["total_pay"].max())
    merged: dict[float, list[str]] = {}  # one line and one label per position
    for x, text in marks:
        if 0 < x <= curve["attainment"].max():
            names = merged.setdefault(round(x, 3), [])
            if text not in names:
                names.append(text)
    for x, names in merged.items():
        ax.axvline(x, color="0.45", ls=":", lw=1)
        ax.text(x, top * 1.03, " / ".join(names), rotation=90, va="bottom", ha="right", fontsize=8,
                color="0.3")  # fmt: skip
    ax.set_ylim(0, top * 1.4)  # room for the rotated labels under the title
    percent_axis(ax, "x")
    money_axis(ax, "y", lang)
    shown = amount(target, lang, exact=True)
    ax.set_xlabel(f"{label('attainment', lang)} ({label('revenue', lang)} ÷ {shown})")
    per = "pay_per_month_quarter" if _quarterly(scenario) else "pay_per_period"
    ax.set_ylabel(f"{label(per, lang)} ({currency_unit(scenario.currency, lang)})")
    ax.set_title(label("payout_curve", lang))
    ax.legend(loc="upper left", frameon=False)
    return ax


def plot_weights(scenario: Scenario, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """Scorecard weights as horizontal bars (team weight noted in the title)."""
    ax = axes(ax)
    if not scenario.scorecard:
        ax.text(0.5, 0.5, "—", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    data = pd.DataFrame(
        {
            "kpi": [label(i.kpi, lang) for i in scenario.scorecard],
            "weight": [i.weight for i in scenario.scorecard],
        }
    )
    sns.barplot(data=data, y="kpi", x="weight", color=PALETTE[0], ax=ax)
    for patch, w in zip(ax.patches, data["weight"], strict=False):
        ax.text(
            patch.get_width() + 0.8,
            patch.get_y() + patch.get_height() / 2,
            f"{w:g}",
            va="center",
            fontsize=9,
        )
    ax.set_xlabel(label("weight", lang))
    ax.set_ylabel("")
    title = label("scorecard_weights", lang)
    if scenario.team.weight:
        team = label("team_weight", lang).lower()
        title += f" ({team} {pct(scenario.team.weight, 0)})"
    ax.set_title(title)
    ax.set_xlim(0, max(data["weight"]) * 1.2)
    return ax


def plot_grade_mix(
    grades: pd.DataFrame,
    ax: Axes | None = None,
    lang: Lang = "en",
    plans: list[str] | None = None,
) -> Axes:
    """Share of agent-periods per grade; ``grades`` has columns plan, grade, share.

    ``plans``: every plan of the comparison, so each keeps its colour from other charts
    even when some plans have no grades.
    """
    ax = axes(ax)
    palette = plan_palette(grades) if plans is None else plan_colours(plans)
    sns.barplot(data=grades, x="grade", y="share", hue="plan", palette=palette, saturation=1, ax=ax)
    percent_axis(ax, "y")
    ax.set_xlabel(label("grade", lang))
    ax.set_ylabel(label("share_of_agents", lang))
    ax.set_title(label("grade_mix", lang))
    ax.legend(title="", frameon=False)
    return ax


def plot_pay_mix(mix: pd.DataFrame, ax: Axes | None = None, lang: Lang = "en") -> Axes:
    """Stacked pay components per plan; ``mix`` has columns plan, component, amount.

    Deductions and clawbacks are drawn below zero so the bar's net is total pay.
    """
    ax = axes(ax)
    wide = mix.pivot_table(
        index="plan", columns="component", values="amount", aggfunc="sum", sort=False
    )
    plans = list(wide.index)
    left_pos = np.zeros(len(plans))
    left_neg = np.zeros(len(plans))
    for comp in wide.columns:
        vals = wide[comp].to_numpy(dtype=float)
        if comp in {"deductions", "clawback"}:
            vals = -vals
        start = np.where(vals >= 0, left_pos, left_neg)
        ax.barh(plans, vals, left=start, color=component_colour(comp), label=label(comp, lang))
        left_pos += np.clip(vals, 0, None)
        left_neg += np.clip(vals, None, 0)
    money_axis(ax, "x", lang)
    ax.margins(x=0.04)  # the longest bar does not touch the frame
    ax.invert_yaxis()
    ax.set_title(f"{label('pay_mix', lang)} ({label('per_agent_period', lang).lower()})")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False, fontsize=8)
    return ax
