"""Reports of a batch in one kept kernel (perfkit.pages.report.kernels): each report
starts from a clean namespace, history and warning filters, in the same kernel process;
a report that fails in a cell keeps the kernel, one that times out gets a fresh one."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from perfkit.pages.report.batch import RenderJob, render_many

pytestmark = pytest.mark.slow  # kernels started

FIRST = """\
# %% tags=["parameters"]
label = ""
# %%
import os, warnings
warnings.simplefilter("error")
leftover = label
print(json.dumps({"pid": os.getpid()}) if (json := __import__("json")) else "")
"""

SECOND = """\
# %% tags=["parameters"]
label = ""
# %%
import json, os, warnings
print(json.dumps({"pid": os.getpid(), "leftover": "leftover" in globals(),
                  "errors": [str(f) for f in warnings.filters if f[:3:2] == ("error", Warning)]}))
"""

FAILS = """\
# %% tags=["parameters"]
label = ""
# %%
import json, os
print(json.dumps({"pid": os.getpid()}))
# %%
raise ValueError("a cell that fails")
"""

HANGS = """\
# %% tags=["parameters"]
label = ""
# %%
import time
time.sleep(60)
"""


def _notebooks(folder: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("first", FIRST), ("second", SECOND), ("fails", FAILS), ("hangs", HANGS)):
        out[name] = folder / f"{name}.py"
        out[name].write_text(text, "utf-8")
    return out


def _printed(html: Path, suffix: str = ".ipynb") -> tuple[dict, int]:
    """What the report's last printing code cell printed, and that cell's execution count."""
    nb = nbformat.read(html.with_suffix(suffix), as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "code" and "text" in (c.outputs or [{}])[0]][-1]
    return json.loads(cell.outputs[0]["text"]), cell.execution_count


def _render(folder: Path, names: list[str], timeout: float = 120) -> list:
    notebooks = _notebooks(folder)
    jobs = [RenderJob(notebooks[n], {"label": n}, folder / f"{i}-{n}.html", timeout=timeout)
            for i, n in enumerate(names)]  # fmt: skip
    return render_many(jobs, jobs_n=1, progress=False)


def test_a_report_reads_nothing_the_last_one_left_in_the_kept_kernel(tmp_path):
    first, second = _render(tmp_path, ["first", "second"])
    assert first.ok and second.ok, (first.error, second.error)
    one, count_one = _printed(first.result.html)
    two, count_two = _printed(second.result.html)
    assert one["pid"] == two["pid"]  # the same kernel ran both
    assert two["leftover"] is False and two["errors"] == []  # namespace and filters reset
    assert count_one == count_two  # the execution counts start again


def test_a_failed_cell_keeps_the_kernel_a_timeout_replaces_it(tmp_path):
    fails, after_fail, hangs, after_hang = _render(
        tmp_path, ["fails", "second", "hangs", "second"], timeout=10
    )
    assert not fails.ok and "a cell that fails" in fails.error
    assert not hangs.ok and "timeout" in hangs.error
    assert after_fail.ok and after_hang.ok
    failed = _printed(tmp_path / "0-fails.html", ".failed.ipynb")[0]
    kept, replaced = _printed(after_fail.result.html)[0], _printed(after_hang.result.html)[0]
    assert failed["pid"] == kept["pid"] != replaced["pid"]
