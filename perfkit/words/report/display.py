"""Show report text and tables in a notebook's output (markdown, index-free tables)."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display
from pandas.io.formats.style import Styler

from perfkit.words.escape import safe_style

#: Rows above which a table may break across printed pages (between rows, its header
#: repeated); a shorter one moves whole to the next page instead.
LONG_TABLE = 24


def md(*parts: str) -> None:
    """Display the non-empty parts as one markdown block.

    The parts are Markdown: user-typed text in them must already be escaped with
    :func:`~perfkit.words.escape.md_text` (``bullets`` does it for its lines).
    """
    display(Markdown("\n\n".join(p for p in parts if p)))


def table(
    df: pd.DataFrame,
    max_columns: int | None = None,
    keep: int = 1,
    words: bool = False,
    figures: bool = False,
    amounts: bool = False,
) -> None:
    """Display a table without its index, split so no part is wider than a page.

    A wide table (e.g. one column per plan) is shown as several tables of at most
    ``max_columns`` columns, each repeating the first ``keep`` columns (the labels,
    and the baseline when ``keep`` is 2). Cells, headers and index are escaped for HTML.
    ``words``: a table of sentences, aligned left (numbers align right by default).
    ``figures``: a short table of amounts and intervals (page 1's three numbers) whose
    cells never wrap ('+134.3万元' on one line; only the headers wrap). ``amounts``: a wider
    one (the sensitivity table) whose cells break only at their ordinary spaces, never inside
    a figure ('2,870万元' stays whole; '−64.6万元 (−80.6万元 – −48.6万元)' may wrap before its
    interval, which the table's text keeps whole), with narrower padding so it fits A4.
    A table of more than :data:`LONG_TABLE` rows may break across printed pages.
    """
    if max_columns is None or len(df.columns) <= max_columns:
        display(_styled(df, words, figures, amounts))
        return
    fixed, rest = list(df.columns[:keep]), list(df.columns[keep:])
    step = max(1, max_columns - keep)
    for start in range(0, len(rest), step):
        part = df[fixed + rest[start : start + step]]
        display(_styled(part))


def _styled(
    df: pd.DataFrame, words: bool = False, figures: bool = False, amounts: bool = False
) -> Styler:
    """The escaped, index-free table; a long one is marked ``pk-long`` for print, a table
    of sentences ``pk-words``, one of figures that never wrap ``pk-figures``, one whose
    figures are never broken inside ``pk-amounts``."""
    classes = ["pk-long"] * (len(df) > LONG_TABLE) + ["pk-words"] * words
    classes += ["pk-figures"] * figures + ["pk-amounts"] * amounts
    styler = safe_style(df).hide(axis="index")
    return styler.set_table_attributes(f'class="{" ".join(classes)}"') if classes else styler
