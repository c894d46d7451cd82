"""Reduced-form statistics of a KPI panel: one function for the export and for simulated panels.

Indirect inference (Gouriéroux, Monfort & Renault 1993) compares the same statistics
computed on the client's export and on panels the model simulates over the export's
own teams, months and plan assignment. This module computes them, once, for both:
:func:`reduced_form` takes a table of agent-months (``run``, ``team``, ``period``,
``plan``, the KPIs, ``quit``, ``at_risk``) and returns every statistic per run.

The statistics (each a function of sums over teams, so a team bootstrap only
re-weights teams):

- ``log_<kpi>@switch`` / ``@control``: per arm, log(mean per agent-month after the
  change ÷ before) of dials, orders and revenue; the response moment ``did_<kpi>`` is
  the switchers' less the controls' (a difference in differences), or the switchers'
  alone (before/after) when every team changed;
- ``quit_rate``: quits per agent-month at risk; ``quit_gap``: the quit rate of
  agent-months selling below the month's median less that of those above (pay
  relative to the outside option: the outside option is common, pay rises with sales);
- ``bunching[plan@kpi edge]``: log((agent-months in [edge, edge + 5%) + ½) ÷ (those in
  [edge − 5%, edge) + ½)) for every cliff of every plan in force (perfkit.analysis.risk);
- ``quarter_end[plan]``: log(revenue per agent-month in a quarter's last month ÷ in its
  first two), for monthly plans with a quarter-cycle bonus.

The design: each team's plan per month is the plan of most of its rows; a team
*switches* in the first month its plan differs from its first; teams that never
switch are controls, split at the switchers' median change month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError

KPIS = ("dials", "orders", "revenue")
ARMS = ("switch", "control")
#: Fewest months on the old plan before the first change.
MIN_PRE = 2
#: Statistics that identify the effort cost (the others check the model's fit).
RESPONSE = tuple(f"did_{k}" for k in KPIS)


@dataclass(frozen=True)
class Design:
    """Who changed plan when, per team × month."""

    teams: list[str]
    months: list[str]
    plan: np.ndarray  # team × month: key of the plan in force
    switcher: np.ndarray  # per team
    post: np.ndarray  # team × month: after the team's change (controls: the median's)
    change: str | None
    edges: tuple[tuple[str, str, float], ...] = ()  # (plan key, KPI, edge)
    quarterly: tuple[str, ...] = ()  # plan keys with a quarter-cycle bonus

    @property
    def has_control(self) -> bool:
        return bool((~self.switcher).any()) and bool(self.switcher.any())

    def arm(self, name: str) -> np.ndarray:
        return self.switcher if name == "switch" else ~self.switcher


def _team_month_plan(rows: pd.DataFrame, teams: list[str], months: list[str]) -> np.ndarray:
    """The plan of most rows per team × month, carried over months without rows."""
    g = rows.groupby(["team", "period"], observed=True)["plan"]
    mode = g.agg(lambda s: s.value_counts().index[0])
    table = mode.unstack("period").reindex(index=teams, columns=months)
    table = table.ffill(axis=1).bfill(axis=1)
    return table.to_numpy(dtype=object).astype(str)


def design(rows: pd.DataFrame, plans=None, source: str = "<export>") -> Design:
    """The plan change in ``rows`` (team, period, plan) and the cliffs of its plans."""
    rows = rows.assign(team=rows["team"].astype(str), period=rows["period"].astype(str))
    if "plan" not in rows:
        rows = rows.assign(plan="")
    teams = sorted(rows["team"].unique())
    months = sorted(rows["period"].unique())
    plan = _team_month_plan(rows.assign(plan=rows["plan"].astype(str)), teams, months)
    changed = plan != plan[:, :1]
    switcher = changed.any(axis=1)
    edges, quarterly = _cliffs(plans, set(plan.ravel()))
    if not switcher.any():
        post = np.zeros(plan.shape, bool)
        return Design(teams, months, plan, switcher, post, None, edges, quarterly)
    start = np.where(switcher, changed.argmax(axis=1), len(months))
    middle = int(np.sort(start[switcher])[int(switcher.sum()) // 2])
    point = np.where(switcher, start, middle)
    post = np.arange(len(months))[None, :] >= point[:, None]
    first = int(start[switcher].min())
    if first < MIN_PRE:
        before = ", ".join(months[:first]) or "none"
        raise DataError(source, [
            f"column 'plan': the plan changes in {months[first]}, leaving {first} month(s) "
            f"before it ({before}); estimating the response needs at least {MIN_PRE} months "
            "on the old plan"])  # fmt: skip
    return Design(teams, months, plan, switcher, post, months[middle], edges, quarterly)


def _cliffs(plans, used: set[str]) -> tuple[tuple[tuple[str, str, float], ...], tuple[str, ...]]:
    """Every cliff (plan key, KPI, edge) and the plans with a quarter-cycle bonus, among ``used``."""
    from perfkit.analysis.risk import cliff_edges
    from perfkit.model.behaviour.pricer import scenario_cycle

    if plans is None:
        return (), ()
    found = getattr(plans, "plans", {"": plans})
    edges, quarterly = [], []
    for key, sc in found.items():
        if key not in used:
            continue
        edges += [(key, kpi, float(edge)) for kpi, edge, *_ in cliff_edges(sc) if edge > 0]
        if getattr(sc, "period", "month") == "month" and scenario_cycle(sc) == 3:
            quarterly.append(key)  # a quarter-cycle bonus on a monthly plan
    return tuple(edges), tuple(quarterly)


# --------------------------------------------------------------------------- the cube
def cube(rows: pd.DataFrame, d: Design) -> dict[str, np.ndarray]:
    """Sums per run × team × month of what the statistics read.

    ``rows``: agent-months with ``team``, ``period``, ``plan``, the KPIs, ``quit`` and
    ``at_risk`` (and ``run``; absent: one run).
    """
    run = rows["run"].to_numpy(np.int64) if "run" in rows else np.zeros(len(rows), np.int64)
    R, T, M = int(run.max()) + 1 if len(rows) else 1, len(d.teams), len(d.months)
    t = pd.Index(d.teams).get_indexer(rows["team"].astype(str))
    m = pd.Index(d.months).get_indexer(rows["period"].astype(str))
    key = (run * T + t) * M + m

    def total(x: np.ndarray) -> np.ndarray:
        return np.bincount(key, np.asarray(x, float), R * T * M).reshape(R, T, M)

    revenue = rows["revenue"].to_numpy(float)
    median = pd.Series(revenue).groupby([run, m]).transform("median").to_numpy()
    low = revenue < median
    risk, quit = rows["at_risk"].to_numpy(bool), rows["quit"].to_numpy(bool)
    out = {"n": total(np.ones(len(rows))), **{k: total(rows[k].to_numpy(float)) for k in KPIS}}
    out.update(_stayers(rows, run, t, m, d, R))
    out.update(at_risk=total(risk), quits=total(quit & risk), low_at_risk=total(risk & low),
               low_quits=total(quit & risk & low))  # fmt: skip
    plan = rows["plan"].astype(str).to_numpy()
    for i, (key_, kpi, edge) in enumerate(d.edges):
        x = rows[kpi].to_numpy(float) if kpi in rows else np.zeros(len(rows))
        mine = plan == key_
        out[f"above{i}"] = total(mine & (x >= edge) & (x < edge * 1.05))
        out[f"below{i}"] = total(mine & (x >= edge * 0.95) & (x < edge))
    return out


def _stayers(rows: pd.DataFrame, run, t, m, d: Design, R: int) -> dict[str, np.ndarray]:
    """Per run × team × (before, after): Σ over agents seen on both sides of their team's
    change of each agent's mean KPI per month on that side (agent fixed effects)."""
    T = len(d.teams)
    ids = rows["agent_id"]
    who, _ = pd.factorize(ids if pd.api.types.is_numeric_dtype(ids) else ids.astype(str),
                          use_na_sentinel=False)  # fmt: skip
    # run × agent, coded in order of first appearance as a MultiIndex of the two would be,
    # without building one (that was about 2% of an estimate's time)
    agent, _ = pd.factorize(np.asarray(run, np.int64) * (int(who.max(initial=-1)) + 1) + who)
    A = int(agent.max()) + 1 if len(agent) else 0
    post = d.post[t, m]
    n_pre, n_post = np.bincount(agent, ~post, A), np.bincount(agent, post, A)
    first = np.full(A, len(rows))
    np.minimum.at(first, agent, np.arange(len(rows)))
    key = run[first] * T + t[first]  # the agent's run and first team
    stay = (n_pre > 0) & (n_post > 0)
    out = {"stayers": np.bincount(key, stay, R * T).reshape(R, T, 1).repeat(2, axis=2)}
    for k in KPIS:
        x = rows[k].to_numpy(float)
        means = [np.bincount(agent, x * side, A) / np.maximum(n, 1)
                 for side, n in ((~post, n_pre), (post, n_post))]  # fmt: skip
        out[f"fe_{k}"] = np.stack(
            [np.bincount(key, v * stay, R * T).reshape(R, T) for v in means], axis=2
        )
    return out


def _sum(x: np.ndarray, w: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    """Σ over teams (weighted) and months of x where ``mask`` (team × month): per run (× draw)."""
    xm = x * mask[None]
    if w is None:
        return xm.sum(axis=(1, 2))
    return np.einsum("rtm,bt->rb", xm, w)


def arm_statistics(c: dict[str, np.ndarray], d: Design, w: np.ndarray | None = None) -> dict:
    """Each statistic's per-arm parts (team bootstrap weights ``w``: draws × teams)."""
    out: dict[str, np.ndarray] = {}
    T, M = len(d.teams), len(d.months)
    every = np.ones((T, M), bool)
    for arm in ARMS:
        if not d.arm(arm).any() or not d.switcher.any():
            continue
        sides = np.zeros((len(d.teams), 2), bool)
        sides[d.arm(arm)] = True
        before, after = sides & [True, False], sides & [False, True]
        for k in KPIS:
            a0, a1 = _sum(c[f"fe_{k}"], w, before), _sum(c[f"fe_{k}"], w, after)
            out[f"log_{k}@{arm}"] = np.log(np.maximum(a1, 1e-9) / np.maximum(a0, 1e-9))
    risk = _sum(c["at_risk"], w, every)
    out["quit_rate"] = _sum(c["quits"], w, every) / np.maximum(risk, 1e-9)
    low_r = _sum(c["low_at_risk"], w, every)
    low_q = _sum(c["low_quits"], w, every)
    high = (_sum(c["quits"], w, every) - low_q) / np.maximum(risk - low_r, 1e-9)
    out["quit_gap"] = low_q / np.maximum(low_r, 1e-9) - high
    for i, (key, kpi, edge) in enumerate(d.edges):
        a, b = _sum(c[f"above{i}"], w, every), _sum(c[f"below{i}"], w, every)
        out[f"bunching[{key}@{kpi} {edge:,.0f}]"] = np.log((a + 0.5) / (b + 0.5))
    third = np.array([int(m[-2:]) % 3 == 0 if m[-3] == "-" else False for m in d.months])
    for key in d.quarterly:
        mine = d.plan == key
        late, early = mine & third[None, :], mine & ~third[None, :]
        r1 = _sum(c["revenue"], w, late) / np.maximum(_sum(c["n"], w, late), 1e-9)
        r0 = _sum(c["revenue"], w, early) / np.maximum(_sum(c["n"], w, early), 1e-9)
        out[f"quarter_end[{key}]"] = np.log(np.maximum(r1, 1e-9) / np.maximum(r0, 1e-9))
    return out


def combine(parts: dict[str, np.ndarray], d: Design) -> dict[str, np.ndarray]:
    """The statistics from their per-arm parts: did_<kpi> = switchers − controls."""
    out = {k: v for k, v in parts.items() if "@" not in k or k.startswith("bunching")}
    for k in KPIS:
        if f"log_{k}@switch" in parts:
            did = parts[f"log_{k}@switch"]
            if d.has_control:
                did = did - parts[f"log_{k}@control"]
            out[f"did_{k}"] = did
    return out


def reduced_form(rows: pd.DataFrame, d: Design) -> dict[str, np.ndarray]:
    """Every statistic, per run of ``rows`` (the module docstring)."""
    return combine(arm_statistics(cube(rows, d), d), d)


def quits(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(at risk, quit) per row of an export.

    A month is at risk when the agent's team is seen in a later month; the agent quit
    in it when that was its last row. An agent whose team's rows stop (a held-out team,
    the export's end) is censored there, not a quit.
    """
    period = df["period"].astype(str)
    team = df["team"].astype(str) if "team" in df else pd.Series("", index=df.index)
    team_last = period.groupby(team).transform("max")
    agent_last = period.groupby(df["agent_id"]).transform("max")
    at_risk = (period < team_last).to_numpy()
    return at_risk, at_risk & (period == agent_last).to_numpy()


def export_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The export's agent-months as :func:`reduced_form` reads them (with :func:`quits`)."""
    at_risk, quit = quits(df)
    return df.assign(at_risk=at_risk, quit=quit)


def team_bootstrap(d: Design, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Team weights (draws × teams), each arm resampled within itself, and each arm's
    small-sample factor √(G ÷ (G − 1)) (the bootstrap variance of a mean over G
    clusters is (G − 1) ÷ G of its sampling variance)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(17,)))
    w = np.zeros((draws, len(d.teams)))
    factor = {}
    for arm in ARMS:
        idx = np.flatnonzero(d.arm(arm))
        if idx.size == 0:
            continue
        pick = rng.integers(0, idx.size, (draws, idx.size))
        for j, t in enumerate(idx):
            w[:, t] = (pick == j).sum(axis=1)
        factor[arm] = np.sqrt(idx.size / (idx.size - 1)) if idx.size > 1 else 1.0
    return w, np.array([factor.get(a, 1.0) for a in ARMS])


def bootstrap(
    c: dict[str, np.ndarray],
    d: Design,
    draws: int,
    seed: int,
    model: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Team-bootstrap draws of every statistic of the export (its cube ``c``).

    With ``model`` (the model's expected cube over the same teams) the teams' residuals
    are resampled: each draw is the export's statistic plus the draw's change in
    (export − model). What the model reproduces team by team (which agents sit where
    on a ladder) then adds no noise; what it does not (months' luck, quits, the traits
    no export shows) does. Each arm's deviations are scaled by its small-sample factor.
    """
    w, factor = team_bootstrap(d, draws, seed)
    obs = arm_statistics(c, d)
    got = arm_statistics(c, d, w)
    if model is not None:
        at, moved = arm_statistics(model, d), arm_statistics(model, d, w)
        got = {k: v - (moved[k] - at[k][:, None]) for k, v in got.items()}
    every = float(np.sqrt(len(d.teams) / max(len(d.teams) - 1, 1)))
    scaled = {}
    for k, v in got.items():
        arm = k.rsplit("@", 1)[-1] if "@" in k and not k.startswith("bunching") else None
        f = factor[ARMS.index(arm)] if arm in ARMS else every
        scaled[k] = obs[k][:, None] + f * (v - obs[k][:, None])
    return {k: v[0] for k, v in combine(scaled, d).items()}
