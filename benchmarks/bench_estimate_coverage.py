"""Coverage of perfkit estimate's 90% intervals for the effort cost, by simulation.

Each replication draws a synthetic floor with a known effort cost (perfkit's own
simulator, perfkit.analysis.estimate.synthetic: the flat 3% commission until June, the
marginal ladder from July), runs the whole estimation on its export (calibration
given the plan in force per row, simulated method of moments, bootstrap over
agents) and checks whether the 90% interval covers the truth. Nominal 90% should
cover in 80–97% of replications. Prints each replication and the summary.

    PYTHONPATH=. python benchmarks/bench_estimate_coverage.py --reps 20 --agents 60
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np

from perfkit.analysis.estimate.run import fit
from perfkit.analysis.estimate.synthetic import plan_change_export
from perfkit.scheme import load_scenario
from perfkit.scheme.population import LogNormal, Simulation

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--agents", type=int, default=60)
    ap.add_argument("--teams", type=int, default=3)
    ap.add_argument("--truth", type=float, nargs="+", default=[5000.0, 7000.0, 10000.0])
    ap.add_argument("--bootstrap", type=int, default=299)
    ap.add_argument("--cv", type=float, default=0.3, help="spread of agents' effort costs")
    ap.add_argument("--no-help", action="store_true", help="mentors give no help (max_help 0)")
    ap.add_argument("--first", type=int, default=0, help="first replication's number")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    before = load_scenario(ROOT / "scenarios" / "current_flat_commission.yaml")
    after = load_scenario(ROOT / "scenarios" / "marginal_ladder.yaml")
    # the estimator knows the spread (the prior's, 0.3 by default), not the mean
    model = before.model_copy(update={"population": before.population.model_copy(update={
        "traits": before.population.traits.model_copy(update={"effort_cost": LogNormal(
            mean=5000.0, cv=args.cv)})})})  # fmt: skip
    sim = Simulation.model_validate({"behaviour": {"max_help": 0.0}} if args.no_help else {})
    model = model.model_copy(update={"simulation": sim})
    rows = []
    t0 = time.perf_counter()
    for rep in range(args.first, args.first + args.reps):
        truth = args.truth[rep % len(args.truth)]
        df, _ = plan_change_export(
            before, after, agents=args.agents, teams=args.teams, seed=1000 + rep,
            traits={"effort_cost": {"mean": truth, "cv": args.cv}},
            names=(str(before.source), str(after.source)), settings=sim,
        )  # fmt: skip
        df.attrs["source"] = f"<replication {rep}>"
        r = fit(model, df, bootstrap=args.bootstrap, seed=rep).responsiveness
        covered = r.low <= truth <= r.high
        rows.append((truth, r.estimate, r.low, r.high, covered, r.identified))
        print(f"rep {rep:3d}  truth {truth:7,.0f}  estimate {r.estimate:7,.0f}  90% "
              f"[{r.low:7,.0f}, {r.high:7,.0f}]  {'covers' if covered else 'MISSES'}"
              f"{'' if r.identified else '  (not identified)'}", flush=True)  # fmt: skip
    a = np.array(rows, dtype=float)
    share = a[:, 4].mean()
    se = np.sqrt(share * (1 - share) / len(a))
    bias = np.mean(np.log(a[:, 1] / a[:, 0]))
    print(f"\ncoverage of nominal 90% intervals: {share:.0%} ± {se:.0%} (binomial s.e.) over "
          f"{len(a)} replications; target 80–97%")  # fmt: skip
    print(f"mean log(estimate ÷ truth): {bias:+.3f}; identified in {a[:, 5].mean():.0%}")
    for t in sorted(set(a[:, 0])):
        m = a[:, 0] == t
        print(
            f"  truth {t:7,.0f}: coverage {a[m, 4].mean():.0%}, median estimate "
            f"{np.median(a[m, 1]):7,.0f} ({int(m.sum())} replications)"
        )
    print(f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
