"""提成: a plan's commission on each row, and the clawback it causes next period.

The base is ``revenue``, ``collected`` (回款), ``margin`` (revenue × margin_rate) or
``orders`` (rates are then amounts per order). Refunds: ``net`` takes the period's
refunds off the base (× margin_rate for a margin base); ``clawback`` pays on the
gross base and claws back refunds × the period's effective rate (commission ÷
base) in the agent's next period. Order bases carry no refund amount.
"""

from __future__ import annotations

import numpy as np

from perfkit.payout.frame import Rows
from perfkit.payout.ladders import commission_on
from perfkit.scheme.models import Commission


def gross_base(rows: Rows, c: Commission) -> tuple[np.ndarray, np.ndarray]:
    """(gross base, refunds in base units) per row."""
    if c.base == "orders":
        return rows.kpi("orders"), np.zeros(rows.n)
    refunds = rows.kpi("refunds")
    if c.base == "margin":
        return rows.kpi("revenue") * c.margin_rate, refunds * c.margin_rate
    return rows.kpi(c.base), refunds


def plan_commission(rows: Rows, c: Commission) -> tuple[np.ndarray, np.ndarray]:
    """(own commission, clawback due in the agent's next period) per row."""
    gross, refunds = gross_base(rows, c)
    base = np.maximum(gross - refunds, 0.0) if c.refunds == "net" else gross
    starts, rates = zip(*c.bands, strict=True)
    accel = None if c.accelerator is None else (c.accelerator.above, c.accelerator.multiplier)
    own = commission_on(
        base,
        np.asarray(starts, dtype=float),
        np.asarray(rates, dtype=float),
        mode=c.mode,
        gate=c.gate,
        accelerator=accel,
        cap=c.cap,
    )
    if c.refunds == "net":
        return own, np.zeros(rows.n)
    rate = np.divide(own, base, out=np.zeros(rows.n), where=base > 0)
    clawback = np.maximum(refunds, 0.0)
    clawback *= rate
    return own, clawback
