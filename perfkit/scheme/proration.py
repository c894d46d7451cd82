"""Joiners and leavers (入离职折算): fixed pay and fixed targets by the days worked."""

from __future__ import annotations

from typing import Literal

from perfkit.scheme.base import Model


class Proration(Model):
    """Pay and targets of an agent hired or leaving inside a period (入离职当月折算).

    The share worked is counted in ``calendar_days``: the days of the period from the
    hire date (``hire_date``, 入职日期; the hire day counts) to the leave date
    (``leave_date``, 离职日期; the last day counts), ÷ the days of the period (a month's
    28–31, a quarter's 90–92). An agent hired on 2025-09-18 works 13 of September's 30
    days: 13/30 of the month, so a base salary of 4,000 pays 1,733.33 and a fixed revenue
    target of 30,000 becomes 13,000. Rows without the dates, and agents in post all period,
    count in full; ``none`` turns proration off. ``working_days`` counts Monday to Friday
    only (no public-holiday calendar: a client with one states shares by hand), so the same
    joiner works 9 of September 2025's 22 working days.

    ``base``: the fixed pay follows the share — base salary, the performance-pay base
    (before the grade coefficient) and the guarantee. ``targets``: fixed scorecard and
    bonus targets of volumes (counts, amounts, minutes: revenue, orders, dials) follow
    it; a rate or score target (connect rate, QA) does not, nor a target decomposed
    from a team's goal (the goal is split among the agents there). Commission is never
    prorated: it already follows what the agent sold.
    """

    method: Literal["calendar_days", "working_days", "none"] = "calendar_days"
    base: bool = True
    targets: bool = True
