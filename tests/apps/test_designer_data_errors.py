"""Issue 19 leftover: a KPI export the designer cannot use is said in the designer's
language. The problems come from the real checker (perfkit.files.data) reading broken
copies of the Chinese sample; a zh status line then holds no English word but the
export's own column names and values and the formats it asks for."""

from __future__ import annotations

import re

import pytest

from perfkit.apps.designer import PlanDesigner
from perfkit.apps.designer.data_problems import SHOWN, data_error_text
from perfkit.core.errors import DataError
from perfkit.files.data import load_kpis
from tests.conftest import DATA, SCENARIOS

LINES = (DATA / "sample_kpis_zh.csv").read_text(encoding="utf-8-sig").splitlines()[:40]
HEADER = LINES[0].split(",")


def _with(cells: dict[tuple[int, str], str], extra: tuple[str, ...] = ()) -> str:
    """The sample with ``cells`` (file line, header) replaced and ``extra`` lines added."""
    rows = [line.split(",") for line in LINES]
    for (line, column), value in cells.items():
        rows[line - 1][HEADER.index(column)] = value
    return "\n".join([",".join(r) for r in rows] + list(extra)) + "\n"


BROKEN = {
    "text_negative_month_date": _with(
        {
            (3, "外呼量"): "abc",
            (4, "成交单数"): "-3",
            (5, "月份"): "2025/13",
            (6, "入职日期"): "2024-13-45",
        }
    ),
    "blank_and_twice": _with({(3, "组别"): "", (4, "接通量"): ""}, (LINES[7],)),
    "part_above_whole": _with({(3, "复购客户数"): "99"}),
    "no_rows": LINES[0] + "\n",
    "typo_header": "\n".join([LINES[0].replace("工号", "工 号x"), *LINES[1:]]) + "\n",
    "not_kpis": "a,b,c\n1,2,3\n",
    "empty": "",
}

#: What a zh status line may hold in Latin letters: quoted column names and values (the
#: export's own), canonical names in brackets, the file's path, "KPI" and a quarter (Q2).
_ALLOWED = re.compile(r"'[^']*'|\[[^\]]*\]|KPI|Q2|/\S+")


def _problem(tmp_path, name: str) -> DataError:
    path = tmp_path / f"{name}.csv"
    path.write_text(BROKEN[name], encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_kpis(path)
    return err.value


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_usual_export_problem_is_said_in_chinese(tmp_path, name):
    err = _problem(tmp_path, name)
    said = data_error_text(err, "zh")
    assert said.startswith(f"导出表 {err.source} 无法使用：")
    assert not re.findall(r"[A-Za-z]{2,}", _ALLOWED.sub("", said)), said
    assert "--fill" not in data_error_text(err, "en")  # the designer has no such option


def test_the_words_keep_what_the_checker_found(tmp_path):
    said = data_error_text(_problem(tmp_path, "text_negative_month_date"), "zh")
    assert "列 '外呼量' [dials]：第 3 行应为数字，却是 'abc'" in said
    assert "列 '成交单数' [orders]：第 4 行为负数（-3）" in said
    assert "第 5 行的月份无法识别（'2025/13'）" in said
    assert "第 6 行的日期无法识别（'2024-13-45'）" in said
    twice = data_error_text(_problem(tmp_path, "blank_and_twice"), "zh")
    assert "第 3 行的团队为空" in twice and "有重复的行（第 8、41 行）" in twice
    typo = data_error_text(_problem(tmp_path, "typo_header"), "en")
    assert "no column 'agent_id'; is '工 号x' that column?" in typo


def test_a_problem_without_words_keeps_the_checkers_text():
    err = DataError("k.csv", ["something new the checker says", "no data rows"])
    assert data_error_text(err, "zh") == (
        "导出表 k.csv 无法使用：something new the checker says；表格没有数据行"
    )


def test_many_problems_are_cut_and_counted():
    err = DataError("k.csv", [f"empty team on line {i}" for i in range(2, 2 + SHOWN + 3)])
    said = data_error_text(err, "zh")
    assert said.count("的团队为空") == SHOWN and said.endswith("另有 3 个问题")


def test_the_chinese_designer_says_a_bad_export_in_chinese(tmp_path):
    d = PlanDesigner(SCENARIOS / "quality_first.yaml", agents=10, teams=1, runs=1, periods=1,
                     lang="zh")  # fmt: skip
    d.data_path.value = str(tmp_path / "missing.csv")
    d._data_clicked()
    assert "找不到这个文件" in d.status.value and "invalid" not in d.status.value
    d.data_path.value = str(tmp_path)
    d._data_clicked()
    assert "这是一个文件夹" in d.status.value
