"""One population for every plan: the client's export beats the baseline's population,
which beats each scenario's own; whoever loses is named in a warning, and results and
reports say which agents they are about.

A comparison of plans run on different agents would report differences of agents as
differences of plans; a report about another company's agents misleads the client.
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml
from nbconvert.filters.markdown import markdown2html

from perfkit.analysis.compare import compare
from perfkit.analysis.optimize import optimize
from perfkit.analysis.sweep import sweep
from perfkit.core.errors import ParameterError, PerfkitWarning
from perfkit.fit.calibration import calibrate
from perfkit.fit.population_choice import choose_population, from_scenario
from perfkit.scheme import load_scenario, parse_scenario
from perfkit.simulate import simulate
from perfkit.words import report as rt
from tests.conftest import DATA, SCENARIOS, roster

SMALL = {"runs": 2, "periods": 2}
FLAT, LADDER = SCENARIOS / "current_flat_commission.yaml", SCENARIOS / "marginal_ladder.yaml"


def _with_population(tmp: Path, source: Path, population: dict) -> Path:
    """A copy of a library scenario (in ``tmp``) stating ``population``."""
    raw = yaml.safe_load(source.read_text("utf-8"))
    raw["population"] = population
    path = tmp / f"{source.stem}_own.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture(scope="module")
def on_export(client_export):
    """Flat (baseline) vs ladder, both stating the bundled data, compared on the client's export."""
    with pytest.warns(PerfkitWarning) as caught:
        comp = compare([load_scenario(FLAT), load_scenario(LADDER)], data=client_export, **SMALL)
    # perfkit's own warnings: a ResourceWarning of another test's object collected meanwhile
    # (an event loop left unclosed) is not this comparison's
    return comp, [str(w.message) for w in caught if issubclass(w.category, PerfkitWarning)]


def test_every_plan_runs_on_the_clients_agents_and_teams(on_export, client_export):
    comp, _ = on_export
    agents, teams = roster(client_export)
    for plan in comp.plans:
        result = comp.results[plan]
        assert set(result.population["agent_id"].astype(str)) == agents
        assert set(result.population["team"].astype(str)) == teams == {"T1", "T3"}
        assert result.meta["population"]["agents"] == len(agents) == 37
        assert result.meta["population"]["source"] == client_export.name
    info = comp.meta["population"]
    assert (info["kind"], info["origin"], info["teams"]) == ("data", "data", 2)
    # the back-test re-prices the same export: the static view counts its agents
    static = comp.bands[(comp.bands["view"] == "static") & (comp.bands["segment_kind"] == "all")]
    assert static["agents"].sum() == len(set(calibrate(client_export).report.agents["agent_id"]))


def test_the_warning_names_the_winner_and_what_was_ignored(on_export, client_export):
    comp, messages = on_export
    assert len(messages) == 1  # one warning per comparison, not one per plan
    msg = messages[0]
    assert f"calibrated from the client's export {client_export.name} (37 agents in 2 teams)" in msg
    assert (
        "current_flat_commission.yaml, marginal_ladder.yaml (calibrated from sample_kpis.csv)"
        in msg
    )
    assert [e["file"] for e in comp.meta["population"]["ignored"]] == [FLAT.name, LADDER.name]


def test_the_baselines_population_beats_each_scenarios_own(tmp_path):
    base = _with_population(tmp_path, FLAT, {"source": "synthetic", "agents": 30, "teams": 2})
    with pytest.warns(PerfkitWarning, match="baseline's population, synthetic") as caught:
        comp = compare([load_scenario(base), load_scenario(LADDER)], **SMALL)
    assert "marginal_ladder.yaml (calibrated from sample_kpis.csv)" in str(caught[0].message)
    for plan in comp.plans:
        assert comp.results[plan].meta["population"]["agents"] == 30
        assert set(comp.results[plan].population["team"]) == {"T1", "T2"}


def test_data_on_the_baselines_own_file_changes_nothing_and_warns_nobody():
    scenarios = [load_scenario(FLAT), load_scenario(LADDER)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfkitWarning)
        chosen = choose_population(scenarios, data=DATA / "sample_kpis.csv")
    own = from_scenario(scenarios[0])
    assert chosen.info["ignored"] == []
    np.testing.assert_array_equal(chosen.population.agent_id, own.agent_id)
    for trait, values in own.traits.items():
        np.testing.assert_array_equal(chosen.population.traits[trait], values, err_msg=trait)


def test_data_keeps_the_baselines_seed_and_unobservable_traits(tmp_path, client_export):
    stated = {"source": str(DATA / "sample_kpis.csv"), "seed": 5}
    stated["traits"] = {"outside_option": {"mean": 5000}}
    base = load_scenario(_with_population(tmp_path, FLAT, stated))
    with pytest.warns(PerfkitWarning):
        pop = choose_population([base], data=client_export).population
    assert pop.spec.outside_option.mean == 5000
    assert pop.n == 37


def test_a_given_population_beats_the_data(client_export):
    pop = calibrate(client_export)
    with pytest.warns(PerfkitWarning, match="the population given"):
        comp = compare(
            [load_scenario(FLAT)], data=DATA / "sample_kpis.csv", population=pop, **SMALL
        )
    assert (
        comp.meta["population"]["agents"] == 37
        and comp.meta["population"]["origin"] == "population"
    )
    with pytest.raises(ParameterError, match="expected a Population"):
        compare([load_scenario(FLAT)], population=str(client_export), **SMALL)


def test_sweep_points_run_on_the_clients_population(client_export):
    plan = load_scenario(FLAT)
    rate = float(plan.commission.rate)
    with pytest.warns(PerfkitWarning):
        table = sweep(plan, [("commission.rate", [rate])], jobs=1, data=client_export, **SMALL)
        direct = simulate(
            plan, population=choose_population([plan], data=client_export).population, **SMALL
        )
    assert table.attrs["population"]["agents"] == 37
    assert table["revenue"].iloc[0] == pytest.approx(direct.metric("revenue"))


def test_optimize_runs_on_the_clients_population_and_cannot_vary_it(client_export):
    plan = load_scenario(FLAT)
    with pytest.warns(PerfkitWarning):
        res = optimize(
            plan, [("commission.rate", 0.02, 0.04)], maxiter=2, robustness_seeds=1,
            data=client_export, **SMALL,
        )  # fmt: skip
    assert res.meta["population"]["source"] == client_export.name
    with pytest.raises(ParameterError, match="population is fixed by the client's export"):
        sweep(plan, [("population.seed", [1, 2])], data=client_export, **SMALL)


def test_without_data_a_sweep_still_runs_on_the_scenarios_population():
    plan = load_scenario(FLAT)
    table = sweep(plan, [("commission.rate", [0.03])], jobs=1, **SMALL)
    assert table.attrs["population"]["source"] == "sample_kpis.csv"
    assert table.attrs["population"]["origin"] == "baseline"


def _shown(markdown: str) -> str:
    """The text a reader sees once the markdown is HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", markdown2html(markdown)))


def test_report_sentence_names_the_population_in_english_and_chinese(on_export):
    info = on_export[0].meta["population"]
    en, zh = _shown(rt.population_sentence(info, "en")), _shown(rt.population_sentence(info, "zh"))
    assert "37 agents in 2 teams, calibrated from the client's export client_kpis.csv" in en
    assert "根据客户 KPI 数据 client_kpis.csv 校准的 37 名员工、2 个团队" in zh
    # the client's export is the population: no word of the plans' own (the kit's) data
    assert info["ignored"] and "sample_kpis" not in en + zh
    assert "Not used" not in en and "未采用" not in zh
    elsewhere = {**info, "origin": "baseline"}  # a scenario's population won: the others are named
    assert "Not used: the population stated by Current plan" in _shown(
        rt.population_sentence(elsewhere, "en")
    )
    assert "未采用" in _shown(rt.population_sentence(elsewhere, "zh"))
    synthetic = {"kind": "synthetic", "source": "synthetic", "agents": 120, "teams": 6}
    assert rt.population_phrase(synthetic, "en").startswith("120 synthetic agents in 6 teams")
    assert rt.population_phrase(synthetic, "zh").startswith("120 名模拟员工、6 个团队")


def test_user_typed_names_in_the_population_sentence_are_escaped():
    info = {
        "kind": "data", "source": "<img src=x onerror=alert(1)>.csv", "agents": 3, "teams": 1,
        "ignored": [
            {"plan": "**<script>alert(1)</script>**", "file": None, "kind": "synthetic",
             "source": "synthetic", "agents": 5, "teams": 1},
        ],
    }  # fmt: skip
    page = markdown2html(rt.population_sentence(info, "en"))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page


def test_simulation_meta_describes_a_synthetic_population():
    plan = parse_scenario({"name": "p", "population": {"agents": 12, "teams": 3}})
    meta = simulate(plan, runs=1, periods=1).meta["population"]
    assert meta == {
        "kind": "synthetic", "source": "synthetic", "agents": 12, "teams": 3,
        "team_names": ["T1", "T2", "T3"],
    }  # fmt: skip
