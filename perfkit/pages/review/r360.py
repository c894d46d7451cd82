"""360-degree evaluation: checked ratings → one 0–100 score per agent the scorecard can use.

Rules (:class:`Rules360`, every one stated in the output's ``basis``):

1. A score on the scale ``lo … hi`` becomes points ``(score − lo) ÷ (hi − lo) × 100``.
2. Each rater's points for a ratee are the mean over the items they rated.
3. Within a relation with at least ``trim_at`` raters, the highest and the lowest rater
   are dropped (one each); the relation's score is the mean of the rest.
4. The 360 score is Σ weight × relation score ÷ Σ weight over the relations present
   (self is excluded with weight 0, the default, or weighted like any other).
5. With fewer than ``min_raters`` raters other than self, the score falls back:
   ``team_mean`` (the mean 360 score of the ratee's team's rated agents), ``leader``
   (the leader's score alone) or ``blank`` (no score: the scorecard reads 0).

Flags: a **reciprocal-inflation pair** is two peers who each rate the other at least
``reciprocal_points`` above what the ratee's other raters give; an **outlier rater**
rates, on average over at least ``outlier_min`` ratees, at least ``outlier_points``
above (lenient) or below (harsh) the ratee's other raters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from perfkit.core.errors import ParameterError
from perfkit.files.outputs import save_table, staged_dir
from perfkit.pages.review.ratings import RELATIONS
from perfkit.text import Lang, t
from perfkit.text.numbers import fixed

Fallback = Literal["team_mean", "leader", "blank"]


@dataclass(frozen=True)
class Rules360:
    """How ratings become a 360 score (see the module docstring)."""

    weights: dict[str, float] = field(
        default_factory=lambda: {"self": 0.0, "peer": 0.4, "leader": 0.4, "customer": 0.2}
    )
    scale: tuple[float, float] = (1.0, 5.0)
    trim_at: int = 5
    min_raters: int = 3
    fallback: Fallback = "team_mean"
    reciprocal_points: float = 15.0
    outlier_points: float = 20.0
    outlier_min: int = 3

    def __post_init__(self) -> None:
        bad = [k for k in self.weights if k not in RELATIONS]
        if bad or any(not 0 <= w < math.inf for w in self.weights.values()):
            shown = ", ".join(f"--{k}-weight {w:g}" for k, w in self.weights.items())
            raise ParameterError(
                f"360 weights ({shown}): expected finite, non-negative weights for {', '.join(RELATIONS)}"
            )
        lo, hi = self.scale
        if not (math.isfinite(lo) and math.isfinite(hi) and lo >= 0 and hi <= 1000):
            raise ParameterError(
                f"360 --scale {lo:g} {hi:g}: expected two finite numbers from 0 to 1000, "
                "low < high, e.g. 1 5"
            )
        if not sum(self.weights.values()) > 0:
            raise ParameterError("360 weights: at least one relation needs a weight above 0")
        if self.scale[1] <= self.scale[0]:
            raise ParameterError(f"360 scale {self.scale}: expected low < high, e.g. 1 5")
        if self.fallback not in ("team_mean", "leader", "blank"):
            raise ParameterError(
                f"360 fallback '{self.fallback}': expected team_mean, leader or blank"
            )
        if self.trim_at < 3 or self.min_raters < 1:
            raise ParameterError("360: trim_at must be at least 3 and min_raters at least 1")


def rater_points(ratings: pd.DataFrame, rules: Rules360) -> pd.DataFrame:
    """One row per period × ratee × relation × rater: mean points over the items."""
    lo, hi = rules.scale
    r = ratings.assign(points=(ratings["score"] - lo) / (hi - lo) * 100.0)
    keys = ["period", "ratee", "relation", "rater"]
    return r.groupby(keys, sort=True, as_index=False)["points"].mean()


def trimmed(per_rater: pd.DataFrame, trim_at: int) -> pd.DataFrame:
    """*per_rater* with ``kept``: False for the highest and lowest rater of a relation
    that has at least *trim_at* raters (ties broken by rater id)."""
    g = ["period", "ratee", "relation"]
    out = per_rater.sort_values([*g, "points", "rater"], kind="stable").copy()
    pos = out.groupby(g).cumcount()
    n = out.groupby(g)["points"].transform("size")
    out["kept"] = ~((n >= trim_at) & ((pos == 0) | (pos == n - 1)))
    return out


def scores_360(
    ratings: pd.DataFrame, agents: pd.DataFrame, rules: Rules360 = Rules360()
) -> pd.DataFrame:
    """The 360 score of every agent × period of *agents* (``agent_id``, ``team``, ``period``).

    Columns: ``agent_id``, ``period``, ``team``, ``peer_score`` (0–100), ``raters``
    (other than self), one column per relation's score, and ``basis``.
    """
    per = trimmed(rater_points(ratings, rules), rules.trim_at)
    kept = per[per["kept"]]
    rel = kept.pivot_table(index=["period", "ratee"], columns="relation", values="points",
                           aggfunc="mean")  # fmt: skip
    rel = rel.reindex(columns=list(RELATIONS))
    w = pd.Series(rules.weights).reindex(RELATIONS).fillna(0.0)
    present = rel.notna() & (w > 0).to_numpy()
    num = (rel.fillna(0.0) * w.to_numpy()).sum(axis=1)
    den = (present * w.to_numpy()).sum(axis=1)
    weighted = num / den.where(den > 0)
    raters = per[per["relation"] != "self"].groupby(["period", "ratee"])["rater"].nunique()
    table = rel.assign(weighted=weighted, raters=raters).reset_index()
    table = table.rename(columns={"ratee": "agent_id"})
    table["raters"] = table["raters"].fillna(0).astype(int)
    return _with_fallback(_for_agents(table, agents, ratings), rules)


def _for_agents(table: pd.DataFrame, agents: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per agent × period of the export (ratings without a period apply to all)."""
    base = agents[["agent_id", "team", "period"]].drop_duplicates().astype(str)
    if (ratings["period"] == "").all():
        t = table.drop(columns="period")
        out = base.merge(t, on="agent_id", how="left")
    else:
        out = base.merge(table, on=["agent_id", "period"], how="left")
    out["raters"] = out["raters"].fillna(0).astype(int)
    return out


def _with_fallback(t: pd.DataFrame, rules: Rules360) -> pd.DataFrame:
    enough = t["raters"] >= rules.min_raters
    t["peer_score"] = t["weighted"].where(enough)
    t["basis"] = np.where(enough, "rated", f"fallback: {rules.fallback}")
    short = ~enough
    if rules.fallback == "leader":
        t.loc[short, "peer_score"] = t.loc[short, "leader"]
    elif rules.fallback == "team_mean":
        team_mean = t[enough].groupby(["period", "team"])["peer_score"].mean()
        key = pd.MultiIndex.from_frame(t.loc[short, ["period", "team"]])
        t.loc[short, "peer_score"] = team_mean.reindex(key).to_numpy()
    if rules.fallback != "blank":
        none = short & t["peer_score"].isna()
        t.loc[none, "basis"] = f"fallback: {rules.fallback} (none: blank)"
    cols = ["agent_id", "period", "team", "peer_score", "raters", *RELATIONS, "basis"]
    return t[cols].sort_values(["period", "agent_id"]).reset_index(drop=True)


def _deviations(per_rater: pd.DataFrame) -> pd.DataFrame:
    """Each non-self rating's points minus the mean of the ratee's other raters."""
    d = per_rater[per_rater["relation"] != "self"].copy()
    g = d.groupby(["period", "ratee"])["points"]
    total, n = g.transform("sum"), g.transform("size")
    others = (total - d["points"]) / (n - 1).where(n > 1)
    d["deviation"] = d["points"] - others
    return d.dropna(subset=["deviation"])


def flags_360(
    ratings: pd.DataFrame, rules: Rules360 = Rules360(), lang: Lang = "en"
) -> pd.DataFrame:
    """Reciprocal-inflation pairs and outlier raters: ``flag``, ``who``, ``detail`` columns
    (``detail`` in ``lang``)."""
    dev = _deviations(rater_points(ratings, rules))
    peers = dev[dev["relation"] == "peer"][["period", "rater", "ratee", "deviation"]]
    back = peers.rename(columns={"rater": "ratee", "ratee": "rater", "deviation": "back"})
    pairs = peers.merge(back, on=["period", "rater", "ratee"])
    pairs = pairs[(pairs["rater"] < pairs["ratee"])]
    th = rules.reciprocal_points
    pairs = pairs[(pairs["deviation"] >= th) & (pairs["back"] >= th)]
    rows = [
        {
            "flag": "reciprocal_inflation",
            "period": p.period,
            "who": f"{p.rater} ↔ {p.ratee}",
            "detail": t(
                "r360.reciprocal",
                lang,
                there=fixed(p.deviation, 0, signed=True),
                back=fixed(p.back, 0, signed=True),
            ),
        }
        for p in pairs.itertuples()
    ]
    by = dev.groupby(["period", "rater"])["deviation"].agg(["mean", "size"]).reset_index()
    out = by[(by["size"] >= rules.outlier_min) & (by["mean"].abs() >= rules.outlier_points)]
    for o in out.itertuples():
        kind = "lenient" if o.mean > 0 else "harsh"
        rows.append(
            {
                "flag": f"outlier_rater ({kind})",
                "period": o.period,
                "who": str(o.rater),
                "detail": t(
                    "r360.outlier",
                    lang,
                    mean=fixed(o.mean, 0, signed=True),
                    ratees=o.size,
                    size=fixed(abs(o.mean), 0),
                    direction=t("r360.higher" if o.mean > 0 else "r360.lower", lang),
                ),
            }
        )
    return pd.DataFrame(rows, columns=["flag", "period", "who", "detail"])


def with_360(kpis: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """The KPI export with ``peer_score`` replaced by the 360 score where there is one.

    Where the 360 leaves an agent-period blank (too few raters and no fallback value, or
    nobody rated them), the export's own ``peer_score`` is kept, so a 360 of one team never
    wipes the scores of the others; blank where the export had none either. Only the
    columns the export had are written (and ``peer_score``): a KPI it did not record stays
    missing (never 0.0), so a plan that reads it is still refused downstream.
    """
    absent = set(kpis.attrs.get("unrecorded", kpis.attrs.get("absent", ())))
    if not kpis.attrs.get("has_team", True):
        absent.add("team")
    s = scores[["agent_id", "period", "peer_score"]].rename(columns={"peer_score": "_360"})
    out = kpis.astype({"period": str}).merge(s, on=["agent_id", "period"], how="left")
    own = out.pop("peer_score") if "peer_score" in out else pd.Series(np.nan, index=out.index)
    if "peer_score" in absent:
        own = pd.Series(np.nan, index=out.index)
    out["peer_score"] = out.pop("_360").fillna(own)
    return out.drop(columns=[c for c in absent if c in out and c != "peer_score"])


@dataclass(frozen=True)
class Rated360:
    """A 360 round: each agent-period's score (``scores``), the flags, and the export with
    ``peer_score`` from the 360 (``kpis``: :func:`with_360`)."""

    scores: pd.DataFrame
    flags: pd.DataFrame
    kpis: pd.DataFrame

    @classmethod
    def of(
        cls, ratings: pd.DataFrame, kpis: pd.DataFrame, rules: Rules360, lang: Lang = "en"
    ) -> Rated360:
        scores = scores_360(ratings, kpis, rules)
        return cls(scores, flags_360(ratings, rules, lang), with_360(kpis, scores))

    def to_dir(self, out: str | Path) -> Path:
        """Write scores_360.csv, flags_360.csv and kpis_with_360.csv; the files appear only
        once all are written (see :func:`perfkit.files.outputs.staged_dir`)."""
        with staged_dir(out) as stage:
            save_table(self.scores, stage / "scores_360.csv")
            save_table(self.flags, stage / "flags_360.csv")
            save_table(self.kpis, stage / "kpis_with_360.csv")
        return Path(out)
