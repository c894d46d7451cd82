"""Execute a notebook with papermill: explicit kernel, timeout, ``MPLBACKEND=agg``.

Failures become one-line :class:`~perfkit.core.errors.RenderError` messages naming the
notebook, the cell and the error; the partly executed notebook is left at the
output path for debugging.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import NoSuchKernel
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from perfkit.core import children
from perfkit.core.errors import RenderError
from perfkit.pages.report.kernels import ENGINE, KeptKernel

#: Environment set for the kernel (never for this process). Matplotlib must not
#: pick a GUI backend, nor plain ``agg``: an inherited ``MPLBACKEND=agg`` stops
#: ipykernel from selecting its inline backend and figures silently vanish from
#: the report. The inline backend is Agg-based and needs no display.
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}

#: A kernel killed by Ctrl-C or SIGTERM makes nbclient log "Error occurred …": not news.
logging.getLogger("papermill").addFilter(lambda _record: not children.stopping())

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ERROR_TAG = "papermill-error-cell-tag"


class ReportKernelManager(AsyncKernelManager):
    """Starts kernels with :data:`KERNEL_ENV` (local loopback sockets, as Jupyter does).

    The kernel process's own stderr (ipykernel log lines, tracebacks when it is
    stopped) goes to :attr:`stderr_path` when set, not to the user's terminal, and its
    connection file beside it (in the render's staging folder).
    """

    stderr_path: str | None = None

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        await self._start_kernel(preexec_fn=children.popen_guard(), **kw)  # dies with us
        if (pid := getattr(self.provisioner, "pid", None)) is not None:
            children.track(pid)  # its own session (jupyter_client): killed on Ctrl-C/SIGTERM

    async def shutdown_kernel(self, *args: Any, **kw: Any) -> None:  # type: ignore[override]
        pid = getattr(self.provisioner, "pid", None)
        try:
            await super().shutdown_kernel(*args, **kw)
        finally:
            if pid is not None:
                children.untrack(pid)

    async def _start_kernel(self, **kw: Any) -> None:
        env = dict(kw.pop("env", None) or os.environ)
        env.update(KERNEL_ENV)
        if self.stderr_path is not None:  # the connection file lives (and dies) with the
            # report's staging folder, not in Jupyter's runtime folder, where a killed
            # render would leave it behind
            self.connection_file = str(Path(self.stderr_path).with_suffix(".json"))
        if self.stderr_path is None or "stderr" in kw:
            await super().start_kernel(env=env, **kw)
            return
        with open(self.stderr_path, "ab") as log:  # the kernel keeps its own copy
            await super().start_kernel(env=env, stderr=log, **kw)
        getattr(self, "_launch_args", {}).pop("stderr", None)  # a restart must not reuse it


def json_parameters(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as plain JSON values; paths become strings, anything else is an error."""

    def convert(value: Any) -> Any:
        if isinstance(value, os.PathLike):
            return os.fspath(value)
        raise TypeError(type(value).__name__)

    result: dict[str, Any] = {}
    for name, value in parameters.items():
        try:
            result[name] = json.loads(json.dumps(value, default=convert))
        except (TypeError, ValueError) as exc:
            raise RenderError(
                f"parameter {name!r} is not a JSON value ({exc}): pass numbers, strings, "
                "lists or dicts, and files as paths, not objects"
            ) from exc
    return result


def run_notebook(
    source: Path,
    output: Path,
    parameters: Mapping[str, Any],
    *,
    name: str,
    kernel_name: str = "perfkit",
    timeout: float = 600,
    cwd: Path | None = None,
    kernel: KeptKernel | None = None,
) -> NotebookNode:
    """Execute the notebook at *source* into *output* and return the executed notebook.

    *name* is how errors refer to the notebook. The kernel starts in *cwd* (the
    current directory by default) without changing this process's directory, so
    several notebooks can run in threads at once. With a *kernel* kept for several
    reports (perfkit.pages.report.kernels), the notebook runs there; it is stopped if
    the notebook failed other than by an error in a cell.
    """
    kernel_log = kernel.log if kernel else output.with_name(f"{output.stem}.kernel.log")
    healthy = False  # the kernel ran to the end, or stopped at an error in a cell
    try:
        executed = _execute(source, output, parameters, kernel_name, timeout, cwd, kernel,
                            kernel_log)  # fmt: skip
        healthy = True
        return executed
    except PapermillExecutionError as exc:
        healthy = True
        cell = _describe_cell(output, exc.cell_index)
        raise RenderError(f"{name}: {cell} failed: {_one_line(exc.ename, exc.evalue)}") from None
    except TimeoutError:
        cell = _describe_cell(output, _running_cell(output))
        raise RenderError(f"{name}: {cell} ran longer than the {timeout:g} s timeout") from None
    except NoSuchKernel:
        output.unlink(missing_ok=True)  # nothing ran: nothing to debug
        raise RenderError(
            f"{name}: Jupyter kernel {kernel_name!r} is not installed; run `make setup` "
            f"(or `python -m ipykernel install --sys-prefix --name {kernel_name}`)"
        ) from None
    except DeadKernelError as exc:
        detail = _last_line(kernel_log) or _one_line("", str(exc))
        cell = _describe_cell(output, _running_cell(output))
        raise RenderError(f"{name}: the kernel died while running {cell} ({detail})") from None
    finally:
        if kernel is not None and not healthy:
            kernel.stop()  # dead, or still running a timed-out cell: the next report starts anew


def _execute(source: Path, output: Path, parameters: Mapping[str, Any], kernel_name: str,
             timeout: float, cwd: Path | None, kernel: KeptKernel | None,
             kernel_log: Path) -> NotebookNode:  # fmt: skip
    """papermill's run, in a new kernel (logging to *kernel_log*) or in the kept *kernel*."""
    if kernel is not None:
        how: dict[str, Any] = {"engine_name": ENGINE, "km": kernel.ready()}
    else:
        manager = type("ReportKernelManager", (ReportKernelManager,),
                       {"stderr_path": str(kernel_log)})  # fmt: skip
        resources = {"metadata": {"path": str(cwd)}} if cwd is not None else {}
        how = {"kernel_manager_class": manager, "resources": resources}
    return papermill.execute_notebook(
        str(source),
        str(output),
        parameters=json_parameters(parameters),
        kernel_name=kernel_name,
        execution_timeout=timeout,
        progress_bar=False,
        log_output=False,
        **how,
    )


def _last_line(path: Path) -> str:
    try:
        lines = path.read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return _one_line("", lines[-1]) if lines else ""


def _one_line(ename: str, evalue: str) -> str:
    lines = [line.strip() for line in _ANSI.sub("", evalue or "").splitlines() if line.strip()]
    text = lines[0] if lines else ""
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{ename}: {text}" if ename else text


def _executed_cells(output: Path) -> list[NotebookNode] | None:
    """Cells of the saved notebook without papermill's error banners, or ``None``."""
    try:
        nb = nbformat.read(str(output), as_version=4)
    except (OSError, ValueError):
        return None
    return [cell for cell in nb.cells if _ERROR_TAG not in cell.metadata.get("tags", [])]


def _running_cell(output: Path) -> int | None:
    """Index of the last cell papermill started (the one that was running)."""
    started = [
        index
        for index, cell in enumerate(_executed_cells(output) or [])
        if cell.metadata.get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None


def _describe_cell(output: Path, index: int | None) -> str:
    """``cell 3 (`raise ValueError(...)`)``, numbered as in the source notebook (from 1)."""
    if index is None:
        return "a cell"
    cells = _executed_cells(output)
    if cells is None or index >= len(cells):
        return f"cell {index + 1}"
    injected = sum(
        1 for cell in cells[:index] if "injected-parameters" in cell.metadata.get("tags", [])
    )
    source_index = index - injected
    lines = [
        line.strip()
        for line in cells[index].source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    first = lines[0] if lines else ""
    if len(first) > 60:
        first = first[:57] + "..."
    return f"cell {source_index + 1} (`{first}`)" if first else f"cell {source_index + 1}"
