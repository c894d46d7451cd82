"""Coverage of the forecast's P10–P90 bands on held-out months (issue 17, items 7 and 8).

Two sources of truth:

- the bundled export ``data/sample_kpis_plan_change.csv`` (perfkit's simulator, no
  season), held out from 2025-10 (all teams) and for T1, T2 from 2025-10;
- synthetic floors of 18 months (perfkit.analysis.estimate.synthetic: half the teams
  move from the flat 3% commission to a new plan in July, the others stay) with a known
  calendar season (revenue and orders ±8%, dials ±3%, peaking in December) and a
  team-month AR(1) shock the simulator does not produce (sd 4% on revenue and orders,
  2% on dials, ρ 0.5), held out from 2026-01 (January–June, whose calendar months the
  data showed a year before).

Each runs ``validate_forecast`` (estimate on the rows kept, calibrate before the split,
forecast, compare per team and month) and prints, per KPI, MAPE, bias and the share of
team-months inside P10–P90 — with the bands (season, parameter draws, team-month noise)
and, with ``--ablation``, Monte Carlo luck only (synthetic floors). Targets: coverage 70–95% for revenue,
orders and dials; revenue bias within ±4%.

    PYTHONPATH=. python benchmarks/bench_forecast_coverage.py --reps 4 [--ablation] [--no-sample]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.analysis.estimate.holdout import validate_forecast
from perfkit.analysis.estimate.synthetic import plan_change_export
from perfkit.scheme import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_kpis_plan_change.csv"
CURRENT = ROOT / "scenarios" / "current_flat_commission.yaml"
FLOORS = ((120, 6), (160, 8))
#: KPIs each level factor scales (a season of demand moves sales; of activity, dials).
SALES = ("orders", "revenue", "collected", "refunds", "intents")
ACTIVITY = ("dials", "connected", "effective_calls", "effective_talk_minutes")
AMPLITUDE = {"sales": 0.08, "activity": 0.03}
SHOCK = {"sales": 0.04, "activity": 0.02}
RHO = 0.5


def seasoned(df: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The export with a calendar season and team-month AR(1) shocks applied."""
    rng = np.random.default_rng(seed)
    month = pd.PeriodIndex(df["period"], freq="M").month.to_numpy()
    teams = sorted(df["team"].unique())
    months = sorted(df["period"].unique())
    z = rng.standard_normal((len(teams), len(months)))
    e = np.empty_like(z)
    e[:, 0] = z[:, 0]
    for m in range(1, len(months)):
        e[:, m] = RHO * e[:, m - 1] + np.sqrt(1 - RHO**2) * z[:, m]
    t = pd.Index(teams).get_indexer(df["team"])
    m = pd.Index(months).get_indexer(df["period"])
    out = df.copy()
    for kind, cols in (("sales", SALES), ("activity", ACTIVITY)):
        log = AMPLITUDE[kind] * np.cos(2 * np.pi * (month - 12) / 12) + SHOCK[kind] * e[t, m]
        for c in cols:
            if c in out:
                v = out[c].to_numpy(float) * np.exp(log)
                out[c] = np.round(v).astype(int) if out[c].dtype.kind in "iu" else np.round(v, 2)
    out["connected"] = np.minimum(out["connected"], out["dials"])
    out["orders"] = np.minimum(out["orders"], out["connected"])
    return out


def synthetic(rep: int, folder: Path) -> pd.DataFrame:
    """An 18-month plan-change export with a season and team-month shocks."""
    import yaml

    raw = yaml.safe_load(CURRENT.read_text(encoding="utf-8"))
    raw.pop("population", None)
    before = folder / "flat_3.yaml"
    before.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    raw["commission"]["rate"], raw["name"] = "6%", "flat 6%"
    after = folder / "flat_6.yaml"
    after.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    agents, teams = FLOORS[rep % len(FLOORS)]
    pilot = [f"T{i + 1}" for i in range(teams // 2)]
    df, _ = plan_change_export(load_scenario(before), load_scenario(after), agents=agents,
                               teams=teams, months=18, change=6, pilot_teams=pilot,
                               seed=2000 + rep, traits={"effort_cost": {"mean": 7000.0}},
                               names=(str(before), str(after)))  # fmt: skip
    out = seasoned(df, rep)
    out.attrs["source"] = f"<synthetic {rep}>"
    return out


def run(label: str, scenario, data, holdout_from: str, teams, bands: bool, runs: int,
        boot: int) -> list[dict]:  # fmt: skip
    t0 = time.perf_counter()
    check = validate_forecast(scenario, data, holdout_from=holdout_from, holdout_teams=teams,
                              runs=runs, bootstrap=boot, bands=bands)  # fmt: skip
    rows = []
    for m in check.metrics.itertuples():
        rows.append({"case": label, "bands": bands, "kpi": m.kpi, "mape": m.mape,
                     "bias": m.bias, "coverage": m.coverage, "n": m.team_months})  # fmt: skip
        print(f"{label:28s} {'bands' if bands else 'luck only':9s} {m.kpi:8s} MAPE {m.mape:6.1%} "
              f"bias {m.bias:+6.1%} inside P10–P90 {m.coverage:5.0%} of {m.team_months}"
              f"  ({time.perf_counter() - t0:.0f} s)", flush=True)  # fmt: skip
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=4)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--bootstrap", type=int, default=199)
    p.add_argument(
        "--ablation",
        action="store_true",
        help="also Monte Carlo luck only, on the synthetic floors",
    )
    p.add_argument("--no-sample", action="store_true", help="skip the bundled export")
    a = p.parse_args()
    warnings.simplefilter("ignore")
    variants = (True, False) if a.ablation else (True,)
    rows: list[dict] = []
    if not a.no_sample:
        for teams in (None, ["T1", "T2"]):
            label = "sample " + ("T1,T2 " if teams else "") + "from 2025-10"
            rows += run(label, str(CURRENT), str(SAMPLE), "2025-10", teams, True, a.runs,
                        a.bootstrap)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(a.first, a.first + a.reps):
            df = synthetic(rep, Path(tmp))
            for bands in variants:
                rows += run(f"synthetic {rep} from 2026-01", str(Path(tmp) / "flat_3.yaml"), df,
                            "2026-01", None, bands, a.runs, a.bootstrap)  # fmt: skip
    t = pd.DataFrame(rows)
    syn = t[t["case"].str.startswith("synthetic")]
    if not syn.empty:
        print("\nsynthetic, pooled over replications (team-months weighted):")
        for (bands, kpi), g in syn.groupby(["bands", "kpi"], sort=False):
            cover = float((g["coverage"] * g["n"]).sum() / g["n"].sum())
            print(f"  {'bands' if bands else 'luck only':9s} {kpi:8s} inside P10–P90 {cover:5.1%} "
                  f"of {int(g['n'].sum())}; bias mean {g['bias'].mean():+.1%} "
                  f"(range {g['bias'].min():+.1%} to {g['bias'].max():+.1%})")  # fmt: skip


if __name__ == "__main__":
    main()
