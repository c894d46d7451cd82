"""Constraints of an optimisation: ``metric[:stat] <= bound``, checked so a fresh seed holds.

``stat`` is the mean over runs (default) or a percentile across runs, ``p1`` … ``p99``:
``cost_of_sales:p90 <= 0.18`` asks that cost of sales stay at or below 18% in nine
runs of ten. A plan found by searching one seed tends to sit on the constraint's
edge, where a fresh seed breaks it half the time; so, with a ``confidence`` level,
a constraint holds only when the statistic, moved towards the bound by the margin
a fresh seed with as many runs could move it (:func:`perfkit.core.precision.fresh_seed_margin`),
still meets it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from perfkit.core.errors import ParameterError
from perfkit.core.precision import LEVEL, fresh_seed_margin, stat_ci

_FORM = re.compile(r"^\s*([a-z_]+)(?::([a-z0-9]+))?\s*(<=|>=|<|>)\s*(\S+)\s*$")
_STAT = re.compile(r"^(mean|p([1-9][0-9]?))$")
EXPECTED = (
    "expected 'metric[:stat] <= number' (or >=), where stat is mean or a percentile "
    "across runs p1…p99, e.g. 'cost_of_sales <= 0.12' or 'cost_of_sales:p90 <= 0.18'"
)


@dataclass(frozen=True)
class Check:
    """A constraint at one plan: the statistic, its 95% CI, the fresh-seed bound used and
    whether it holds (``violation``: relative shortfall of that bound, 0 when it holds)."""

    constraint: str
    value: float
    ci_low: float
    ci_high: float
    robust: float
    holds: bool
    violation: float


@dataclass(frozen=True)
class Constraint:
    """``metric[:stat] <= bound`` (or >=): e.g. ``cost_of_sales <= 0.12``, ``total_pay:p90 <= 6e5``."""

    metric: str
    stat: str
    op: str
    bound: float

    @classmethod
    def parse(cls, text: str) -> Constraint:
        m = _FORM.match(text)
        stat = (m.group(2) or "mean") if m else ""
        try:
            bound = float(m.group(4)) if m else float("nan")
        except ValueError:
            bound = float("nan")
        if not m or not _STAT.match(stat) or not np.isfinite(bound):
            raise ParameterError(
                f"--constraint '{text}' is not of the form metric <= number: {EXPECTED}"
            )
        return cls(m.group(1), stat, m.group(3), bound)

    @property
    def text(self) -> str:
        stat = "" if self.stat == "mean" else f":{self.stat}"
        return f"{self.metric}{stat} {self.op} {self.bound:g}"

    @property
    def upper(self) -> bool:
        return self.op in ("<=", "<")

    def _gap(self, v: float) -> float:
        gap = v - self.bound if self.upper else self.bound - v
        return max(gap, 0.0) / max(abs(self.bound), 1e-9) if np.isfinite(gap) else np.inf

    def violation(self, values: dict[str, float]) -> float:
        """Relative shortfall of a summary value (``values[metric]`` or ``metric:stat``)."""
        key = self.metric if self.stat == "mean" else f"{self.metric}:{self.stat}"
        if key not in values:
            raise ParameterError(f"constraint metric '{self.metric}' is not a simulation metric")
        return self._gap(values[key])

    def check(self, runs: np.ndarray, confidence: float | None = LEVEL) -> Check:
        """The constraint at one plan from its per-run values (see the module docstring);
        ``confidence`` None: the point estimate alone decides."""
        value, lo, hi = stat_ci(runs, self.stat)
        margin = 0.0 if confidence is None else fresh_seed_margin(runs, self.stat, confidence)
        margin = margin if np.isfinite(margin) else 0.0
        robust = value + margin if self.upper else value - margin
        gap = self._gap(robust)
        return Check(self.text, value, lo, hi, robust, gap == 0.0, gap)
