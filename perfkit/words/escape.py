"""Whatever a user typed is data: the one place where text is escaped for HTML or Markdown.

Scenario names, descriptions, grade, reward and segment names, KPI labels, agent ids,
team and file names reach client reports, letters, review sheets, dashboards and pilot
pages. Escaping happens at the point where such a string is put into Markdown
(:func:`md_text`) or HTML (:func:`html_text`, :func:`safe_style` for tables), so a name
like ``<script>…</script>`` or ``[x](javascript:…)`` is shown as typed and never runs or
loads anything. :func:`sanitize_html` is the last line of defence for rendered Markdown:
it keeps the handful of tags Markdown makes and escapes every other tag, so raw HTML can
not survive even from a string that missed :func:`md_text`.

Why here: the words floor writes HTML and Markdown itself (the plan in words,
:mod:`perfkit.words.plan.render`; the report's sentences, :mod:`perfkit.words.report`),
and the pages and apps floors above it build whole pages, so the escaper must live on
the words floor or below. It sits at the top of ``perfkit.words``, beside ``plan`` and
``report`` rather than inside either, because ``words.report`` already uses
``words.plan``: inside ``report`` the plan words could not reach it without a circle.
From the words floor up nothing else calls ``html.escape`` or defines its own
escaper; page modules that escape on almost every line import :func:`html_text` as
``esc``.
"""

from __future__ import annotations

import html
import re
from typing import Any

import bleach
import pandas as pd
from pandas.io.formats.style import Styler

#: Characters with a meaning in CommonMark (or in Jupyter's math): each is shown
#: literally when preceded by a backslash.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~$:@])")
_SPACE = re.compile(r"\s+")


def md_text(value: Any) -> str:
    """``value`` as literal Markdown text: no emphasis, links, images, headings or HTML.

    Runs of white space (newlines too) become one space, so the text cannot start a
    heading, list, code block or table on a line of its own.
    """
    return _MARKDOWN.sub(r"\\\1", _SPACE.sub(" ", str(value)).strip())


def html_text(value: Any) -> str:
    """``value`` as literal HTML text (also safe inside a quoted attribute)."""
    return html.escape(str(value), quote=True)


def safe_style(df: pd.DataFrame) -> Styler:
    """A Styler of ``df`` that escapes its cells, index and column headers for HTML.

    ``DataFrame.to_html`` escapes by default; ``df.style`` does not, so every table a
    report shows goes through here.
    """
    return (
        df.style.format(escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
    )


#: Tags rendered Markdown may contain; any other tag is escaped (shown as text).
_TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"),
        *("ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i", "del", "s"),
        *("code", "pre", "sup", "sub", "span", "div", "a", "abbr"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
_ATTRIBUTES = {
    "*": ["id", "class"],
    "a": ["href", "title", "class", "id"],
    "th": ["align"],
    "td": ["align"],
    "ol": ["start"],
}
_PROTOCOLS = frozenset({"http", "https", "mailto"})


def sanitize_html(fragment: str) -> str:
    """``fragment`` (HTML rendered from Markdown) with only Markdown's own tags left.

    Scripts, images, frames, forms, event handlers, ``style`` and ``javascript:``/``data:``
    links are escaped or dropped: a page built from it loads nothing and runs nothing.
    """
    return bleach.clean(
        fragment, tags=_TAGS, attributes=_ATTRIBUTES, protocols=_PROTOCOLS, strip=False
    )
