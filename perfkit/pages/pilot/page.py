"""One-page pilot plan (HTML, A4 when printed), in English or Chinese.

Everything a user typed (scenario names, team names, file names) is escaped
(:func:`perfkit.words.escape.html_text`); charts are embedded as PNG data, so the page
opens offline. The page is the shared shell (:func:`perfkit.pages.shell.document`) with
:data:`PILOT_CSS` added.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from perfkit import __version__
from perfkit.analysis.pilot.design import PRIMARY, PilotDesign
from perfkit.pages.pilot.charts import power_curve
from perfkit.pages.shell import document
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, forecast_amount, pct, plain
from perfkit.words.escape import html_text as esc

#: The pilot pages' addition to the shared base stylesheet.
PILOT_CSS = """
@page { margin: 12mm 12mm 12mm; }
body { max-width: 980px; margin: 18px auto; font-size: 13px; line-height: 1.45; }
h1 { font-size: 21px; margin: 0 0 6px; color: var(--pk-accent); }
h2 { font-size: 14px; margin: 12px 0 4px; border-bottom: 1px solid var(--pk-rule); }
p { margin: 4px 0; }
.lead { font-size: 14px; }
.warn { background: #fff4e5; border-left: 4px solid #ef8a62; padding: 4px 8px; }
.ok { background: #eef6ee; border-left: 4px solid #4c9a2a; padding: 4px 8px; }
table { margin: 4px 0; }
th, td { padding: 2px 8px; }
tr.pilot td { background: #e8f1fa; font-weight: 600; }
.cols { display: flex; gap: 18px; align-items: flex-start; }
img { max-width: 100%; }
.small, footer { color: var(--pk-muted); font-size: 11px; }
code { font-size: 11px; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5px; line-height: 1.35; }
  h1 { font-size: 17px; }
  h2 { font-size: 12px; margin: 8px 0 3px; }
  .lead { font-size: 11.5px; }
  th, td { padding: 1px 6px; }
  img { max-height: 72mm; }
  .small, footer { font-size: 9.5px; }
}
"""


def figure_tag(fig: Figure, alt: str) -> str:
    """The figure as an embedded PNG ``<img>`` (the figure is closed)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=130)
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{esc(alt)}" src="data:image/png;base64,{data}">'


def plan_names(meta: dict, lang: Lang) -> tuple[str, str]:
    """The pilot plan's and the control plan's names in ``lang`` (``name_zh`` in Chinese)."""
    zh = "_zh" if lang == "zh" else ""
    return meta.get(f"scenario{zh}", meta["scenario"]), meta.get(f"baseline{zh}", meta["baseline"])


def data_name(meta: dict) -> str:
    """The export's file name, never the folder it sits in on this machine."""
    return Path(str(meta["data"])).name


def plan_page(d: PilotDesign, lang: Lang = "en") -> str:
    """The one-page pilot plan."""
    c, m = d.choice, d.meta
    scenario, baseline = plan_names(m, lang)
    k, g = c["teams"], m["teams_in_export"]
    chosen = d.power[(d.power["teams"] == k) & (d.power["months"] == c["months"])]
    primary = chosen[chosen["outcome"] == PRIMARY].iloc[0]
    lead = t(
        "pilot.plan_lead", lang, scenario=esc(scenario), baseline=esc(baseline), k=k, g=g,
        c=g - k, m=c["months"], start=esc(c["start"]), end=esc(c["end"]),
    )  # fmt: skip
    power_txt = pct(primary["power_at_forecast"], 0)
    verdict = (
        f'<p class="ok">{t("pilot.detectable_yes", lang, power=power_txt)}</p>'
        if c["detectable"]
        else f'<p class="warn">{t("pilot.detectable_no", lang, power=power_txt)}</p>'
    )
    rows = "".join(
        f'<tr class="{esc(r.arm)}"><td>{esc(r.team)}</td><td>{t(f"pilot.{r.arm}", lang)}</td>'
        f"<td>{int(r.stratum)}</td><td>{fixed(r.agents, 0)}</td><td>{plain(r.revenue_per_agent, exact=False)}</td></tr>"
        for r in d.assignment.itertuples()
    )
    assignment = (
        f"<table><tr><th>{label('team', lang)}</th><th>{t('pilot.arm', lang)}</th>"
        f"<th>{t('pilot.stratum', lang)}</th><th>{label('agents', lang)}</th>"
        f"<th>{label('revenue_per_agent_month', lang)}</th></tr>{rows}</table>"
    )
    detect = "".join(
        f"<tr><td>{label(r.outcome, lang, within='pilot')}</td><td>{plain(r.baseline, exact=False)}</td>"
        f"<td>{forecast_amount(r.forecast, lang)} ({pct(r.forecast_pct, signed=True)})</td>"
        f"<td>{forecast_amount(r.mde, lang)} ({pct(r.mde_pct)})</td><td>{pct(r.power_at_forecast, 0)}</td></tr>"
        for r in chosen.itertuples()
    )
    detect = (
        f"<table><tr><th>{t('pilot.outcome', lang)}</th><th>{t('pilot.baseline_level', lang)}</th>"
        f"<th>{t('pilot.forecast_effect', lang)}</th><th>{t('pilot.mde', lang)}</th>"
        f"<th>{t('pilot.power', lang)}</th></tr>{detect}</table>"
    )
    method = t(
        "pilot.method_text", lang, hist=m["history_months"], reps=plain(m["reps"]),
        rho=fixed(m["noise"][PRIMARY]["rho"], 2), runs=m["runs"], rule=t("pilot.rule_text", lang),
    )  # fmt: skip
    title = f"{t('pilot.plan_title', lang)}{t('punct.colon', lang)}{scenario}"
    body = (
        f"<h1>{esc(title)}</h1><p class='lead'>{lead}</p>{verdict}"
        f"<div class='cols'><div><h2>{t('pilot.assignment', lang, seed=m['seed'])}</h2>{assignment}</div>"
        f"<div><h2>{t('pilot.what_detect', lang)}</h2>{detect}</div></div>"
        f"<h2>{t('pilot.curve', lang)}</h2>{figure_tag(power_curve(d.power, lang), t('pilot.curve', lang))}"
        f"<p class='small'>{t('pilot.curve_note', lang)}</p>"
        f"<h2>{t('pilot.method', lang)}</h2><p class='small'>{method}</p>"
        f"<h2>{t('pilot.after', lang)}</h2><p class='small'>{t('pilot.after_text', lang, end=esc(c['end']))}</p>"
        f"<footer>{t('pilot.footer', lang, data=esc(data_name(m)), seed=m['seed'], version=__version__)}</footer>"
    )
    return document(title, body, lang, PILOT_CSS)
