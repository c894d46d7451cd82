"""Every en/zh text of perfkit, one module per namespace, merged into :data:`CATALOGUE`.

A key is ``namespace.name`` (``label.total_pay``, ``report.heading.summary``,
``payslip.total_pay``); its value is the English and the Chinese text, ``{field}``
templates where a sentence takes values. A page that words a thing its own way on
purpose has its own key in its own namespace (``payslip.total_pay`` is 应发合计, the
payslip's word; ``label.total_pay`` is 薪酬总额), so the choice is visible here.

Deliberate page wordings (same name, own key): ``payslip.*`` (应发合计, 综合得分, 取值,
期间, 每期平均薪酬, 现行方案薪酬 ... the statements workbook's vocabulary), ``review.*``
(考核得分, 'ID', 'Month' 考核月份 on the compact review sheet), ``pilot.profit`` /
``pilot.attrition`` (per agent-month), ``review.metric.*`` (rates with their
definitions), ``letter.part.*`` (short what-if headers 'Base', 'Team'), ``designer.*``
(controls that say how they are set). Everything else that read the same is one key.
"""

from __future__ import annotations

from typing import Final

from perfkit.text.catalogue import (
    actuals,
    decides,
    designer,
    designer_data,
    findings,
    forecast,
    labels,
    letter,
    levers_and_summaries,
    payslip,
    pilot,
    plan,
    plan_earn,
    plan_pay,
    r360_designer,
    ratchet,
    report,
    review,
    review_extra,
    settings,
    summary,
)

_MODULES: Final = (
    labels,
    report,
    findings,
    plan,
    plan_pay,
    plan_earn,
    letter,
    payslip,
    review,
    review_extra,
    pilot,
    designer,
    decides,
    actuals,
    r360_designer,
    settings,
    summary,
    forecast,
    ratchet,
    levers_and_summaries,
    designer_data,
)


def _merge() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for module in _MODULES:
        for key, pair in module.ENTRIES.items():
            if key in out:
                raise ValueError(f"text key {key!r} is defined twice ({module.__name__})")
            out[key] = pair
    return out


#: Every key → (English, Chinese).
CATALOGUE: Final[dict[str, tuple[str, str]]] = _merge()
