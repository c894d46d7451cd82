"""Turn a jupytext percent-format ``.py`` (or an ``.ipynb``) into a runnable notebook.

A notebook without kernel metadata makes papermill fail with "No language found
in notebook", so we always set the kernelspec explicitly.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode

from perfkit.core.errors import RenderError

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def load_notebook(path: Path, kernel_name: str = "perfkit") -> NotebookNode:
    """Read a notebook source and set its kernelspec to *kernel_name*."""
    path = Path(path)
    if not path.is_file():
        raise RenderError(f"{path}: report notebook not found")
    try:
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
        else:
            nb = jupytext.read(path, fmt="py:percent")
    except Exception as exc:  # jupytext/nbformat raise many types for bad input
        raise RenderError(f"{path}: cannot read notebook: {exc}") from exc
    nb.metadata["kernelspec"] = {
        "name": kernel_name,
        "display_name": f"Python ({kernel_name})",
        "language": "python",
    }
    nb.metadata.setdefault("language_info", {"name": "python"})
    nb.metadata.pop("jupytext", None)
    return nb


def write_notebook(nb: NotebookNode, path: Path) -> Path:
    """Write *nb* as ``.ipynb`` to *path*."""
    nbformat.write(nb, str(path))
    return Path(path)


def first_heading(nb: NotebookNode) -> str | None:
    """The text of the first level-1 heading the reader sees, used as the HTML title: in a
    markdown cell that is not removed, or in a cell's markdown output (an executed report
    prints its title in the report's language; the removed cell is for the notebook)."""
    for cell in nb.cells:
        if "remove" in cell.get("metadata", {}).get("tags", []):
            continue
        texts = [cell.source] if cell.cell_type == "markdown" else [
            out.get("data", {}).get("text/markdown", "") for out in cell.get("outputs", [])
        ]  # fmt: skip
        for text in texts:
            if match := _HEADING.search("".join(text)):
                return _MD_ESCAPE.sub(r"\1", match.group(1))  # the text, not its markdown
    return None
