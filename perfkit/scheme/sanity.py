"""Numbers that are valid but almost certainly not what the author meant.

- a threshold on the wrong scale for the KPI it reads: a QA line of 0.8 against 0–100
  scores never fires, a connect-rate target of 28 (for 28%) is never met, grade bands
  of 0.95 on a score where 100 means every target met grade everyone S;
- rules that can never change anyone's pay: empty grade bands (everyone gets the
  ``below`` grade) and a segment that an earlier one covers entirely (first match wins).

Scale mistakes are errors, with the number the author most likely meant; the rest are
warnings, because the plan can still be paid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: models calls these checks from its validators
    from perfkit.scheme.models import Plan, Scenario, SegmentRule

#: Inclusive ranges of bounded KPIs (as in the data: rates 0–1, scores 0–100, CSAT 0–5).
SCALES: dict[str, tuple[float, float]] = {
    "connect_rate": (0.0, 1.0),
    "conversion_rate": (0.0, 1.0),
    "intent_rate": (0.0, 1.0),
    "complaint_rate": (0.0, 1.0),
    "repurchase_rate": (0.0, 1.0),
    "qa_score": (0.0, 100.0),
    "peer_score": (0.0, 100.0),
    "satisfaction": (0.0, 5.0),
}


def _on_scale(kpi: str, value: float, what: str) -> str | None:
    """Why ``value`` (a target or line for ``kpi``) is on the wrong scale, or None."""
    if kpi not in SCALES:
        return None
    lo, hi = SCALES[kpi]
    if hi == 1.0 and value > 1.0:
        hint = f"; did you mean {value:g}%?" if value <= 100 else ""
        return f"{what} {value:g} for '{kpi}', a rate between 0 and 1{hint}"
    if hi == 100.0 and 0 < value <= 1.0:
        return (
            f"{what} {value:g} for '{kpi}', which is scored 0–100, can almost never be "
            f"missed; did you mean {value * 100:g}?"
        )
    if value > hi:
        return f"{what} {value:g} for '{kpi}' is above its scale ({lo:g}–{hi:g})"
    return None


def scale_problems(plan: Plan, where: str = "") -> list[tuple[str, str]]:
    """Thresholds checked against the scale of the KPI each one reads."""
    out: list[tuple[str, str]] = []
    for i, item in enumerate(plan.scorecard):
        flat = isinstance(item.target, float | int)
        if flat and (msg := _on_scale(item.kpi, float(item.target), "target")):
            out.append((f"{where}scorecard[{i}].target", msg))
    for i, bonus in enumerate(plan.bonuses):
        target = getattr(bonus, "target", None)
        flat = isinstance(target, float | int)
        if flat and (msg := _on_scale(bonus.kpi, float(target), "target")):
            out.append((f"{where}bonuses[{i}].target", msg))
    d = plan.deductions
    if d.qa_below is not None and (msg := _on_scale("qa_score", d.qa_below.line, "line")):
        out.append((f"{where}deductions.qa_below.line", msg))
    if d.min_activity is not None:
        act = d.min_activity
        if msg := _on_scale(act.kpi, act.min, "min"):
            out.append((f"{where}deductions.min_activity.min", msg))
    bands = getattr(plan.grades, "bands", None)
    if bands and max(bands.values()) <= 1.5:
        best = max(bands.values())
        out.append(
            (
                f"{where}grades.bands",
                f"the best band starts at {best:g}, but scores are points where 100 means "
                f"every target met; did you mean {best * 100:g}?",
            )
        )
    for i, reward in enumerate(plan.non_cash):
        score = reward.to.min_score
        if score is not None and 0 < score <= 1.5:
            out.append(
                (
                    f"{where}non_cash[{i}].to.min_score",
                    f"{score:g} on a score where 100 means every target met; "
                    f"did you mean {score * 100:g}?",
                )
            )
    return out


def _covers(first: SegmentRule, later: SegmentRule) -> bool:
    """Whether every agent ``later`` matches is matched by ``first`` already."""

    def roles(rule: SegmentRule) -> set[str] | None:
        return (
            None
            if rule.role is None
            else {rule.role}
            if isinstance(rule.role, str)
            else set(rule.role)
        )

    if first.role is not None and (roles(later) is None or not roles(later) <= roles(first)):
        return False
    below_a, below_b = first.tenure_months_below, later.tenure_months_below
    if below_a is not None and (below_b is None or below_b > below_a):
        return False
    least_a, least_b = first.tenure_months_at_least, later.tenure_months_at_least
    if least_a is not None and (least_b is None or least_b < least_a):
        return False
    if first.agents is None:
        return True
    return later.agents is not None and {str(a) for a in later.agents} <= {
        str(a) for a in first.agents
    }


def plan_warnings(scenario: Scenario) -> list[str]:
    """Rules that are valid but can never change anyone's pay, one sentence each."""
    out: list[str] = []
    plans = [("", scenario.main_plan)] + [
        (f"segment '{s.name}': ", scenario.plan_for(s.name)) for s in scenario.segments
    ]
    for label, plan in plans:
        bands = getattr(plan.grades, "bands", None)
        if bands is not None and not bands:
            out.append(
                f"{label}grades.bands is empty, so every agent gets grade "
                f"'{plan.grades.below}'; list each grade's minimum score, e.g. "
                "{S: 110, A: 95, B: 80, C: 60}"
            )
    segs = scenario.segments
    for j, later in enumerate(segs):
        for first in segs[:j]:
            if _covers(first.when, later.when):
                out.append(
                    f"segment '{later.name}' is never used: every agent it matches is "
                    f"matched first by segment '{first.name}' (the first match wins; "
                    "put the narrower segment first)"
                )
                break
    return out
