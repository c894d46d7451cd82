"""Render many reports in parallel; one failure does not stop the others.

Threads are enough: each notebook runs in its own kernel process and each PDF
in its own Chromium process; the threads mostly wait on them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from perfkit.core import children
from perfkit.core.errors import PerfkitError
from perfkit.pages.report.execute import ReportKernelManager
from perfkit.pages.report.kernels import Kernels, kept
from perfkit.pages.report.render import CANCELLED, RenderResult, render_notebook


@dataclass(frozen=True)
class RenderJob:
    """One report to render: the arguments of :func:`render_notebook`."""

    notebook: Path
    parameters: Mapping[str, Any]
    out_html: Path
    formats: tuple[str, ...] = ("html",)
    kernel_name: str = "perfkit"
    timeout: float = 600
    cwd: Path | None = None
    #: How long it takes relative to the others: the heaviest jobs start first, so a
    #: long report does not start last and leave the other workers idle at the end.
    weight: float = 1.0

    @property
    def name(self) -> str:
        return Path(self.out_html).stem


@dataclass(frozen=True)
class RenderOutcome:
    """What happened to one job: ``ok`` with a result, or an ``error`` message.

    A job whose HTML was written but whose PDF failed has ``ok=False`` and a
    ``result`` with the HTML path.
    """

    job: RenderJob
    ok: bool
    seconds: float
    result: RenderResult | None = None
    error: str | None = None
    paths: list[Path] = field(default_factory=list)


def render_one(job: RenderJob, kernels: Kernels | None = None) -> RenderOutcome:
    """Run one job, turning any exception into an error outcome; in this thread's kept
    kernel when given ``kernels`` (perfkit.pages.report.kernels)."""
    started = time.perf_counter()
    try:
        kernel = kernels.get(job.kernel_name, job.cwd) if kernels is not None else None
        result = render_notebook(
            job.notebook,
            job.parameters,
            job.out_html,
            formats=job.formats,
            kernel_name=job.kernel_name,
            timeout=job.timeout,
            cwd=job.cwd,
            kernel=kernel,
        )
    except Exception as exc:  # report every failure, keep rendering the others
        message = str(exc) if isinstance(exc, PerfkitError) else f"{type(exc).__name__}: {exc}"
        partial = getattr(exc, "result", None)
        return RenderOutcome(
            job=job,
            ok=False,
            seconds=time.perf_counter() - started,
            result=partial,
            error=message,
            paths=partial.paths if partial is not None else [],
        )
    return RenderOutcome(
        job=job, ok=True, seconds=result.seconds, result=result, paths=result.paths
    )


def render_many(
    jobs: Iterable[RenderJob], jobs_n: int = 1, progress: bool = True, keep_kernels: bool = True,
    before: Callable[[Callable[[int], None]], object] | None = None,
) -> list[RenderOutcome]:  # fmt: skip
    """Render *jobs* with up to *jobs_n* at once, heaviest first; outcomes come back in
    job order. ``keep_kernels``: each of the *jobs_n* threads runs its reports in one kernel
    (perfkit.pages.report.kernels), not a new kernel per report. ``before(ready)``: work
    run first in this thread (the batch's simulations, perfkit.pages.report.prepare) that
    calls ``ready(i)`` once job ``i`` can be rendered: it is rendered then, while the work
    goes on, so the reports' kernels fill what the work leaves of the cores; the jobs it
    did not call for are rendered after it."""
    jobs = list(jobs)
    CANCELLED.clear()
    outcomes: dict[int, RenderOutcome] = {}
    workers = max(1, min(int(jobs_n), len(jobs) or 1))
    with (
        tqdm(total=len(jobs), desc="render", unit="report", disable=not progress) as bar,
        kept(ReportKernelManager) if keep_kernels else nullcontext() as kernels,
        children.stoppable(  # Ctrl-C: kernels and Chromium killed, the renders end now
            ThreadPoolExecutor(max_workers=workers, thread_name_prefix="perfkit-render")
        ) as pool,
    ):
        futures: dict[Future, int] = {}

        def ready(i: int) -> None:
            if i not in futures.values():
                futures[pool.submit(render_one, jobs[i], kernels)] = i

        try:
            if before is not None:
                before(ready)
            for i in sorted(range(len(jobs)), key=lambda i: -jobs[i].weight):  # heaviest first
                ready(i)
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[futures[future]] = outcome
                bar.set_postfix_str(f"{outcome.job.name} {'ok' if outcome.ok else 'FAILED'}")
                bar.update()
        except KeyboardInterrupt:  # renders still running publish nothing
            CANCELLED.set()
            raise
    return [outcomes[index] for index in range(len(jobs))]
