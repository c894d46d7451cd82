"""The pilot evaluation as one HTML page, in English or Chinese."""

from __future__ import annotations

import math

from perfkit import __version__
from perfkit.analysis.pilot.evaluate import PilotEvaluation
from perfkit.pages.pilot.charts import event_plot
from perfkit.pages.pilot.page import PILOT_CSS, figure_tag, pct
from perfkit.pages.pilot.text import say
from perfkit.pages.shell import document
from perfkit.text.i18n import Lang
from perfkit.words.escape import html_text as esc

RATES = ("cost_of_sales", "attrition")


def num(x: float, outcome: str) -> str:
    """An effect in the outcome's unit: rates in points of %, counts and money plainly."""
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞" if x < 0 else "n/a"
    if outcome in RATES:
        return f"{x * 100:+.2f} pp"
    return f"{x:+,.0f}" if abs(x) >= 100 else f"{x:+.2f}"


def p_text(p: float | None, reps: int) -> str:
    if p is None or not math.isfinite(p):
        return "n/a"
    return f"< {1 / (reps + 1):.4f}" if p == 0 else f"{p:.3f}"


def _reason(code: str, lang: Lang) -> str:
    kind, _, what = code.partition(":")
    if kind in ("worse", "pretrend"):
        return say(f"reason_{kind}", lang, what=say(what, lang))
    return say(f"reason_{code}", lang)


def evaluation_page(e: PilotEvaluation, lang: Lang = "en") -> str:
    m, rec = e.meta, e.recommendation
    lead = say(
        "eval_lead", lang, scenario=esc(m["scenario"]), baseline=esc(m["baseline"]),
        k=len(m["pilot_teams"]), c=len(m["control_teams"]), pre=m["pre_months"],
        post=m["pilot_months"], start=esc(m["start"]), agents=m["agents"],
    )  # fmt: skip
    box = "ok" if rec["decision"] == "roll_out" else "warn"
    reasons = "; ".join(_reason(r, lang) for r in rec["reasons"])
    forecast = "forecast" in e.effects.columns
    head = (
        f"<tr><th>{say('outcome', lang)}</th><th>{say('estimate', lang)}</th>"
        f"<th>{say('vs_before', lang)}</th><th>{say('p_value', lang)}</th>"
        + (f"<th>{say('forecast_col', lang)}</th>" if forecast else "")
        + "</tr>"
    )
    body_rows = []
    for r in e.effects.itertuples():
        p = r.wild_p if r.wild_p is not None and r.wild_p == r.wild_p else r.p_value
        cells = (
            f"<td>{say(r.outcome, lang)}</td>"
            f"<td>{num(r.estimate, r.outcome)} ({num(r.ci_low, r.outcome)} … {num(r.ci_high, r.outcome)})</td>"
            f"<td>{pct(r.effect_pct) if r.outcome not in RATES else ''}</td>"
            f"<td>{p_text(p, m['reps'])}</td>"
        )
        if forecast:
            where = say("in_ci" if r.forecast_in_ci else "outside_ci", lang)
            cells += f"<td>{num(r.forecast, r.outcome)} ({where})</td>"
        body_rows.append(f"<tr>{cells}</tr>")
    table = f"<table>{head}{''.join(body_rows)}</table>"
    eff = e.effects.iloc[0]
    ci_note = say(
        "ci_note", lang, method=say(eff["ci_method"], lang), clusters=int(eff["clusters"]),
        reps=f"{m['reps']:,}",
    )  # fmt: skip
    trend = e.pretrend.set_index("outcome").at["revenue", "test_p"]
    title = f"{say('eval_title', lang)}: {m['scenario']}"
    body = (
        f"<h1>{esc(title)}</h1><p class='lead'>{lead}</p>"
        f"<p class='{box}'><b>{say('decision_' + rec['decision'], lang)}</b>{'：' if lang == 'zh' else ': '}{reasons}{'。' if lang == 'zh' else '.'}</p>"
        f"<h2>{say('effects', lang)}</h2>{table}<p class='small'>{ci_note}</p>"
        f"<h2>{say('event', lang)}</h2>{figure_tag(event_plot(e.event_study, lang), say('event', lang))}"
        f"<p class='small'>{say('event_note', lang, p=f'{trend:.3f}')}</p>"
        f"<h2>{say('rule', lang)}</h2><p class='small'>{say('rule_text_eval', lang)}</p>"
        f"<footer>{say('footer', lang, data=esc(m['data']), seed=m['seed'], version=__version__)}</footer>"
    )
    return document(title, body, lang, PILOT_CSS)
