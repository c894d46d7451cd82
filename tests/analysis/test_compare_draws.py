"""Verdicts across parameter draws, and a season every plan shares.

- ``decide`` calls a lead clear only when it holds in 90% of the paired runs *and* in 90%
  of the parameter draws the runs were spread across; clear run by run but not across
  the draws, the lead depends on the parameters; without draws it covers luck only.
- ``compare`` passes the floor's draws and season to every plan: the runs take the same
  draws under every plan, and a season leaves every lift between plans unchanged.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.compare import compare
from perfkit.core.precision import decide
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.words.findings import precision_sentence
from tests.conftest import SCENARIOS


def _runs(diff: np.ndarray) -> pd.DataFrame:
    n = diff.size
    return pd.DataFrame({"plan": ["A"] * n + ["B"] * n, "run": list(range(n)) * 2,
                         "profit": np.r_[np.zeros(n), diff]})  # fmt: skip


DRAW = np.repeat(np.arange(10), 2)  # 20 runs, two per draw


def test_a_lead_in_every_draw_is_clear_across_draws():
    d = decide(_runs(np.ones(20)), ["A", "B"], draw=DRAW)
    assert d.status == "clear" and d.leader == "B" and d.draws == 10 and d.draw_share == 1.0


def test_a_lead_clear_run_by_run_but_lost_in_two_draws_depends_on_the_parameters():
    diff = np.ones(20)
    diff[[1, 3]] = -5.0  # draws 0 and 1: one run lost badly, the mean of the draw behind
    d = decide(_runs(diff), ["A", "B"], draw=DRAW)
    assert d.win_share == pytest.approx(0.9)  # clear by the runs alone …
    assert d.draw_share == pytest.approx(0.8) and d.status == "depends_on_parameters"
    plain = decide(_runs(diff), ["A", "B"])  # … and without draws it would be called clear
    assert plain.status == "clear" and plain.draws == 0


def _comparison(d) -> SimpleNamespace:
    return SimpleNamespace(decision=d, baseline="A",
                           scenarios={"A": SimpleNamespace(currency="CNY")})  # fmt: skip


@pytest.mark.parametrize(
    ("diff", "draw", "en", "zh"),
    [
        (
            np.ones(20),
            None,
            "a clear lead against Monte Carlo luck only",
            "仅就蒙特卡洛随机波动而言领先明确",
        ),
        (
            np.ones(20),
            DRAW,
            "in 100% of 10 draws of the estimated parameters: a clear lead",
            "领先明确（已包含蒙特卡洛随机波动和参数不确定性）",
        ),
        (
            np.r_[1, -5, 1, -5, np.ones(16)],
            DRAW,
            "the lead depends on the uncertain parameters",
            "领先取决于不确定的参数",
        ),
    ],
)
def test_the_verdict_says_what_it_covers(diff, draw, en, zh):
    d = decide(_runs(np.asarray(diff, float)), ["A", "B"], draw=draw)
    assert en in precision_sentence(_comparison(d), "en")[0]
    assert zh in precision_sentence(_comparison(d), "zh")[0]


def small(name: str, **extra) -> object:
    raw = load_scenario(SCENARIOS / f"{name}.yaml").model_dump(mode="json", exclude_none=True)
    raw["population"] = {"source": "synthetic", "agents": 24, "teams": 3, "seed": 3}
    raw["simulation"] = {"behaviour": {"on_nonconvergence": "note"}}
    return parse_scenario({**raw, **extra}, source=str(SCENARIOS / f"{name}.yaml"))


DRAWS = {"source": "test", "draws": [{"effort_cost": c, "annual_rate": r}
                                     for c, r in [(3000, 0.2), (5000, 0.3), (8000, 0.4), (12000, 0.3)]]}  # fmt: skip


def test_compare_spreads_every_plan_over_the_floors_draws_and_judges_across_them():
    base, other = small("current_flat_commission", uncertainty=DRAWS), small("marginal_ladder")
    a = compare([base, other], runs=8, seed=1, periods=2)
    b = compare([base, other], runs=8, seed=1, periods=2)
    assert a.per_run.equals(b.per_run)  # same scenarios and seed: the same numbers
    draws = [r.meta["forecast"]["draw_of_run"] for r in a.results.values()]
    assert draws[0] == draws[1] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert a.decision.draws == 4


def test_a_season_leaves_every_lift_between_plans_unchanged():
    season = {"revenue": {1: 0.7, 2: 1.3}, "orders": {1: 0.8}, "dials": {2: 1.2}}
    base, other = small("current_flat_commission"), small("marginal_ladder")
    plain = compare([base, other], runs=6, seed=2, periods=2)
    seasoned = compare([small("current_flat_commission", season=season), other], runs=6, seed=2,
                       periods=2)  # fmt: skip
    pd.testing.assert_frame_equal(plain.summary, seasoned.summary)  # lifts, CIs, everything
    assert plain.decision == seasoned.decision

    def lift(res) -> pd.DataFrame:  # the plan's lift in levels, team by team and month by month
        lv = [res.results[p].levels.set_index(["run", "period", "team"]) for p in res.plans]
        return lv[1] / lv[0]

    pd.testing.assert_frame_equal(lift(plain), lift(seasoned))
    jan = seasoned.results[seasoned.plans[1]].levels
    raw = plain.results[plain.plans[1]].levels
    assert (jan["revenue"] / raw["revenue"]).iloc[0] == pytest.approx(0.7)  # levels do move
