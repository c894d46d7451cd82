"""Time ``perfkit review`` on a floor of about 500 agents (prints seconds per stage).

The floor is the bundled export copied five times (new agent ids and teams, volumes
(dials and connects, sales and collections) scaled by ±10% per copy): 535 agents in 30 teams, 12 months. Stages: pricing the
month, the coaching focus (one engine call holding every agent × KPI variant),
the sheets and dashboards (HTML, and one Chromium run for the PDFs), the forecast
band (40 runs), and the whole command (papermill notebook included).

Run: ``.venv/bin/python benchmarks/bench_review.py [--no-cli]``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perfkit.files.data import load_kpis  # noqa: E402
from perfkit.pages.review.batch import write_review  # noqa: E402
from perfkit.pages.review.coaching import coaching_focus  # noqa: E402
from perfkit.pages.review.monitor import monitor  # noqa: E402
from perfkit.pages.review.month import review_month  # noqa: E402
from perfkit.scheme import load_scenario  # noqa: E402

SCENARIO = ROOT / "scenarios" / "expansion_team.yaml"


def big_floor(copies: int = 5, seed: int = 0) -> pd.DataFrame:
    """The bundled export copied *copies* times as separate teams."""
    base = load_kpis(ROOT / "data" / "sample_kpis.csv")
    rng = np.random.default_rng(seed)
    out = []
    for c in range(copies):
        d = base.copy()
        d["agent_id"] = d["agent_id"] + f"-{c}"
        d["team"] = d["team"] + f"-{c}"
        volume, value = rng.uniform(0.9, 1.1, size=2)
        d[["dials", "connected"]] = (d[["dials", "connected"]] * volume).round()
        d[["revenue", "collected"]] = (d[["revenue", "collected"]] * value).round(2)
        out.append(d)
    return pd.concat(out, ignore_index=True)


def main() -> None:
    warnings.simplefilter("ignore")
    kpis, sc = big_floor(), load_scenario(SCENARIO)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        month = review_month(kpis, sc, "2025-06")
        t1 = time.perf_counter()
        focus = coaching_focus(month)
        t2 = time.perf_counter()
        write_review(month, focus, Path(tmp) / "out", "en", pdf=True)
        t3 = time.perf_counter()
        monitor(sc, kpis, month.agents, "2025-06", runs=40, seed=0)
        t4 = time.perf_counter()
        print(f"{len(month.agents)} agents, {month.agents['team'].nunique()} teams")
        print(f"price the month      {t1 - t0:6.1f} s")
        print(f"coaching focus       {t2 - t1:6.1f} s ({len(focus)} agent × KPI steps)")
        print(f"sheets + dashboards  {t3 - t2:6.1f} s (HTML and PDF)")
        print(f"forecast band        {t4 - t3:6.1f} s (40 runs)")
        if "--no-cli" in sys.argv:
            return
        csv = Path(tmp) / "floor.csv"
        kpis.to_csv(csv, index=False)
        cmd = [str(Path(sys.executable).parent / "perfkit"), "review", str(SCENARIO), "--data", str(csv),
               "--period", "2025-06", "--out", str(Path(tmp) / "cli")]  # fmt: skip
        t5 = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
        print(f"perfkit review       {time.perf_counter() - t5:6.1f} s (whole command)")


if __name__ == "__main__":
    main()
