"""Render parameterised report notebooks to offline HTML, PDF and PNG.

One module per job: :mod:`~perfkit.pages.report.notebook` (jupytext → notebook),
:mod:`~perfkit.pages.report.execute` (papermill), :mod:`~perfkit.pages.report.html`
(nbconvert, code hidden, offline), :mod:`~perfkit.pages.report.pdf` (headless
Chromium), :mod:`~perfkit.pages.report.fonts` (a CJK font for matplotlib),
:mod:`~perfkit.pages.report.render` (one report) and :mod:`~perfkit.pages.report.batch`
(many reports in parallel).

Names are imported lazily so that ``perfkit.pages.report.fonts`` stays cheap to import
(the plotting layer uses it) without pulling in papermill and nbconvert.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perfkit.pages.report.batch import RenderJob, RenderOutcome, render_many
    from perfkit.pages.report.fonts import PerfkitWarning, configure_matplotlib_fonts
    from perfkit.pages.report.pdf import (
        ChromiumNotFoundError,
        find_chromium,
        print_pdf,
        screenshot_png,
    )
    from perfkit.pages.report.render import RenderResult, render_notebook

_EXPORTS = {
    "RenderJob": "batch",
    "RenderOutcome": "batch",
    "render_many": "batch",
    "PerfkitWarning": "fonts",
    "configure_matplotlib_fonts": "fonts",
    "ChromiumNotFoundError": "pdf",
    "find_chromium": "pdf",
    "print_pdf": "pdf",
    "screenshot_png": "pdf",
    "RenderResult": "render",
    "render_notebook": "render",
}

__all__ = [
    "ChromiumNotFoundError",
    "PerfkitWarning",
    "RenderJob",
    "RenderOutcome",
    "RenderResult",
    "configure_matplotlib_fonts",
    "find_chromium",
    "print_pdf",
    "render_many",
    "render_notebook",
    "screenshot_png",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
