"""KPI tables: client exports load to canonical columns, bad rows are named, saves are atomic."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.core.errors import DataError, PerfkitError
from perfkit.core.kpis import DERIVED_KPIS, RAW_KPIS, REQUIRED_COLUMNS, add_derived
from perfkit.files import outputs
from perfkit.files.data import load_kpis, validate_kpis
from perfkit.files.outputs import atomic_write_text, save_table

DATA = Path(__file__).resolve().parents[2] / "data"
EN, ZH = DATA / "sample_kpis.csv", DATA / "sample_kpis_zh.csv"
HEADER = "agent_id,period,dials,connected,orders,revenue,satisfaction,qa_score,peer_score"
GOOD = "A{i},2025-01,100,40,4,900.5,4.5,90,80"


def _csv(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "k.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _problems(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(DataError) as info:
        load_kpis(path, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, PerfkitError)
    assert info.value.source == str(path)
    return info.value.problems


# ------------------------------------------------------------------ sample files
@pytest.fixture(scope="module")
def en() -> pd.DataFrame:
    return load_kpis(EN)


@pytest.fixture(scope="module")
def zh() -> pd.DataFrame:
    return load_kpis(ZH)


def test_both_samples_load_to_the_same_canonical_columns(
    en: pd.DataFrame, zh: pd.DataFrame
) -> None:
    assert list(en.columns) == list(zh.columns)
    expected = {"agent_id", "name", "team", "period", "hire_date", "tenure_months", *RAW_KPIS}
    assert set(en.columns) == expected
    assert set(REQUIRED_COLUMNS) <= set(en.columns)


def test_sample_rows_are_all_kept_typed_and_sorted(en: pd.DataFrame, zh: pd.DataFrame) -> None:
    for df, path in ((en, EN), (zh, ZH)):
        n_lines = len(path.read_text(encoding="utf-8-sig").splitlines())
        assert len(df) == n_lines - 1  # every data row, none dropped
        assert isinstance(df.index, pd.RangeIndex) and df.index[0] == 0
        assert df.attrs["source"] == str(path)
        for col in ("agent_id", "name", "team", "period"):
            assert pd.api.types.is_string_dtype(df[col]), col
            assert df[col].map(type).eq(str).all(), col
        for col in (*RAW_KPIS, "tenure_months"):
            assert df[col].dtype == np.float64, col
        assert df["hire_date"].dtype == "datetime64[ns]"
        assert df["period"].str.fullmatch(r"\d{4}-\d{2}").all()
        assert (df["tenure_months"] >= 0).all()
        keys = list(zip(df["agent_id"], df["period"], strict=True))
        assert keys == sorted(keys)
        # optional columns absent from both exports are added as zeros
        assert (df["assisted_orders"] == 0.0).all() and (df["shared_revenue"] == 0.0).all()


def test_zh_first_row_matches_the_file(zh: pd.DataFrame) -> None:
    row = zh.iloc[0]
    assert row["agent_id"] == "A0001"
    assert row["name"] == "徐丽"
    assert row["team"] == "T2"
    assert row["period"] == "2025-01"
    assert row["dials"] == 4302
    assert row["connected"] == 1140
    assert row["orders"] == 8
    assert row["revenue"] == pytest.approx(15373.8)
    assert row["effective_talk_minutes"] == pytest.approx(1284.2)  # 有效通话时长(分钟)
    assert row["collaboration_credit"] == 2  # 带教成交单数
    assert row["hire_date"] == pd.Timestamp("2023-02-03")
    days = (pd.Timestamp("2025-01-01") - pd.Timestamp("2023-02-03")).days
    assert row["tenure_months"] == pytest.approx(days / (365.2425 / 12))


def test_en_aliases_map_to_canonical_names(en: pd.DataFrame) -> None:
    row = en.iloc[0]  # A0001,何明,T6,2025-01,2024-10-11,4457,1236,1944.6,...,4.55,87.3,76.5,0
    assert (row["agent_id"], row["period"], row["dials"]) == ("A0001", "2025-01", 4457)
    assert row["effective_talk_minutes"] == pytest.approx(1944.6)  # talk_minutes
    assert row["satisfaction"] == pytest.approx(4.55)  # csat


def test_derived_kpis_match_hand_computation(zh: pd.DataFrame) -> None:
    d = add_derived(zh.iloc[[0]], margin_rate=0.3).iloc[0]
    # 工号 A0001 2025-01: 外呼 4302, 接通 1140, 意向 38, 成交 8, 销售额 15373.8, 退款 0, 投诉 0, 复购 1
    assert d["connect_rate"] == pytest.approx(1140 / 4302)
    assert d["conversion_rate"] == pytest.approx(8 / 1140)
    assert d["intent_rate"] == pytest.approx(38 / 1140)
    assert d["average_order_value"] == pytest.approx(15373.8 / 8)
    assert d["complaint_rate"] == 0.0
    assert d["repurchase_rate"] == pytest.approx(1 / 8)
    assert d["net_revenue"] == pytest.approx(15373.8)
    assert d["margin"] == pytest.approx(15373.8 * 0.3)


def test_zero_denominators_give_zero_not_nan(tmp_path: Path) -> None:
    df = load_kpis(_csv(tmp_path, "A1,2025-01,0,0,0,0,0,0,0"))
    d = add_derived(df).iloc[0]
    for kpi in DERIVED_KPIS:
        assert d[kpi] == 0.0, kpi


def test_gb18030_csv_from_chinese_excel_loads(tmp_path: Path, zh: pd.DataFrame) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(ZH.read_text(encoding="utf-8").encode("gb18030"))
    got = load_kpis(path)
    pd.testing.assert_frame_equal(got, zh)
    assert got.attrs["source"] == str(path)


# ------------------------------------------------------------------ bad input
BAD_CASES = {
    "non-numeric": (
        ["A1,2025-01,100,40,4,abc,4.5,90,80"],
        "column 'revenue': non-numeric value 'abc' on line 3",
    ),
    "missing value": (
        ["A1,2025-01,100,40,4,,4.5,90,80"],
        "column 'revenue': blank cells on line 3; fill them (--fill revenue=agent_mean|"
        "team_mean|zero) or drop those rows (--drop-incomplete)",
    ),
    "negative": (
        ["A1,2025-01,100,40,4,-5,4.5,90,80"],
        "column 'revenue': negative value -5 on line 3",
    ),
    "empty agent": ([",2025-01,100,40,4,9,4.5,90,80"], "empty agent_id on line 3"),
    "empty period": (["A1,,100,40,4,9,4.5,90,80"], "empty period on line 3"),
    "bad period": (
        ["A1,2025-13,100,40,4,9,4.5,90,80"],
        "column 'period': unrecognised value '2025-13' on line 3 (use YYYY-MM, or YYYY-Qn for quarters)",
    ),
    "connected > dials": (
        ["A1,2025-01,10,40,4,9,4.5,90,80"],
        "connected > dials (connect_rate above 1) on line 3",
    ),
    "orders > connected": (
        ["A1,2025-01,100,4,9,9,4.5,90,80"],
        "orders > connected (conversion_rate above 1) on line 3",
    ),
    "satisfaction": (
        ["A1,2025-01,100,40,4,9,5.5,90,80"],
        "column 'satisfaction': value 5.5 on line 3 (allowed 0–5)",
    ),
    "qa_score": (
        ["A1,2025-01,100,40,4,9,4.5,100.5,80"],
        "column 'qa_score': value 100.5 on line 3 (allowed 0–100)",
    ),
    "peer_score": (
        ["A1,2025-01,100,40,4,9,4.5,90,-1"],
        "column 'peer_score': value -1 on line 3 (allowed 0–100)",
    ),
    "duplicate": (
        ["A0,2025-01,100,40,4,9,4.5,90,80"],
        "duplicate agent_id × period ('A0', '2025-01') on lines 2, 3",
    ),
}


@pytest.mark.parametrize("case", BAD_CASES)
def test_each_kind_of_bad_row_is_named_by_column_and_line(tmp_path: Path, case: str) -> None:
    rows, message = BAD_CASES[case]
    path = _csv(tmp_path, GOOD.format(i=0), *rows, GOOD.format(i=9))
    assert _problems(path) == [message]


def test_all_problems_are_collected_into_one_error(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "A1,2025-01,100,40,4,abc,4.5,90,80",
        "A2,2025-01,100,140,4,9,4.5,90,80",
        "A3,2025-01,100,40,4,-1,9,90,80",
        ",2025-01,100,40,4,9,4.5,90,80",
    )
    with pytest.raises(DataError) as info:
        load_kpis(path)
    problems = info.value.problems
    assert problems == [
        "empty agent_id on line 5",
        "column 'revenue': non-numeric value 'abc' on line 2",
        "column 'revenue': negative value -1 on line 4",
        "column 'satisfaction': value 9 on line 4 (allowed 0–5)",
        "connected > dials (connect_rate above 1) on line 3",
    ]
    assert str(path) in str(info.value) and "line 2" in str(info.value)


def test_many_bad_lines_are_grouped_compactly(tmp_path: Path) -> None:
    rows = [f"A{i},2025-01,100,40,4,{'x' if i % 2 else 'y'},4.5,90,80" for i in range(15)]
    (problem,) = _problems(_csv(tmp_path, *rows))
    assert problem == (
        "column 'revenue': non-numeric values 'y', 'x' on lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 (and 5 more)"
    )


def test_line_numbers_count_blank_lines_and_multiline_quoted_fields(tmp_path: Path) -> None:
    header = "agent_id,name,period,dials,connected,orders,revenue"
    path = _csv(
        tmp_path,
        'A1,"two\nline name",2025-01,100,40,4,9',  # lines 2-3
        "",  # line 4, blank: not a data row
        "A2,b,2025-01,100,40,4,oops",  # line 5
        header=header,
    )
    assert _problems(path) == ["column 'revenue': non-numeric value 'oops' on line 5"]
    path.write_text(path.read_text().replace("oops", "7"))
    assert load_kpis(path)["name"].tolist() == ["two\nline name", "b"]


def test_extra_fields_beyond_the_header_are_reported(tmp_path: Path) -> None:
    assert _problems(_csv(tmp_path, GOOD.format(i=1) + ",surprise")) == [
        "line 2: 10 fields but the header has 9"
    ]


def test_bad_hire_date_and_partly_empty_team_are_reported(tmp_path: Path) -> None:
    header = "agent_id,team,period,hire_date,dials,connected,orders,revenue"
    path = _csv(
        tmp_path,
        "A1,T1,2025-01,2024-02-30,9,3,1,5",
        "A2,,2025-01,2024-02-01,9,3,1,5",
        header=header,
    )
    assert _problems(path) == [
        "empty team on line 3 (fill it, or leave the whole column empty)",
        "column 'hire_date': unrecognised date value '2024-02-30' on line 2",
    ]


def test_missing_required_column_suggests_the_close_header(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "A1,2025-01,100,40,4,9", header="agent_id,period,dials,connected,orders,revenu"
    )
    (problem,) = _problems(path)
    assert problem.startswith(
        "missing required column 'revenue'; headers found: 'agent_id', 'period'"
    )
    assert "did you mean 'revenu'? (map it: --map 'revenu=revenue' on the command line" in problem


def test_missing_chinese_column_suggests_the_close_chinese_header(tmp_path: Path) -> None:
    path = _csv(tmp_path, "A1,2025-01,100,40,4,9", header="工号,月份,外呼数,接通量,成交单数,销售额")
    (problem,) = _problems(path)
    assert "missing required column 'dials'" in problem and "'外呼数'" in problem
    assert "did you mean '外呼数'?" in problem


def test_missing_column_without_a_close_header_has_no_suggestion(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "A1,2025-01,100,40,4,z", header="agent_id,period,dials,connected,orders,zzz"
    )
    (problem,) = _problems(path)
    assert "missing required column 'revenue'" in problem and "did you mean" not in problem


def test_two_headers_for_one_column_are_reported(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "A1,2025-01,2025-01,9,3,1,5",
        header="agent_id,month,月份,dials,connected,orders,revenue",
    )
    assert _problems(path) == ["column 'period' comes from more than one header: 'month', '月份'"]


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert _problems(_csv(tmp_path)) == ["no data rows"]
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert _problems(empty) == ["the file is empty; expected a KPI table with a header line"]
    assert _problems(tmp_path / "nope.csv")[0].startswith("cannot read the file")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    assert "save as .xlsx or CSV" in _problems(legacy)[0]


# ------------------------------------------------------------------ renaming
def test_user_mapping_renames_an_odd_header_before_aliases(tmp_path: Path) -> None:
    header = "Agent No., period, Total Calls Made ,connected,orders,revenue,calls,备注"
    path = _csv(tmp_path, "A1,2025-01,100,40,4,9,7,新人", header=header)
    df = load_kpis(
        path, mapping={"Agent No.": "agent_id", "Total Calls Made": "dials", "calls": "callbacks"}
    )
    row = df.iloc[0]
    assert (row["agent_id"], row["dials"]) == ("A1", 100.0)
    assert row["callbacks"] == "7"  # the mapping wins over the built-in alias calls → dials
    assert row["备注"] == "新人"  # unknown columns are kept, as read
    assert list(df.columns[-2:]) == ["callbacks", "备注"]


def test_headers_match_case_and_spacing_insensitively(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "A1,2025-1,100,40,4,9", header="Agent ID,Month,CALLS,Connected,Orders,Revenue"
    )
    df = load_kpis(path)
    assert df.loc[0, "agent_id"] == "A1" and df.loc[0, "period"] == "2025-01"
    assert df.loc[0, "team"] == "all" and df.loc[0, "tenure_months"] == 0.0  # no team, no hire_date
    assert "hire_date" not in df


def test_thousands_separators_are_numbers(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        'A1,2025-01,"1,200",40,4,"12,345.50"',
        header="agent_id,period,dials,connected,orders,revenue",
    )
    row = load_kpis(path).iloc[0]
    assert (row["dials"], row["revenue"]) == (1200.0, 12345.5)


# ------------------------------------------------------------------ Excel and round trips
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_save_then_load_round_trips(tmp_path: Path, zh: pd.DataFrame, suffix: str) -> None:
    path = save_table(zh, tmp_path / f"kpis{suffix}")
    back = load_kpis(path)
    pd.testing.assert_frame_equal(back, zh)
    assert back.attrs["source"] == str(path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_csv_is_written_with_a_bom_so_excel_reads_chinese(tmp_path: Path, zh: pd.DataFrame) -> None:
    path = save_table(zh.head(2), tmp_path / "out.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "徐丽" in path.read_text(encoding="utf-8-sig")


def test_excel_dates_numeric_ids_and_sheet_choice(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "notes"
    wb.active.append(["nothing here"])
    wb.active.append(["really"])
    ws = wb.create_sheet("kpis")
    ws.append(["工号", "月份", "入职日期", "外呼量", "接通量", "成交单数", "销售额"])
    ws.append([1002, pd.Timestamp("2025-02-01").to_pydatetime(), "2024/12/01", 10, 5, 1, 3.5])
    ws.append([1001.0, pd.Timestamp("2025-01-15 08:00").to_pydatetime(), None, 10, 5, 1, 2])
    path = tmp_path / "k.xlsx"
    wb.save(path)
    for sheet in ("kpis", 1):
        df = load_kpis(path, sheet=sheet)
        assert df["agent_id"].tolist() == ["1001", "1002"]
        assert df["period"].tolist() == ["2025-01", "2025-02"]
        assert df["hire_date"].isna().tolist() == [True, False]
        assert df["tenure_months"].iloc[0] == 0.0  # hire_date blank → 0
        assert df["tenure_months"].iloc[1] == pytest.approx(62 / (365.2425 / 12))
    assert "no sheet 'missing'; sheets: ['notes', 'kpis']" in _problems(path, sheet="missing")[0]
    assert len(load_kpis(path)) == len(load_kpis(path, sheet="kpis"))  # the KPI sheet, not notes
    assert _problems(path, sheet=0)[0].startswith("missing required column 'agent_id'")


def test_excel_problems_name_sheet_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["agent_id", "period", "dials", "connected", "orders", "revenue"])
    wb.active.append(["A1", "2025-01", 10, 5, 1, 2])
    wb.active.append([None] * 6)  # an empty row is not data
    wb.active.append(["A2", "2025-01", 10, 5, 1, "#DIV/0!"])
    wb.save(tmp_path / "k.xlsx")
    assert _problems(tmp_path / "k.xlsx") == [
        "column 'revenue': non-numeric value '#DIV/0!' on line 4"
    ]


# ------------------------------------------------------------------ in-memory validation
def test_validate_kpis_normalises_simulated_frames() -> None:
    sim = pd.DataFrame(
        {
            "agent_id": [7, 3],
            "period": [pd.Period("2025-03", "M"), pd.Timestamp("2025-02-01")],
            "dials": [100, 90],
            "connected": [30, 20],
            "orders": np.array([3, 2], dtype=np.int32),
            "revenue": [1000.0, 800.0],
            "scenario": ["a", "b"],
        }
    )
    out = validate_kpis(sim)
    assert out["agent_id"].tolist() == ["3", "7"] and out["period"].tolist() == [
        "2025-02",
        "2025-03",
    ]
    assert out["orders"].dtype == np.float64 and out["scenario"].tolist() == ["b", "a"]
    assert list(out.index) == [0, 1]
    assert sim["agent_id"].tolist() == [7, 3]  # the input is not modified


def test_validate_kpis_names_rows_by_index_label() -> None:
    sim = pd.DataFrame(
        {
            "agent_id": ["a", None],
            "period": ["2025-01", "2025-01"],
            "dials": [1.0, np.inf],
            "connected": [2, 0],
            "orders": [0, 0],
            "revenue": [0, 0],
        },
        index=[10, 11],
    )
    with pytest.raises(DataError) as info:
        validate_kpis(sim, source="simulation")
    assert info.value.problems == [
        "empty agent_id on row 11",
        "column 'dials': implausibly large value inf on row 11 (expected at most 1e+12 a period)",
        "connected > dials (connect_rate above 1) on row 10",
    ]
    assert str(info.value).startswith("simulation: invalid KPI data")


def test_hire_after_period_start_gives_zero_tenure() -> None:
    sim = pd.DataFrame(
        {
            "agent_id": ["a"],
            "period": ["2025-01"],
            "hire_date": ["2025-01-20"],
            "dials": [1],
            "connected": [1],
            "orders": [0],
            "revenue": [0],
        }
    )
    assert validate_kpis(sim)["tenure_months"].tolist() == [0.0]


# ------------------------------------------------------------------ atomic writes
def test_failed_save_leaves_the_previous_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.csv"
    path.write_text("previous content")

    def half_write(df: pd.DataFrame, tmp: Path) -> None:
        tmp.write_text("agent_id,per")  # half a file, then the disk fills up
        raise OSError("No space left on device")

    monkeypatch.setitem(outputs._WRITERS, ".csv", half_write)
    with pytest.raises(OSError, match="No space"):
        save_table(pd.DataFrame({"a": [1]}), path)
    assert path.read_text() == "previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_failed_excel_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zh: pd.DataFrame
) -> None:
    path = save_table(zh.head(3), tmp_path / "out.xlsx")
    before = path.read_bytes()

    def broken_save(self: openpyxl.Workbook, target: Path) -> None:
        Path(target).write_bytes(b"PK\x03\x04 truncated")
        raise RuntimeError("writer crashed")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)  # save_table's xlsx writer
    with pytest.raises(RuntimeError, match="writer crashed"):
        save_table(zh, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    monkeypatch.undo()
    pd.testing.assert_frame_equal(load_kpis(path), zh.head(3))


def test_atomic_write_text(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "report.md"
    atomic_write_text(path, "第一版\n")
    assert path.read_text(encoding="utf-8") == "第一版\n"
    os.chmod(path, 0o640)
    atomic_write_text(path, "second\r\n")
    assert path.read_bytes() == b"second\r\n"  # no newline translation
    assert path.stat().st_mode & 0o777 == 0o640  # the existing file's mode is kept
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(path, "第三版", encoding="ascii")
    assert path.read_bytes() == b"second\r\n"
    assert [p.name for p in path.parent.iterdir()] == ["report.md"]


def test_new_files_honour_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_unknown_suffix_is_a_data_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(
        DataError, match=r"cannot save a table as '\.txt'; use \.csv, \.xlsx or \.parquet"
    ):
        save_table(pd.DataFrame({"a": [1]}), tmp_path / "out.txt")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ properties
@st.composite
def kpi_rows(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 20))
    counts = st.integers(0, 10**6)
    dials = draw(st.lists(counts, min_size=n, max_size=n))
    connected = [draw(st.integers(0, d)) for d in dials]
    amounts = st.floats(0, 1e7, allow_nan=False)
    return pd.DataFrame(
        {
            "dials": dials,
            "connected": connected,
            "orders": draw(st.lists(counts, min_size=n, max_size=n)),
            "revenue": draw(st.lists(amounts, min_size=n, max_size=n)),
            "refunds": draw(st.lists(amounts, min_size=n, max_size=n)),
            "intents": draw(st.lists(counts, min_size=n, max_size=n)),
            "complaints": draw(st.lists(counts, min_size=n, max_size=n)),
            "repeat_customers": draw(st.lists(counts, min_size=n, max_size=n)),
        }
    )


@settings(deadline=None)
@given(kpi_rows())
def test_derived_kpis_are_finite_and_connect_rate_is_a_probability(df: pd.DataFrame) -> None:
    out = add_derived(df)
    for kpi in (*DERIVED_KPIS, "margin"):
        assert np.isfinite(out[kpi]).all(), kpi
    assert out["connect_rate"].between(0.0, 1.0).all()


# --------------------------------------------------------------------------- staged folders
def test_staged_dir_publishes_only_a_complete_set(tmp_path: Path) -> None:
    from perfkit.files.outputs import staged_dir

    out = tmp_path / "sim"
    out.mkdir()
    (out / "summary.json").write_text("good")
    (out / "notes.txt").write_text("the user's own file")
    with pytest.raises(RuntimeError), staged_dir(out) as stage:
        (stage / "summary.json").write_text("half")
        raise RuntimeError("disk full while writing the second table")
    assert (out / "summary.json").read_text() == "good"  # the good result is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sim"]  # no staging folder left
    with staged_dir(out) as stage:
        (stage / "summary.json").write_text("new")
        (stage / "agents.parquet").write_bytes(b"PAR1")
    assert (out / "summary.json").read_text() == "new"
    assert (out / "notes.txt").exists()  # other files are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sim"]


def test_staged_dir_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    from perfkit.files.outputs import staged_dir

    (tmp_path / "out").write_text("a file")
    with pytest.raises(NotADirectoryError, match="not a folder"), staged_dir(tmp_path / "out"):
        pass


# --------------------------------------------------------------------------- export layouts
@pytest.mark.parametrize("sep", ["\t", ";", "|"])
def test_other_field_separators_load_like_commas(tmp_path: Path, sep: str) -> None:
    text = EN.read_text(encoding="utf-8-sig")
    path = tmp_path / "kpis.txt"
    path.write_text(text.replace(",", sep), encoding="utf-8")
    pd.testing.assert_frame_equal(
        load_kpis(path).drop(columns=[]), load_kpis(EN), check_like=True, check_exact=False
    )


def test_a_workbook_with_a_notes_sheet_first_reads_the_kpi_sheet(tmp_path: Path) -> None:
    kpis = pd.read_csv(EN, dtype=str)
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"说明": ["本表为 2025 年坐席月度 KPI"]}).to_excel(
            xl, sheet_name="说明", index=False
        )
        kpis.to_excel(xl, sheet_name="KPI", index=False)
    loaded = load_kpis(path)
    assert len(loaded) == len(kpis)
    assert load_kpis(path, sheet="KPI")["revenue"].sum() == pytest.approx(loaded["revenue"].sum())
    with pytest.raises(DataError, match="missing required column"):
        load_kpis(path, sheet=0)  # asked for the notes sheet: told what is wrong with it


def test_a_mapping_for_a_header_the_file_lacks_is_an_error() -> None:
    with pytest.raises(DataError, match="mapping 'Sales Amt' → 'revenue': the file has no header"):
        load_kpis(EN, mapping={"Sales Amt": "revenue"})


def test_a_report_title_above_the_header_is_skipped_and_lines_stay_true(tmp_path: Path) -> None:
    text = ZH.read_text(encoding="utf-8-sig").splitlines()
    head = text[0].split(",")
    bad = text[3].split(",")
    bad[head.index("销售额")] = "abc"  # file line 3 + 2 title lines = line 6
    lines = [
        "2025年坐席月度KPI报表",
        "导出日期：2026-01-05",
        text[0],
        text[1],
        text[2],
        ",".join(bad),
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines + text[4:]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"non-numeric value 'abc' on line 6"):
        load_kpis(path)
    good = tmp_path / "good.csv"
    good.write_text("\n".join(lines[:2] + text) + "\n", encoding="utf-8")
    assert len(load_kpis(good)) == len(load_kpis(ZH))
