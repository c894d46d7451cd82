"""Render one report notebook: jupytext → papermill → HTML (→ PDF), atomically.

Everything is written to a temporary directory beside the output and moved
into place with :func:`os.replace` only when the notebook ran cleanly, so a
failed run never leaves a half-written report and never overwrites a good one.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from perfkit.core.errors import RenderError
from perfkit.files.staging import clean_stale, prefix
from perfkit.pages.report.execute import json_parameters, run_notebook
from perfkit.pages.report.html import export_html
from perfkit.pages.report.kernels import KeptKernel
from perfkit.pages.report.notebook import first_heading, load_notebook, write_notebook
from perfkit.pages.report.pdf import ChromiumNotFoundError, print_pdf, require_chromium

#: Output formats; HTML is always written (PDF is printed from it).
FORMATS = ("html", "pdf")

#: Set when the user interrupts a batch: renders still running publish nothing.
CANCELLED = threading.Event()


@dataclass(frozen=True)
class RenderResult:
    """Files written by one render and how long it took."""

    html: Path
    ipynb: Path
    pdf: Path | None
    seconds: float

    @property
    def paths(self) -> list[Path]:
        return [p for p in (self.html, self.pdf, self.ipynb) if p is not None]


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """Validated, de-duplicated formats, e.g. ``("html", "pdf")``."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise RenderError(
            f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    return wanted or ("html",)


def render_notebook(
    notebook: Path,
    parameters: Mapping[str, Any],
    out_html: Path,
    *,
    formats: Iterable[str] = ("html",),
    kernel_name: str = "perfkit",
    timeout: float = 600,
    cwd: Path | None = None,
    kernel: KeptKernel | None = None,
) -> RenderResult:
    """Execute *notebook* with *parameters* and write the report at *out_html*.

    Writes ``<name>.html``, the executed ``<name>.ipynb`` (for audit) and, if
    asked, ``<name>.pdf`` beside it. *parameters* must be JSON values (paths are
    turned into strings). *timeout* limits each cell, in seconds; the kernel runs
    in *cwd* (default: the current directory) with a non-GUI matplotlib backend.

    A ``parameters["out_dir"]`` (where the notebook writes its data tables) is
    staged with the report and published with it.

    Raises :class:`RenderError` if the notebook fails: no report is written, the
    failed run is kept as ``<name>.failed.ipynb`` and an existing report is left
    alone. *kernel*: a kernel kept for several reports (perfkit.pages.report.kernels), not
    a new one. If the PDF cannot be printed the HTML and notebook are still written
    and the error (:class:`ChromiumNotFoundError` when no browser is installed)
    carries the :class:`RenderResult` as ``.result``.
    """
    started = time.perf_counter()
    notebook, out_html = Path(notebook), Path(out_html)
    formats = check_formats(formats)
    lang = str(parameters.get("lang") or "en").split("-")[0].split("_")[0].lower()
    name = out_html.stem
    out_dir = out_html.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    final = {
        "html": out_html,
        "ipynb": out_dir / f"{name}.ipynb",
        "pdf": out_dir / f"{name}.pdf",
        "failed": out_dir / f"{name}.failed.ipynb",
    }
    label = notebook.name if name == notebook.stem else f"{notebook.name} [{name}]"
    pdf_problem = _no_browser() if "pdf" in formats else None  # still render the HTML
    nb = load_notebook(notebook, kernel_name)
    title = first_heading(nb) or name
    clean_stale(out_dir)  # staging (and kernel connection files) of a killed render
    with tempfile.TemporaryDirectory(prefix=prefix(name), dir=out_dir) as tmp_name:
        tmp = Path(tmp_name)
        staged = {key: tmp / path.name for key, path in final.items()}
        run = _Run(notebook, label, tmp, staged, final, kernel_name, timeout, cwd, kernel)
        executed = run.execute(nb, parameters)
        write_notebook(executed, staged["ipynb"])
        title = first_heading(executed) or title
        staged["html"].write_text(export_html(executed, title=title, lang=lang), "utf-8")
        written = ["ipynb", "html"]
        if "pdf" in formats and pdf_problem is None:
            try:
                print_pdf(staged["html"], staged["pdf"], timeout=max(60.0, min(timeout, 300.0)))
                written.insert(1, "pdf")
            except RenderError as exc:  # keep the HTML, then report the PDF problem
                pdf_problem = exc
        if CANCELLED.is_set():
            raise RenderError(f"{label}: interrupted; nothing was written")
        if data_dir := str(parameters.get("out_dir") or ""):
            _publish(tmp / "data", Path(data_dir))
        for key in written:  # the HTML goes last: when it is there, the rest is too
            staged[key].replace(final[key])
    final["failed"].unlink(missing_ok=True)
    result = RenderResult(
        html=final["html"],
        ipynb=final["ipynb"],
        pdf=final["pdf"] if "pdf" in written else None,
        seconds=time.perf_counter() - started,
    )
    if pdf_problem is not None:
        pdf_problem.result = result  # type: ignore[attr-defined]
        raise pdf_problem
    return result


def _no_browser() -> RenderError | None:
    """The error to raise once the HTML is written, when no browser can print the PDF."""
    try:
        require_chromium()
    except ChromiumNotFoundError as exc:
        return exc
    return None


@dataclass(frozen=True)
class _Run:
    """Executing one notebook in a staging folder ``tmp`` (``staged``: the files there,
    ``final``: where they go)."""

    notebook: Path
    label: str
    tmp: Path
    staged: dict[str, Path]
    final: dict[str, Path]
    kernel_name: str
    timeout: float
    cwd: Path | None
    kernel: KeptKernel | None = None

    def execute(self, nb: nbformat.NotebookNode, parameters: Mapping[str, Any]):
        """The notebook run with ``parameters``, its data tables written to the staging
        folder; a failed run is kept as ``<name>.failed.ipynb`` and re-raised."""
        staged, final, tmp = self.staged, self.final, self.tmp
        source = write_notebook(nb, tmp / f"{final['html'].stem}.input.ipynb")
        data_dir = str(parameters.get("out_dir") or "")
        params = {**parameters, "out_dir": str(tmp / "data")} if data_dir else dict(parameters)
        try:
            executed = run_notebook(
                source,
                staged["ipynb"],
                params,
                name=self.label,
                kernel_name=self.kernel_name,
                timeout=self.timeout,
                cwd=self.cwd,
                kernel=self.kernel,
            )
        except RenderError:
            if staged["ipynb"].is_file():
                _record_paths(staged["ipynb"], self.notebook, final["failed"])
                staged["ipynb"].replace(final["failed"])
            raise
        executed.metadata.setdefault("papermill", {}).update(
            input_path=str(self.notebook), output_path=str(final["ipynb"])
        )
        if data_dir:  # the audit copy names where the data will be, not the staging folder
            executed.metadata["papermill"]["parameters"] = json_parameters(parameters)
            for cell in executed.cells:
                if "injected-parameters" in cell.metadata.get("tags", []):
                    cell.source = cell.source.replace(str(tmp / "data"), data_dir)
        return executed


def _publish(staged: Path, target: Path) -> None:
    """Move every file under *staged* to the same place under *target*."""
    for f in sorted(p for p in staged.rglob("*") if p.is_file()):
        dest = target / f.relative_to(staged)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f, dest)


def _record_paths(ipynb: Path, notebook: Path, saved_as: Path) -> None:
    """Point the papermill metadata of a saved notebook at its real paths."""
    try:
        nb = nbformat.read(str(ipynb), as_version=4)
    except (OSError, ValueError):
        return
    nb.metadata.setdefault("papermill", {}).update(
        input_path=str(notebook), output_path=str(saved_as)
    )
    nbformat.write(nb, str(ipynb))
