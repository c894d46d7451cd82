"""Which measured KPI columns a scenario's pay rules read, and why.

A client export may leave out optional KPIs (the loader records them in
``attrs["absent"]``). A rule that reads an absent column would silently price it
as 0 — no QA score means every agent is docked, no cash collected means no
commission — so :func:`absent_but_read` names each such column with the rule
that reads it, and the payout engine refuses the table.

:func:`engine_reads` is wider: every column the engine reads while paying, the refunds
a commission or a margin subtracts and the revenue that breaks a ranking's ties
included. The best-response solve computes those alone (perfkit.model.behaviour.needed).
"""

from __future__ import annotations

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout.frame import RATIO_KPIS
from perfkit.scheme.measures import ForcedGrades, TargetRule
from perfkit.scheme.models import Plan, Scenario

#: Columns whose absence has a natural meaning: nothing to subtract.
ABSENT_MEANS_ZERO = frozenset({"refunds"})

#: Columns few exports record; when absent they are priced as 0 with a warning.
ABSENT_WARNS = frozenset({"assisted_orders", "shared_revenue"})


def _raw(kpi: str) -> tuple[str, ...]:
    """The raw columns a KPI name is computed from."""
    if kpi in RATIO_KPIS:
        return RATIO_KPIS[kpi]
    if kpi in ("net_revenue", "margin"):
        return ("revenue",)
    return (kpi,) if kpi in RAW_KPIS else ()


def _plan_reads(plan: Plan, where: str) -> dict[str, str]:
    reads: dict[str, str] = {}

    def add(kpi: str, why: str) -> None:
        for col in _raw(kpi):
            reads.setdefault(col, f"{where}{why}")

    for item in plan.scorecard:
        add(item.kpi, f"scorecard item '{item.kpi}'")
    if plan.commission is not None:
        base = {"margin": "revenue"}.get(plan.commission.base, plan.commission.base)
        add(base, f"commission on '{plan.commission.base}'")
    for i, bonus in enumerate(plan.bonuses):
        add(bonus.kpi, f"bonuses[{i}] on '{bonus.kpi}'")
    if plan.team.pool is not None:
        add(plan.team.pool.kpi, f"team pool on '{plan.team.pool.kpi}'")
    if plan.collaboration.mentor_per_order:
        add("collaboration_credit", "collaboration.mentor_per_order")
    if plan.collaboration.mentee_per_order:
        add("assisted_orders", "collaboration.mentee_per_order")
    d = plan.deductions
    if d.qa_below is not None:
        add("qa_score", "deductions.qa_below")
    if d.complaints is not None:
        add("complaints", "deductions.complaints")
    if d.min_activity is not None:
        add(d.min_activity.kpi, "deductions.min_activity")
    for reward in plan.non_cash:
        if reward.to.top is not None:
            add(reward.to.kpi, f"non-cash reward '{reward.reward}' (top {reward.to.top})")
        elif reward.to.by_team:
            add(reward.to.kpi, f"non-cash reward '{reward.reward}' (team rule)")
    return reads


def columns_read(scenario: Scenario) -> dict[str, str]:
    """Raw KPI column → the first rule (with its segment) that reads it."""
    reads = _plan_reads(scenario.main_plan, "")
    for seg in scenario.segments:
        for col, why in _plan_reads(scenario.plan_for(seg.name), f"segment '{seg.name}': ").items():
            reads.setdefault(col, why)
    if scenario.leader_override is not None:
        kpi = scenario.leader_override.kpi
        reads.update({c: "leader_override" for c in _raw(kpi) if c not in reads})
    if scenario.split_credit is not None:
        reads.setdefault("shared_revenue", "split_credit")
    return reads


def engine_reads(scenario: Scenario) -> frozenset[str]:
    """Every raw KPI column the payout engine reads to pay ``scenario``: what
    :func:`columns_read` names, and what the rules read beside it (module docstring)."""
    cols = set(columns_read(scenario))
    for plan in [scenario.main_plan] + [scenario.plan_for(s.name) for s in scenario.segments]:
        cols |= _engine_plan_reads(plan)
    if scenario.leader_override is not None:
        cols |= _every(scenario.leader_override.kpi)
    if scenario.split_credit is not None:
        cols |= {"revenue", "shared_revenue"}
    return frozenset(cols)


def _every(kpi: str) -> set[str]:
    """The raw columns the engine computes KPI ``kpi`` from (a margin's refunds included)."""
    extra = {"revenue", "refunds"} if kpi in ("net_revenue", "margin") else set()
    return set(_raw(kpi)) | extra


def _engine_plan_reads(plan: Plan) -> set[str]:
    """The columns one plan's rules read (:func:`engine_reads`)."""
    kpis = [item.kpi for item in plan.scorecard] + [b.kpi for b in plan.bonuses]
    cols: set[str] = set()
    if plan.team.pool is not None:
        kpis.append(plan.team.pool.kpi)
    if plan.deductions.min_activity is not None:
        kpis.append(plan.deductions.min_activity.kpi)
    c = plan.commission
    if c is not None:
        cols |= {"orders"} if c.base == "orders" else _every(c.base) | {"refunds"}
    if isinstance(plan.grades, ForcedGrades):
        cols.add("revenue")  # ties broken by revenue
    for reward in plan.non_cash:
        if reward.to.top is not None or reward.to.by_team:
            kpis += [reward.to.kpi, "revenue"]  # ties broken by revenue
    targets = [i.target for i in plan.scorecard] + [
        getattr(b, "target", None) for b in plan.bonuses
    ]
    if any(isinstance(t, TargetRule) and t.split == "capacity" for t in targets):
        cols.add("dials")  # the split's weights where the table has no capacity
    for kpi in kpis:
        cols |= _every(kpi)
    return cols


def uses_teams(scenario: Scenario) -> str | None:
    """The first rule that groups agents by team, if any."""
    for seg_name, plan in [("", scenario.main_plan)] + [
        (f"segment '{s.name}': ", scenario.plan_for(s.name)) for s in scenario.segments
    ]:
        if plan.team.weight > 0:
            return f"{seg_name}team.weight"
        if plan.team.pool is not None:
            return f"{seg_name}team.pool"
        if plan.grades is not None and getattr(plan.grades, "within", "") == "team":
            return f"{seg_name}grades (forced distribution within team)"
        if any(getattr(b, "within", "") == "team" for b in plan.bonuses):
            return f"{seg_name}rank prizes within team"
    if scenario.leader_override is not None:
        return "leader_override"
    return None


def absent_but_read(
    absent: tuple[str, ...], has_team: bool, scenario: Scenario
) -> tuple[list[str], list[str]]:
    """Problems (a rule reads a column the file lacks) and warnings (priced as 0)."""
    reads = columns_read(scenario)
    problems, warns = [], []
    for col in (c for c in absent if c in reads and c not in ABSENT_MEANS_ZERO):
        if col in ABSENT_WARNS:
            warns.append(f"column '{col}' is not in the file; {reads[col]} counts it as 0")
        else:
            problems.append(
                f"column '{col}' is not in the file, but {reads[col]} reads it "
                f"(add the column, or name the header that holds it with --map HEADER={col})"
            )
    if not has_team and (rule := uses_teams(scenario)):
        problems.append(
            f"column 'team' is not in the file, but {rule} groups agents by team "
            "(add a team column; one value for everyone if the floor is a single team)"
        )
    return problems, warns


def blank_but_read(blank: dict[str, str], scenario: Scenario) -> tuple[list[str], list[str]]:
    """Problems (a rule reads a column with blank cells) and warnings (no rule does).

    ``blank``: column → where its blanks are (``attrs["blank_cells"]`` of a loaded table).
    """
    from perfkit.files.blanks import hint

    reads = columns_read(scenario)
    for seg in scenario.segments:
        if seg.when.tenure_months_below is not None or seg.when.tenure_months_at_least is not None:
            reads.setdefault("tenure_months", f"segment '{seg.name}' (by tenure)")
    problems, warns = [], []
    for col, where in blank.items():
        if col in reads:
            problems.append(f"blank cells in {where}, and {reads[col]} reads it; {hint(col)}")
        else:
            warns.append(f"blank cells in {where}; no pay rule reads it, so they stay blank")
    return problems, warns
