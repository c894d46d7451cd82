"""Compare two folders written by scripts/record_outputs.sh.

Tables (CSV) exactly, JSON without timings and versions, parquet and xlsx by value,
reports by their visible text (images and styles left out). Prints every difference
and exits non-zero when there is one.
"""

import difflib
import json
import re
import sys
from pathlib import Path

import openpyxl

A, B = Path(sys.argv[1]), Path(sys.argv[2])
VOLATILE = re.compile(
    r'"(elapsed|timing|seconds|solve|runs_and_pay|total|created|version|perfkit_version|generated|git)"\s*:\s*[^,}\n]+'
)


def norm_json(t):
    try:
        d = json.loads(t)
    except Exception:
        return t

    def walk(x):
        if isinstance(x, dict):
            return {
                k: walk(v)
                for k, v in x.items()
                if k
                not in (
                    "timing",
                    "elapsed",
                    "version",
                    "created",
                    "perfkit_version",
                    "generated",
                    "seconds",
                )
            }
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x

    return json.dumps(walk(d), sort_keys=True, indent=1, ensure_ascii=False)


def html_text(t):
    t = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", t, flags=re.S)
    t = re.sub(r'data:[^"\')]+', "DATA", t)
    t = re.sub(r"<[^>]+>", " ", t)
    t = re.sub(r"\s+", " ", t)
    return t


def lines_of(t):
    return re.split(r"(?<=[.。!?;；:：])\s+", t)


bad = 0
for pa in sorted(A.rglob("*")):
    if pa.is_dir() or pa.suffix in (".log", ".ipynb") or pa.name == "DONE":
        continue
    rel = pa.relative_to(A)
    pb = B / rel
    if not pb.exists():
        print("MISSING", rel)
        bad += 1
        continue
    if pa.suffix == ".xlsx":
        wa, wb = openpyxl.load_workbook(pa), openpyxl.load_workbook(pb)
        va = {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in wa}
        vb = {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in wb}
        if va != vb:
            print("XLSX DIFF", rel)
            bad += 1
        continue
    if pa.suffix in (".png", ".pdf", ".parquet"):
        if pa.suffix == ".parquet":
            import pandas as pd

            if not pd.read_parquet(pa).equals(pd.read_parquet(pb)):
                print("PARQUET DIFF", rel)
                bad += 1
        continue
    ta, tb = pa.read_text(errors="replace"), pb.read_text(errors="replace")
    if pa.suffix == ".json":
        ta, tb = norm_json(ta), norm_json(tb)
    if pa.suffix == ".html":
        ta, tb = html_text(ta), html_text(tb)
        if ta != tb:
            la, lb = lines_of(ta), lines_of(tb)
            d = [
                line
                for line in difflib.unified_diff(la, lb, lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("+++", "---")
            ]
            print("TEXT DIFF", rel, len(d))
            bad += 1
            for line in d[:20]:
                print("   ", line[:300])
        continue
    if ta != tb:
        print("DIFF", rel)
        bad += 1
        d = list(difflib.unified_diff(ta.splitlines(), tb.splitlines(), lineterm="", n=0))[:12]
        for line in d:
            print("   ", line[:300])
print("files differing:", bad)
sys.exit(1 if bad else 0)
