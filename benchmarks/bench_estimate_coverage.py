"""Coverage of perfkit estimate's 90% intervals for the effort cost, by simulation.

Each replication draws a synthetic floor with a known mean effort cost (perfkit's own
simulator, perfkit.analysis.estimate.synthetic: heterogeneous agents, quits and hires),
paid under the flat 3% commission until June and a new plan from July, and runs the
whole estimation on its export (attrition by maximum likelihood, the effort cost by
indirect inference with a team bootstrap). The prior is always 5,000; the truths and the
floor sizes cycle over the replications. Nominal 90% intervals should cover the truth
in 80–97% of replications, and the geometric mean of estimate ÷ truth should lie within
±15%. Prints each replication and the summary.

Designs (``--design``):

- ``raise``: flat 3% → flat 6% (a commission raise: the response is mostly effort);
- ``ladder``: flat 3% → the marginal ladder 2% / 4% / 6% (scenarios/marginal_ladder.yaml:
  in the model, dials move mostly through the volume/quality split, which does not
  depend on the effort cost, so the data identify it weakly);
- ``bundled``: the bundled example's own design and settings
  (scripts/make_plan_change_sample.py: 120 agents in 6 teams, truth 7,000, the library's
  ``current_flat_commission`` → ``marginal_ladder``, the scenario's own simulation
  settings), redrawn with seeds 2026, 2027, …: is the bundled file's estimate bias or
  noise? Each replication also prints the observed ``did_dials`` and the model's at the
  grid point nearest the truth.

    PYTHONPATH=. python benchmarks/bench_estimate_coverage.py --reps 12
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import yaml

from perfkit.analysis.estimate.run import fit
from perfkit.analysis.estimate.synthetic import plan_change_export
from perfkit.scheme import load_scenario

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ((60, 4), (120, 6), (200, 8))
TRUTHS = (3500.0, 5000.0, 7000.0, 10000.0)


def plans(design: str, folder: Path) -> tuple[Path, Path]:
    """The plan before and after the change, as scenario files (no population: the prior's)."""
    current = ROOT / "scenarios" / "current_flat_commission.yaml"

    def flat(rate: str) -> Path:
        raw = yaml.safe_load(current.read_text(encoding="utf-8"))
        raw.pop("population", None)
        raw["commission"]["rate"], raw["name"] = rate, f"flat {rate}"
        path = folder / f"flat_{rate.rstrip('%')}.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return path

    if design == "raise":
        return flat("3%"), flat("6%")
    ladder = yaml.safe_load((ROOT / "scenarios" / "marginal_ladder.yaml").read_text("utf-8"))
    ladder.pop("population", None)
    (folder / "ladder.yaml").write_text(yaml.safe_dump(ladder, allow_unicode=True), "utf-8")
    return flat("3%"), folder / "ladder.yaml"


def bundled(rep: int, folder: Path, bootstrap: int) -> tuple:
    """The bundled design redrawn with seed 2026 + rep, estimated as ``perfkit estimate``
    does it (``replication``'s tuple)."""
    spec = importlib.util.spec_from_file_location(
        "make_plan_change_sample", ROOT / "scripts" / "make_plan_change_sample.py"
    )
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    t0 = time.perf_counter()
    out = make.write(folder, make.SEED + 1 + rep)
    truth = make.TRUTH["effort_cost"]["mean"]
    r = fit(ROOT / "scenarios" / "current_flat_commission.yaml", out, bootstrap=bootstrap)
    r = r.responsiveness
    seen = next(m for m in r.moments if m["statistic"] == "did_dials")
    near = min(r.grid, key=lambda g: abs(np.log(g["effort_cost_mean"] / truth)))
    print(f"         did_dials observed {seen['observed']:+.4f} (s.e. {seen['se'] or 0:.4f}), "
          f"model {near['did_dials']:+.4f} at {near['effort_cost_mean']:,.0f}", flush=True)  # fmt: skip
    low = 0.0 if r.open_low else r.low
    high = float("inf") if r.open_high else r.high
    return truth, 120, r.estimate, low, high, r.status, time.perf_counter() - t0, r.interval()


def replication(rep: int, design: str, folder: Path, bootstrap: int) -> tuple:
    """One synthetic export and its estimate: (truth, agents, estimate, low, high, status,
    seconds, interval in words); an interval open at an end (one-sided) has 0 or ∞ there."""
    if design == "bundled":
        return bundled(rep, folder, bootstrap)
    truth = TRUTHS[rep % len(TRUTHS)]
    agents, teams = FLOORS[rep % len(FLOORS)]
    before, after = plans(design, folder)
    t0 = time.perf_counter()
    df, _ = plan_change_export(
        load_scenario(before), load_scenario(after), agents=agents, teams=teams,
        seed=1000 + rep, traits={"effort_cost": {"mean": truth, "cv": 0.3}},
        names=(str(before), str(after)),
    )  # fmt: skip
    df.attrs["source"] = f"<replication {rep}>"
    r = fit(load_scenario(before), df, bootstrap=bootstrap, seed=rep).responsiveness
    low = 0.0 if r.open_low else r.low
    high = float("inf") if r.open_high else r.high
    return truth, agents, r.estimate, low, high, r.status, time.perf_counter() - t0, r.interval()


def summary(rows: list[tuple]) -> None:
    a = np.array([r[:5] for r in rows], dtype=float)
    covered = (a[:, 3] <= a[:, 0]) & (a[:, 0] <= a[:, 4])
    share = covered.mean()
    se = np.sqrt(share * (1 - share) / len(a))
    log_ratio = np.log(a[:, 2] / a[:, 0])
    status = [r[5] for r in rows]
    print(f"\ncoverage of nominal 90% intervals: {share:.0%} ± {se:.0%} (binomial s.e.) over "
          f"{len(a)} replications; target 80–97%")  # fmt: skip
    print(f"geometric mean of estimate ÷ truth: {np.exp(log_ratio.mean()):.3f} (target 0.85–1.15); "
          f"sd of log(estimate ÷ truth) {log_ratio.std(ddof=1):.3f}")  # fmt: skip
    print("verdicts: " + ", ".join(f"{s} {status.count(s)}" for s in sorted(set(status))))
    closed = (a[:, 3] > 0) & np.isfinite(a[:, 4])
    if closed.any():
        width = np.median(a[closed, 4] / a[closed, 3])
        print(f"median width of the two-sided intervals (high ÷ low): {width:.2f} "
              f"({int(closed.sum())} of {len(a)} two-sided)")  # fmt: skip
    for t in sorted(set(a[:, 0])):
        m = a[:, 0] == t
        print(f"  truth {t:7,.0f}: coverage {covered[m].mean():.0%}, geometric mean "
              f"{np.exp(log_ratio[m].mean()):.3f} ({int(m.sum())} replications)")  # fmt: skip
    for n in sorted(set(a[:, 1])):
        m = a[:, 1] == n
        print(f"  {int(n):4d} agents: coverage {covered[m].mean():.0%}, geometric mean "
              f"{np.exp(log_ratio[m].mean()):.3f}, {np.mean([r[6] for r, k in zip(rows, m, strict=True) if k]):.0f} s "
              "per replication")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=12)
    ap.add_argument("--first", type=int, default=0, help="first replication's number")
    ap.add_argument("--design", choices=("raise", "ladder", "bundled"), default="raise")
    ap.add_argument("--bootstrap", type=int, default=299)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.first, args.first + args.reps):
            row = replication(rep, args.design, Path(tmp), args.bootstrap)
            truth, agents, est, lo, hi, status, sec, words = row
            ok = lo <= truth <= hi
            print(f"rep {rep:3d}  {agents:3d} agents  truth {truth:7,.0f}  estimate {est:8,.0f}  "
                  f"90% {words:>24s}  {'covers' if ok else 'MISSES'}  {status}  "
                  f"({sec:.0f} s)", flush=True)  # fmt: skip
            rows.append(row)
    summary(rows)
    print(f"{args.design}: {time.perf_counter() - t0:.0f} s in all")


if __name__ == "__main__":
    main()
