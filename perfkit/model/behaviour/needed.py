"""The KPI columns a pricing call reads, so the solve's funnel computes those alone.

Every pricing call of the best-response solve (perfkit.model.behaviour.pricing) runs the
funnel on states × draws × candidates × agents rows. What is read downstream:

- the pay: every column the payout engine reads for the scenario, smoothed rules
  included (perfkit.payout.reads.engine_reads: the plan's KPIs, the refunds a
  commission subtracts, the revenue that breaks ranking ties, …);
- the solve itself: revenue (the attainment states, the cycle's revenue so far and the
  expected revenue each choice is priced with); the quarter totals carried for past
  months (perfkit.model.behaviour.carry) and a ratchet's shadow cost read KPIs the
  plan's rules name, so they are within the engine's set. The cost of effort reads the
  choices, not the KPIs.

Every other column (and its transform of the shocks) is skipped; the shocks are drawn
as before, so the columns computed are the same to the bit. A rule that reads a column
outside the set fails with :class:`ColumnNotComputed` rather than pricing zeros. The
Monte Carlo's runs keep the whole funnel: their agents tables show every KPI.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from perfkit.core.errors import PerfkitError
from perfkit.model.funnel import OUTPUTS
from perfkit.payout.frame import LazyColumns
from perfkit.payout.reads import engine_reads

#: What the solve reads of every pricing call whatever the plan (module docstring).
SOLVE_READS = frozenset({"revenue"})


class ColumnNotComputed(PerfkitError):
    """A pay rule read a KPI column the solve's funnel did not compute (a column missing
    from :func:`kpis_needed`): a fault in perfkit, reported rather than priced as zeros."""

    def __init__(self, column: str):
        super().__init__(
            f"the best-response solve did not compute KPI column '{column}', but a pay rule "
            "reads it (perfkit.model.behaviour.needed.kpis_needed misses it: please report)"
        )


def kpis_needed(pricer) -> frozenset[str] | None:
    """The funnel's KPI columns pricing with ``pricer`` reads (a perfkit.model.behaviour
    Pricer), or None: every column (a pay function other than the engine, which reads
    a KPI table of them all)."""
    if pricer.engine is None:
        return None
    return engine_reads(pricer.engine.scenario) | SOLVE_READS


def guarded(columns: dict[str, np.ndarray], names: Iterable[str] = OUTPUTS) -> LazyColumns:
    """``columns`` as a mapping that also names every column of ``names``: one it does
    not hold raises :class:`ColumnNotComputed` when read (never a zero column)."""

    def missing(name: str) -> np.ndarray:
        raise ColumnNotComputed(name)

    out = LazyColumns(missing, names)
    for k, v in columns.items():
        out[k] = v
    return out
