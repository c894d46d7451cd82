"""Where a Dask cluster's time goes, against a local run of the same simulation (prints).

The plan is benchmarks/bench_scale.py's team-coupled scheme on a synthetic floor. Each case
runs in a child process of its own:

- ``local``: the command alone;
- ``lc``: a ``LocalCluster(processes=True, n_workers=2, threads_per_worker=1)``;
- ``real``: ``dask scheduler`` and two ``dask worker`` processes (one thread each) on
  free loopback ports (tests/model/scale/cluster.py).

For each: wall-clock and CPU seconds of the command's process and of the workers, the load
average, the tasks sent (pricing blocks, pay chunks) and the objects scattered to every
worker, with their pickled megabytes under ``--audit`` (pickling them to count costs time),
and a digest of the runs table and summary: the same bytes in every mode.

Run: ``.venv/bin/python benchmarks/bench_dask.py --agents 1000 --months 3 --runs 4
[--modes local lc real] [--audit]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
sys.path.append(str(HERE.parent))  # after PYTHONPATH: another checkout can be measured


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _counting(audit: bool) -> Counter:
    """Count the tasks and scatters of perfkit.model.scale.tasks (and their bytes)."""
    import cloudpickle

    from perfkit.model.scale import tasks

    seen: Counter = Counter()
    scatter, submit_many, streamed = tasks.scattered, tasks.run_tasks, tasks.run_streamed

    def scattered(client, obj):
        hit = tasks._SHARED.get(id(obj))
        if hit is None or hit[0] is not obj:
            seen["scattered"] += 1
            seen["scattered MB"] += len(cloudpickle.dumps(obj)) / 1e6 if audit else 0
        return scatter(client, obj)

    def run_tasks(fn, items, dask=None, shared=()):
        out = submit_many(fn, items, dask, shared)
        seen[f"tasks {fn.__name__}"] += len(items)
        if audit:
            seen["task args MB"] += sum(len(cloudpickle.dumps(i)) for i in items) / 1e6
            seen["results MB"] += sum(len(cloudpickle.dumps(o)) for o in out) / 1e6
        return out

    def run_streamed(fn, items, shared=(), dask=None, ahead=4):
        for out in streamed(fn, items, shared, dask, ahead):
            seen[f"tasks {fn.__name__}"] += 1
            yield out

    tasks.scattered, tasks.run_tasks, tasks.run_streamed = scattered, run_tasks, run_streamed
    return seen


def run_case(mode: str, agents: int, months: int, runs: int, audit: bool) -> dict:
    """One simulation in this process, locally or on a cluster of two worker processes."""
    import contextlib

    import pandas as pd
    import psutil
    from bench_scale import scenario

    from perfkit.model.scale import tasks
    from perfkit.model.scale.limits import use
    from perfkit.simulate import simulate

    warnings.simplefilter("ignore")
    seen = _counting(audit)
    sc = scenario(agents)
    with contextlib.ExitStack() as stack:
        address, pids = None, []
        if mode == "lc":
            from dask.distributed import LocalCluster

            cluster = stack.enter_context(LocalCluster(n_workers=2, processes=True,
                                                       threads_per_worker=1, dashboard_address=None))  # fmt: skip
            address = cluster.scheduler_address
        elif mode == "real":
            from tests.model.scale.cluster import localhost_cluster

            address, _ = stack.enter_context(localhost_cluster(2))
        if address:
            pids = list(tasks.client_for(address).run(os.getpid).values())
        workers = [psutil.Process(p) for p in pids]
        w0, c0, t0 = sum(sum(w.cpu_times()[:2]) for w in workers), _cpu(), time.perf_counter()
        with use(memory="8GB", dask=address):
            res = simulate(
                sc, runs=runs, seed=1, periods=months, progress=False, agents_table=False
            )
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        wcpu = sum(sum(w.cpu_times()[:2]) for w in workers) - w0
        tasks.close_clients()
    digest = hashlib.sha256(pd.util.hash_pandas_object(res.runs).values.tobytes())
    digest.update(pd.util.hash_pandas_object(res.summary).values.tobytes())
    return {"mode": mode, "agents": agents, "months": months, "runs": runs, "wall": wall,
            "cpu": cpu, "workers_cpu": wcpu, "load": os.getloadavg()[0], **seen,
            "digest": digest.hexdigest()[:16]}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, nargs="+", default=[1000])
    ap.add_argument("--months", type=int, default=3)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--modes", nargs="+", default=["local", "lc", "real"])
    ap.add_argument("--audit", action="store_true", help="pickle what is sent, to count MB")
    ap.add_argument("--case", help=argparse.SUPPRESS)  # a child: MODE:AGENTS
    args = ap.parse_args()
    if args.case:
        mode, agents = args.case.split(":")
        print(json.dumps(run_case(mode, int(agents), args.months, args.runs, args.audit)))
        return
    for agents in args.agents:
        for mode in args.modes:
            cmd = [sys.executable, __file__, "--case", f"{mode}:{agents}", "--months",
                   str(args.months), "--runs", str(args.runs)] + ["--audit"] * args.audit  # fmt: skip
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
            if not lines:
                print(f"{mode} {agents}: failed\n{out.stderr[-2000:]}")
                continue
            r = json.loads(lines[-1])
            extra = {k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items()
                     if k not in ("mode", "agents", "months", "runs", "wall", "cpu",
                                  "workers_cpu", "load", "digest")}  # fmt: skip
            print(f"{mode:5} {agents:>6,} agents × {r['months']} × {r['runs']} runs: "
                  f"wall {r['wall']:6.1f} s, CPU here {r['cpu']:6.1f} s, workers {r['workers_cpu']:6.1f} s, "
                  f"load {r['load']:.1f}, digest {r['digest']} {extra}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
