"""compare(): plans side by side on one population with common random numbers.

The comparison is only meaningful if (a) the baseline is the zero of every
delta, (b) the summary statistics are what they say they are, (c) the numbers
are reproducible and (d) two plans differ only through the plan. The economics
checked here: a whole-amount ladder (全额累进) pays at least what a marginal
ladder (超额累进) with the same rates pays, because the reached band's rate
applies to *all* revenue instead of only to the part inside the band.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.compare import Comparison, compare
from perfkit.analysis.winners import BANDS
from perfkit.files.data import load_kpis
from perfkit.payout import compute_statements
from perfkit.scheme import load_scenario
from tests.conftest import DATA, SCENARIOS

RUNS, SEED, PERIODS = 6, 7, 4
FLAT, MARGINAL, WHOLE = "current_flat_commission", "marginal_ladder", "whole_amount_ladder"
STATS = ("mean", "p10", "p50", "p90", "delta", "delta_pct")


def scenario(name: str):
    return load_scenario(SCENARIOS / f"{name}.yaml")


@pytest.fixture(scope="module")
def kpis() -> pd.DataFrame:
    return load_kpis(DATA / "sample_kpis.csv")


@pytest.fixture(scope="module")
def comp(kpis) -> Comparison:
    """Current flat 3% (baseline) vs marginal vs whole-amount 2/4/6% ladders, data population."""
    plans = [scenario(n) for n in (FLAT, MARGINAL, WHOLE)]
    return compare(plans, runs=RUNS, seed=SEED, periods=PERIODS, kpis=kpis)


@pytest.fixture(scope="module")
def names(comp) -> dict[str, str]:
    return dict(zip((FLAT, MARGINAL, WHOLE), comp.plans, strict=True))


def test_plans_are_ordered_baseline_first(comp, names):
    assert comp.baseline == names[FLAT] == comp.plans[0]
    assert list(comp.summary["plan"].unique()) == comp.plans
    assert comp.periods == PERIODS
    assert set(comp.per_run["run"]) == set(range(RUNS))


def test_baseline_deltas_are_exactly_zero(comp):
    base = comp.summary[comp.summary["plan"] == comp.baseline]
    assert len(base) > 0
    assert (base["delta"] == 0.0).all()
    # delta_pct is 0 where the baseline is non-zero, NaN only where a percentage is undefined
    defined = base["mean"].abs() > 1e-12
    assert (base.loc[defined, "delta_pct"] == 0.0).all()
    assert base.loc[~defined, "delta_pct"].isna().all()


def test_summary_quantiles_are_ordered_and_mean_within_runs(comp):
    per_run = comp.per_run.set_index(["plan", "run"])
    checked = 0
    for row in comp.summary.itertuples():
        runs = per_run.loc[row.plan, row.metric].dropna()
        if runs.empty:
            continue
        assert row.p10 <= row.p50 <= row.p90, (row.plan, row.metric)
        assert (
            runs.min() - 1e-9 * abs(runs.min()) <= row.mean <= runs.max() + 1e-9 * abs(runs.max())
        ), (row.plan, row.metric)
        assert row.p10 >= runs.min() - 1e-9 * abs(runs.min())
        assert row.p90 <= runs.max() + 1e-9 * abs(runs.max())
        checked += 1
    assert checked == len(comp.summary)
    # one summary row per plan × per-run metric
    metrics = [c for c in comp.per_run.columns if c not in ("plan", "run")]
    assert len(comp.summary) == len(comp.plans) * len(metrics)


def test_summary_mean_is_the_mean_of_runs(comp):
    for plan in comp.plans:
        runs = comp.per_run[comp.per_run["plan"] == plan]
        for metric in ("revenue", "total_pay", "profit"):
            assert comp.metric(plan, metric) == pytest.approx(runs[metric].mean(), rel=1e-12)
            assert comp.metric(plan, metric, "p50") == pytest.approx(runs[metric].median())


def test_delta_is_mean_minus_baseline_mean(comp):
    base = comp.summary[comp.summary["plan"] == comp.baseline].set_index("metric")["mean"]
    for row in comp.summary.itertuples():
        ref = base[row.metric]
        assert row.delta == pytest.approx(row.mean - ref, rel=1e-12, abs=1e-12)
        if abs(ref) > 1e-12:
            assert row.delta_pct == pytest.approx((row.mean - ref) / abs(ref), rel=1e-9, abs=1e-15)


def test_non_baseline_plans_really_differ(comp, names):
    """The deltas are not trivially zero: the ladders change pay."""
    assert comp.metric(names[MARGINAL], "total_pay", "delta") != 0.0
    assert comp.metric(names[WHOLE], "total_pay", "delta") != 0.0


def test_compare_is_reproducible(comp, kpis):
    again = compare(
        [scenario(n) for n in (FLAT, MARGINAL, WHOLE)],
        runs=RUNS,
        seed=SEED,
        periods=PERIODS,
        kpis=kpis,
    )
    for table in ("summary", "per_run", "agents", "bands", "flags", "pay_mix", "effort", "funnel"):
        pd.testing.assert_frame_equal(getattr(comp, table), getattr(again, table), check_exact=True)


@pytest.fixture(scope="module")
def twins() -> Comparison:
    """The marginal ladder compared with an identical copy of itself."""
    m = scenario(MARGINAL)
    return compare([m, m.model_copy(deep=True)], runs=4, seed=SEED, periods=3)


def test_plan_against_itself_gives_zero_delta(twins):
    assert len(twins.plans) == 2 and twins.plans[0] != twins.plans[1]  # names are made unique
    copy = twins.summary[twins.summary["plan"] == twins.plans[1]]
    assert (copy["delta"] == 0.0).all()
    a, b = (
        twins.per_run[twins.per_run["plan"] == p].drop(columns="plan").reset_index(drop=True)
        for p in twins.plans
    )
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_plan_against_itself_puts_every_agent_in_the_no_change_band(twins):
    agents = twins.agents[twins.agents["plan"] == twins.plans[1]]
    assert len(agents) > 0
    assert (agents["change"] == 0.0).all()
    bands = twins.bands[(twins.bands["plan"] == twins.plans[1])]
    for kind, grp in bands.groupby("segment_kind"):
        counts = grp.groupby("band")["agents"].sum()
        assert counts["±0.1%"] == len(agents), kind
        assert counts.drop("±0.1%").sum() == 0, kind


def test_whole_amount_ladder_costs_more_than_marginal(comp, names):
    """Dynamic view: the same rates applied to all revenue cost more, run by run (CRN)."""
    w, m = names[WHOLE], names[MARGINAL]
    assert comp.metric(w, "total_pay") > comp.metric(m, "total_pay")
    assert comp.metric(w, "incentive_pay") > comp.metric(m, "incentive_pay")
    pr = comp.per_run.set_index(["plan", "run"])
    assert (pr.loc[w, "total_pay"] > pr.loc[m, "total_pay"]).all()
    mix = comp.pay_mix.set_index(["plan", "component"])["amount"]
    assert mix[(w, "commission")] > mix[(m, "commission")]


def test_whole_amount_commission_at_least_marginal_on_every_agent_period(comp, names):
    """Static view on the same KPIs: whole ≥ marginal on every agent-period.

    It holds for the commission of each agent-period, and for total pay summed per
    agent. It does *not* hold for total pay of every single agent-period: refunds
    are clawed back next period at the period's effective rate, which is higher on
    the whole-amount ladder, so a month after a good (refunded) month can pay less.
    """
    kpis = comp.results[names[MARGINAL]].agents
    cols = [
        c
        for c in kpis.columns
        if c
        in {
            "run",
            "period",
            "agent_id",
            "team",
            "tenure_months",
            "dials",
            "connected",
            "effective_talk_minutes",
            "effective_calls",
            "intents",
            "orders",
            "revenue",
            "collected",
            "refunds",
            "complaints",
            "repeat_customers",
            "satisfaction",
            "qa_score",
            "peer_score",
        }
    ]
    table = kpis[cols]
    marginal = compute_statements(table, comp.scenarios[names[MARGINAL]])
    whole = compute_statements(table, comp.scenarios[names[WHOLE]])
    # re-pricing reproduces the simulation's own pay
    np.testing.assert_allclose(marginal["total_pay"], kpis["total_pay"], rtol=1e-12)
    assert (whole["commission"] >= marginal["commission"] - 1e-9).all()
    assert (whole["commission"] > marginal["commission"] + 1).any()
    key = [table["run"], table["agent_id"].astype(str)]
    per_agent_w = whole["total_pay"].groupby(key).sum()
    per_agent_m = marginal["total_pay"].groupby(key).sum()
    assert (per_agent_w >= per_agent_m - 1e-6).all()


def test_dynamic_bands_count_every_agent_once_per_segment_kind(comp):
    dyn = comp.bands[comp.bands["view"] == "dynamic"]
    n_agents = len(comp.agents[comp.agents["plan"] == comp.baseline])
    assert set(dyn["plan"]) == set(comp.plans[1:])
    for (_plan, _kind), grp in dyn.groupby(["plan", "segment_kind"]):
        assert grp["agents"].sum() == n_agents
        assert set(grp["band"]) == set(BANDS)


def test_static_bands_count_every_agent_of_the_data_once_per_segment_kind(comp, kpis):
    static = comp.bands[comp.bands["view"] == "static"]
    assert set(static["plan"]) == set(comp.plans[1:])
    n_agents = kpis["agent_id"].nunique()
    kinds = set()
    for (_plan, kind), grp in static.groupby(["plan", "segment_kind"]):
        assert grp["agents"].sum() == n_agents, kind
        kinds.add(kind)
    assert kinds == {"all", "skill_quartile", "tenure_group", "team"}
    teams = static[static["segment_kind"] == "team"]
    assert set(teams["segment"]) == set(kpis["team"].astype(str))


def test_to_dir_writes_json_equal_to_the_summary(comp, tmp_path):
    out = comp.to_dir(tmp_path / "cmp")
    doc = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert doc["baseline"] == comp.baseline
    assert doc["plans"] == comp.plans
    assert set(doc["summary"]) == set(comp.plans)
    n = 0
    for row in comp.summary.itertuples():
        written = doc["summary"][row.plan][row.metric]
        for stat in STATS:
            value = getattr(row, stat)
            if isinstance(value, float) and not math.isfinite(value):
                assert written[stat] is None
            else:
                assert written[stat] == value, (row.plan, row.metric, stat)
            n += 1
    assert n == len(comp.summary) * len(STATS)
    triggered = comp.flags[comp.flags["triggered"]]
    assert len(doc["flags"]) == len(triggered)
    for name in ("summary", "per_run", "agents", "bands", "flags"):
        assert (out / f"{name}.csv").is_file()
    back = pd.read_csv(out / "summary.csv")
    np.testing.assert_allclose(back["mean"], comp.summary["mean"], rtol=1e-12)
