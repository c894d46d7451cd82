"""engine_reads names every KPI column the payout engine reads (hypothesis over plans).

The engine pays generated plans on a table that holds only the columns
:func:`perfkit.payout.reads.engine_reads` names; any other column raises when read.
It must pay what it pays on the whole table, to the bit: the best-response solve's
funnel computes those columns alone (perfkit.model.behaviour.needed).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfkit.core.kpis import RAW_KPIS
from perfkit.payout.frame import LazyColumns
from perfkit.payout.grid import deviations, pay_grid
from perfkit.payout.reads import columns_read, engine_reads
from perfkit.scheme import parse_scenario
from tests.payout.test_grid import kpis, layout, plans


class Unread(Exception):
    """A column outside the set was read."""


def only(raw: dict[str, np.ndarray], cols: frozenset[str]) -> LazyColumns:
    """``raw``'s columns ``cols``; reading any other raises :class:`Unread`."""

    def missing(k: str) -> np.ndarray:
        raise Unread(k)

    out = LazyColumns(missing, RAW_KPIS)
    for k in cols:
        out[k] = raw[k]
    return out


@st.composite
def wider_plans(draw, ranks: bool = True) -> dict:
    """test_grid's plans, with the rules that read more than their KPI: commission on a
    margin, on orders or with a clawback; deductions by complaints and activity; a bonus
    on a ratio KPI; collaboration pay; a target split by capacity; a top-N reward."""
    plan = draw(plans(ranks))
    base = draw(st.sampled_from([None, "margin", "orders", "clawback"]))
    if base == "margin":
        plan["commission"] = {"base": "margin", "margin_rate": 0.4, "mode": "flat", "rate": 0.05}
    elif base == "orders":
        plan["commission"] = {"base": "orders", "mode": "flat", "rate": 20}
    elif base == "clawback":
        plan["commission"] = {**plan["commission"], "refunds": "clawback"}
    if draw(st.booleans()):
        kpi = draw(st.sampled_from(["connect_rate", "net_revenue", "effective_talk_minutes"]))
        plan["deductions"] = {**plan.get("deductions", {}),
                              "complaints": {"per_complaint": 50, "free": 1},
                              "min_activity": {"kpi": kpi, "min": 0.2, "amount": 100}}  # fmt: skip
    if draw(st.booleans()):
        kpi = draw(st.sampled_from(["conversion_rate", "repurchase_rate", "satisfaction"]))
        split = draw(st.sampled_from([False, True]))
        target = {"per": "team", "goal": 0.3, "split": "capacity"} if split else 0.05
        bonus = {"type": "attainment", "kpi": kpi, "target": target, "amount": 200}
        plan["bonuses"] = [*plan.get("bonuses", []), bonus]
    if draw(st.booleans()):
        plan["collaboration"] = {"mentor_per_order": draw(st.sampled_from([0, 30])),
                                 "mentee_per_order": draw(st.sampled_from([0, 10]))}  # fmt: skip
    if ranks and draw(st.booleans()):
        kpi = draw(st.sampled_from(["peer_score", "complaints"]))
        plan.setdefault("non_cash", []).append(
            {"reward": "honour", "to": {"top": 1, "kpi": kpi}, "value_to_agent": 100}
        )
    return plan


def generated(plan: dict, roles: str | None) -> object:
    doc = {"name": "generated", **plan}
    if roles == "leader":
        doc["leader_override"] = {"role": "lead", "kpi": "margin", "rate": 0.01}
    elif roles == "split":
        doc["split_credit"] = {"shares": {"lead": 0.4, "agent": 0.6}}
    return parse_scenario(doc)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wider_plans(), st.sampled_from([None, "leader", "split"]), st.integers(1, 6),
       st.integers(1, 3), st.integers(0, 2**31))  # fmt: skip
def test_the_engine_reads_nothing_outside_engine_reads(plan, roles, agents, periods, seed):
    rng = np.random.default_rng(seed)
    lay = layout(agents, periods, rng)
    raw = kpis((2, periods, agents), rng)
    sc = generated(plan, roles)
    cols = engine_reads(sc)
    assert set(columns_read(sc)) <= cols
    cols |= {"revenue"}  # the solve reads it always (and a table's size is read off it)
    want = pay_grid(sc, lay, raw)
    got = pay_grid(sc, lay, only(raw, cols))
    for col in ("total_pay", "non_cash_value", "score"):
        np.testing.assert_array_equal(got[col], want[col], err_msg=col)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wider_plans(ranks=False), st.sampled_from([None, "leader"]), st.integers(2, 6),
       st.integers(0, 2**31))  # fmt: skip
def test_deviation_rows_read_nothing_outside_engine_reads(plan, roles, agents, seed):
    """The same on deviation rows priced against the base rows (team plans)."""
    rng = np.random.default_rng(seed)
    lay = layout(agents, 2, rng)
    base, own = kpis((1, 2, agents), rng), kpis((1, 2, 2, agents), rng)
    slot = rng.integers(0, 2, agents)
    sc = generated(plan, roles)
    cols = engine_reads(sc) | {"revenue"}
    want = deviations(sc, lay, base, own, slot)
    got = deviations(sc, lay, only(base, cols), only(own, cols), slot)
    for before, after in zip(want, got, strict=True):
        for col in ("total_pay", "non_cash_value", "score"):
            np.testing.assert_array_equal(after[col], before[col], err_msg=col)


@pytest.mark.parametrize(
    ("plan", "read"),
    [
        ({"commission": {"base": "margin", "margin_rate": 0.3, "mode": "flat", "rate": 0.1}},
         {"revenue", "refunds"}),
        ({"commission": {"base": "collected", "mode": "flat", "rate": 0.1}},
         {"collected", "refunds"}),
        ({"commission": {"base": "orders", "mode": "flat", "rate": 20}}, {"orders"}),
        ({"deductions": {"complaints": {"per_complaint": 50}}}, {"complaints"}),
        ({"scorecard": [{"kpi": "conversion_rate", "weight": 100, "target": 0.05}]},
         {"orders", "connected"}),
        ({"scorecard": [{"kpi": "qa_score", "weight": 100, "target": 85}],
          "grades": {"method": "forced", "shares": {"A": 50, "B": 50}},
          "pay": {"base_salary": 1, "performance_pay": {"base": 100,
                  "grade_coefficients": {"A": 1.2, "B": 1.0}}}},
         {"qa_score", "revenue"}),
        ({"collaboration": {"mentee_per_order": 10}}, {"assisted_orders"}),
        ({"collaboration": {"mentor_per_order": 10}}, {"collaboration_credit"}),
        ({"pay": {"base_salary": 3000}}, set()),
    ],
)  # fmt: skip
def test_engine_reads_of_single_rules(plan: dict, read: set[str]) -> None:
    assert engine_reads(parse_scenario({"name": "one rule", **plan})) == read
