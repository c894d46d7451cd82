"""Render parameterised report notebooks to offline HTML, PDF and PNG.

One module per job: :mod:`~perfkit.pages.report.notebook` (jupytext → notebook),
:mod:`~perfkit.pages.report.execute` (papermill), :mod:`~perfkit.pages.report.html`
(nbconvert, code hidden, offline), :mod:`~perfkit.pages.report.pdf` (headless
Chromium), :mod:`~perfkit.pages.report.fonts` (a CJK font for matplotlib),
:mod:`~perfkit.pages.report.render` (one report) and :mod:`~perfkit.pages.report.batch`
(many reports in parallel).

Import from the module that does the job (``from perfkit.pages.report.batch import
render_many``): this package re-exports nothing, so ``perfkit.pages.report.fonts`` stays
cheap to import (the plotting layer uses it) without pulling in papermill and nbconvert.
"""
