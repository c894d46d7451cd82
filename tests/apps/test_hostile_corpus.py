"""The second hostile corpus (issue 22): the commands added after the first one (review,
letters, rate360, targets, estimate, validate-forecast, pilot design/evaluate, the plan
column and ``--plan-map``, ``--fill``, ``--dask``).

Every case is one command line, its input files (made in tmp; ``{tmp}`` in an argument or a
file's text is the case's folder), the exit code and a word the message must contain. Each
run also checks: no traceback, no file written outside ``--out`` (``o`` under tmp), no
input changed, and in what it wrote no CSV cell or xlsx cell a spreadsheet would run as a
formula and no HTML page without the Content-Security-Policy (:func:`output_problems`). The current folder is ``{tmp}/w`` (empty), the scenario is ``{tmp}/c/p/s.yaml``
and the export ``{tmp}/c/p/d.csv``; ``{tmp}/evil/`` is outside every allowed folder. Adding a
case: one line in ``CASES``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from perfkit.apps.cli import main
from tests.apps import hostile_cases_a, hostile_cases_b, hostile_cases_c, hostile_cases_d
from tests.apps.hostile_kit import GOOD, Link
from tests.apps.output_checks import CSP, output_problems

CASES = {
    **hostile_cases_a.CASES,
    **hostile_cases_b.CASES,
    **hostile_cases_c.CASES,
    **hostile_cases_d.CASES,
}


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 150
    assert sum(c.code == 0 for c in CASES.values()) >= 20  # controls


def test_no_interval_reads_none() -> None:
    from perfkit.core.intervals import interval

    assert interval(float("nan"), float("nan")) == "none"
    assert interval(1.0, float("inf"), "g") == "none"
    assert interval(None, 2) == "none"  # type: ignore[arg-type]
    assert interval(1200, 3400) == "1,200–3,400"
    assert interval(0.1, 0.25, ".0%", " to ") == "10% to 25%"


def test_the_output_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    import openpyxl

    (tmp_path / "ok.csv").write_text("id,x\n'=1+1,-3.5\nA,+2\n", "utf-8")
    (tmp_path / "bad.csv").write_text('id,x\n=1+1,2\n"@SUM(A1)",3\n', "utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["=1+1", "'=2", 3])
    wb.save(tmp_path / "bad.xlsx")
    (tmp_path / "bad.html").write_text("<html><head></head><body>x</body></html>", "utf-8")
    (tmp_path / "ok.html").write_text(f"<html><head>{CSP}</head></html>", "utf-8")
    found = output_problems(sorted(tmp_path.iterdir()))
    assert found == [
        "bad.csv line 2: formula-like cell '=1+1'",
        "bad.csv line 3: formula-like cell '@SUM(A1)'",
        "bad.html: no Content-Security-Policy",
        "bad.xlsx Sheet!A1: formula '=1+1'",
    ]


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


def _snapshot(tmp: Path) -> dict[str, str]:
    return {
        str(p.relative_to(tmp)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in tmp.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    case = CASES[name]
    for rel, content in case.files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(_fill(content.target, tmp_path))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(_fill(content, tmp_path), encoding="utf-8")
    (tmp_path / "w").mkdir()
    monkeypatch.chdir(tmp_path / "w")
    monkeypatch.delenv("PERFKIT_ALLOW_OUTSIDE_PATHS", raising=False)
    before = _snapshot(tmp_path)
    try:
        code = main([_fill(a, tmp_path) for a in case.argv])
    except SystemExit as stop:  # argparse refuses an option's value (exit 2, usage)
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert code == case.code, f"{name}: exit {code}\n{out}\n{err}"
    assert case.word in out + err, f"{name}: {case.word!r} not in\n{out}\n{err}"
    after = _snapshot(tmp_path)
    changed = [k for k, v in before.items() if after.get(k) != v]
    assert not changed, f"{name}: inputs changed: {changed}"
    new = [k for k in after if k not in before and not k.startswith(case.out)]
    assert not new, f"{name}: files outside --out: {new}"
    written = [tmp_path / k for k, v in after.items() if before.get(k) != v]
    assert not output_problems(written), f"{name}: {output_problems(written)}"
    if name == "rate360 keeps missing KPIs missing":
        header = (tmp_path / "o" / "kpis_with_360.csv").read_text("utf-8-sig").splitlines()[0]
        assert not {"qa_score", "satisfaction", "refunds", "tenure_months"} & set(header.split(","))
    if "colliding" in name:  # one file per agent, none shared
        sheets = [k for k in after if k.startswith("o/") and "/sheets/" in k and k.count("/") == 4]
        letters = [k for k in after if k.startswith("o/letters/")]
        assert len(sheets or letters) == 4, sorted(after)


def test_no_output_replaces_an_input(tmp_path: Path) -> None:
    """The last line behind the up-front check: an atomic write or a staged folder never
    replaces a file the run declared as input, and nothing of the folder is moved."""
    from perfkit.core.errors import DataError
    from perfkit.files.outputs import atomic_write_text, protect_inputs, staged_dir

    data = tmp_path / "o" / "mine.csv"
    data.parent.mkdir()
    data.write_text("agent_id\nA\n")
    protect_inputs({data: "data"})
    try:
        with pytest.raises(DataError, match="input of this run"):
            atomic_write_text(data, "x")
        with pytest.raises(DataError, match="overwrite"), staged_dir(data.parent) as stage:
            (stage / "other.csv").write_text("y")
            (stage / "mine.csv").write_text("y")
    finally:
        protect_inputs({})
    assert data.read_text() == "agent_id\nA\n"
    assert not (data.parent / "other.csv").exists()


def test_perfkit_quoted_ids_round_trip(tmp_path: Path) -> None:
    """An id perfkit wrote as ``'=A0001`` reads back as ``=A0001`` and is written with one
    quote again, never two."""
    from tests.apps.hostile_kit import BODY, COLS

    rows = [("'=A0001" + r[5:]) if r.startswith("A0001,") else r for r in BODY]
    (tmp_path / "d.csv").write_text("\n".join([",".join(COLS), *rows]) + "\n", "utf-8")
    (tmp_path / "s.yaml").write_text(GOOD, "utf-8")
    out = tmp_path / "pay.csv"
    assert main(["payout", str(tmp_path / "s.yaml"), "--data", str(tmp_path / "d.csv"),
                 "--out", str(out)]) == 0  # fmt: skip
    text = out.read_text("utf-8-sig")
    assert "\n'=A0001," in text and "''" not in text
