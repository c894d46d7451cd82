"""The report stylesheet: readable on screen, clean when printed to PDF.

The shared :data:`~perfkit.pages.shell.BASE_CSS` (palette, fonts, tables, A4) comes first;
what follows styles nbconvert's JupyterLab markup (``jp-*`` classes).
"""

from __future__ import annotations

from perfkit.pages.shell import BASE_CSS, FONT_STACK, MONO_STACK

REPORT_CSS = (
    BASE_CSS
    + f"""
:root {{
  --jp-content-font-family: {FONT_STACK};
  --jp-ui-font-family: {FONT_STACK};
  --jp-code-font-family: {MONO_STACK};
  --jp-content-font-size1: 15px;
  --jp-content-line-height: 1.6;
  --jp-code-font-size: 13px;
}}
body.jp-Notebook {{ padding: 0; overflow: visible; }}
main {{
  max-width: 960px;
  margin: 0 auto;
  padding: 32px 40px 64px;
  box-sizing: border-box;
}}
.jp-Cell {{ padding: 0; margin: 0; }}
.jp-Cell-inputWrapper, .jp-Cell-outputWrapper {{ margin: 0; }}
.jp-OutputArea-child {{ display: block; }}
.jp-MarkdownOutput, .jp-RenderedMarkdown {{ display: block; padding-left: 0; }}
.jp-OutputArea-output {{ width: 100%; overflow-x: auto; }}
.jp-RenderedHTMLCommon {{
  font-family: {FONT_STACK};
  font-size: 15px;
  line-height: 1.6;
  color: var(--pk-ink);
  padding-right: 0;
}}
.jp-RenderedHTMLCommon h1 {{
  font-size: 28px;
  margin: 0 0 12px;
  padding-bottom: 8px;
  border-bottom: 3px solid var(--pk-accent);
}}
.jp-RenderedHTMLCommon h2 {{
  font-size: 21px;
  margin: 32px 0 10px;
  padding-bottom: 4px;
  border-bottom: 1px solid var(--pk-rule);
  color: var(--pk-accent);
}}
.jp-RenderedHTMLCommon h3 {{ font-size: 17px; margin: 22px 0 8px; }}
.jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li {{ max-width: 46em; }}
.jp-RenderedHTMLCommon table {{
  border-collapse: collapse;
  border: none;
  margin: 12px 0 18px;
  font-size: 13.5px;
  font-variant-numeric: tabular-nums;
  table-layout: auto;
}}
.jp-RenderedHTMLCommon thead {{ border-bottom: 2px solid var(--pk-ink); }}
.jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon td {{
  padding: 5px 12px;
  border: none;
  border-bottom: 1px solid var(--pk-rule);
  text-align: right;
  vertical-align: top;
}}
.jp-RenderedHTMLCommon th {{ font-weight: 600; }}
.jp-RenderedHTMLCommon tbody tr:nth-child(even) {{ background: var(--pk-stripe); }}
.jp-RenderedHTMLCommon tbody tr:hover {{ background: #e6effa; }}
.jp-RenderedHTMLCommon tbody th,
.jp-RenderedHTMLCommon th:first-child,
.jp-RenderedHTMLCommon td:first-child {{ text-align: left; }}
.jp-RenderedHTMLCommon table.pk-words th, .jp-RenderedHTMLCommon table.pk-words td {{
  text-align: left;
}}
.jp-RenderedHTMLCommon table.pk-words td:first-child {{ white-space: nowrap; }}
.jp-RenderedHTMLCommon table.pk-figures td {{ white-space: nowrap; }}
.jp-RenderedHTMLCommon table.pk-amounts td {{ word-break: keep-all; overflow-wrap: normal; }}
.jp-RenderedHTMLCommon table.pk-amounts th, .jp-RenderedHTMLCommon table.pk-amounts td {{
  padding-left: 6px; padding-right: 6px;
}}
.jp-RenderedHTMLCommon table.pk-figures th {{ min-width: 6em; }}
.jp-RenderedImage img, .jp-RenderedHTMLCommon img {{
  max-width: 100%;
  height: auto;
  display: block;
  margin: 8px 0 16px;
}}
.jp-RenderedText, .jp-OutputArea .jp-RenderedText {{ padding-left: 0; }}
.jp-RenderedText pre {{
  font-family: {MONO_STACK};
  font-size: 13px;
  color: var(--pk-ink);
  background: var(--pk-stripe);
  border-left: 3px solid var(--pk-rule);
  padding: 8px 12px;
  margin: 6px 0 12px;
  white-space: pre-wrap;
}}
.jp-RenderedHTMLCommon code {{ font-family: {MONO_STACK}; font-size: 0.92em; }}
.jp-RenderedHTMLCommon h3.pk-rules-title {{ font-size: 17px; font-weight: 600; margin: 22px 0 8px; }}
.jp-RenderedHTMLCommon .pk-rules h4 {{
  font-size: 15px; font-weight: 600; margin: 14px 0 4px; color: var(--pk-ink);
}}
.jp-RenderedHTMLCommon .pk-rules ul {{ margin: 0 0 6px; padding-left: 22px; }}
.jp-RenderedHTMLCommon .pk-rules li {{ margin: 2px 0; }}
@page {{ margin: 14mm 14mm 16mm; }}
@media print {{
  main {{ max-width: none; padding: 0; }}
  .jp-RenderedHTMLCommon h2 {{ margin-top: 22px; }}
  .jp-RenderedHTMLCommon h1, .jp-RenderedHTMLCommon h2, .jp-RenderedHTMLCommon h3,
  .jp-RenderedHTMLCommon h4, .jp-RenderedHTMLCommon p:has(> strong:only-child) {{
    break-after: avoid;
    page-break-after: avoid;
  }}
  .jp-OutputArea-child:has(
      h2:last-child, h3:last-child, h4:last-child, p:last-child > strong:only-child
    ) {{
    break-after: avoid;
    page-break-after: avoid;
  }}
  table, img, pre, .jp-RenderedImage, .pk-rules {{
    break-inside: avoid;
    page-break-inside: avoid;
  }}
  table.pk-long {{ break-inside: auto; page-break-inside: auto; }}
  .jp-OutputArea-child {{ break-inside: auto; page-break-inside: auto; }}
  tr {{ break-inside: avoid; page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  .jp-RenderedHTMLCommon tbody tr:hover {{ background: inherit; }}
}}
"""
)
