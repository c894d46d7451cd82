"""Formula-safe exports (issue 12 item 2): user-typed text in CSV and xlsx stays text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.apps.cli.main import main
from perfkit.files.cells import FORMULA_PREFIXES, csv_safe, formula_like, unquote
from perfkit.files.outputs import save_table
from tests.hostile import FORMULA_IDS, hostile_kpis

ROOT = Path(__file__).resolve().parents[2]
CURRENT = ROOT / "scenarios" / "current_flat_commission.yaml"
GRADED = ROOT / "scenarios" / "mature_individual.yaml"


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _no_formula_start(rows: list[list[str]]) -> None:
    """No CSV field a spreadsheet would evaluate (a number written as a number is fine)."""
    for row in rows:
        for field in row:
            if field.startswith(FORMULA_PREFIXES):
                float(field)  # only a plain negative number may start with "-"


def _xlsx_cells(path: Path):
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_formula_like_flags_text_only():
    s = pd.Series(["=1+1", "+1", "-1", "@x", "\tx", "\rx", "a=1", "", None, 3, -2.5], dtype=object)
    assert formula_like(s).tolist() == [True] * 6 + [False] * 5
    assert not formula_like(pd.Series([-1.0, -2.0])).any()  # numbers stay numbers


def test_csv_safe_quotes_text_and_headers_not_numbers():
    df = pd.DataFrame({"=h": ["=1+1", "ok"], "x": [-1.5, 2.0], "n": [-3, 4]})
    text = csv_safe(df).to_csv(index=False)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["'=h", "x", "n"], ["'=1+1", "-1.5", "-3"], ["ok", "2.0", "4"]]
    assert csv_safe(pd.DataFrame({"a": ["x"]}))["a"].dtype == pd.DataFrame({"a": ["x"]})["a"].dtype


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=8, max_size=8),
)
def test_csv_round_trip_gives_back_what_was_typed(texts, numbers):
    df = pd.DataFrame({"text": texts, "amount": numbers[: len(texts)]})
    buf = csv_safe(df).to_csv(index=False, lineterminator="\r\n")  # as save_table writes
    _no_formula_start(list(csv.reader(io.StringIO(buf))))
    back = unquote(pd.read_csv(io.StringIO(buf), dtype={"text": str}, keep_default_na=False))
    assert back["text"].tolist() == texts
    assert np.allclose(back["amount"].to_numpy(), df["amount"].to_numpy(), rtol=1e-12, atol=0)


def test_save_table_xlsx_writes_text_cells_never_formulas(tmp_path):
    df = pd.DataFrame({"agent_id": list(FORMULA_IDS), "pay": np.arange(len(FORMULA_IDS)) - 3.5})
    save_table(df, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    ids = [c for (c,) in ws.iter_rows(min_row=2, max_col=1)]
    assert [c.value for c in ids] == list(FORMULA_IDS)
    assert {c.data_type for c in ids} == {"s"} and all(c.quotePrefix for c in ids)
    pays = [c for (c,) in ws.iter_rows(min_row=2, min_col=2, max_col=2)]
    assert [c.value for c in pays] == df["pay"].tolist() and {c.data_type for c in pays} == {"n"}


def test_control_characters_do_not_abort_an_xlsx(tmp_path):
    df = pd.DataFrame({"name": ["a\x01b", "=x\x1b"]})
    save_table(df, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [ws["A2"].value, ws["A3"].value] == ["a\ufffdb", "=x\ufffd"]
    assert ws["A3"].data_type == "s"


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cells") / "kpis.csv"
    hostile_kpis(9).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_payout_and_backtest_exports_are_formula_free(hostile_export, tmp_path, lang, capsys):
    outs = []
    for suffix in (".csv", ".xlsx"):
        pay, bt = tmp_path / f"pay{suffix}", tmp_path / f"bt{suffix}"
        data = ["--data", str(hostile_export), "--lang", lang]
        assert main(["payout", str(GRADED), *data, "--out", str(pay)]) == 0
        assert main(["backtest", str(CURRENT), str(GRADED), *data, "--out", str(bt)]) == 0
        outs += [pay, bt]
    capsys.readouterr()
    kept = [i for i in FORMULA_IDS if not i[0].isspace()]  # the loader strips tab / CR ids
    for path in outs:
        if path.suffix == ".csv":
            rows = _csv_rows(path)
            _no_formula_start(rows)
            ids = {r[0] for r in rows[1:]}
            assert {"'" + i for i in kept} <= ids, path
            assert "'=T1" in {r[1] for r in rows[1:]}  # team names too
        else:
            cells = _xlsx_cells(path)
            assert not [c.coordinate for c in cells if c.data_type == "f"], path
            values = {c.value for c in cells}
            assert set(kept) | {"=T1", "=2*3"} <= values, path
            for c in cells:
                if isinstance(c.value, str) and c.value.startswith(FORMULA_PREFIXES):
                    assert c.data_type == "s" and c.quotePrefix, (path, c.coordinate)
                if isinstance(c.value, (int, float)):
                    assert c.data_type == "n"


def test_report_data_files_are_formula_free(hostile_export, tmp_path, capsys):
    """compare's tables (the report's data files) quote user text as well."""
    out = tmp_path / "cmp"
    cmd = ["compare", str(CURRENT), str(GRADED), "--data", str(hostile_export)]
    assert main([*cmd, "--runs", "2", "--max-runs", "2", "--periods", "2", "--out", str(out)]) == 0
    capsys.readouterr()
    files = sorted(out.glob("*.csv"))
    assert files
    seen = set()
    for f in files:
        rows = _csv_rows(f)
        _no_formula_start(rows)
        seen |= {field for row in rows for field in row}
    assert "'=1+1" in seen  # an agent id in the per-agent table, quoted
