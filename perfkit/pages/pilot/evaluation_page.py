"""The pilot evaluation as one HTML page, in English or Chinese."""

from __future__ import annotations

import math

from perfkit import __version__
from perfkit.analysis.pilot.evaluate import PilotEvaluation
from perfkit.core.kpis import unit
from perfkit.pages.pilot.charts import event_plot
from perfkit.pages.pilot.page import PILOT_CSS, data_name, figure_tag, plan_names
from perfkit.pages.shell import document
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, pct, plain, points
from perfkit.words.escape import html_text as esc


def num(x: float, outcome: str, lang: Lang = "en") -> str:
    """An effect in the outcome's unit (:func:`perfkit.core.kpis.unit`): rates in
    percentage points, counts and money plainly."""
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞" if x < 0 else "–"
    if unit(outcome) == "rate":
        return points(x, lang, 2)
    return fixed(x, 0 if abs(x) >= 100 else 2, signed=True, grouped=abs(x) >= 100)


def p_text(p: float | None, reps: int) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    return f"< {fixed(1 / (reps + 1), 4)}" if p == 0 else fixed(p, 3)


def _reason(code: str, lang: Lang) -> str:
    kind, _, what = code.partition(":")
    if kind in ("worse", "pretrend"):
        return t(f"pilot.reason_{kind}", lang, what=label(what, lang, within="pilot"))
    return t(f"pilot.reason_{code}", lang)


def evaluation_page(e: PilotEvaluation, lang: Lang = "en") -> str:
    m, rec = e.meta, e.recommendation
    scenario, baseline = plan_names(m, lang)
    lead = t(
        "pilot.eval_lead", lang, scenario=esc(scenario), baseline=esc(baseline),
        k=len(m["pilot_teams"]), c=len(m["control_teams"]), pre=m["pre_months"],
        post=m["pilot_months"], start=esc(m["start"]), agents=m["agents"],
    )  # fmt: skip
    box = "ok" if rec["decision"] == "roll_out" else "warn"
    reasons = "; ".join(_reason(r, lang) for r in rec["reasons"])
    forecast = "forecast" in e.effects.columns
    head = (
        f"<tr><th>{t('pilot.outcome', lang)}</th><th>{t('pilot.estimate', lang)}</th>"
        f"<th>{t('pilot.vs_before', lang)}</th><th>{t('pilot.p_value', lang)}</th>"
        + (f"<th>{t('pilot.forecast_col', lang)}</th>" if forecast else "")
        + "</tr>"
    )
    body_rows = []
    for r in e.effects.itertuples():
        p = r.wild_p if r.wild_p is not None and r.wild_p == r.wild_p else r.p_value
        cells = (
            f"<td>{label(r.outcome, lang, within='pilot')}</td>"
            f"<td>{num(r.estimate, r.outcome, lang)} ({num(r.ci_low, r.outcome, lang)} … "
            f"{num(r.ci_high, r.outcome, lang)})</td>"
            f"<td>{pct(r.effect_pct, signed=True) if unit(r.outcome) != 'rate' else ''}</td>"
            f"<td>{p_text(p, m['reps'])}</td>"
        )
        if forecast:
            where = t("pilot.in_ci" if r.forecast_in_ci else "pilot.outside_ci", lang)
            cells += f"<td>{num(r.forecast, r.outcome, lang)} ({where})</td>"
        body_rows.append(f"<tr>{cells}</tr>")
    table = f"<table>{head}{''.join(body_rows)}</table>"
    eff = e.effects.iloc[0]
    ci_note = t(
        "pilot.ci_note", lang, method=t(f"pilot.{eff['ci_method']}", lang), clusters=int(eff["clusters"]),
        reps=plain(m["reps"]),
    )  # fmt: skip
    trend = e.pretrend.set_index("outcome").at["revenue", "test_p"]
    title = f"{t('pilot.eval_title', lang)}{t('punct.colon', lang)}{scenario}"
    body = (
        f"<h1>{esc(title)}</h1><p class='lead'>{lead}</p>"
        f"<p class='{box}'>{t('pilot.decision_line', lang, decision=t('pilot.decision_' + rec['decision'], lang), reasons=reasons)}</p>"
        f"<h2>{t('pilot.effects', lang)}</h2>{table}<p class='small'>{ci_note}</p>"
        f"<h2>{t('pilot.event', lang)}</h2>{figure_tag(event_plot(e.event_study, lang), t('pilot.event', lang))}"
        f"<p class='small'>{t('pilot.event_note', lang, p=fixed(trend, 3, grouped=False))}</p>"
        f"<h2>{t('pilot.rule', lang)}</h2><p class='small'>{t('pilot.rule_text_eval', lang)}</p>"
        f"<footer>{t('pilot.footer', lang, data=esc(data_name(m)), seed=m['seed'], version=__version__)}</footer>"
    )
    return document(title, body, lang, PILOT_CSS)
