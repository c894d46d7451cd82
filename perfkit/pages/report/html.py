"""Executed notebook → one self-contained, offline HTML file with the code hidden.

nbconvert's ``lab`` template links require.js, MathJax and mermaid from a CDN and
widget renderers from unpkg; our template blanks those blocks, and
:func:`make_offline` strips any external ``<script src>`` / ``<link href>`` that
is left (for example from a rich output). Matplotlib figures are embedded as
``data:`` URIs by nbconvert.

User-typed text is escaped where it enters Markdown or a table
(:mod:`perfkit.words.escape`); as defence in depth, Markdown *outputs* are
sanitised after rendering (only Markdown's own tags survive, see
:func:`~perfkit.words.escape.sanitize_html`), and :func:`add_content_policy`
puts the strict Content-Security-Policy every perfkit page carries
(:data:`~perfkit.pages.shell.CONTENT_POLICY`) in the page: no script at all, no inline
event handler, nothing loaded from anywhere but the page itself (``data:`` images and
fonts, inline styles).
"""

from __future__ import annotations

import copy
import re
import warnings

from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbconvert.utils.iso639_1 import iso639_1
from nbformat import NotebookNode

from perfkit.core.errors import PerfkitWarning
from perfkit.pages.report.css import REPORT_CSS
from perfkit.pages.shell import content_policy_meta
from perfkit.words.escape import sanitize_html

#: Cells with these tags never reach the report (papermill's injected parameters
#: and error banners, and anything the author tags ``remove``).
REMOVE_CELL_TAGS = frozenset(
    {"remove", "remove-cell", "injected-parameters", "papermill-error-cell-tag"}
)
REMOVE_OUTPUT_TAGS = frozenset({"remove-output"})

_TEMPLATE_FILE = "perfkit_report.html.j2"
_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{% from 'celltags.j2' import celltags %}
{% from 'cell_id_anchor.j2' import cell_id_anchor %}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
{{ resources.perfkit_css }}
</style>
{%- endblock html_head_css -%}
{% block markdowncell scoped %}
<div {{ cell_id_anchor(cell) }} class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown {{ celltags(cell) }}" data-mime-type="text/markdown">
{%- if resources.should_sanitize_html %}
{{ cell.source | markdown2html | strip_files_prefix | clean_html }}
{%- else %}
{{ cell.source | markdown2html | strip_files_prefix }}
{%- endif %}
</div>
</div>
{%- endblock markdowncell %}
{% block data_markdown scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output {{ extra_class }}" data-mime-type="text/markdown">
{{ output.data['text/markdown'] | markdown2html | perfkit_sanitize }}
</div>
{%- endblock data_markdown %}
{% block data_png scoped %}
{%- set width = output | get_metadata('width', 'image/png') -%}
{%- set height = output | get_metadata('height', 'image/png') -%}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img alt="{{ (alt or 'chart') | escape_html }}" src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- if width is not none %} width="{{ width | escape_html }}"{% endif %}
{%- if height is not none %} height="{{ height | escape_html }}"{% endif %}>
</div>
{%- endblock data_png %}
"""

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)

_EXTERNAL = r"""(?:https?:)?//"""
_SCRIPT_SRC = re.compile(
    rf"""<script\b[^>]*\bsrc\s*=\s*["']?{_EXTERNAL}[^>]*>.*?</script\s*>""",
    re.IGNORECASE | re.DOTALL,
)
_LINK_HREF = re.compile(
    rf"""<link\b[^>]*\bhref\s*=\s*["']?{_EXTERNAL}[^>]*/?>""", re.IGNORECASE | re.DOTALL
)
_CSS_IMPORT = re.compile(
    rf"""@import\s+(?:url\()?\s*["']?{_EXTERNAL}[^;]*;""", re.IGNORECASE | re.DOTALL
)
_RESOURCE_URL = re.compile(
    rf"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["']?({_EXTERNAL}[^"'\s>]+)"""
    rf"""|@import\s+(?:url\()?\s*["']?({_EXTERNAL}[^"')\s;]+)"""
    rf"""|\bimport\(\s*["']({_EXTERNAL}[^"']+)""",
    re.IGNORECASE,
)


class DropStderrPreprocessor(Preprocessor):
    """Drop stderr streams (warnings, progress bars): noise in a client report."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.output_type == "stream" and out.get("name") == "stderr")
            ]
        return cell, resources


def make_exporter(lang: str = "en") -> HTMLExporter:
    """An HTML exporter: ``lab`` look, no code, no prompts, no CDN scripts."""
    if lang not in iso639_1:
        lang = "en"
    exporter = HTMLExporter(
        template_name="lab",
        template_file=_TEMPLATE_FILE,
        extra_loaders=[DictLoader({_TEMPLATE_FILE: _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=lang,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags=set(REMOVE_CELL_TAGS),
            remove_all_outputs_tags=set(REMOVE_OUTPUT_TAGS),
            enabled=True,
        ),
        enabled=True,
    )
    exporter.register_preprocessor(DropStderrPreprocessor(enabled=True), enabled=True)
    exporter.register_filter("perfkit_sanitize", sanitize_html)
    return exporter


def export_html(nb: NotebookNode, *, title: str, lang: str = "en", css: str = REPORT_CSS) -> str:
    """The executed notebook *nb* as a self-contained offline HTML page."""
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    resources = {"metadata": {"name": title}, "perfkit_css": css}
    html, _ = make_exporter(lang).from_notebook_node(nb, resources=resources)
    html = add_content_policy(make_offline(html))
    remaining = external_references(html)
    if remaining:
        warnings.warn(
            f"report {title!r} still refers to {len(remaining)} online resource(s) "
            f"(first: {remaining[0]}); it will not be complete offline",
            PerfkitWarning,
            stacklevel=2,
        )
    return html


def make_offline(html: str) -> str:
    """Remove external ``<script src>``, ``<link href>`` and CSS ``@import`` references."""
    for pattern in (_SCRIPT_SRC, _LINK_HREF, _CSS_IMPORT):
        html = pattern.sub("", html)
    return html


def add_content_policy(html: str) -> str:
    """``html`` with the content policy (:func:`~perfkit.pages.shell.content_policy_meta`)
    as the first element of its ``<head>``."""
    meta = content_policy_meta()
    head = _HEAD.search(html)
    if head is None:
        return meta + html
    return html[: head.end()] + meta + html[head.end() :]


def external_references(html: str) -> list[str]:
    """URLs of resources the page would fetch from the network (not plain ``<a>`` links)."""
    return [
        next(group for group in match.groups() if group) for match in _RESOURCE_URL.finditer(html)
    ]
