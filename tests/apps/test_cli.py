"""The ``perfkit`` command line: results on the bundled files, and one clear message
(file, field or lines, what is wrong) with exit code 2 for every bad input — never a
traceback, and never a half-written or clobbered output file."""

from __future__ import annotations

import copy
import csv
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest
import yaml

import perfkit.files.outputs
from perfkit.analysis.winners import BANDS
from perfkit.apps.cli import main
from perfkit.files.cells import unquote
from perfkit.payout import STATEMENT_COLUMNS
from perfkit.scheme import load_scenario
from tests.conftest import DATA, ROOT, SCENARIOS

SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
EN = DATA / "sample_kpis.csv"
ZH = DATA / "sample_kpis_zh.csv"
CURRENT = SCENARIOS / "current_flat_commission.yaml"
LADDER = SCENARIOS / "marginal_ladder.yaml"
GRADED = SCENARIOS / "mature_individual.yaml"
PERFKIT = Path(sys.executable).parent / "perfkit"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def agents_in(path: Path) -> int:
    rows = read_rows(path)
    return len({r[0] for r in rows[1:]})


def printed_money(label: str, text: str) -> float:
    m = re.search(rf"^\s*{re.escape(label)}\s+CNY (-?[\d,]+)(?: \(.*\))?$", text, re.M)
    assert m, f"no '{label}' line in:\n{text}"
    return float(m[1].replace(",", ""))


def printed_bands(text: str) -> dict[str, int]:
    found = {band: re.search(rf"^\s*{re.escape(band)}\s+(\d+)\s*$", text, re.M) for band in BANDS}
    assert all(found.values()), f"band lines missing from:\n{text}"
    return {band: int(m[1]) for band, m in found.items() if m}


def files_in(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


# --------------------------------------------------------------------------- validate


def test_validate_every_bundled_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", *SCENARIO_FILES)
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == len(SCENARIO_FILES)
    for path, line in zip(SCENARIO_FILES, lines, strict=True):
        assert line.startswith(f"{path}: ok")
        assert load_scenario(path).name in line


BROKEN: dict[str, tuple[str, str, list[str]]] = {
    # case: (scenario to start from, text edit, what the message must contain)
    "unknown key": (
        "marginal_ladder.yaml",
        "base_salary: 4000 -> base_salry: 4000",
        ["pay.base_salry", "unknown key", "did you mean 'base_salary'"],
    ),
    "weights not 100": (
        "expansion_team.yaml",
        "kpi: revenue, weight: 40 -> kpi: revenue, weight: 45",
        ["scorecard", "weights total 105", "expected 100"],
    ),
    "bad yaml": (
        "marginal_ladder.yaml",
        "  cap: 6000 ->   cap: 6000: 7000",
        ["not valid YAML at line 22, column 12", "mapping values are not allowed"],
    ),
    "rate not a number": (
        "current_flat_commission.yaml",
        "rate: 3% -> rate: three percent",
        ["commission.rate", "three percent"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_validate_names_file_field_and_problem(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, edit, expected = BROKEN[case]
    old, new = edit.split(" -> ")
    text = (SCENARIOS / source).read_text(encoding="utf-8")
    assert text.count(old) == 1
    bad = tmp_path / source
    bad.write_text(text.replace(old, new), encoding="utf-8")

    code, out, err = run(capsys, "validate", bad)
    assert code == 2
    assert err.startswith(f"{bad}: invalid scenario")
    for fragment in expected:
        assert fragment in err
    assert "ok" not in out


def test_validate_missing_file_and_mixed_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, err = run(capsys, "validate", CURRENT, missing)
    assert code == 2
    assert out.strip() == f"{CURRENT}: ok — '{load_scenario(CURRENT).name}', 0 scorecard KPI(s)"
    assert f"{missing}: invalid scenario" in err
    assert "file not found" in err
    assert "1 of 2 scenario file(s) invalid" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping of keys, got list"),
        ("name: x\n\tpay: 1\n", "not valid YAML at line 2"),
    ],
    ids=["empty", "a list", "tab"],
)
def test_validate_rejects_files_that_are_not_scenarios(
    content: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "validate", bad)
    assert code == 2
    assert str(bad) in err and expected in err


def test_console_script_runs_and_exits_with_the_right_codes(tmp_path: Path) -> None:
    assert PERFKIT.exists(), f"console script not installed at {PERFKIT}"
    ok = subprocess.run(
        [PERFKIT, "validate", *SCENARIO_FILES], capture_output=True, text=True, cwd=ROOT
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count(": ok") == len(SCENARIO_FILES)

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npay: {base_salary: lots}\n", encoding="utf-8")
    fail = subprocess.run(
        [PERFKIT, "payout", bad, "--data", EN], capture_output=True, text=True, cwd=ROOT
    )
    assert fail.returncode == 2
    assert "Traceback" not in fail.stdout + fail.stderr
    assert f"{bad}: invalid scenario" in fail.stderr
    assert "pay.base_salary" in fail.stderr


@pytest.fixture(autouse=True)
def _library_data_beside(tmp_path: Path) -> None:
    """Copies of library scenarios in tmp_path keep their ``../data/`` population source."""
    link = tmp_path.parent / "data"
    if not link.exists():
        link.symlink_to(DATA)


# --------------------------------------------------------------------------- schema


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schema") / "scenario.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    return out


def test_schema_writes_a_valid_json_schema(
    schema_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    # the schema has teeth: a misspelt key and a text where a number goes are rejected
    raw = yaml.safe_load(LADDER.read_text(encoding="utf-8"))
    assert not validator.is_valid({**raw, "comission": {}})
    assert not validator.is_valid({**raw, "pay": {"base_salary": "lots"}})
    assert not validator.is_valid({"description": "no name"})

    code, printed, _ = run(capsys, "schema")
    assert code == 0 and json.loads(printed) == schema


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.stem) for p in SCENARIO_FILES],
)
def test_schema_accepts_bundled_scenario(schema_file: Path, path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_file.read_text("utf-8")))
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not errors, f"{path.name}: {[list(e.absolute_path) for e in errors]}"


def test_markdown_reference_is_current_and_covers_every_key(
    schema_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _ = run(capsys, "schema", "--markdown")
    committed = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert code == 0
    assert printed == committed, "docs/scenario-reference.md is stale: perfkit schema --markdown"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for name, model in schema["$defs"].items():
        assert f"## {name}\n" in printed
        for key in set(model.get("properties", {})) - {"note"}:
            assert f"| `{key}` |" in printed, f"{name}.{key} missing from the reference"
    assert "| `collected` |" in printed and "| `complaint_rate` |" in printed  # KPI names


# --------------------------------------------------------------------------- payout


@pytest.mark.parametrize("data", [EN, ZH], ids=["en", "zh"])
def test_payout_prints_headline_figures(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "payout", GRADED, "--data", data)
    assert code == 0 and err == ""
    rows = read_rows(data)[1:]
    periods = len({r[3] for r in rows})
    assert f"{agents_in(data)} agents × {periods} periods" in out
    assert printed_money("total pay", out) > 0
    cost = re.search(r"cost of sales \(pay ÷ revenue\)\s+(\d+\.\d)%", out)
    assert cost, out
    assert printed_money("total pay", out) / printed_money("revenue", out) == pytest.approx(
        float(cost[1]) / 100, abs=0.0006
    )
    mix = re.search(r"grade mix\s+(.*)$", out, re.M)
    assert mix, out
    shares = dict(re.findall(r"([SABCD]) (\d+)%", mix[1]))
    assert list(shares) == ["S", "A", "B", "C", "D"]  # best grade first
    assert sum(map(int, shares.values())) == pytest.approx(100, abs=3)  # rounded shares


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])  # xlsx: tests/pages/test_statements.py
@pytest.mark.parametrize("data", [EN, ZH], ids=["en", "zh"])
def test_payout_writes_one_statement_per_input_row(
    data: Path, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"pay{suffix}"
    code, stdout, _ = run(capsys, "payout", GRADED, "--data", data, "--out", out)
    assert code == 0 and f"wrote {out}" in stdout
    assert files_in(tmp_path) == {out.name}  # no temporary file left behind

    table = {
        ".csv": lambda p: pd.read_csv(p, encoding="utf-8-sig", dtype={"agent_id": str}),
        ".parquet": pd.read_parquet,
    }[suffix](out)
    rows = read_rows(data)[1:]
    assert len(table) == len(rows)
    kpis = [k.kpi for k in load_scenario(GRADED).scorecard]
    expected = ["agent_id", "team", "period", *STATEMENT_COLUMNS] + [
        f"attainment_{k}" for k in kpis
    ]
    assert list(table.columns) == expected
    assert set(zip(table["agent_id"], table["period"], strict=True)) == {(r[0], r[3]) for r in rows}
    assert printed_money("total pay", stdout) == pytest.approx(table["total_pay"].sum(), abs=0.5)
    gains = ["base_salary", "performance_pay", "commission", "bonus", "team_bonus"]
    gains += ["collaboration", "guarantee_topup"]
    total = table[gains].sum(axis=1) - table["deductions"] - table["clawback"]
    assert (total - table["total_pay"]).abs().max() < 0.01


def _rename_header(src: Path, old: str, new: str, dest: Path) -> Path:
    rows = read_rows(src)
    rows[0] = [new if h == old else h for h in rows[0]]
    assert new in rows[0]
    return write_rows(dest, rows)


def test_payout_map_renames_an_odd_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = _rename_header(EN, "revenue", "Sales Amt (CNY)", tmp_path / "odd.csv")

    code, _, err = run(capsys, "payout", LADDER, "--data", odd)
    assert code == 2
    assert f"{odd}: invalid KPI data" in err and "missing required column 'revenue'" in err

    code, mapped, _ = run(
        capsys, "payout", LADDER, "--data", odd, "--map", "Sales Amt (CNY)=revenue"
    )
    assert code == 0
    code, plain, _ = run(capsys, "payout", LADDER, "--data", EN)
    assert code == 0
    assert printed_money("total pay", mapped) == printed_money("total pay", plain)
    assert printed_money("revenue", mapped) == printed_money("revenue", plain) > 0


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("Sales Amt (CNY)", "expected HEADER=KPI"),
        ("=revenue", "expected HEADER=KPI"),
        ("Sales Amt (CNY)=revnue", "did you mean 'revenue'"),
    ],
)
def test_payout_rejects_a_bad_map_option(
    option: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "payout", LADDER, "--data", EN, "--map", option)
    assert code == 2
    assert out == ""
    assert "--map" in err and expected in err


def _non_numeric(rows: list[list[str]]) -> tuple[list[int], list[str]]:
    col = rows[0].index("revenue") if "revenue" in rows[0] else rows[0].index("销售额")
    rows[5][col], rows[9][col] = "abc", "12,3x"
    return [6, 10], ["non-numeric", "'abc'", "'12,3x'"]


def _duplicate(rows: list[list[str]]) -> tuple[list[int], list[str]]:
    rows.insert(7, list(rows[2]))  # rows[2] is file line 3; the copy becomes line 8
    return [3, 8], ["duplicate agent_id × period", repr(rows[2][0])]


def _missing_column(rows: list[list[str]]) -> tuple[list[int], list[str]]:
    col = rows[0].index("orders") if "orders" in rows[0] else rows[0].index("成交单数")
    for r in rows:
        del r[col]
    return [], ["missing required column 'orders'"]


def _short_row(rows: list[list[str]]) -> tuple[list[int], list[str]]:
    rows[11] = rows[11][:5]
    return [12], ["blank cells", "--fill revenue="]


BAD_DATA = {
    "non-numeric": _non_numeric,
    "duplicate": _duplicate,
    "missing column": _missing_column,
    "short row": _short_row,
}


@pytest.mark.parametrize("command", ["payout", "backtest"])
@pytest.mark.parametrize("data", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("case", list(BAD_DATA))
def test_bad_data_names_file_and_lines_and_keeps_the_old_output(
    case: str, data: Path, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = read_rows(data)
    lines, fragments = BAD_DATA[case](rows)
    bad = write_rows(tmp_path / f"bad_{data.name}", rows)
    out = tmp_path / "report.csv"
    out.write_bytes(b"agent_id,total_pay\r\nA0001,123\r\n")
    before = out.read_bytes()

    scenarios = [GRADED] if command == "payout" else [CURRENT, GRADED]
    code, stdout, err = run(capsys, command, *scenarios, "--data", bad, "--out", out)
    assert code == 2
    assert stdout == ""
    assert err.startswith(f"perfkit {command}: error: {bad}: invalid KPI data")
    for fragment in fragments:
        assert fragment in err
    if lines:
        assert re.search(r"lines? " + r", ".join(map(str, lines)) + r"\b", err), err
    assert out.read_bytes() == before
    assert files_in(tmp_path) == {bad.name, out.name}


def test_unknown_output_suffix_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pay.txt"
    code, stdout, err = run(capsys, "payout", LADDER, "--data", EN, "--out", out)
    assert code == 2
    assert stdout == ""
    assert str(out) in err and "'.txt'" in err
    assert ".csv" in err and ".xlsx" in err and ".parquet" in err
    assert not out.exists()

    code, _, err = run(capsys, "backtest", CURRENT, LADDER, "--data", EN, "--out", tmp_path / "b")
    assert code == 2 and "no suffix" in err


def test_output_that_is_a_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pay.csv"
    folder.mkdir()
    code, stdout, err = run(capsys, "payout", LADDER, "--data", EN, "--out", folder)
    assert code == 2 and stdout == ""
    assert f"{folder}: is a directory" in err


def test_output_may_not_replace_the_input_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "kpis.csv"
    data.write_bytes(EN.read_bytes())
    code, stdout, err = run(capsys, "payout", LADDER, "--data", data, "--out", data)
    assert code == 2 and stdout == ""
    assert f"{data}: --out would overwrite an input file" in err
    assert data.read_bytes() == EN.read_bytes()


def test_failed_write_leaves_the_old_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_disk_full(df: pd.DataFrame, path: Path) -> None:
        path.write_text(df.head(3).to_csv(index=False), encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(perfkit.files.outputs._WRITERS, ".csv", half_then_disk_full)
    out = tmp_path / "pay.csv"
    out.write_text("the good report\n", encoding="utf-8")
    code, _, err = run(capsys, "payout", LADDER, "--data", EN, "--out", out)
    assert code == 2
    assert f"{out}: cannot write the file: No space left on device" in err
    assert out.read_text(encoding="utf-8") == "the good report\n"
    assert files_in(tmp_path) == {out.name}


def test_unwritable_output_directory_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "schema", "--out", blocker / "sub" / "schema.json")
    assert code == 2
    assert str(blocker / "sub" / "schema.json") in err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_missing_data_file_is_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "payout", LADDER, "--data", DATA / "nope.csv")
    assert code == 2
    assert f"{DATA / 'nope.csv'}: invalid KPI data" in err and "cannot read the file" in err


def test_a_corrupt_parquet_file_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "kpis.parquet"
    bad.write_bytes(b"PAR1 not really parquet")
    try:
        code, _, err = run(capsys, "payout", LADDER, "--data", bad)
    except Exception as exc:  # the bug: a raw pyarrow error
        pytest.fail(f"traceback: {type(exc).__name__}: {exc}")
    assert code == 2 and str(bad) in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "payout", LADDER)
    assert code == 2 and "--data" in err


# --------------------------------------------------------------------------- backtest


@pytest.mark.parametrize("data", [EN, ZH], ids=["en", "zh"])
def test_backtest_prints_bands_that_count_every_agent(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bt.csv"
    code, stdout, err = run(capsys, "backtest", CURRENT, LADDER, "--data", data, "--out", out)
    assert code == 0 and err == ""
    n = agents_in(data)
    assert f"({n} agents)" in stdout
    bands = printed_bands(stdout)
    assert sum(bands.values()) == n
    assert sum(v > 0 for v in bands.values()) >= 2  # a real mix of winners and losers

    per = unquote(pd.read_csv(out, encoding="utf-8-sig"))  # "+0.1…+5%" is written "'+0.1…+5%"
    assert len(per) == n == per["agent_id"].nunique()
    assert per["band"].value_counts().reindex(list(BANDS), fill_value=0).to_dict() == bands
    assert printed_money("total pay, current", stdout) == pytest.approx(
        per["current_pay"].sum(), abs=0.5
    )
    assert printed_money("total pay, new", stdout) == pytest.approx(per["new_pay"].sum(), abs=0.5)
    # ranked per month in post, so a one-month joiner is set against one month of the others
    assert per["months"].between(1, 12).all() and per["months"].min() < per["months"].max()
    per_month = per["difference"] / per["months"]
    assert per["difference_per_month"].to_numpy() == pytest.approx(per_month.to_numpy(), abs=0.006)
    worst = per.loc[per_month.idxmin(), ["agent_id", "months"]]
    best = per.loc[per_month.idxmax(), ["agent_id", "months"]]
    assert f"Largest loss a month: {worst['agent_id']} (CNY -" in stdout
    assert f"over {worst['months']} month(s)" in stdout
    assert f"Largest gain a month: {best['agent_id']} (CNY " in stdout


def test_backtest_of_an_identical_scheme_changes_nobody(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = yaml.safe_load(CURRENT.read_text(encoding="utf-8"))
    raw["name"] = "Same plan, reworded"
    raw["pay"]["base_salary"] = 4000  # the same number without its note
    raw["commission"]["rate"] = 0.03  # "3%" written as a fraction
    raw["population"] = {"source": str(EN)}
    same = tmp_path / "same.yaml"
    same.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    code, stdout, _ = run(capsys, "backtest", CURRENT, same, "--data", EN)
    assert code == 0
    n = agents_in(EN)
    assert printed_bands(stdout) == {band: (n if band == "±0.1%" else 0) for band in BANDS}
    assert "Largest loss" not in stdout and "Largest gain" not in stdout
    assert printed_money("change", stdout) == 0


def test_backtest_names_the_bad_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "new.yaml"
    bad.write_text(LADDER.read_text(encoding="utf-8").replace("cap: 6000", "cap: -6000"), "utf-8")
    code, stdout, err = run(capsys, "backtest", CURRENT, bad, "--data", EN)
    assert code == 2 and stdout == ""
    assert f"{bad}: invalid scenario" in err and "commission.cap" in err


def test_backtest_refuses_to_compare_currencies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usd = tmp_path / "usd.yaml"
    text = CURRENT.read_text(encoding="utf-8").replace("currency: CNY", "currency: USD")
    text = text.replace(f"plan: {CURRENT.name}", f"plan: {CURRENT}")  # the plan in force
    usd.write_text(text, encoding="utf-8")
    code, stdout, err = run(capsys, "backtest", CURRENT, usd, "--data", EN)
    assert code == 2 and stdout == ""
    assert "CNY" in err and "USD" in err


# ------------------------------------------------------- fuzz: mutated scenario files

#: Free-form maps whose keys are grade names, not scenario keys.
FREE_MAPS = {"grade_coefficients", "bands", "shares"}
#: Score thresholds where a negative number is allowed (it only widens the band).
THRESHOLDS = re.compile(r"^grades\.bands\.\w+$|\.min_score$")
#: Keys a scheme cannot do without (given the rest of the bundled file).
REQUIRED = re.compile(
    r"^(name|scorecard|grades"
    r"|scorecard\[\d+\]\.(kpi|weight|target)"
    r"|pay\.performance_pay\.(base|grade_coefficients)"
    r"|grades\.(bands|shares)"
    r"|commission\.(rate|ladder)"
    r"|team\.pool\.(amount|rate)"
    r"|bonuses\[\d+\]\.(tiers|prizes)"
    r"|non_cash\[\d+\]\.(reward|to|to\.grade|to\.min_score|to\.top)"
    r"|deductions\.(qa_below\.(line|amount)|complaints\.per_complaint|min_activity\.(min|amount)))$"
)
#: Known defects of the scenario loader (perfkit/scheme/loader.py), reported to the lead:
#: case-id pattern → reason. Strict xfails, so a fix shows up as XPASS.
KNOWN: dict[str, str] = {}

Path_ = tuple[str | int, ...]


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, node
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield from _walk(value, (*path, key))


def _misspell(key: str) -> str:
    """Swap the last two letters ('rate' → 'raet'), or add one if that changes nothing."""
    swapped = key[:-2] + key[-1] + key[-2]
    return swapped if swapped != key else key + "s"


def _mutations() -> Iterator[Any]:
    for file in SCENARIO_FILES:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        for path, value in _walk(raw):
            if not path or path[0] in {"description", "population"}:
                continue
            key, parent = path[-1], path[:-1]
            noted = key == "value" and isinstance(value, int | float)  # {value: 4000, note: ...}
            field = _dotted(parent if noted else path)
            if isinstance(key, str) and not (parent and parent[-1] in FREE_MAPS):
                if key not in {"value", "note", "note_zh", "source"}:
                    typo = _misspell(key)
                    yield (
                        file,
                        "misspell",
                        path,
                        typo,
                        f"{_dotted((*parent, typo))}: unknown key '{typo}'",
                    )
                if REQUIRED.match(field) and not noted:
                    yield file, "delete", path, None, field
            if key == "kpi" and isinstance(value, str):
                yield file, "kpi", path, value[:-1], field
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            is_percent = isinstance(value, str) and re.fullmatch(r"[\d.]+%", value) is not None
            if is_number or is_percent:
                yield file, "text", path, "lots", field
                if not THRESHOLDS.search(field):
                    negative = f"-{value}" if is_percent else -abs(value) - 1
                    yield file, "negative", path, negative, field


def _cases() -> list[Any]:
    """One case per kind of mutation and field shape (scorecard[0] and [3] are alike)."""
    cases, seen = [], set()
    for file, kind, path, new, expect in _mutations():
        shape = (kind, re.sub(r"\[\d+\]", "[]", _dotted(path)), type(new).__name__)
        if shape in seen:
            continue
        seen.add(shape)
        case_id = f"{file.stem}:{kind}:{_dotted(path)}"
        why = [reason for pattern, reason in KNOWN.items() if re.search(pattern, case_id)]
        marks = [pytest.mark.xfail(strict=True, reason=why[0])] if why else []
        cases.append(pytest.param(file, kind, path, new, expect, id=case_id, marks=marks))
    return cases


def _problems(err: str) -> list[tuple[str, str]]:
    return re.findall(r"^  - (<top level>|[^\s:]+): (.*)$", err, re.M)


@pytest.mark.parametrize("file", SCENARIO_FILES, ids=[f.stem for f in SCENARIO_FILES])
def test_fuzz_control_an_unmutated_copy_validates(
    file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_ = tmp_path / file.name
    raw = yaml.safe_load(file.read_text("utf-8"))
    pop = raw.get("population", {})
    for key in ("source", "plan"):  # the copy's data file and plan in force: the bundled ones
        if key in pop:
            pop[key] = str((file.parent / pop[key]).resolve())
    copy_.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run(capsys, "validate", copy_)[0] == 0


@pytest.mark.parametrize(("file", "kind", "path", "new", "expect"), _cases())
def test_fuzz_mutated_scenario_is_rejected_with_its_field_path(
    file: Path,
    kind: str,
    path: Path_,
    new: Any,
    expect: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw = copy.deepcopy(yaml.safe_load(file.read_text(encoding="utf-8")))
    parent = raw
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if kind == "delete":
        del parent[key]
    elif kind == "misspell":
        parent[new] = parent.pop(key)
    else:
        parent[key] = new
    mutated = tmp_path / file.name
    mutated.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")

    code, out, err = run(capsys, "validate", mutated)
    assert code == 2, f"accepted: {_dotted(path)} -> {new!r}"
    assert err.startswith(f"{mutated}: invalid scenario")
    assert out == ""
    problems = _problems(err)
    assert problems, err
    if kind == "misspell":
        assert expect in err
    elif kind == "delete":
        # the missing key's own path, or its parent naming the key
        head, _, last = expect.rpartition(".")
        owner = head or "<top level>"
        last = re.sub(r"\[\d+\]$", "", last)
        assert any(
            loc == expect or (loc == owner and re.search(rf"\b{last}\b", msg))
            for loc, msg in problems
        ), err
    else:  # the field's own path, and the offending value quoted back
        shown = {"text": ['"lots"'], "kpi": [f"'{new}'"], "negative": [str(new)]}[kind]
        if kind == "negative" and str(new).endswith("%"):  # "-150%" may be shown as -1.5
            shown.append(str(float(new[:-1]) / 100))
        assert any(loc == expect and any(s in msg for s in shown) for loc, msg in problems), err
