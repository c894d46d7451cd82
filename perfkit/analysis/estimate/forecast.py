"""What ``perfkit estimate`` hands the forecasts beyond point estimates: the floor's
season and team-month noise (perfkit.analysis.estimate.season) and joint parameter
draws (the effort cost's team-bootstrap draws with the attrition re-estimated on the
same resampled teams, perfkit.analysis.estimate.attrition.attrition_draws).

:data:`DRAWS` draws are kept, at evenly spaced ranks of the effort cost (of the
attrition rate when the effort cost was not searched), so a few dozen represent the
whole bootstrap distribution; perfkit.simulate spreads its runs across them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from perfkit.analysis.estimate.attrition import attrition_draws
from perfkit.analysis.estimate.moments import cube, design, export_rows, team_bootstrap
from perfkit.analysis.estimate.panel import RUNS, panel_spec, simulate_panel
from perfkit.analysis.estimate.season import SeasonEstimate, estimate_season, team_month_noise
from perfkit.scheme.forecast import Noise, Season, Uncertainty

#: Joint parameter draws written into the estimated scenario.
DRAWS = 30
#: Team-bootstrap resamples for the attrition's draws when the effort cost had none.
RESAMPLES = 299


@dataclass
class ForecastParts:
    """The season, the team-month noise beyond the model's, and the joint draws."""

    season: SeasonEstimate
    noise: dict[str, dict[str, float]]
    draws: list[dict[str, float]]

    def to_dict(self) -> dict:
        return {"season": self.season.to_dict(), "noise": self.noise, "draws": self.draws}

    def lines(self) -> list[str]:
        """What the forecasts get, in a few plain lines."""
        s = self.season
        span = f"{s.months[0]} to {s.months[-1]}" if s.months else "no months"
        far = {k: max((abs(f - 1) for f in v.values()), default=0.0) for k, v in s.factors.items()}
        season = ", ".join(f"{k} up to ±{v:.1%}" for k, v in far.items())
        trend = ", ".join(f"{k} {v:+.2%} a month" for k, v in s.trend.items() if v) or "none"
        noise = ", ".join(f"{k} sd {v['sd']:.1%} ρ {v['rho']:.2f} (model {v['model_sd']:.1%})"
                          for k, v in self.noise.items())  # fmt: skip
        return [f"season (from {span}; shared by every plan, levels only): {season}; trend: {trend}",
                f"team-month noise of the export (bands are topped up to it): {noise}",
                f"{len(self.draws)} joint parameter draws (team-cluster bootstrap): simulations "
                "spread their runs across them"]  # fmt: skip

    def objects(self) -> tuple[Season, Uncertainty]:
        """The season and the uncertainty as the scenario objects a forecast reads."""
        s = self.season
        season = Season(source=s.reason, anchor=s.anchor, **s.factors, sd=s.sd,
                        trend={k: v for k, v in s.trend.items() if v})  # fmt: skip
        noise = {k: Noise(sd=v["sd"], rho=v["rho"]) for k, v in self.noise.items()}
        return season, Uncertainty(source="perfkit estimate", draws=self.draws, noise=noise)


def forecast_parts(rows, spec, plans, sim, resp, attr, ce: np.ndarray, *, seed: int,
                   source: str, calibrated: list[str] | None = None,
                   runs: int = RUNS) -> ForecastParts:  # fmt: skip
    """Season, noise and draws of the export ``rows`` (module docstring); ``sim``: the
    simulation settings with the attrition estimates; ``calibrated``: the months the
    forecast's levels are calibrated on (default: all the export's)."""
    d = design(rows, plans, source)
    obs = cube(export_rows(rows), d)
    panel = resp.panel
    if panel is None:  # no plan change: no panels were simulated
        panel = simulate_panel(panel_spec(rows, spec, plans, sim, d, seed, runs), resp.value)
    season = estimate_season(obs, d, calibrated or d.months, seed, panel.expected)
    noise = team_month_noise(obs, panel.expected, panel.noise, len(calibrated or d.months))
    searched = resp.draws is not None and len(resp.draws) > 0
    n = len(resp.draws) if searched else RESAMPLES
    weights = team_bootstrap(d, n, seed)[0]
    att = attrition_draws(rows, ce, spec.traits.outside_option, sim.attrition, attr, d.teams,
                          weights, seed)  # fmt: skip
    key = resp.draws if searched else att["annual_rate"]
    order = np.argsort(key, kind="stable")
    pick = order[np.floor((np.arange(DRAWS) + 0.5) * n / DRAWS).astype(int)]
    draws = []
    for i in pick:
        one: dict[str, Any] = {"effort_cost": round(float(resp.draws[i]), 1)} if searched else {}
        one.update({k: float(f"{att[k][i]:.4g}") for k in ("annual_rate", "sensitivity")})
        draws.append(one)
    return ForecastParts(season, noise, draws)
