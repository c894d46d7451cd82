"""Show report text and tables in a notebook's output (markdown, index-free tables)."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display


def md(*parts: str) -> None:
    """Display the non-empty parts as one markdown block."""
    display(Markdown("\n\n".join(p for p in parts if p)))


def table(df: pd.DataFrame) -> None:
    """Display a table without its index."""
    display(df.style.hide(axis="index"))
