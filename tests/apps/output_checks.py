"""What every file a corpus case wrote must hold (tests/apps/test_hostile_corpus.py and
test_bad_input_corpus.py): no cell a spreadsheet would run as a formula, and a
Content-Security-Policy on every HTML page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from perfkit.files.cells import FORMULA_PREFIXES

#: What every perfkit page carries in its head (perfkit.pages.shell).
CSP = '<meta http-equiv="Content-Security-Policy"'


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return False
    return True


def output_problems(paths: list[Path]) -> list[str]:
    """What is wrong with files a run wrote: a CSV cell a spreadsheet would run as a
    formula (text starting with = + - @ TAB CR that is not a number), an xlsx formula
    cell, an HTML page without the Content-Security-Policy."""
    found: list[str] = []
    for path in paths:
        if path.suffix == ".csv":
            text = path.read_text("utf-8-sig")
            for line, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
                bad = [c for c in row if c[:1] in FORMULA_PREFIXES and not _number(c)]
                found += [f"{path.name} line {line}: formula-like cell {c!r}" for c in bad]
        elif path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            found += [
                f"{path.name} {ws.title}!{cell.coordinate}: formula {cell.value!r}"
                for ws in wb.worksheets
                for row in ws.iter_rows()
                for cell in row
                if cell.data_type == "f"
            ]
        elif path.suffix == ".html" and CSP not in path.read_text("utf-8", "replace"):
            found.append(f"{path.name}: no Content-Security-Policy")
    return found
