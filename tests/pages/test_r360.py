"""360-degree evaluation: worked examples of every rule, flags, and clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perfkit.apps.cli.main import main
from perfkit.core.errors import DataError, ParameterError
from perfkit.pages.review.r360 import Rules360, flags_360, scores_360, with_360
from perfkit.pages.review.ratings import check_ratings, read_ratings

AGENTS = pd.DataFrame(
    {"agent_id": ["A", "B", "C", "D", "E", "F"], "team": ["T1"] * 3 + ["T2"] * 3,
     "period": ["2025-06"] * 6}
)  # fmt: skip


def ratings(rows: list[tuple]) -> pd.DataFrame:
    """(rater, ratee, relation, item, score) rows, no period."""
    df = pd.DataFrame(rows, columns=["rater", "ratee", "relation", "item", "score"])
    return check_ratings(df.astype(str), set(AGENTS["agent_id"]))


def score_of(df: pd.DataFrame, agent: str) -> pd.Series:
    return df.set_index("agent_id").loc[agent]


def test_points_weights_and_self_excluded():
    """Scale 1–5 → 0–100: peer 4 → 75, leader 5 → 100, customer 3 → 50, self 5 ignored.
    Score = (0.4·75 + 0.4·100 + 0.2·50) ÷ 1.0 = 80."""
    r = ratings([("B", "A", "peer", "x", 4), ("C", "A", "leader", "x", 5),
                 ("cust1", "A", "customer", "x", 3), ("A", "A", "self", "x", 5)])  # fmt: skip
    s = score_of(scores_360(r, AGENTS), "A")
    assert s["peer_score"] == pytest.approx(80.0) and s["raters"] == 3 and s["basis"] == "rated"
    weighted = scores_360(
        r, AGENTS, Rules360(weights={"self": 1.0, "peer": 0.4, "leader": 0.4, "customer": 0.2})
    )
    assert score_of(weighted, "A")["peer_score"] == pytest.approx((80 + 100) / 2)


def test_weights_renormalise_over_the_relations_present():
    r = ratings(
        [("B", "A", "peer", "x", 3), ("C", "A", "peer", "x", 5), ("D", "A", "leader", "x", 1)]
    )
    # peer mean 75, leader 0 → (0.4·75 + 0.4·0) ÷ 0.8 = 37.5 (no customer rating)
    assert score_of(scores_360(r, AGENTS), "A")["peer_score"] == pytest.approx(37.5)


def test_items_are_averaged_per_rater_before_raters_are():
    r = ratings([("B", "A", "peer", "x", 5), ("B", "A", "peer", "y", 1), ("B", "A", "peer", "z", 3),
                 ("C", "A", "peer", "x", 5), ("D", "A", "peer", "x", 5)])  # fmt: skip
    rules = Rules360(weights={"peer": 1.0})
    assert score_of(scores_360(r, AGENTS, rules), "A")["peer"] == pytest.approx(
        (50 + 100 + 100) / 3
    )


def test_highest_and_lowest_are_dropped_from_trim_at_raters():
    five = [(x, "A", "peer", "q", s) for x, s in zip("BCDEF", [1, 2, 3, 4, 5], strict=True)]
    rules = Rules360(weights={"peer": 1.0})
    assert score_of(scores_360(ratings(five), AGENTS, rules), "A")["peer_score"] == pytest.approx(
        50
    )
    four = five[1:]  # 2, 3, 4, 5: below trim_at, nothing dropped → mean 3.5 → 62.5
    assert score_of(scores_360(ratings(four), AGENTS, rules), "A")["peer_score"] == pytest.approx(
        62.5
    )
    lifted = [*five[:4], ("F", "A", "peer", "q", 5)]
    assert score_of(scores_360(ratings(lifted), AGENTS, Rules360(weights={"peer": 1.0}, trim_at=6)),
                    "A")["peer_score"] == pytest.approx(50)  # fmt: skip


@pytest.mark.parametrize(
    ("fallback", "expected", "basis"),
    [("team_mean", 75.0, "fallback: team_mean"), ("leader", 100.0, "fallback: leader"),
     ("blank", None, "fallback: blank")],
)  # fmt: skip
def test_too_few_raters_fall_back_by_the_stated_rule(fallback, expected, basis):
    rows = [(x, "B", "peer", "q", 4) for x in "ACD"]  # B: 3 raters, 75
    rows += [("D", "C", "leader", "q", 5)]  # C: one rater
    s = score_of(scores_360(ratings(rows), AGENTS, Rules360(fallback=fallback)), "C")
    assert s["basis"] == basis and s["raters"] == 1
    if expected is None:
        assert pd.isna(s["peer_score"])
    else:
        assert s["peer_score"] == pytest.approx(expected)


def test_an_agent_nobody_rated_falls_back_and_says_so_when_there_is_nothing():
    rows = [(x, "B", "peer", "q", 4) for x in "ACD"]
    out = scores_360(ratings(rows), AGENTS)
    assert score_of(out, "A")["peer_score"] == pytest.approx(75)  # team T1's mean
    assert score_of(out, "E")["basis"] == "fallback: team_mean (none: blank)"  # T2: nobody rated
    merged = with_360(AGENTS.assign(peer_score=99.0), out).set_index("agent_id")
    assert merged.loc["E", "peer_score"] == 99.0  # nothing from the 360: the export's own kept
    assert merged.loc["B", "peer_score"] == pytest.approx(75)
    bare = with_360(AGENTS.drop(columns="peer_score", errors="ignore"), out).set_index("agent_id")
    assert np.isnan(bare.loc["E", "peer_score"])  # and blank where the export had none either


def test_reciprocal_inflation_pairs_and_outlier_raters_are_flagged():
    rows = [("A", "B", "peer", "q", 5), ("B", "A", "peer", "q", 5)]  # A and B inflate each other
    rows += [(x, "A", "peer", "q", 3) for x in "CDE"] + [(x, "B", "peer", "q", 3) for x in "CDE"]
    rows += [("F", y, "peer", "q", 1) for y in "CDE"] + [(x, y, "peer", "q", 4) for x, y in
             [("A", "C"), ("B", "C"), ("A", "D"), ("B", "D"), ("A", "E"), ("B", "E")]]  # fmt: skip
    flags = flags_360(ratings(rows))
    pairs = flags[flags["flag"] == "reciprocal_inflation"]
    assert list(pairs["who"]) == ["A ↔ B"]
    harsh = flags[flags["flag"] == "outlier_rater (harsh)"]
    assert list(harsh["who"]) == ["F"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("A", "A", "peer", "q", 4), "line(s) 2: an agent rating themself must have relation self"),
        (("A", "B", "self", "q", 4), "line(s) 2: relation self but rater and ratee differ"),
        (("A", "B", "peer", "q", 7), "line(s) 2: score off the scale; expected 1–5"),
        (("A", "B", "peer", "q", "good"), "line(s) 2: score is not a number"),
        (("A", "Z9", "peer", "q", 4), "ratee 'Z9' is not an agent of the KPI export"),
        (("Q1", "B", "peer", "q", 4), "rater 'Q1' is a peer but not an agent of the KPI export"),
        (("A", "B", "friend", "q", 4), "relation is not one of self, peer, leader, customer"),
    ],
)
def test_bad_ratings_are_one_clear_message(row, message):
    df = pd.DataFrame([row], columns=["rater", "ratee", "relation", "item", "score"]).astype(str)
    with pytest.raises(DataError, match="invalid 360 ratings") as err:
        check_ratings(df, set(AGENTS["agent_id"]), source="r.csv")
    assert message in str(err.value) and "r.csv" in str(err.value)


def test_customers_need_not_be_agents_and_chinese_headers_are_read(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text(
        "评价人,被评价人,关系,评价项目,评分\n客户甲,A,客户,服务,4\nB,A,互评,协作,5\n", "utf-8"
    )
    r = check_ratings(read_ratings(p), set(AGENTS["agent_id"]))
    assert list(r["relation"]) == ["customer", "peer"]


def test_team_leaders_outside_the_export_rate_as_leaders(tmp_path, capsys):
    """上级评价: a team leader is not in the agents' export, yet rates as 上级; a peer from
    outside the export is still refused. --lang zh words the summary in Chinese."""
    kpis = tmp_path / "k.csv"
    rows = ["agent_id,team,period,dials,connected,orders,revenue"]
    rows += [f"{a},T1,2025-06,100,30,2,1000" for a in "ABCD"]
    kpis.write_text("\n".join(rows) + "\n", "utf-8")
    r = tmp_path / "r.csv"
    r.write_text("评价人,被评价人,关系,评价项目,评分\n组长王,A,上级,协作,5\n"
                 + "".join(f"{x},A,互评,协作,4\n" for x in "BCD"), "utf-8")  # fmt: skip
    argv = ["rate360", str(r), "--data", str(kpis), "--out", str(tmp_path / "o"), "--lang", "zh"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "4 个员工·月中 1 个有至少 3 位评价人" in out and "按团队平均分补位" in out
    scores = pd.read_csv(tmp_path / "o" / "scores_360.csv", encoding="utf-8-sig")
    a = scores.set_index("agent_id").loc["A"]
    assert a["leader"] == pytest.approx(100) and a["peer"] == pytest.approx(75)
    assert a["peer_score"] == pytest.approx((0.4 * 75 + 0.4 * 100) / 0.8)  # no customer
    r.write_text("rater,ratee,relation,item,score\nX9,A,peer,q,4\n", "utf-8")
    assert main([*argv[:-2], "--out", str(tmp_path / "o2")]) == 2
    assert "rater 'X9' is a peer but not an agent" in capsys.readouterr().err


def test_flag_details_follow_the_language():
    rows = [("A", "B", "peer", "q", 5), ("B", "A", "peer", "q", 5)]
    rows += [(x, y, "peer", "q", 1) for x in "CDE" for y in "AB"]
    zh = flags_360(ratings(rows), lang="zh")
    detail = zh.loc[zh["flag"] == "reciprocal_inflation", "detail"].iloc[0]
    assert detail == "互相给分，分别比被评人的其他评价人高 +100 / +100 分"


def test_rules_are_checked():
    with pytest.raises(ParameterError, match="non-negative weights"):
        Rules360(weights={"boss": 1.0})
    with pytest.raises(ParameterError, match="expected low < high"):
        Rules360(scale=(5, 1))


def test_cli_writes_scores_flags_and_the_export_with_peer_score(tmp_path, capsys):
    kpis = tmp_path / "k.csv"
    rows = ["agent_id,team,period,dials,connected,orders,revenue"]
    rows += [f"{a},T1,2025-06,100,30,2,1000" for a in "ABCD"]
    kpis.write_text("\n".join(rows) + "\n", "utf-8")
    r = tmp_path / "r.csv"
    lines = ["rater,ratee,relation,item,score"] + [f"{x},A,peer,q,4" for x in "BCD"]
    r.write_text("\n".join(lines) + "\n", "utf-8")
    assert main(["rate360", str(r), "--data", str(kpis), "--out", str(tmp_path / "o")]) == 0
    merged = pd.read_csv(tmp_path / "o" / "kpis_with_360.csv", encoding="utf-8-sig")
    assert merged.set_index("agent_id").loc["A", "peer_score"] == pytest.approx(75)
    for kpi in ("qa_score", "satisfaction", "refunds"):  # never invented as 0.0
        assert kpi not in merged.columns
    r.write_text("rater,ratee,relation,item,score\nA,A,peer,q,4\n", "utf-8")
    assert main(["rate360", str(r), "--data", str(kpis), "--out", str(tmp_path / "o2")]) == 2
    assert "must have relation self" in capsys.readouterr().err


def test_the_bundled_360_rates_team_t1_in_june_and_keeps_everyone_elses_peer_score(tmp_path):
    root = Path(__file__).resolve().parents[2] / "data"
    out = tmp_path / "o"
    argv = ["rate360", str(root / "sample_ratings.csv"), "--data", str(root / "sample_kpis.csv")]
    assert main([*argv, "--out", str(out)]) == 0
    scores = pd.read_csv(out / "scores_360.csv", encoding="utf-8-sig")
    rated = scores[scores["basis"] == "rated"]
    assert len(rated) == 14 and rated["peer_score"].between(0, 100).all()
    merged = pd.read_csv(out / "kpis_with_360.csv", encoding="utf-8-sig")
    before = pd.read_csv(root / "sample_kpis.csv", encoding="utf-8-sig")
    key = ["agent_id", "month"]
    both = before[[*key, "peer_score"]].merge(
        merged.rename(columns={"period": "month"})[[*key, "peer_score"]],
        on=key,
        suffixes=("", "_new"),
    )
    unrated = ~both["agent_id"].isin(rated["agent_id"]) | (both["month"] != "2025-06")
    assert len(both) == len(before)
    assert (both.loc[unrated, "peer_score"] == both.loc[unrated, "peer_score_new"]).all()
