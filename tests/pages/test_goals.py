"""Goal decomposition (company → team → agent) and agent-proposed targets (员工参与)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.apps.cli.main import main
from perfkit.core.errors import DataError, ParameterError
from perfkit.pages.goals import (
    ReconcileRule,
    agent_targets,
    check_proposals,
    decomposition_table,
    reconcile,
)
from perfkit.scheme.loader import parse_scenario

DECOMPOSED = {
    "name": "team goals",
    "pay": {"base_salary": 4000},
    "scorecard": [
        {"kpi": "revenue", "weight": 60,
         "target": {"goal": 120000, "per": "team", "split": "capacity"}},
        {"kpi": "connect_rate", "weight": 40, "target": 0.28},
    ],
}  # fmt: skip


def export() -> pd.DataFrame:
    rows = []
    for team, dials in (("T1", [1000, 2000, 3000]), ("T2", [1500, 1500])):
        for i, d in enumerate(dials):
            for p in ("2025-06", "2025-07"):
                rows.append({"agent_id": f"{team}-{i}", "team": team, "period": p, "dials": d,
                             "connected": d // 4, "orders": 3, "revenue": 30000.0})  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture
def targets():
    return agent_targets(export(), parse_scenario(DECOMPOSED, source="g.yaml"), "2025-07")


def test_capacity_split_of_a_team_goal_adds_up_level_by_level(targets):
    rev = targets[targets["kpi"] == "revenue"].set_index("agent_id")["target"]
    # T1's goal 120,000 split by dials 1000 : 2000 : 3000; T2 equally
    assert list(rev[["T1-0", "T1-1", "T1-2"]]) == pytest.approx([20000, 40000, 60000])
    assert list(rev[["T2-0", "T2-1"]]) == pytest.approx([60000, 60000])
    table = decomposition_table(targets)
    r = table[table["kpi"] == "revenue"].set_index(["level", "unit"])["target"]
    assert r[("company", "company")] == pytest.approx(240000)
    assert r[("team", "T1")] == pytest.approx(120000) == r[("team", "T2")]
    assert r.xs("agent").sum() == pytest.approx(r[("company", "company")])
    assert set(targets.loc[targets["kpi"] == "revenue", "rule"]) == {
        "capacity split of a team goal"
    }


def test_a_rate_target_is_not_added_up(targets):
    table = decomposition_table(targets, agents=False)
    c = table[table["kpi"] == "connect_rate"]
    assert np.allclose(c["target"], 0.28) and not c["adds_up"].any()


@pytest.mark.parametrize(
    ("beyond", "final", "decision"),
    [("leader", 20000, "leader decides (decomposed kept)"), ("average", 25000, "averaged")],
)
def test_proposals_within_tolerance_are_accepted_beyond_it_the_rule_decides(
    targets, beyond, final, decision
):
    p = pd.DataFrame({"agent_id": ["T1-1", "T1-0"], "kpi": ["revenue"] * 2,
                      "proposed": [44000, 30000]})  # fmt: skip  # +10% (edge) and +50%
    out = reconcile(targets, check_proposals(p, targets), ReconcileRule(0.10, beyond))
    r = out[out["kpi"] == "revenue"].set_index("agent_id")
    assert r.loc["T1-1", "final"] == pytest.approx(44000)
    assert r.loc["T1-1", "decision"] == "proposal accepted"
    assert r.loc["T1-0", "final"] == pytest.approx(final) and r.loc["T1-0", "decision"] == decision
    assert r.loc["T2-0", "decision"] == "decomposed (no proposal)"
    assert r.loc["T2-0", "final"] == r.loc["T2-0", "decomposed"]


def test_proposals_name_kpis_in_chinese_or_any_case(targets):
    """A proposals file may name KPIs as the export's headers do (销售额, 接通率, Revenue)."""
    p = pd.DataFrame({"agent_id": ["T1-1", "T1-0", "T2-0"], "kpi": ["销售额", "Revenue", "接通率"],
                      "proposed": [44000, 41000, 0.3]})  # fmt: skip
    checked = check_proposals(p, targets)
    assert checked["kpi"].tolist() == ["revenue", "revenue", "connect_rate"]
    out = reconcile(targets, checked).set_index(["agent_id", "kpi"])
    assert out.loc[("T1-1", "revenue"), "proposed"] == pytest.approx(44000)
    assert out.loc[("T2-0", "connect_rate"), "proposed"] == pytest.approx(0.3)


def test_bad_proposals_name_the_line():
    t = agent_targets(export(), parse_scenario(DECOMPOSED, source="g.yaml"), "2025-07")
    p = pd.DataFrame({"agent_id": ["X9", "T1-0", "T1-1"], "kpi": ["revenue", "dials", "revenue"],
                      "proposed": ["1", "2", "lots"]})  # fmt: skip
    with pytest.raises(DataError) as err:
        check_proposals(p, t, "p.csv")
    msg = str(err.value)
    assert "line 2: agent 'X9' has no target this period" in msg
    assert "line 3: KPI 'dials' is not on the scorecard" in msg
    assert "line 4: proposed 'lots' is not a number" in msg
    with pytest.raises(ParameterError, match="tolerance"):
        ReconcileRule(1.5)


def test_cli_writes_the_tables(tmp_path, capsys):
    k = tmp_path / "k.csv"
    export().to_csv(k, index=False)
    sc = tmp_path / "s.yaml"
    import yaml

    sc.write_text(yaml.safe_dump(DECOMPOSED, allow_unicode=True), "utf-8")
    p = tmp_path / "p.csv"
    p.write_text("工号,指标,建议目标\nT1-1,revenue,41000\nT1-0,revenue,30000\n", "utf-8")
    code = main(["targets", str(sc), "--data", str(k), "--period", "2025-07",
                 "--proposed", str(p), "--beyond", "average", "--out", str(tmp_path / "o")])  # fmt: skip
    assert code == 0
    totals = pd.read_csv(tmp_path / "o" / "totals.csv", encoding="utf-8-sig")
    t1 = totals[(totals["unit"] == "T1") & (totals["kpi"] == "revenue")].iloc[0]
    assert t1["target_decomposed"] == pytest.approx(120000)
    assert t1["target_final"] == pytest.approx(41000 + 25000 + 60000)
    assert "proposal accepted" in capsys.readouterr().out
    assert main(["targets", str(sc), "--data", str(k), "--period", "2025-07",
                 "--tolerance", "ten", "--out", str(tmp_path / "o")]) == 2  # fmt: skip
