"""The payout engine: KPI table + scenario → pay statement (pure, vectorised).

One engine serves the back-test on real KPI exports and the Monte Carlo
simulation (many runs in one long table with a ``run`` column).
"""

from perfkit.payout.engine import PAY_COMPONENTS, PAY_PARTS, STATEMENT_COLUMNS, compute_statements

__all__ = ["PAY_COMPONENTS", "PAY_PARTS", "STATEMENT_COLUMNS", "compute_statements"]
