"""Rows priced by the best-response search, pass by pass (prints; asserts nothing).

Counts, for one solve, the KPI rows (states × draws × candidates × cycle periods × agents
priced; the periods from the one priced on where the cycle's past months are carried:
perfkit.model.behaviour.carry) and the CPU seconds of every pricing call, labelled by the pass that made it: the
line search (``respond``), the mode step (``modes``), the smooth step's scan, wide window,
narrow windows and final check (``refine``), and the attainment-state sizing.

Run: ``python benchmarks/profile_search.py --plan quarter|private|team --agents 100``,
or ``--designer scenarios/non_cash_rewards.yaml``: one designer refresh of that plan
(perfkit.apps.designer.PlanDesigner, its team and fast settings; the first refresh, which
also simulates the starting plan, is not counted).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

from perfkit.model.behaviour import pricing
from perfkit.model.population import synthetic
from perfkit.scheme import load_scenario
from perfkit.simulate import simulate

sys.path.insert(0, str(Path(__file__).resolve().parent))
PLAN = Path(__file__).resolve().parents[1] / "scenarios" / "quarterly_quota_cliff.yaml"
PASSES = {  # (module's function, line) → pass; the innermost match names the pass
    "_respond": "search",
    "choose": "modes",
    "_vertex": "modes",
    "state_grid": "states",
    "_fixed_point": "refine: narrow windows",
    "_check": "refine: final check",
    "_scan": "refine: scan",
    "_wide": "refine: wide window",
    "refine": "refine: other",
}


def _pass() -> str:
    f, some = sys._getframe(2), ""
    while f is not None:
        name, file = f.f_code.co_name, f.f_code.co_filename
        if name == "price" and file.endswith("blocks.py"):
            some = " (some agents)"
        if name in PASSES and "behaviour" in file:
            return PASSES[name] + some
        f = f.f_back
    return "other" + some


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="quarter", choices=["quarter", "private", "team"])
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--designer", type=Path, help="count one designer refresh of this plan")
    args = parser.parse_args()
    if args.designer is not None:
        from perfkit.apps.designer import PlanDesigner

        designer = PlanDesigner(args.designer.resolve())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            designer.refresh()
        run, args.agents = designer.refresh, designer.population.n
    elif args.plan == "quarter":
        plan = load_scenario(PLAN)
        floor = synthetic(agents=args.agents, teams=max(1, args.agents // 20), seed=1)
        kw = {"population": floor}
    else:
        from bench_simulate import scenario

        plan, kw = scenario(args.agents, args.plan), {}
    if args.designer is None:
        run = lambda: simulate(plan, runs=1, seed=1, **kw).meta["seconds"].get("solve")  # noqa: E731
    rows: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    inner = pricing.PricingTable.price
    depth = [0]

    def counted(self, m, window, luck, cands, path, plan=None):
        if depth[0]:
            return inner(self, m, window, luck, cands, path, plan)
        label = _pass()
        L, C, N = cands.effort.shape
        first = m if self.carry is not None and self.G == 1 else window[0]  # past carried
        rows[label] += L * C * N * self.K * (window[1] - first + 1)
        calls[label] += 1
        depth[0] += 1
        t = time.process_time()
        try:
            return inner(self, m, window, luck, cands, path, plan)
        finally:
            cpu[label] += time.process_time() - t
            depth[0] -= 1

    pricing.PricingTable.price = counted
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = time.process_time()
        res = run()
        total = time.process_time() - t
    solve = getattr(res, "solve_seconds", res)  # a designer preview's, or the solve's
    print(json.dumps({
        "plan": args.designer.stem if args.designer else args.plan, "agents": args.agents,
        "cpu_seconds": round(total, 2), "solve_seconds": round(solve or float("nan"), 2),
        "Mrows": round(sum(rows.values()) / 1e6, 3),
        "passes": {k: {"calls": calls[k], "Mrows": round(rows[k] / 1e6, 2),
                       "cpu_seconds": round(cpu[k], 2)} for k in sorted(rows)},
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
