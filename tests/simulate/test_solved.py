"""Solved responses reused (perfkit.simulate.solved) only where the solve does not look."""

from __future__ import annotations

import pytest

import perfkit.simulate.solved as solved
from perfkit.core import cache
from perfkit.scheme import parse_scenario
from perfkit.simulate import simulate

POP = {"source": "synthetic", "agents": 12, "teams": 2, "seed": 1}


def scenario(rate: float = 0.05, **simulation) -> object:
    return parse_scenario({"name": "flat", "population": POP, "pay": {"base_salary": 4000},
                           "commission": {"base": "revenue", "mode": "flat", "rate": rate},
                           "simulation": simulation})  # fmt: skip


@pytest.fixture
def solves(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = solved.respond
    monkeypatch.setattr(solved, "respond", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(solved, "_BATCH", {})
    return calls


def test_attrition_reuses_the_solve_and_gives_fresh_numbers(solves: list[int]) -> None:
    fresh = simulate(scenario(attrition={"annual_rate": 0.5}), runs=3, seed=2, periods=3)
    assert len(solves) == 1
    with solved.shared_solves():
        simulate(scenario(), runs=3, seed=2, periods=3)
        reused = simulate(scenario(attrition={"annual_rate": 0.5}), runs=3, seed=2, periods=3)
        assert len(solves) == 2  # the second simulation reused the first's solve
        simulate(scenario(rate=0.06), runs=3, seed=2, periods=3)  # another plan: solved
        simulate(scenario(), runs=3, seed=3, periods=3)  # another seed: solved
    assert len(solves) == 4
    assert reused.runs.equals(fresh.runs) and reused.agents.equals(fresh.agents)


def test_a_batch_kernel_keeps_its_solves(solves: list[int], monkeypatch, tmp_path) -> None:
    simulate(scenario(), runs=2, seed=2, periods=3)
    simulate(scenario(), runs=3, seed=2, periods=3)
    assert len(solves) == 2  # no batch: every simulation solves
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    simulate(scenario(), runs=2, seed=2, periods=3)
    simulate(scenario(), runs=3, seed=2, periods=3)  # other runs, same solve
    assert len(solves) == 3


def test_the_hires_solve_is_reused_too(solves: list[int], monkeypatch) -> None:
    """The applicants solved as hires (perfkit.simulate.newcomers) do not read the
    attrition settings either: inside shared_solves they are solved once, and the numbers
    are a fresh simulation's."""
    import perfkit.simulate.newcomers as newcomers

    pools: list[int] = []
    real = newcomers.solve
    monkeypatch.setattr(newcomers, "solve", lambda *a, **k: pools.append(1) or real(*a, **k))
    churn = {"annual_rate": 0.6}
    fresh = simulate(scenario(attrition=churn), runs=3, seed=2, periods=3)
    assert len(pools) == 1
    with solved.shared_solves():
        simulate(scenario(), runs=3, seed=2, periods=3)
        reused = simulate(scenario(attrition=churn), runs=3, seed=2, periods=3)
    assert len(pools) == 2  # once outside, once inside the block
    assert reused.agents["hire"].max() > 0
    assert reused.runs.equals(fresh.runs) and reused.agents.equals(fresh.agents)


def test_a_batch_stores_the_hires_solve_for_its_other_kernels(monkeypatch, tmp_path) -> None:
    """In a batch of reports every kernel reads the hires' solve from the batch's cache (on
    a coupled plan it is a floor solve of its own): a second kernel, with an empty memory,
    solves no pool, and its numbers are the first kernel's."""
    import perfkit.simulate.newcomers as newcomers

    pools: list[int] = []
    real = newcomers.solve
    monkeypatch.setattr(newcomers, "solve", lambda *a, **k: pools.append(1) or real(*a, **k))
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    churn = scenario(attrition={"annual_rate": 0.6})
    monkeypatch.setattr(solved, "_BATCH", {})
    first = simulate(churn, runs=3, seed=2, periods=3)
    monkeypatch.setattr(solved, "_BATCH", {})  # another kernel of the batch
    second = simulate(churn, runs=3, seed=2, periods=3)
    assert len(pools) == 1
    assert list(tmp_path.glob("hires-*.pickle"))
    assert second.agents["hire"].max() > 0
    assert second.runs.equals(first.runs) and second.agents.equals(first.agents)
