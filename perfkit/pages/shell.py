"""The one shell of every standalone HTML page, and the base stylesheet all pages share.

Plan letters and their index, review sheets, team dashboards and the review index, pilot
plans and pilot evaluations are whole HTML files written by perfkit itself; each is
:func:`document` around its body: doctype, ``lang``, charset, the strict
:data:`CONTENT_POLICY`, the escaped title, and one ``<style>`` of :data:`BASE_CSS` followed
by the page's own addition (its sizes, spacing, headings and components). The nbconvert
reports keep nbconvert's template as their shell, but carry the same policy
(:func:`content_policy_meta`, through :func:`perfkit.pages.report.html.add_content_policy`)
and start their stylesheet with the same :data:`BASE_CSS` (:mod:`perfkit.pages.report.css`).

Every user-typed string in a page goes through :func:`perfkit.words.escape.html_text`
(imported as ``esc`` where a module escapes on almost every line); nothing here calls
``html.escape`` itself.
"""

from __future__ import annotations

from perfkit.text import Lang
from perfkit.words.escape import html_text

_LATIN = '"Noto Sans", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans"'
_CJK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei"'
)
#: English pages: a Latin font first, so Latin letters and punctuation (“ ” ‘ ’ – …) never
#: come from a CJK font, whose curly quotes are full-width and read as a stray space
#: (Debian's "DejaVu Sans" is there when Noto Sans, Helvetica and Arial are not); the CJK
#: fonts after it give any Chinese a name holds.
LATIN_FIRST = f"{_LATIN}, {_CJK}, sans-serif"
#: Chinese pages: the CJK font first (``fonts-noto-cjk``, scripts/install-system-packages.sh),
#: so Chinese text and its full-width punctuation （，“”：） come from one font.
CJK_FIRST = f"{_CJK}, {_LATIN}, sans-serif"
#: What every rule's ``font-family`` says: the page's own stack, chosen by its ``lang``
#: (``--pk-font`` in :data:`BASE_CSS`: :data:`LATIN_FIRST`, or :data:`CJK_FIRST` on ``zh``).
FONT_STACK = "var(--pk-font)"
MONO_STACK = '"DejaVu Sans Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace'

#: What a page may load and run: its own inline styles, ``data:`` images and fonts; no
#: script (inline or not, so no event handler either), frame, form, plugin or fetch.
CONTENT_POLICY = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "script-src 'none'; object-src 'none'; frame-src 'none'; connect-src 'none'; "
    "media-src 'none'; form-action 'none'; base-uri 'none'"
)

#: What every page shares: the palette (as ``--pk-*`` variables), the font stack of the
#: page's language (``:lang(zh)``; nbconvert's reports and :func:`document` both set
#: ``lang``), ruled tables with numbers right-aligned and the first column left, links and notes, A4 paper and headings kept with what follows them in print.
BASE_CSS = f"""
:root {{
  --pk-ink: #1f2933;
  --pk-muted: #52606d;
  --pk-rule: #d9e2ec;
  --pk-accent: #1f5f99;
  --pk-stripe: #f5f7fa;
  --pk-font: {LATIN_FIRST};
}}
:root:lang(zh) {{ --pk-font: {CJK_FIRST}; }}
html {{ background: #fff; }}
body {{ font-family: {FONT_STACK}; color: var(--pk-ink); background: #fff; margin: 0; }}
code, pre {{ font-family: {MONO_STACK}; }}
table {{ border-collapse: collapse; font-variant-numeric: tabular-nums; }}
th, td {{ border-bottom: 1px solid var(--pk-rule); text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
a {{ color: var(--pk-accent); }}
.note {{ color: var(--pk-muted); }}
@page {{ size: A4; }}
@media print {{
  h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
  thead {{ display: table-header-group; }}
}}
"""


def content_policy_meta() -> str:
    """The ``<meta>`` element that puts :data:`CONTENT_POLICY` in force."""
    return f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}"/>'


def html_lang(lang: Lang) -> str:
    """The page's ``lang`` attribute: ``zh-CN`` or ``en``."""
    return "zh-CN" if lang == "zh" else "en"


def document(title: str, body: str, lang: Lang, extra_css: str = "") -> str:
    """A whole HTML page: *body* (already escaped HTML) under :data:`BASE_CSS` plus
    *extra_css*, with the strict content policy; *title* is plain text."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang(lang)}"><head><meta charset="utf-8">'
        f"{content_policy_meta()}<title>{html_text(title)}</title>"
        f"<style>{BASE_CSS}{extra_css}</style></head><body>{body}</body></html>\n"
    )
