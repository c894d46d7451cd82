"""The reduced-form statistics: one function on the export and on simulated panels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.estimate.moments import (
    bootstrap,
    cube,
    design,
    export_rows,
    quits,
    reduced_form,
    team_bootstrap,
)
from perfkit.core.errors import DataError


def _panel(switch_after: float, control_after: float, months: int = 4) -> pd.DataFrame:
    """Teams S1, S2 switch plan in month 3; C1, C2 stay. Two agents a team, constant dials."""
    rows = []
    for team in ("S1", "S2", "C1", "C2"):
        for a in range(2):
            for m in range(months):
                post = m >= 2
                switch = team.startswith("S")
                level = 100.0 * (1 + a)
                if post:
                    level *= switch_after if switch else control_after
                rows.append({"agent_id": f"{team}-{a}", "team": team, "period": f"2025-{m + 1:02d}",
                             "plan": "new" if switch and post else "old", "dials": level,
                             "orders": level / 10, "revenue": level * 20})  # fmt: skip
    return pd.DataFrame(rows)


def test_design_splits_switching_teams_at_their_change_and_controls_at_the_median():
    df = _panel(1.1, 1.0)
    df.loc[(df["team"] == "S2") & (df["period"] == "2025-03"), "plan"] = "old"  # S2 in April
    d = design(df)
    assert d.teams == ["C1", "C2", "S1", "S2"]
    assert d.switcher.tolist() == [False, False, True, True]
    assert d.post[2].tolist() == [False, False, True, True]  # S1: March
    assert d.post[3].tolist() == [False, False, False, True]  # S2: April
    assert d.change == "2025-04"  # median of March, April: the later one
    assert d.post[0].tolist() == [False, False, False, True] and d.has_control


def test_fewer_than_two_months_before_the_change_is_a_clear_error():
    df = _panel(1.1, 1.0)
    df.loc[df["team"] == "S1", "plan"] = np.where(
        df.loc[df["team"] == "S1", "period"] >= "2025-02", "new", "old"
    )
    with pytest.raises(DataError, match=r"1 month\(s\) before it .*at least 2"):
        design(df, source="kpis.csv")


def test_did_is_the_switchers_change_less_the_controls():
    df = export_rows(_panel(1.10, 1.04))
    s = reduced_form(df, design(df))
    for k in ("dials", "orders", "revenue"):
        assert s[f"did_{k}"][0] == pytest.approx(np.log(1.10) - np.log(1.04))


def test_without_controls_it_is_before_and_after():
    df = _panel(1.10, 1.10)
    df["plan"] = np.where(df["period"] >= "2025-03", "new", "old")
    df = export_rows(df)
    s = reduced_form(df, design(df))
    assert s["did_dials"][0] == pytest.approx(np.log(1.10))


def test_quits_are_last_rows_and_a_team_whose_rows_stop_is_censored():
    df = pd.DataFrame({"agent_id": ["a", "a", "b", "b", "b", "c", "c"],
                       "team": ["T1", "T1", "T1", "T1", "T1", "T2", "T2"],
                       "period": ["2025-01", "2025-02", "2025-01", "2025-02", "2025-03",
                                  "2025-01", "2025-02"]})  # fmt: skip
    at_risk, quit = quits(df)
    # a left in February (its team goes on); c's team T2 stops in February: held out, not quit
    assert at_risk.tolist() == [True, True, True, True, False, True, False]
    assert quit.tolist() == [False, True, False, False, False, False, False]


def test_a_simulated_panel_with_runs_gives_one_statistic_per_run():
    one = export_rows(_panel(1.10, 1.0))
    two = pd.concat([one.assign(run=0), export_rows(_panel(1.20, 1.0)).assign(run=1)])
    d = design(one)
    s = reduced_form(two, d)
    assert s["did_dials"] == pytest.approx([np.log(1.10), np.log(1.20)])


def test_team_bootstrap_resamples_each_arm_within_itself():
    d = design(_panel(1.1, 1.0))
    w, factor = team_bootstrap(d, 200, seed=1)
    assert w[:, d.switcher].sum(axis=1).tolist() == [2] * 200
    assert w[:, ~d.switcher].sum(axis=1).tolist() == [2] * 200
    assert factor == pytest.approx([np.sqrt(2), np.sqrt(2)])


def test_bootstrap_of_identical_teams_has_no_spread_and_residuals_remove_team_differences():
    df = export_rows(_panel(1.10, 1.0))
    d = design(df)
    draws = bootstrap(cube(df, d), d, 100, seed=0)
    assert np.ptp(draws["did_dials"]) == pytest.approx(0.0, abs=1e-12)
    # S1 responds +30%, S2 +10%: the plain bootstrap spreads, residuals against a model
    # that knows the same team difference do not
    uneven = df.copy()
    post_s1 = (uneven["team"] == "S1") & (uneven["period"] >= "2025-03")
    uneven.loc[post_s1, "dials"] *= 1.3 / 1.1
    c = cube(uneven, d)
    assert np.std(bootstrap(c, d, 200, seed=0)["did_dials"]) > 0.02
    assert np.std(bootstrap(c, d, 200, seed=0, model=c)["did_dials"]) == pytest.approx(0, abs=1e-12)


def test_cliffs_and_quarter_cycles_of_the_plans_in_force_become_statistics():
    from perfkit.payout.in_force import PlanHistory
    from perfkit.scheme import load_scenario
    from tests.conftest import SCENARIOS

    whole = load_scenario(SCENARIOS / "whole_amount_ladder.yaml")
    quarter = load_scenario(SCENARIOS / "quarterly_quota_cliff.yaml")
    df = _panel(1.0, 1.0, months=6)  # no change: each team keeps one plan
    df["plan"] = np.where(df["team"].str.startswith("S"), "quarter", "whole")
    edge = whole.commission.bands[1][0]
    df.loc[df["team"] == "C1", "revenue"] = edge * 1.01  # just above the first ladder edge
    df.loc[(df["team"] == "C2") & (df["period"] == "2025-01"), "revenue"] = edge * 0.99
    df.loc[df["period"].isin(["2025-03", "2025-06"]) & (df["plan"] == "quarter"), "revenue"] *= 1.5
    d = design(df, PlanHistory({"whole": whole, "quarter": quarter}, "whole"))
    assert d.quarterly == ("quarter",)
    assert ("whole", "revenue", float(edge)) in d.edges
    s = reduced_form(export_rows(df), d)
    # C1: 2 agents × 6 months just above; C2: 2 agent-months just below
    assert s[f"bunching[whole@revenue {edge:,.0f}]"][0] == pytest.approx(np.log(12.5 / 2.5))
    assert s["quarter_end[quarter]"][0] == pytest.approx(np.log(1.5))


def test_stayers_are_agents_seen_on_both_sides_of_their_change_in_each_run():
    """Agent fixed effects on a simulated panel of 3 runs whose integer agent ids repeat
    across runs, and on the same panel with string ids: an agent is one agent per run
    (its id alone is not), so each run counts each team's 2 stayers and their mean KPI."""
    df = export_rows(_panel(1.2, 1.0))
    d = design(df)
    runs = pd.concat([df.assign(run=r, revenue=df["revenue"] * (r + 1)) for r in range(3)],
                     ignore_index=True)  # fmt: skip
    numeric = runs.assign(agent_id=pd.factorize(runs["agent_id"])[0])
    for rows in (runs, numeric):
        got = cube(rows, d)
        assert got["stayers"].shape == (3, 4, 2)
        assert (got["stayers"] == 2).all()
        for r in range(3):  # team S1 (index 2): agents at 100 and 200 dials, ×1.2 after
            before, after = got["fe_revenue"][r, 2]
            assert before == pytest.approx(2000 * (r + 1) + 4000 * (r + 1))
            assert after == pytest.approx(1.2 * before)
