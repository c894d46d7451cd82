"""Sections of plan sentences as HTML or Markdown, every user string escaped.

Sentences carry user-typed names as data; :func:`~perfkit.words.escape.html_text` makes
them inert in HTML, and :func:`~perfkit.words.escape.md_text` backslash-escapes
Markdown's own markers so a reward called ``*top*`` or a segment called ``<b>`` prints
as typed.
"""

from __future__ import annotations

from perfkit.scheme.models import Scenario
from perfkit.text import Lang, t
from perfkit.words.escape import html_text, md_text
from perfkit.words.plan.describe import Section, describe_plan


def to_html(sections: list[Section], level: int = 4, css_class: str = "pk-rules") -> str:
    """A ``<div>`` with one heading and bullet list per section."""
    parts = [f'<div class="{css_class}">']
    for sec in sections:
        parts.append(f"<h{level}>{html_text(sec.title)}</h{level}>")
        items = "".join(f"<li>{html_text(s)}</li>" for s in sec.sentences)
        parts.append(f"<ul>{items}</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def to_markdown(sections: list[Section], level: int = 4) -> str:
    """Markdown with one heading and bullet list per section, text escaped."""
    out = []
    for sec in sections:
        out.append(f"{'#' * level} {md_text(sec.title)}")
        out.append("\n".join(f"- {md_text(s)}" for s in sec.sentences))
    return "\n\n".join(out)


def rules_html(scheme: Scenario, lang: Lang = "en") -> str:
    """A report's rules section: a heading and every rule of ``scheme`` in ``lang``."""
    title = t("plan.title.rules", lang)
    heading = f'<h3 class="pk-rules-title">{html_text(title)}</h3>\n'
    return heading + to_html(describe_plan(scheme, lang))
