"""Plan letters: the what-if pay is the engine's, one letter per agent, Chinese headings,
user strings escaped, bad input exits 2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from perfkit.apps.cli.main import main
from perfkit.files.data import load_kpis
from perfkit.pages.letters import LEVELS, what_if, write_letters
from perfkit.pages.letters.whatif import typical_month
from perfkit.payout.ladders import marginal
from perfkit.scheme import load_scenario, parse_scenario
from tests.conftest import DATA, SCENARIOS


@pytest.fixture(scope="module")
def kpis():
    return load_kpis(DATA / "sample_kpis.csv")


def test_whatif_is_the_closed_form_of_a_marginal_ladder(kpis):
    """No scorecard: 100% is the agent's typical revenue; pay = 4,000 + the marginal
    ladder (2/4/6% at 20k/40k, capped at 6,000) on level × that revenue."""
    s = load_scenario(SCENARIOS / "marginal_ladder.yaml")
    got = what_if(kpis, s, ["A0001", "A0002"])
    typical = typical_month(kpis).set_index("agent_id")["revenue"]
    for _, r in got.iterrows():
        base = r["level"] * typical[r["agent_id"]]
        ladder = marginal(
            np.array([base]), np.array([0, 20_000, 40_000.0]), np.array([0.02, 0.04, 0.06])
        )
        assert r["ref_revenue"] == pytest.approx(base)
        assert r["total_pay"] == pytest.approx(4000 + min(ladder[0], 6000))
    assert list(got["level"]) == [*LEVELS, *LEVELS]


def test_whatif_moves_output_and_keeps_quality_at_the_agents_typical_month(kpis):
    """The levels move sales (revenue at level × target); QA, satisfaction, the complaint
    rate and repurchases stay as in the agent's typical month in every row, so the 60%
    row does not promise a QA deduction to an agent whose QA is above the line."""
    s = load_scenario(SCENARIOS / "quality_first.yaml")
    typical = typical_month(kpis).set_index("agent_id").loc["A0003"]
    got = what_if(kpis, s, ["A0003"]).set_index("level")
    assert got["ref_revenue"].to_dict() == pytest.approx({v: v * 25_000 for v in LEVELS})
    assert (got["ref_qa_score"] == typical["qa_score"]).all() and typical["qa_score"] > 75
    assert (got["ref_satisfaction"] == typical["satisfaction"]).all()
    assert (got["deductions"] == got["deductions"].iloc[0]).all()  # quality as usual
    assert got.loc[0.6, "total_pay"] < got.loc[1.0, "total_pay"] < got.loc[1.5, "total_pay"]


def test_whatif_prices_whole_complaints(kpis):
    """A rule of 100 per complaint (above 2 free) deducts multiples of 100 in every row."""
    raw = yaml.safe_load((SCENARIOS / "quality_first.yaml").read_text("utf-8"))
    raw["deductions"] = {"complaints": {"per_complaint": 100, "free": 0}}
    raw["population"] = None
    got = what_if(kpis, parse_scenario(raw))
    assert (got["deductions"] > 0).any()
    assert np.allclose(got["deductions"] / 100, np.round(got["deductions"] / 100))
    assert np.allclose(typical_month(kpis)["complaints"] % 1, 0)


def test_decomposed_target_is_the_agents_own_share(kpis, tmp_path):
    """A team goal split equally: the agent's 100% is goal ÷ their team's headcount in
    their latest month, and the letter states that number as their target."""
    raw = yaml.safe_load((SCENARIOS / "quality_first.yaml").read_text("utf-8"))
    raw["scorecard"][0]["target"] = {"goal": 300000, "per": "team", "split": "equal"}
    raw["population"] = None
    s = parse_scenario(raw)
    agent = "A0001"
    mine = kpis[kpis["agent_id"] == agent]
    last = mine["period"].max()
    team = mine.loc[mine["period"] == last, "team"].iloc[0]
    heads = ((kpis["period"] == last) & (kpis["team"] == team)).sum()
    got = what_if(kpis, s, [agent]).set_index("level")
    assert got.loc[1.0, "ref_revenue"] == pytest.approx(300000 / heads)
    assert got.loc[1.2, "ref_revenue"] == pytest.approx(1.2 * 300000 / heads)
    write_letters(s, kpis, tmp_path, "en", [agent])
    page = (tmp_path / "letters" / f"{agent}.html").read_text("utf-8")
    assert f"your target CNY {300000 / heads:,.2f}".rstrip("0").rstrip(".") in page


def test_whatif_quarter_bonus_is_shown_per_month(kpis):
    s = load_scenario(SCENARIOS / "quarterly_quota_cliff.yaml")
    got = what_if(kpis, s, ["A0001"]).set_index("level")
    assert got.loc[0.8, "bonus"] == 0
    assert got.loc[1.0, "bonus"] == pytest.approx(4000 / 3)
    assert got.loc[1.5, "bonus"] == pytest.approx(7000 / 3)


def test_letters_per_agent_in_chinese(kpis, tmp_path):
    s = load_scenario(SCENARIOS / "expansion_team.yaml")
    batch = write_letters(s, kpis, tmp_path, "zh", ["A0001", "A0002", "A0003"])
    assert batch.letters == 3
    for a in ("A0001", "A0002", "A0003"):
        page = (tmp_path / "letters" / f"{a}.html").read_text("utf-8")
        for heading in (
            "个人绩效方案确认书",
            "一、方案规则",
            "二、薪酬测算",
            "三、签字确认",
            "团队主管签字",
        ):
            assert heading in page
        assert "扩张期方案" in page  # name_zh
    index = (tmp_path / "index.html").read_text("utf-8")
    assert index.count('href="letters/') == 3


def test_user_strings_are_escaped_in_letters(kpis, tmp_path):
    evil = kpis.copy()
    evil["name"] = evil["name"].where(evil["agent_id"] != "A0001", "<script>x</script>")
    s = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    write_letters(s, evil, tmp_path, "en", ["A0001"])
    page = (tmp_path / "letters" / "A0001.html").read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_cli_letters_and_bad_input(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["letters", str(SCENARIOS / "quality_first.yaml"), "--data", str(DATA / "sample_kpis.csv"),
            "--out", str(out), "--agents", "A0001"]  # fmt: skip
    assert main(args) == 0
    assert (out / "letters" / "A0001.html").is_file()
    assert main([*args[:-1], "NOPE"]) == 2
    assert "NOPE" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npay: {base_salary: -1}\n", "utf-8")
    assert (
        main(["letters", str(bad), "--data", str(DATA / "sample_kpis.csv"), "--out", str(out)]) == 2
    )
    assert main([*args, "--format", "docx"]) == 2
    assert sorted(p.name for p in (out / "letters").iterdir()) == ["A0001.html"]  # untouched


def test_no_letter_for_an_agent_who_left_unless_named(kpis, tmp_path, capsys):
    """A0060's last month is 2025-01 in an export that runs to 2025-12: skipped, and the
    run says why; named with --agents, the letter is written."""
    from perfkit.pages.letters.batch import leavers

    gone = leavers(kpis)
    assert "A0060" in gone and "2025-01" in gone["A0060"]
    last = kpis.groupby("agent_id")["period"].max()
    assert set(gone) == set(last[last < last.max()].index)
    with_date = kpis.assign(leave_date=pd.NaT)
    with_date.loc[with_date["agent_id"] == "A0001", "leave_date"] = pd.Timestamp("2025-12-10")
    assert "left on 2025-12-10" in leavers(with_date)["A0001"]
    s = load_scenario(SCENARIOS / "current_flat_commission.yaml")
    floor = kpis[kpis["team"] == kpis.loc[kpis["agent_id"] == "A0060", "team"].iloc[0]]
    batch = write_letters(s, floor, tmp_path / "a", "zh")
    assert "A0060" in batch.skipped and not (tmp_path / "a" / "letters" / "A0060.html").exists()
    assert batch.letters == floor["agent_id"].nunique() - len(batch.skipped)
    assert write_letters(s, floor, tmp_path / "b", "zh", ["A0060"]).letters == 1
    data = tmp_path / "floor.csv"
    floor.to_csv(data, index=False)
    args = ["letters", str(SCENARIOS / "current_flat_commission.yaml"), "--data", str(data),
            "--out", str(tmp_path / "c")]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and "A0060: no row after 2025-01" in out


def _pages(pdf) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_letter_fits_one_a4_page_with_its_signature_lines(kpis, tmp_path, lang):
    """Every bundled plan: letters.pdf has one page per letter (read from the PDF), and the
    signature lines are on it (the last text of each page)."""
    from pypdf import PdfReader

    for path in sorted(SCENARIOS.glob("*.yaml")):
        s = load_scenario(path)
        out = tmp_path / f"{path.stem}-{lang}"
        write_letters(s, kpis, out, lang, ["A0003", "A0010"], ("pdf",))
        pages = PdfReader(out / "letters.pdf").pages
        assert len(pages) == 2, path.stem
        for page in pages:
            text = page.extract_text()
            sign = "团队主管签字" if lang == "zh" else "Team leader"
            assert sign in text, path.stem


def test_the_longest_letter_fits_one_a4_page(kpis, tmp_path):
    """The plan with the most rules, in Chinese: one page per letter (read from the PDF)."""
    s = load_scenario(SCENARIOS / "expansion_team.yaml")
    write_letters(s, kpis, tmp_path, "zh", ["A0003"], ("pdf",))
    assert _pages(tmp_path / "letters.pdf") == 1
    assert _pages(tmp_path / "letters" / "A0003.pdf") == 1
