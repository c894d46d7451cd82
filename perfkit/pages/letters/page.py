"""One plan letter (个人绩效方案确认书) as a self-contained HTML page, and the batch index.

Every user string (agent ID and name, team, plan and segment names, everything in the
rules) goes through :func:`perfkit.words.escape.html_text`; the page is the shared shell
(:func:`perfkit.pages.shell.document`) with :data:`LETTER_CSS` added to the base stylesheet.
"""

from __future__ import annotations

import pandas as pd

from perfkit.pages.shell import document
from perfkit.scheme.models import Scenario
from perfkit.text import Lang, label, t
from perfkit.text.numbers import money, plain, rate
from perfkit.words.escape import html_text as esc
from perfkit.words.plan import describe_plan, plan_name, to_html
from perfkit.words.plan.vocab import MONEY_KPIS, kpi_name, kpi_value

#: Pay parts of the what-if table, in order (headers: ``letter.part.*``, else ``label.*``).
PARTS = (
    "base_salary", "performance_pay", "commission", "bonus", "team_bonus", "collaboration",
    "deductions", "guarantee_topup",
)  # fmt: skip

#: The letters' addition to the shared base stylesheet.
LETTER_CSS = """
main { max-width: 820px; margin: 0 auto; padding: 28px 36px 40px; font-size: 14px; line-height: 1.55; }
h1 { font-size: 24px; margin: 0 0 4px; border-bottom: 3px solid var(--pk-accent); padding-bottom: 6px; }
h2 { font-size: 17px; color: var(--pk-accent); margin: 20px 0 6px; border-bottom: 1px solid var(--pk-rule); }
h4 { font-size: 14px; margin: 10px 0 2px; }
ul { margin: 0 0 4px; padding-left: 20px; } li { margin: 1px 0; }
table { margin: 8px 0; width: 100%; }
th, td { padding: 4px 5px; font-size: 12px; white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; }
thead { border-bottom: 2px solid var(--pk-ink); }
tr.total td { font-weight: 600; }
.who { display: flex; flex-wrap: wrap; gap: 2px 22px; margin: 6px 0; }
.who b { margin-right: 6px; }
.note { font-size: 12.5px; }
.sign { display: flex; gap: 48px; margin-top: 28px; }
.sign div { flex: 1; border-top: 1px solid var(--pk-ink); padding-top: 4px; }
.letter + .letter { break-before: page; page-break-before: always; }
@page { size: A4; margin: 12mm 12mm; }
@media print {
  main { padding: 0; max-width: none; font-size: 11px; line-height: 1.35; }
  h1 { font-size: 17px; padding-bottom: 3px; } h2 { font-size: 12.5px; margin: 7px 0 3px; }
  h4 { font-size: 11px; margin: 3px 0 0; break-after: avoid; }
  p { margin: 3px 0; } li { margin: 0; }
  .pk-rules { column-count: 2; column-gap: 16px; }
  .pk-rules ul { break-inside: avoid; }
  th, td { font-size: 10px; padding: 2px 3px; }
  .note { font-size: 9.5px; }
  .sign { margin-top: 16px; }
  table, .sign { break-inside: avoid; }
}
"""


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _whatif_table(rows: pd.DataFrame, scenario: Scenario, lang: Lang) -> str:
    cur = scenario.currency
    refs = [c for c in rows.columns if c.startswith("ref_")]
    parts = [p for p in PARTS if (rows[p].abs() > 0.005).any() or p == "base_salary"]
    head = [label("attainment_rate", lang), *(_cap(kpi_name(r[4:], lang)) for r in refs)]
    head += [label(p, lang, within="letter.part") for p in parts] + [label("total_pay", lang)]
    out = ["<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head)
           + "</tr></thead><tbody>"]  # fmt: skip
    for _, r in rows.iterrows():
        cells = [rate(r["level"])]
        cells += [money(float(r[c]), cur, lang) if c[4:] in MONEY_KPIS
                  else kpi_value(c[4:], round(float(r[c]), 4), cur, lang) for c in refs]  # fmt: skip
        cells += [money((-r[p] if p == "deductions" else r[p]) + 0.0, cur, lang) for p in parts]
        cells.append(money(float(r["total_pay"]), cur, lang))
        cls = ' class="total"' if abs(r["level"] - 1) < 1e-9 else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def letter_body(
    scenario: Scenario, agent: dict, rows: pd.DataFrame, lang: Lang, quarterly: bool
) -> str:
    """The ``<section>`` of one agent's letter."""
    seg = str(agent["segment"])
    own = {k[4:]: float(v) for k, v in rows[rows["level"] == 1.0].iloc[0].items()
           if k.startswith("ref_")}  # fmt: skip
    plan = scenario.main_plan if seg == "main" else scenario.plan_for(seg)
    fixed = {i.kpi for i in plan.scorecard if isinstance(i.target, int | float)}
    targets = {k: v for k, v in own.items() if k not in fixed} if plan.scorecard else None
    sections = describe_plan(scenario, lang, segment=seg, targets=targets or None)
    name = agent.get("name") or ""
    who = [(label("agent_id", lang), agent["agent_id"]), (label("employee", lang), name),
           (label("team", lang), agent.get("team", "")), (label("plan", lang), plan_name(scenario, lang)),
           (t("letter.segment", lang), t("letter.main", lang) if seg == "main" else seg)]  # fmt: skip
    who_html = "".join(f"<span><b>{esc(k)}</b>{esc(str(v))}</span>" for k, v in who if str(v))
    if not plan.scorecard:
        kpi = next(iter(own))
        ref = t("letter.no_target", lang, kpi=kpi_name(kpi, lang),
                value=money(own[kpi], scenario.currency, lang))  # fmt: skip
    else:
        ref = t("letter.own_average", lang) if targets else ""
    if quarterly:
        ref += t("punct.sentence_gap", lang) + t("letter.quarter_note", lang)
    colon = t("punct.colon", lang).rstrip()
    sign = "".join(
        f"<div>{esc(t(key, lang) + colon)}<br><br>{esc(t('letter.date', lang) + colon)}</div>"
        for key in ("letter.sign_agent", "letter.sign_leader")
    )
    return (
        f'<section class="letter"><h1>{esc(t("letter.title", lang))}</h1>'
        f'<div class="who">{who_html}</div>'
        f"<p>{esc(t('letter.intro', lang))}</p>"
        f"<h2>{esc(t('letter.rules', lang))}</h2>{to_html(sections)}"
        f"<h2>{esc(t('letter.whatif', lang))}</h2>{_whatif_table(rows, scenario, lang)}"
        f'<p class="note">{esc(t("letter.whatif_note", lang, reference=ref))}</p>'
        f"<h2>{esc(t('letter.sign', lang))}</h2><p>{esc(t('letter.sign_text', lang))}</p>"
        f'<div class="sign">{sign}</div></section>'
    )


def page(title: str, body: str, lang: Lang) -> str:
    """A whole letters page (the shared shell) around ``body``."""
    return document(title, f"<main>{body}</main>", lang, LETTER_CSS)


def index_page(scenario: Scenario, entries: list[tuple[str, str, str, str]], lang: Lang) -> str:
    """The batch's index: one line per letter (agent ID, name, team, file)."""
    rows = "".join(
        f'<tr><td><a href="{esc(f)}">{esc(a)}</a></td><td>{esc(n)}</td><td>{esc(t)}</td></tr>'
        for a, n, t, f in entries
    )
    head = "".join(f"<th>{esc(label(k, lang))}</th>" for k in ("agent_id", "employee", "team"))
    body = (f"<h1>{esc(t('letter.index', lang))}</h1><p>{esc(plan_name(scenario, lang))}"
            f" · {plain(len(entries))} {esc(t('letter.letters', lang))}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")  # fmt: skip
    return page(t("letter.index", lang), body, lang)
