"""Sample one scale case's resident set and where the main thread is, every 0.2 s (prints).

Runs bench_scale.py's team plan (AGENTS × 12 months × RUNS, streamed, no agents table)
under ``--memory`` in this process, while a thread reads the resident set
(``/proc/self/status`` VmRSS) and the main thread's innermost perfkit frames. Prints the
highest samples with their stacks, the run's peak (VmHWM), its CPU time, and the pre-run
estimate: to find which phase of a run sets its peak.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/sample_memory.py 10000 --runs 14 --memory 0.8GB``.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import traceback
import warnings
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import MONTHS, cpu_seconds, scenario


def status_gb(field: str) -> float:
    """A size from /proc/self/status in GiB: VmRSS (the resident set now) or VmHWM (its
    peak; read here, not from perfkit, so that the script also measures older checkouts)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        line = next(x for x in fh if x.startswith(field + ":"))
    return int(line.split()[1]) / 1024**2


def where(frame) -> str:
    """The innermost four perfkit frames of a stack, innermost first."""
    stack = [f for f in traceback.extract_stack(frame) if "perfkit" in f.filename]
    return " < ".join(f"{s.filename.split('perfkit/')[-1]}:{s.name}" for s in stack[-4:][::-1])


class Estimated(Exception):
    """Raised by the patched check once the estimate is seen (``--estimate-only``)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("agents", type=int)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--memory", default="8GB")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--trace", type=Path, help="write every sample here (seconds, GiB, where)")
    parser.add_argument("--estimate-only", action="store_true", help="print the estimate alone")
    args = parser.parse_args()
    import perfkit.simulate as sim_mod
    from perfkit.model.scale.limits import use

    seen, real = [], sim_mod.check  # the pre-run estimate, as simulate makes it

    def check(est, limits=None) -> None:
        seen.append(est)
        if args.estimate_only:
            raise Estimated
        real(est, limits)

    sim_mod.check = check
    main_id, samples, done = threading.main_thread().ident, [], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            at = where(sys._current_frames().get(main_id))
            samples.append((status_gb("VmRSS"), at, time.perf_counter() - t0))

    sc = scenario(args.agents)
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    threading.Thread(target=sample, daemon=True).start()
    with warnings.catch_warnings(), use(memory=args.memory), suppress(Estimated):
        warnings.simplefilter("ignore")
        sim_mod.simulate(sc, runs=args.runs, seed=1, periods=MONTHS, progress=False,
                         agents_table=False)  # fmt: skip
    done.set()
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    est = seen[0]
    case = f"{args.agents:,} × {MONTHS} × {args.runs} under {args.memory}"
    if args.estimate_only:
        print(f"{case}: estimate {est.peak / 1024**2:.0f} MiB, {est.seconds:.0f} s CPU")
        return
    for gb, at, _ in sorted(samples, key=lambda s: -s[0])[: args.top]:
        print(f"{gb:.3f} GiB  {at}")
    if args.trace:
        args.trace.write_text("".join(f"{s:.1f}\t{gb:.3f}\t{at}\n" for gb, at, s in samples))
    print(f"{case}: peak {status_gb('VmHWM') * 1024:.0f} MiB (VmHWM), estimate "
          f"{est.peak / 1024**2:.0f} MiB; {seconds:.0f} s wall, {cpu:.0f} s CPU (estimate "
          f"{est.seconds:.0f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
