"""The designer's controls for deductions, collaboration credit, rank prizes, the team
pool and non-cash rewards: the blocks a consultant tunes live with the client.

An amount of 0 means the rule is not in the plan: the control drops it, and a rule
the starting plan lacks is added once its amount is above 0 (with the defaults shown).
"""

from __future__ import annotations

from typing import Any

from perfkit.apps.designer.blocks import (
    Context,
    Controls,
    Raw,
    dropdown,
    first_bonus,
    money_slider,
    slider,
)
from perfkit.scheme import Scenario
from perfkit.text import Lang, label, t

#: The reward a plan without non-cash rewards is offered: an honour for the month's best.
NEW_REWARD = {"reward": "monthly_champion_honour", "to": {"top": 1, "kpi": "revenue"}}


# --------------------------------------------------------------------------- deductions
def deduction_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    d = s.deductions
    qa, cp, act = d.qa_below, d.complaints, d.min_activity
    least = act.min if act else round(0.8 * ctx.capacity, -2)
    kpi = act.kpi if act else "dials"
    return {
        "qa_line": slider(qa.line if qa else 70.0, 0, 100, 1, t("designer.qa_line", lang), ".0f"),
        "qa_amount": money_slider(
            qa.amount if qa else 0.0, 2000.0, 50, t("designer.qa_amount", lang)
        ),
        "complaint_amount": money_slider(
            cp.per_complaint if cp else 0.0, 1000.0, 10, t("designer.complaint_amount", lang)
        ),
        "complaint_free": slider(
            cp.free if cp else 0, 0, 10, 1, t("designer.complaint_free", lang), "d", integer=True
        ),
        "activity_min": money_slider(
            least, 2 * ctx.capacity, 100, t("designer.activity_min", lang, kpi=label(kpi, lang))
        ),
        "activity_amount": money_slider(
            act.amount if act else 0.0, 2000.0, 50, t("designer.activity_amount", lang)
        ),
    }


def apply_deductions(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    d = raw.setdefault("deductions", {})
    rules = {
        "qa_below": ("qa_amount", {"line": v["qa_line"], "amount": v["qa_amount"]}),
        "complaints": (
            "complaint_amount",
            {"per_complaint": v["complaint_amount"], "free": v["complaint_free"]},
        ),
        "min_activity": (
            "activity_amount",
            {"min": v["activity_min"], "amount": v["activity_amount"]},
        ),
    }
    for key, (amount, values) in rules.items():
        if v[amount] > 0:
            d[key] = {**d.get(key, {}), **values}
        else:
            d.pop(key, None)


# --------------------------------------------------------------------------- collaboration
def collaboration_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    c = s.collaboration
    return {
        "mentor": money_slider(c.mentor_per_order, 500.0, 10, t("designer.mentor", lang)),
        "mentee": money_slider(c.mentee_per_order, 500.0, 10, t("designer.mentee", lang)),
    }


def apply_collaboration(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    c = raw.setdefault("collaboration", {})
    c["mentor_per_order"], c["mentee_per_order"] = v["mentor"], v["mentee"]


# --------------------------------------------------------------------------- rank prizes
def rank_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    i = first_bonus(s.bonuses, "rank")
    prizes = s.bonuses[i].prizes if i is not None else []
    within = s.bonuses[i].within if i is not None else "company"
    return {
        "rank_prize": money_slider(
            prizes[0] if prizes else 0.0, 5000.0, 100, t("designer.rank_prize", lang)
        ),
        "rank_winners": slider(
            max(len(prizes), 1), 1, 10, 1, t("designer.rank_winners", lang), "d", integer=True
        ),
        "rank_within": dropdown(["company", "team"], within, t("designer.rank_within", lang), lang),
    }


def apply_rank(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    """The first rank bonus: prizes scaled so the first is as set, cut or padded to the
    number of prizes (a padded prize repeats the last); 0 drops it."""
    bonuses, first, n = raw.setdefault("bonuses", []), v["rank_prize"], v["rank_winners"]
    i = first_bonus(bonuses, "rank")
    if first <= 0:
        if i is not None:
            del bonuses[i]
        return
    old = bonuses[i]["prizes"] if i is not None else [first]
    scaled = [p * first / (old[0] or 1.0) for p in old][:n]
    scaled += [scaled[-1]] * (n - len(scaled))
    prize = {"prizes": scaled, "within": v["rank_within"]}
    if i is None:
        bonuses.append({"type": "rank", "kpi": "revenue", **prize})
    else:
        bonuses[i] = {**bonuses[i], **prize}


# --------------------------------------------------------------------------- team pool
def pool_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    from perfkit.pages.plots.plan import revenue_target

    p = s.team.pool
    target = p.target if p else round(revenue_target(s) * ctx.team_size, -3)
    if p is not None and p.rate is not None:
        size = slider(
            p.rate, 0, max(0.02, 2 * p.rate), 0.0005, t("designer.pool_rate", lang), ".2%"
        )
    else:
        size = money_slider(p.amount if p else 0.0, 20000.0, 500, t("designer.pool_amount", lang))
    splits = ["equal", *(["by_score"] if s.scorecard else []), "by_revenue"]
    return {
        "pool_size": size,
        "pool_target": money_slider(
            target, max(2 * target, 1e5), 1000, t("designer.pool_target", lang)
        ),
        "pool_split": dropdown(
            splits, p.split if p else "equal", t("designer.pool_split", lang), lang
        ),
    }


def apply_pool(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    team = raw.setdefault("team", {})
    if v["pool_size"] <= 0:
        team.pop("pool", None)
        return
    rate = s.team.pool is not None and s.team.pool.rate is not None
    pool = {**team.get("pool", {"kpi": "revenue"})}
    pool["rate" if rate else "amount"] = v["pool_size"]
    pool.update(target=v["pool_target"], split=v["pool_split"])
    team["pool"] = pool


# --------------------------------------------------------------------------- non-cash
def non_cash_controls(s: Scenario, lang: Lang, ctx: Context) -> Controls:
    rewards = s.non_cash or [None]
    out: Controls = {}
    for i, r in enumerate(rewards):
        name = r.reward if r else NEW_REWARD["reward"]
        out[f"nc_{i}_value"] = money_slider(
            r.value_to_agent if r else 0.0, 2000.0, 50, t("designer.nc_value", lang, reward=name)
        )
        out[f"nc_{i}_cost"] = money_slider(
            r.cost if r else 0.0, 2000.0, 50, t("designer.nc_cost", lang, reward=name)
        )
    return out


def apply_non_cash(raw: Raw, v: dict[str, Any], s: Scenario) -> None:
    """Each reward's value to the agent and cost; a plan without rewards gets the
    monthly champion honour once either is above 0."""
    if not s.non_cash:
        if v["nc_0_value"] > 0 or v["nc_0_cost"] > 0:
            new = {**NEW_REWARD, "value_to_agent": v["nc_0_value"], "cost": v["nc_0_cost"]}
            raw["non_cash"] = [new]
        return
    for i, r in enumerate(raw["non_cash"]):
        r["value_to_agent"], r["cost"] = v[f"nc_{i}_value"], v[f"nc_{i}_cost"]
