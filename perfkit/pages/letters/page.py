"""One plan letter (个人绩效方案确认书) as a self-contained HTML page, and the batch index.

Every user string (agent ID and name, team, plan and segment names, everything in the
rules) goes through :func:`perfkit.words.escape.html_text`; the page is the shared shell
(:func:`perfkit.pages.shell.document`) with :data:`LETTER_CSS` added to the base stylesheet.
"""

from __future__ import annotations

import pandas as pd

from perfkit.pages.shell import document
from perfkit.scheme.models import Scenario
from perfkit.text.i18n import Lang
from perfkit.words.escape import html_text as esc
from perfkit.words.plan import describe_plan, plan_name, to_html
from perfkit.words.plan.numbers import money, plain, rate
from perfkit.words.plan.vocab import MONEY_KPIS, kpi_name, kpi_value

_W: dict[str, tuple[str, str]] = {
    "title": ("Individual performance plan letter", "个人绩效方案确认书"),
    "agent": ("Agent", "员工"),
    "agent_id": ("Agent ID", "工号"),
    "team": ("Team", "团队"),
    "plan": ("Plan", "方案"),
    "segment": ("Segment plan", "适用分组"),
    "main": ("main plan", "主方案"),
    "intro": (
        "This letter states the incentive plan that applies to you, what you would earn at "
        "different levels of attainment, and asks you and your team leader to confirm it.",
        "本确认书说明适用于你的绩效与激励方案、不同达成水平下的预计薪酬，请你与团队主管签字确认。",
    ),
    "rules": ("1. Your plan in words", "一、方案规则"),
    "whatif": ("2. What you would earn", "二、薪酬测算"),
    "whatif_note": (
        "Pay per month if every scorecard KPI is at the stated share of its target, priced by "
        "the payout engine with your team at its typical month; before refunds and clawbacks. "
        "{reference}",
        "假设各项考核指标均达到目标的相应比例，由薪酬计算引擎按本方案计算的月薪酬；团队其他成员按其"
        "常规月份业绩计算；未计退款与追回。{reference}",
    ),
    "no_target": (
        "The plan has no targets: 100% is your typical month's {kpi} ({value}).",
        "本方案未设目标：100% 为你常规月份的{kpi}（{value}）。",
    ),
    "own_average": (
        "Targets decomposed from a goal are your own share, as the payout engine computes it "
        "for your latest month.",
        "由目标分解得到的指标，目标为薪酬计算引擎按你最近一个月计算的个人分解目标。",
    ),
    "quarter_note": ("A quarterly bonus is shown per month (÷ 3).", "季度奖按月均（÷3）列示。"),
    "level": ("Attainment", "达成率"),
    "total_pay": ("Total pay", "薪酬合计"),
    "sign": ("3. Confirmation", "三、签字确认"),
    "sign_text": (
        "I have read and understood the plan above.",
        "本人已阅读并理解上述方案。",
    ),
    "sign_agent": ("Agent", "员工签字"),
    "sign_leader": ("Team leader", "团队主管签字"),
    "date": ("Date", "日期"),
    "index": ("Plan letters", "个人绩效方案确认书"),
    "letters": ("letters", "份"),
}

_PARTS: dict[str, tuple[str, str]] = {
    "base_salary": ("Base", "基本工资"),
    "performance_pay": ("Performance pay", "绩效工资"),
    "commission": ("Commission", "提成"),
    "bonus": ("Bonus", "奖金"),
    "team_bonus": ("Team", "团队奖金"),
    "collaboration": ("Collaboration", "协作奖励"),
    "deductions": ("Deductions", "扣款"),
    "guarantee_topup": ("Guarantee top-up", "保底补差"),
}

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
.who td { text-align: left; border: none; padding: 2px 12px 2px 0; }
.note { font-size: 12.5px; }
.sign { display: flex; gap: 48px; margin-top: 28px; }
.sign div { flex: 1; border-top: 1px solid var(--pk-ink); padding-top: 4px; }
.letter + .letter { break-before: page; page-break-before: always; }
@page { margin: 14mm 12mm; }
@media print {
  main { padding: 0; max-width: none; font-size: 12.5px; line-height: 1.45; }
  h1 { font-size: 20px; } h2 { font-size: 15px; margin-top: 12px; }
  th, td { font-size: 11px; padding: 3px 4px; }
  table, .sign { break-inside: avoid; }
}
"""


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def w(key: str, lang: Lang) -> str:
    en, zh = _W[key]
    return zh if lang == "zh" else en


def _whatif_table(rows: pd.DataFrame, scenario: Scenario, lang: Lang) -> str:
    cur = scenario.currency
    refs = [c for c in rows.columns if c.startswith("ref_")]
    parts = [p for p in _PARTS if (rows[p].abs() > 0.005).any() or p == "base_salary"]
    head = [w("level", lang), *(_cap(kpi_name(r[4:], lang)) for r in refs)]
    head += [_PARTS[p][1 if lang == "zh" else 0] for p in parts] + [w("total_pay", lang)]
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
    who = [(w("agent_id", lang), agent["agent_id"]), (w("agent", lang), name),
           (w("team", lang), agent.get("team", "")), (w("plan", lang), plan_name(scenario, lang)),
           (w("segment", lang), w("main", lang) if seg == "main" else seg)]  # fmt: skip
    who_html = "".join(f"<tr><td><b>{esc(k)}</b></td><td>{esc(str(v))}</td></tr>"
                       for k, v in who if str(v))  # fmt: skip
    if not plan.scorecard:
        kpi = next(iter(own))
        ref = w("no_target", lang).format(kpi=kpi_name(kpi, lang),
                                          value=money(own[kpi], scenario.currency, lang))  # fmt: skip
    else:
        ref = w("own_average", lang) if targets else ""
    if quarterly:
        ref += (" " if lang == "en" else "") + w("quarter_note", lang)
    sign = "".join(f"<div>{esc(w(k, lang))}：<br><br>{esc(w('date', lang))}：</div>"
                   if lang == "zh" else
                   f"<div>{esc(w(k, lang))}:<br><br>{esc(w('date', lang))}:</div>"
                   for k in ("sign_agent", "sign_leader"))  # fmt: skip
    return (
        f'<section class="letter"><h1>{esc(w("title", lang))}</h1>'
        f'<table class="who">{who_html}</table>'
        f"<p>{esc(w('intro', lang))}</p>"
        f"<h2>{esc(w('rules', lang))}</h2>{to_html(sections)}"
        f"<h2>{esc(w('whatif', lang))}</h2>{_whatif_table(rows, scenario, lang)}"
        f'<p class="note">{esc(w("whatif_note", lang).format(reference=ref))}</p>'
        f"<h2>{esc(w('sign', lang))}</h2><p>{esc(w('sign_text', lang))}</p>"
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
    head = "".join(f"<th>{esc(w(k, lang))}</th>" for k in ("agent_id", "agent", "team"))
    body = (f"<h1>{esc(w('index', lang))}</h1><p>{esc(plan_name(scenario, lang))}"
            f" · {plain(len(entries))} {esc(w('letters', lang))}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")  # fmt: skip
    return page(w("index", lang), body, lang)
