"""Large floors: pricing blocks change no number, honest limits, and the Dask engine.

Best responses are priced in blocks (whole teams × draws × candidates: see
perfkit.model.behaviour.blocks) sized by the memory budget. A block is only a cut of the
same table, so a simulation must give the same bytes whatever the budget: checked
on a team plan, on company-coupled plans (forced distribution across the company,
rank prizes) and on a quarterly bonus with mentoring (attainment states, help
flows across teammates). Then the limits: what cannot fit is refused before any
work, with numbers; and a Dask cluster gives the local bytes, and a clear error
when every worker is gone.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfkit.model.behaviour.blocks as blocks_mod
from perfkit.apps.cli.main import main
from perfkit.core.errors import ClusterError, ParameterError, TooLargeError
from perfkit.model.behaviour.blocks import plan_blocks
from perfkit.model.scale import estimate as est_mod
from perfkit.model.scale import tasks
from perfkit.model.scale.limits import (
    BLOCK_SHARE,
    BYTES_PER_PRICING_ROW,
    MIN_BLOCK_ROWS,
    Limits,
    use,
)
from perfkit.model.scale.memory import parse_size
from perfkit.scheme import parse_scenario
from perfkit.simulate import SAMPLE_RUNS, simulate
from tests.conftest import BASIC

POP = {"source": "synthetic", "agents": 40, "teams": 4, "seed": 3}


def _plan(**changes) -> dict:
    doc = copy.deepcopy(BASIC)
    doc["population"] = dict(POP)
    doc.update(changes)
    return doc


PLANS = {
    "team pool and weight": _plan(
        team={
            "weight": 0.3,
            "pool": {"per_team_target": 300000, "amount": 5000, "split": "by_score"},
        }
    ),
    "forced distribution across the company": _plan(
        grades={
            "method": "forced",
            "shares": {"S": 10, "A": 20, "B": 50, "C": 15, "D": 5},
            "within": "company",
        }
    ),
    "company rank prizes": _plan(bonuses=[{"type": "rank", "prizes": [3000, 1500, 800]}]),
    "quarterly bonus with mentoring": _plan(
        bonuses=[
            {
                "type": "attainment",
                "kpi": "revenue",
                "cycle": "quarter",
                "tiers": [["100%", 4000], ["130%", 7000]],
                "target": 90000,
            }
        ],
        collaboration={"mentor_per_order": 150, "mentee_per_order": 50},
    ),
}


def _run(doc: dict, rows: int) -> tuple:
    """A small simulation with pricing blocks of at most ``rows`` rows; and the block count."""
    calls = []
    real = blocks_mod.price_block

    def counting(*args):
        calls.append(1)
        return real(*args)

    with warnings.catch_warnings(), use(rows=rows), pytest.MonkeyPatch.context() as mp:
        warnings.simplefilter("ignore")
        mp.setattr(blocks_mod, "price_block", counting)
        res = simulate(parse_scenario(doc), runs=2, seed=11, periods=3 if "bonuses" in doc else 2)
    return res, len(calls)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PLANS))
def test_same_bytes_whatever_the_block_size(name):
    doc = PLANS[name]
    whole, n_whole = _run(doc, 10**12)
    cut, n_cut = _run(doc, 1500)
    assert n_whole == 0  # one block: priced in place
    assert n_cut > 10  # really cut (teams, draws, candidates)
    for dim in ("effort", "quality", "help", "ce", "revenue"):
        a, b = getattr(whole.policy, dim), getattr(cut.policy, dim)
        assert a.tobytes() == b.tobytes(), dim
    pd.testing.assert_frame_equal(whole.agents, cut.agents, check_exact=True)
    pd.testing.assert_frame_equal(whole.summary, cut.summary, check_exact=True)


def test_a_company_plan_keeps_the_whole_floor_in_every_block():
    from perfkit.model.behaviour.pricer import engine_pricer

    assert engine_pricer(parse_scenario(PLANS["company rank prizes"])).unit == "company"
    assert engine_pricer(parse_scenario(PLANS["team pool and weight"])).unit == "team"
    # a company goal split equally is private for best responses, but reads every row
    doc = _plan(scorecard=[{"kpi": "revenue", "weight": 100,
                            "target": {"goal": 1_000_000, "split": "equal"}}])  # fmt: skip
    pricer = engine_pricer(parse_scenario(doc))
    assert (pricer.coupling, pricer.unit) == ("private", "company")


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 12), min_size=1, max_size=9),
    unit=st.sampled_from(["team", "company"]),
    one=st.integers(1, 6),
    K=st.integers(1, 6),
    C=st.integers(1, 7),
    cap=st.integers(1, 2000),
    seed=st.integers(0, 99),
)
def test_blocks_cover_each_agent_draw_and_candidate_once(sizes, unit, one, K, C, cap, seed):
    team = np.random.default_rng(seed).permutation(np.repeat(np.arange(len(sizes)), sizes))
    n = team.size
    seen = np.zeros((n, K, C), dtype=int)
    for b in plan_blocks(team, unit, one, K, C, cap):
        idx = np.arange(n) if b.agents is None else b.agents
        seen[np.ix_(idx, np.arange(K)[b.draws], np.arange(C)[b.cands])] += 1
        if unit == "company":
            assert idx.size == n
        else:  # whole teams only
            inside = np.isin(team, team[idx])
            assert inside.sum() == idx.size
        rows = one * idx.size * len(range(K)[b.draws]) * len(range(C)[b.cands])
        smallest = one * max(np.bincount(team)) if unit == "team" else one * n
        assert rows <= max(cap, smallest) or rows <= one * idx.size
    assert (seen == 1).all()


def test_block_rows_follow_the_budget():
    assert (
        Limits(8 * 1024**3).budget_rows == int(8 * 1024**3 * BLOCK_SHARE) // BYTES_PER_PRICING_ROW
    )
    assert Limits(16 * 1024**3).budget_rows == 2 * Limits(8 * 1024**3).budget_rows
    assert Limits(8 * 1024**3, rows=123).budget_rows == 123
    assert Limits(8 * 1024**3, rows=123).block_rows == 123


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("8GB", 8 * 1024**3),
        ("512MB", 512 * 1024**2),
        ("1.5G", int(1.5 * 1024**3)),
        ("2 gib", 2 * 1024**3),
        (2**31, 2**31),
    ],
)
def test_memory_sizes(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["8 apples", "-1GB", "", "10KB"])
def test_bad_memory_sizes_are_refused(text):
    with pytest.raises(ParameterError, match="--memory"):
        parse_size(text)


# ------------------------------------------------------------------ honest limits


def _cli(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    err = capsys.readouterr().err
    return code, err


def test_a_two_billion_agent_floor_is_refused_not_a_memory_error(tmp_path, capsys):
    doc = _plan()
    doc["population"] = {"source": "synthetic", "agents": 2_000_000_000, "teams": 10}
    path = tmp_path / "huge.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, err = _cli(["simulate", str(path), "--out", str(tmp_path / "o")], capsys)
    assert code == 2
    assert "population.agents: 2,000,000,000 agents" in err and "GB" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()


def test_a_hundred_thousand_periods_are_refused_with_the_limit(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(_plan()), encoding="utf-8")
    code, err = _cli(["simulate", str(path), "--periods", "100000", "--out", str(tmp_path)], capsys)
    assert code == 2
    assert "periods: 100,000" in err and f"{est_mod.MAX_PERIODS:,}" in err


def test_too_many_runs_are_refused_with_a_number_of_runs_that_fits(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(_plan()), encoding="utf-8")
    args = ["simulate", str(path), "--periods", "120", "--runs", "200000", "--memory", "1GB"]
    code, err = _cli([*args, "--out", str(tmp_path / "o")], capsys)
    assert code == 2 and "1.0 GB" in err
    fits = int(re.search(r"--runs (\d+) or fewer fits", err).group(1))
    assert 1 <= fits < 200000
    # the advertised option does fit; a tenfold job does not (the command keeps a sample
    # of the runs' agents tables)
    est = est_mod.estimate(40, 120, fits, limits=Limits(1024**3), kept=SAMPLE_RUNS)
    est_mod.check(est, Limits(1024**3))
    with pytest.raises(TooLargeError):
        big = est_mod.estimate(40, 120, fits * 10, limits=Limits(1024**3), kept=SAMPLE_RUNS)
        est_mod.check(big, Limits(1024**3))


def test_a_budget_beyond_the_machine_is_refused(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(_plan()), encoding="utf-8")
    code, err = _cli(["simulate", str(path), "--memory", "900TB", "--out", str(tmp_path)], capsys)
    assert code == 2 and "more than this machine" in err


def test_the_estimate_is_printed_before_the_work(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(_plan()), encoding="utf-8")
    code, err = _cli(["simulate", str(path), "--runs", "2", "--periods", "2",
                      "--out", str(tmp_path / "o")], capsys)  # fmt: skip
    assert code == 0
    line = next(x for x in err.splitlines() if x.startswith("estimate:"))
    assert "40 agents × 2 periods × 2 runs" in line and "budget" in line and "time" in line


def test_the_estimate_grows_with_runs_and_the_solve_is_bounded_by_the_budget():
    small, big = Limits(int(1.5 * 1024**3)), Limits(8 * 1024**3)
    a = est_mod.estimate(30_000, 12, 20, "team", "team", slots=20, limits=small)
    b = est_mod.estimate(30_000, 12, 40, "team", "team", slots=20, limits=small)
    c = est_mod.estimate(30_000, 12, 20, "team", "team", slots=20, limits=big)
    # twenty more runs cost twenty runs' agent-months; the solve does not see runs
    per = est_mod.BYTES_PER_AGENT_MONTH_RUN + est_mod.BYTES_PER_EVERY_RUN_ROW
    assert b.monte_carlo - a.monte_carlo == 30_000 * 12 * 20 * per == 20 * a.per_run
    assert a.solve == b.solve
    # the solve's largest call (the smooth step's, 69M rows in one piece) is cut to the budget:
    # a quarter of a large one; of a small one, half the room left beside the draws and the
    # whole floor's arrays (Limits.solve_rows), fewer rows than its quarter
    assert c.solve - a.solve > (big.budget_rows - small.budget_rows) * est_mod.COUPLED_SMOOTH_BYTES
    assert big.budget_rows * BYTES_PER_PRICING_ROW <= 8 * 1024**3 * BLOCK_SHARE
    # what the block is priced beside: the estimate with the least block, less that block and
    # its lookup (a byte a row)
    least = Limits(small.memory, rows=MIN_BLOCK_ROWS)
    per_row = est_mod.COUPLED_SMOOTH_BYTES + 1
    beside = est_mod.estimate(30_000, 12, 20, "team", "team", slots=20, limits=least).solve
    beside -= MIN_BLOCK_ROWS * per_row
    cap = small.solve_rows(est_mod.BASE_BYTES + a.population + beside + small.budget_rows)
    assert MIN_BLOCK_ROWS < cap < small.budget_rows
    assert a.solve == beside + small.budget_rows + cap * est_mod.COUPLED_SMOOTH_BYTES


# ------------------------------------------------------------------ CLI, byte for byte


def _digest(folder: Path) -> dict[str, str]:
    out = {}
    for f in sorted(folder.iterdir()):
        data = f.read_bytes()
        if f.suffix == ".json":  # wall-clock seconds are the one thing that differs
            data = json.dumps(_timeless(json.loads(data)), sort_keys=True).encode()
        out[f.name] = hashlib.sha256(data).hexdigest()
    return out


def _timeless(doc):
    """A JSON document without its "seconds" entries."""
    if isinstance(doc, dict):
        return {k: _timeless(v) for k, v in doc.items() if k != "seconds"}
    if isinstance(doc, list):
        return [_timeless(v) for v in doc]
    return doc


@pytest.fixture(scope="module")
def team_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "team.yaml"
    path.write_text(json.dumps(PLANS["team pool and weight"]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_outputs(team_file) -> dict[str, str]:
    out = team_file.parent / "local"
    assert (
        main(["simulate", str(team_file), "--runs", "3", "--periods", "2", "--out", str(out)]) == 0
    )
    return _digest(out)


@pytest.mark.slow
def test_simulate_outputs_are_byte_identical_whatever_memory(team_file, local_outputs, tmp_path):
    with use(rows=2000):
        code = main(["simulate", str(team_file), "--runs", "3", "--periods", "2",
                     "--memory", "1GB", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    assert _digest(tmp_path) == local_outputs
    assert {"agents.parquet", "summary.json"} <= set(local_outputs)


@pytest.mark.slow
def test_a_cluster_of_worker_processes_gives_the_local_bytes(team_file, local_outputs, tmp_path):
    """A real scheduler and two worker processes: simulate and compare as run here."""
    distributed = pytest.importorskip("dask.distributed")
    other = team_file.parent / "basic.yaml"
    other.write_text(json.dumps(_plan()), encoding="utf-8")
    compare = ["compare", str(team_file), str(other), "--runs", "2", "--max-runs", "2",
               "--periods", "2", "--out"]  # fmt: skip
    assert main([*compare, str(tmp_path / "compare_local")]) == 0
    seen = []
    real = tasks.gather
    with (
        warnings.catch_warnings(),
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,  # fmt: skip
        pytest.MonkeyPatch.context() as mp,
    ):
        warnings.simplefilter("ignore")
        mp.setattr(blocks_mod, "DASK_MIN_ROWS", 0)  # small blocks go to the cluster too
        mp.setattr(
            tasks, "gather", lambda c, f, *a, **k: seen.append(len(f)) or real(c, f, *a, **k)
        )
        address = cluster.scheduler_address
        assert main(["simulate", str(team_file), "--runs", "3", "--periods", "2", "--dask",
                     address, "--out", str(tmp_path / "sim")]) == 0  # fmt: skip
        assert main([*compare, str(tmp_path / "compare"), "--dask", address]) == 0
        tasks.close_clients()
    assert sum(seen) > 10  # pricing blocks and pay chunks really went to the workers
    assert _digest(tmp_path / "sim") == local_outputs
    assert _digest(tmp_path / "compare") == _digest(tmp_path / "compare_local")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_clear_error(team_file, tmp_path, capsys):
    code, err = _cli(["simulate", str(team_file), "--dask", "tcp://127.0.0.1:9",
                      "--out", str(tmp_path)], capsys)  # fmt: skip
    assert code == 2 and "cannot reach a Dask scheduler" in err


# ------------------------------------------------------------------ lost workers


class _Future:
    def done(self) -> bool:
        return False


class _NoWorkers:
    """A client whose scheduler has lost every worker: nothing ever finishes."""

    cancelled = False

    def scheduler_info(self):
        return {"workers": {}}

    def cancel(self, futures):
        self.cancelled = True


def test_waiting_ends_with_a_clear_error_when_no_worker_is_left():
    client = _NoWorkers()
    with pytest.raises(ClusterError, match=r"every Dask worker is gone.*2 of 2 task"):
        tasks.gather(client, [_Future(), _Future()], "tcp://x:8786", lost_after=0.2, poll=0.05)
    assert client.cancelled


@pytest.mark.slow
def test_a_sweep_whose_workers_all_die_times_out(monkeypatch):
    distributed = pytest.importorskip("dask.distributed")
    from perfkit.analysis.sweep import sweep

    monkeypatch.setattr(tasks, "LOST_AFTER", 1.5)
    with (
        warnings.catch_warnings(),
        distributed.LocalCluster(
            n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None
        ) as cluster,  # fmt: skip
    ):
        warnings.simplefilter("ignore")
        cluster.scale(0)  # every worker killed
        with pytest.raises(ClusterError, match="every Dask worker is gone"):
            sweep(parse_scenario(PLANS["team pool and weight"]),
                  [("pay.base_salary", [3000, 4000])], runs=2, periods=1,
                  dask=cluster.scheduler_address)  # fmt: skip


def test_the_time_estimate_holds_on_a_small_floor(monkeypatch):
    """Loosely (a shared machine): the CPU time of a 40-agent simulation is within a
    factor of two of its estimate (once ten times more, from a per-agent rate)."""
    import time

    import perfkit.simulate as sim_mod

    seen = []
    monkeypatch.setattr(sim_mod, "check", lambda est, limits=None: seen.append(est))
    doc = {"name": "flat 3%", "population": POP, "pay": {"base_salary": 4000},
           "commission": {"base": "revenue", "mode": "flat", "rate": 0.03}}  # fmt: skip
    simulate(parse_scenario(doc), runs=20, seed=1, periods=12)  # imports and first calls
    seen.clear()
    cpu = time.process_time()
    simulate(parse_scenario(doc), runs=20, seed=2, periods=12)
    cpu = time.process_time() - cpu
    assert 0.5 < seen[0].seconds / cpu < 2.0


def _draws_table(periods: int, cycle_bonus: bool):
    """A pricing table of the test plan over ``periods`` months (a quarterly bonus or not)."""
    from perfkit.model.behaviour.pricing import PricingTable
    from perfkit.model.behaviour.respond import plan_pricer, production_for
    from perfkit.model.behaviour.solve import month_states
    from perfkit.model.population import synthetic

    scenario = parse_scenario(
        PLANS["quarterly bonus with mentoring" if cycle_bonus else "team pool and weight"]
    )
    pop = synthetic(agents=12, teams=2, seed=3)
    from perfkit.scheme.population import Simulation

    settings = scenario.simulation or Simulation()
    production = production_for(settings, pop)
    pricer = plan_pricer(scenario, pop, production)
    names = [f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in range(periods)]
    months = month_states(pop, names, settings.mentoring)
    return PricingTable(pop, production, pricer, names, months, 8, 4, 0)


def _draws_choice():
    from perfkit.model.funnel import Choice

    return Choice(np.ones(12), np.full(12, 0.5), np.zeros(12))


@pytest.mark.parametrize("cycle_bonus", [False, True])
def test_the_solves_draws_do_not_grow_with_the_months(cycle_bonus):
    """Every pay cycle prices on the same draws, so the table holds them once per position
    in the cycle: 12 or 36 months take the same memory (it held them per month: 12 months
    × 64 fine draws of 100,000 agents took over 15 GB), and a longer simulation prices its first
    year on the same draws."""
    year, three = _draws_table(12, cycle_bonus), _draws_table(36, cycle_bonus)
    assert year.z.nbytes == three.z.nbytes
    assert year.z.shape[2] == (3 if cycle_bonus else 1)
    cycle = 3 if cycle_bonus else 1
    np.testing.assert_array_equal(year.position, np.arange(12) % cycle)
    now = _draws_choice()
    for w in range(12):  # a longer simulation prices its first year on the same draws
        a = year.period_kpis(w, now, now, zero=False)
        b = three.period_kpis(w, now, now, zero=False)
        assert a.keys() == b.keys()
        for kpi in a:
            np.testing.assert_array_equal(a[kpi], b[kpi])
