"""What a forecast knows about a floor beyond its plan: its season and its uncertainty.

``season:`` holds calendar-month factors (and a trend, where the export showed one) of
the level KPIs, estimated by ``perfkit estimate`` from the export's control teams (or
all teams before a plan change). Every plan shares them: they scale the forecast's
levels per month, never pay or behaviour, so lifts between plans do not move.

``uncertainty:`` holds joint draws of the estimated parameters (from the estimate's
team-cluster bootstrap) and the export's own team-month noise (AR(1) per KPI).
``perfkit.simulate`` spreads its runs across the draws and tops its level forecasts'
spread up to that noise.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from perfkit.scheme.base import Model

#: The level KPIs a season and the team-month noise apply to.
LEVEL_KPIS = ("revenue", "orders", "dials")
#: What a draw may set, and where that parameter lives in a scenario.
DRAW_PARAMETERS = {
    "effort_cost": "population.traits.effort_cost.mean",
    "annual_rate": "simulation.attrition.annual_rate",
    "sensitivity": "simulation.attrition.sensitivity",
}
#: A month factor outside this range is not a season but an error in the file.
FACTOR_RANGE = (0.2, 5.0)

Factor = Annotated[float, Field(ge=FACTOR_RANGE[0], le=FACTOR_RANGE[1])]


def _level_kpis(value: dict[str, float], what: str) -> dict[str, float]:
    bad = [k for k in value if k not in LEVEL_KPIS]
    if bad:
        raise ValueError(f"{what} of '{bad[0]}': expected one of {', '.join(LEVEL_KPIS)}")
    return value


def _months(value: dict[int, float]) -> dict[int, float]:
    bad = [m for m in value if not 1 <= int(m) <= 12]
    if bad:
        raise ValueError(f"month {bad[0]} is not a calendar month: expected 1 to 12")
    return {int(m): float(f) for m, f in value.items()}


class Season(Model):
    """Calendar-month factors per level KPI (1 = the export's average month), and a trend;
    ``perfkit estimate`` writes it. They scale the forecast's levels, never pay.

    ``revenue: {1: 0.95, 12: 1.08}``: January's revenue is 0.95 × the level the model
    forecasts; a month not listed is 1. ``trend``: growth per month (log) per KPI from
    ``anchor`` (the month at the centre of the data the levels were calibrated on).
    ``sd``: per KPI, how uncertain a listed month's factor is (sd of its log); each run
    draws its months' factors with it (a month not listed: also the factors' spread).
    """

    source: str = ""
    revenue: dict[int, Factor] = {}
    orders: dict[int, Factor] = {}
    dials: dict[int, Factor] = {}
    trend: dict[str, Annotated[float, Field(ge=-0.1, le=0.1)]] = {}
    anchor: str | None = None
    sd: dict[str, Annotated[float, Field(ge=0, le=1)]] = {}

    _check_sd = field_validator("sd")(lambda v: _level_kpis(v, "sd"))

    _check_months = field_validator("revenue", "orders", "dials")(_months)

    _check_trend = field_validator("trend")(lambda v: _level_kpis(v, "trend"))

    @model_validator(mode="after")
    def _anchor_for_trend(self) -> Season:
        if any(self.trend.values()) and not self.anchor:
            raise ValueError("a trend needs 'anchor': the month it is measured from (YYYY-MM)")
        return self

    def factor(self, kpi: str, month: int, months_from_anchor: float = 0.0) -> float:
        """The level factor of ``kpi`` in calendar ``month`` (1–12), trend included."""
        import math

        base = getattr(self, kpi).get(int(month), 1.0) if kpi in LEVEL_KPIS else 1.0
        return base * math.exp(self.trend.get(kpi, 0.0) * months_from_anchor)


class Noise(Model):
    """The export's own team-month noise of one KPI, in logs: an AR(1) with this ``sd`` and
    ``rho``; a forecast's level bands are topped up to it (perfkit.simulate.levels)."""

    sd: Annotated[float, Field(ge=0, le=2)]
    rho: Annotated[float, Field(ge=0, lt=1)] = 0.0


class Uncertainty(Model):
    """What a forecast is unsure of; ``perfkit estimate`` writes it.

    ``draws``: joint draws of the estimated parameters (from the estimate's team-cluster
    bootstrap), each a mapping of some of effort_cost, annual_rate and sensitivity to
    values, every draw naming the same ones; simulations spread their runs across them.
    ``noise``: per level KPI (revenue, orders, dials), the export's own team-month noise.
    """

    source: str = ""
    draws: Annotated[list[dict[str, float]], Field(max_length=200)] = []
    noise: dict[str, Noise] = {}

    @field_validator("draws")
    @classmethod
    def _draws(cls, value: list[dict[str, float]]) -> list[dict[str, float]]:
        names = set(value[0]) if value else set()
        for i, d in enumerate(value):
            unknown = sorted(set(d) - set(DRAW_PARAMETERS))
            if unknown:
                raise ValueError(f"draw {i}: unknown parameter '{unknown[0]}'; expected some of "
                                 f"{', '.join(DRAW_PARAMETERS)}")  # fmt: skip
            if set(d) != names:
                raise ValueError(f"draw {i} names other parameters than draw 0: every draw sets "
                                 "the same ones")  # fmt: skip
            if d.get("effort_cost", 1.0) <= 0 or d.get("sensitivity", 0.0) < 0:
                raise ValueError(f"draw {i}: effort_cost must be > 0 and sensitivity ≥ 0")
            if not 0 <= d.get("annual_rate", 0.0) < 1:
                raise ValueError(f"draw {i}: annual_rate must lie in [0, 1)")
        return value

    @field_validator("noise")
    @classmethod
    def _noise_kpis(cls, value: dict[str, Noise]) -> dict[str, Noise]:
        bad = [k for k in value if k not in LEVEL_KPIS]
        if bad:
            raise ValueError(f"noise of '{bad[0]}': expected one of {', '.join(LEVEL_KPIS)}")
        return value
