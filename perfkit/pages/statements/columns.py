"""Column headers, sheet names and number formats of client-ready statements (en / zh;
the words are ``payslip.*`` in :mod:`perfkit.text.catalogue`)."""

from __future__ import annotations

import re

from perfkit.text import Lang, label, t

MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
SCORE_FORMAT = "0.00"
SHARE_FORMAT = "0.0%"

#: Columns holding money (number format :data:`MONEY_FORMAT`).
MONEY = frozenset(
    {
        *("base_salary", "performance_pay", "commission", "bonus", "team_bonus"),
        *("collaboration", "deductions", "clawback", "guarantee_topup", "total_pay"),
        *("non_cash_value", "non_cash_cost", "current_pay", "new_pay", "difference"),
        "pay_per_agent_period",
        "difference_per_month",
        "pay_per_period",
    }
)
SCORES = frozenset({"score", "own_score"})
COUNTS = frozenset({"agents", "agent_periods", "winners", "losers", "periods", "months"})
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def header(column: str, lang: Lang = "en") -> str:
    """The header of ``column`` in ``lang``: the payslip's word (``payslip.*``), else the
    shared name (``attainment_revenue`` → "销售额达成率" / "Revenue attainment")."""
    if column.startswith("attainment_"):
        kpi = column.removeprefix("attainment_")
        return t("payslip.attainment_of", lang, kpi=label(kpi, lang))
    return label(column, lang, within="payslip")


def team_sheet(team: str, lang: Lang, taken: set[str]) -> str:
    """A sheet name for ``team``'s sheet: Excel's forbidden characters dropped, at most 31
    characters, unique (case-insensitively) among ``taken``, which it joins."""
    base = t("payslip.sheet.team", lang, team=_SHEET_BAD.sub("", str(team)).strip("' ") or "_")
    name, n = base[:31], 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(name)
    return name


def number_format(column: str) -> str | None:
    """The number format of ``column``, or None for text and the General format."""
    if column in MONEY:
        return MONEY_FORMAT
    if column in SCORES:
        return SCORE_FORMAT
    if column in COUNTS:
        return COUNT_FORMAT
    if column.startswith("attainment_") or column == "change":
        return SHARE_FORMAT
    return None
