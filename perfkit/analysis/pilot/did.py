"""Difference in differences and event study with two-way fixed effects, by pyfixest.

Every number here is pyfixest's own (``Feols.tidy``, ``Feols.wildboottest``):
nothing is hand-rolled. Standard errors are clustered by team (CRV1, pyfixest's default
small-sample correction, t with G − 1 degrees of freedom). With fewer than
:data:`FEW_CLUSTERS` teams the 95% interval is the wild cluster bootstrap's (restricted
null for the p-value, Webb six-point weights; Cameron, Gelbach & Miller 2008): the
bootstrap-t interval, the estimate minus the 97.5% and 2.5% quantiles of the
unrestricted bootstrap's t statistics times its standard error.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.core.errors import PilotError

FEW_CLUSTERS = 30
TREAT = "pilot_on"  # 1 on rows paid under the pilot plan


@dataclass(frozen=True)
class Effect:
    """One outcome's pilot effect with its 95% interval."""

    outcome: str
    estimate: float
    se: float  # CRV1, clustered by team
    p_value: float  # CRV1 t-test
    ci_low: float
    ci_high: float
    ci_method: str  # "wild cluster bootstrap" or "CRV1 t(G-1)"
    crv1_low: float
    crv1_high: float
    wild_p: float | None
    observations: int
    clusters: int


CLUSTER = "cluster_code"


def with_cluster_codes(panel: pd.DataFrame, cluster: str) -> pd.DataFrame:
    """``panel`` with integer cluster codes (the wild bootstrap needs numbers, not names)."""
    return panel.assign(**{CLUSTER: pd.factorize(panel[cluster], sort=True)[0]})


def _fit(formula: str, panel: pd.DataFrame, cluster: str):
    import pyfixest as pf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pf.feols(formula, panel, vcov={"CRV1": cluster})
        except ValueError as err:  # e.g. every regressor collinear with the fixed effects
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise PilotError(f"cannot estimate {formula!r} on the pilot: {first}") from None


def _wild_p(fit, cluster: str, reps: int, seed: int, param: str = TREAT) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit.wildboottest(
            param=param, reps=reps, cluster=cluster, seed=seed, weights_type="webb"
        )
    return float(res["Pr(>|t|)"])


def did(
    panel: pd.DataFrame,
    outcome: str,
    unit: str,
    cluster: str = "team",
    reps: int = 1999,
    seed: int = 0,
) -> Effect:
    """``outcome ~ pilot_on | unit + period``, errors clustered by ``cluster``."""
    panel = with_cluster_codes(panel, cluster)
    cluster = CLUSTER
    formula = f"{outcome} ~ {TREAT} | {unit} + period"
    fit = _fit(formula, panel, cluster)
    tidy = fit.tidy().loc[TREAT]
    est, se = float(tidy["Estimate"]), float(tidy["Std. Error"])
    lo, hi = float(tidy["2.5%"]), float(tidy["97.5%"])
    clusters = int(panel[cluster].nunique())
    wild_p, method, ci = None, "CRV1 t(G-1)", (lo, hi)
    if reps > 0 and clusters < FEW_CLUSTERS and se > 0:  # reps = 0: CRV1 only
        wild_p = _wild_p(fit, cluster, reps, seed)
        ci = _wild_ci(fit, est, cluster, reps, seed)
        method = "wild cluster bootstrap"
    return Effect(
        outcome, est, se, float(tidy["Pr(>|t|)"]), ci[0], ci[1], method, lo, hi, wild_p,
        len(panel), clusters,
    )  # fmt: skip


def _wild_ci(fit, est: float, cluster: str, reps: int, seed: int) -> tuple[float, float]:
    """Wild cluster bootstrap-t 95% interval (unrestricted, Webb weights): the estimate
    minus the bootstrap t quantiles times the bootstrap's own standard error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res, t_boot = fit.wildboottest(
            param=TREAT, reps=reps, cluster=cluster, seed=seed, weights_type="webb",
            impose_null=False, return_bootstrapped_t_stats=True,
        )  # fmt: skip
    t_obs = float(res["t value"])
    if not np.isfinite(t_obs) or t_obs == 0:
        return -np.inf, np.inf
    se = est / t_obs
    q_lo, q_hi = np.quantile(np.asarray(t_boot, float), [0.025, 0.975])
    return est - q_hi * se, est - q_lo * se


def event_study(
    panel: pd.DataFrame, outcome: str, unit: str, cluster: str = "team"
) -> pd.DataFrame:
    """Effect by month relative to the pilot's start (−1, the last month before, is the
    reference: 0 by construction), with CRV1 95% intervals."""
    panel = with_cluster_codes(panel, cluster)
    fit = _fit(f"{outcome} ~ i(rel_month, ref=-1) | {unit} + period", panel, CLUSTER)
    tidy = fit.tidy()
    table = pd.DataFrame(
        {
            "outcome": outcome,
            "rel_month": [int(str(name).split("::")[1]) for name in tidy.index],
            "estimate": tidy["Estimate"].to_numpy(float),
            "se": tidy["Std. Error"].to_numpy(float),
            "ci_low": tidy["2.5%"].to_numpy(float),
            "ci_high": tidy["97.5%"].to_numpy(float),
            "p_value": tidy["Pr(>|t|)"].to_numpy(float),
        }
    )
    ref = {"outcome": outcome, "rel_month": -1, "estimate": 0.0, "se": 0.0, "ci_low": 0.0,
           "ci_high": 0.0, "p_value": np.nan}  # fmt: skip
    return pd.concat([table, pd.DataFrame([ref])]).sort_values("rel_month", ignore_index=True)


def pretrend(
    panel: pd.DataFrame,
    outcome: str,
    unit: str,
    cluster: str = "team",
    reps: int = 1999,
    seed: int = 0,
) -> dict[str, float]:
    """Pre-trend test: on the months before the pilot, the slope of the pilot teams'
    outcome against the control teams' (``outcome ~ pilot team × month | unit + period``);
    one coefficient, so its test stays sound with few clusters (a joint test of every
    event-study lead does not: the clustered covariance has rank G − 1). The p-value is
    the wild cluster bootstrap's when clusters are few."""
    pre = with_cluster_codes(panel[panel["before"] > 0], cluster)
    pre = pre.assign(pilot_trend=pre["pilot_team"] * pre["month_index"])
    if pre.loc[pre["pilot_team"] > 0, "period"].nunique() < 2:
        raise PilotError(
            "the pre-trend test needs at least 2 months before the pilot on the pilot teams"
        )
    fit = _fit(f"{outcome} ~ pilot_trend | {unit} + period", pre, CLUSTER)
    t = fit.tidy().loc["pilot_trend"]
    out = {
        "outcome": outcome,
        "slope": float(t["Estimate"]),
        "se": float(t["Std. Error"]),
        "ci_low": float(t["2.5%"]),
        "ci_high": float(t["97.5%"]),
        "p_value": float(t["Pr(>|t|)"]),
        "wild_p": np.nan,
    }
    if pre[cluster].nunique() < FEW_CLUSTERS and out["se"] > 0:
        out["wild_p"] = _wild_p(fit, CLUSTER, reps, seed, param="pilot_trend")
    out["test_p"] = out["p_value"] if np.isnan(out["wild_p"]) else out["wild_p"]
    return out
