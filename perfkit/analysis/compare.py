"""Compare plans on the same population and the same random draws.

Every plan is simulated on one population (the client's export when given, else the
baseline's: see :mod:`perfkit.fit.population_choice`) and the same seed, so common random
numbers make the differences between plans differences of the plans alone. The
result holds tidy tables a report or a notebook can chart.

Precision to decide: with ``max_runs`` above ``runs``, the comparison doubles its
runs (one fresh simulation of every plan with the larger count and the same seed,
so the result is exactly that of a plain comparison with as many runs) until the
leader beats the runner-up on profit in at least 90% of paired runs, or the budget
is spent; :attr:`Comparison.decision` says which (see :mod:`perfkit.core.precision`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.metrics import HEADLINE, segments
from perfkit.analysis.paired import PairedRuns, on_one_floor
from perfkit.analysis.per_plan import grade_shares, mean_effort, mean_funnel, mean_pay_parts
from perfkit.analysis.risk import risk_flags
from perfkit.analysis.winners import bands_by_segment, change_band, pay_change
from perfkit.core.callable import make_callable
from perfkit.core.errors import ParameterError
from perfkit.core.precision import Decision, mean_ci, paired_ci
from perfkit.files.outputs import atomic_write_text, save_table, staged_dir
from perfkit.model.population import Population
from perfkit.scheme import Scenario
from perfkit.simulate import SimulationResult


@dataclass(frozen=True)
class Comparison:
    """Plans side by side; every table is long/tidy with a ``plan`` column."""

    baseline: str
    plans: list[str]
    scenarios: dict[str, Scenario]
    summary: pd.DataFrame  # plan, metric, mean, p10, p50, p90, delta, delta_pct, CIs (see _summary)
    per_run: pd.DataFrame  # plan, run, one column per headline metric
    agents: pd.DataFrame  # plan, agent_id, team, segments, pay, revenue, effort, change, band
    bands: pd.DataFrame  # plan, view, segment_kind, segment, band, agents
    flags: pd.DataFrame  # plan, flag, triggered, value, threshold, message
    grade_mix: pd.DataFrame  # plan, grade, share
    pay_mix: pd.DataFrame  # plan, component, amount (mean per agent-period)
    effort: pd.DataFrame  # plan, measure, value
    funnel: pd.DataFrame  # plan, stage, value (mean per agent-period)
    periods: int = 12  # periods simulated; money metrics are totals over them
    period_unit: str = "month"
    results: dict[str, SimulationResult] = field(repr=False, default_factory=dict)
    population: Population | None = field(repr=False, default=None)  # what every plan ran on
    meta: dict[str, Any] = field(default_factory=dict)  # "population": see population_choice.Chosen
    decision: Decision | None = None  # leader vs runner-up on profit; None with one plan

    def metric(self, plan: str, metric: str, stat: str = "mean") -> float:
        """One number of the summary, e.g. ``metric("B", "profit", "p90")``."""
        row = self.summary[(self.summary["plan"] == plan) & (self.summary["metric"] == metric)]
        return float(row[stat].iloc[0])

    def to_dir(self, out: str | Path, also: dict[str, str] | None = None) -> Path:
        """Write comparison.json, the tables as CSV and the documents ``also`` names (file
        name → text, e.g. a report's summary.json); the files appear only once all are
        written (see :func:`perfkit.files.outputs.staged_dir`)."""
        with staged_dir(out) as stage:
            self._write(stage)
            for name, text in (also or {}).items():
                atomic_write_text(stage / name, text)
        return Path(out)

    def _write(self, out: Path) -> None:
        for name in (
            "summary",
            "per_run",
            "agents",
            "bands",
            "flags",
            "grade_mix",
            "pay_mix",
            "effort",
            "funnel",
        ):
            save_table(getattr(self, name), out / f"{name}.csv")
        doc = {
            "baseline": self.baseline,
            "plans": self.plans,
            "population": self.meta.get("population"),
            "runs": int(self.per_run["run"].nunique()),
            "decision": None if self.decision is None else self.decision.to_dict(),
            "summary": {
                plan: {
                    r.metric: {k: _num(getattr(r, k)) for k in SUMMARY_STATS}
                    for r in grp.itertuples()
                }
                for plan, grp in self.summary.groupby("plan", sort=False)
            },
            "flags": self.flags[self.flags["triggered"]].to_dict(orient="records"),
        }
        atomic_write_text(
            out / "comparison.json", json.dumps(doc, ensure_ascii=False, indent=2, default=_num)
        )


#: The summary's statistics per plan × metric, as comparison.json writes them.
SUMMARY_STATS = (
    "mean", "ci_low", "ci_high", "p10", "p50", "p90", "delta", "delta_pct", "delta_low",
    "delta_high",
)  # fmt: skip


def _num(x: object) -> object:
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not np.isfinite(x):
        return None
    return x


def _summary(per_run: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Per plan × metric: the mean and its 95% CI (ci_low, ci_high), P10/P50/P90, the
    change on the baseline's mean (delta, delta_pct) and the 95% CI of that change
    from the paired runs (delta_low, delta_high)."""
    long = per_run.melt(id_vars=["plan", "run"], var_name="metric", value_name="value")
    g = long.groupby(["plan", "metric"], sort=False)["value"]
    out = pd.DataFrame(
        {
            "mean": g.mean(),
            "p10": g.quantile(0.10),
            "p50": g.quantile(0.50),
            "p90": g.quantile(0.90),
        }
    ).reset_index()
    base = out[out["plan"] == baseline].set_index("metric")["mean"]
    ref = out["metric"].map(base)
    out["delta"] = out["mean"] - ref
    out["delta_pct"] = np.where(ref.abs() > 1e-12, out["delta"] / ref.abs(), np.nan)
    out = out.merge(_intervals(per_run, baseline), on=["plan", "metric"], how="left")
    order = {m: i for i, m in enumerate(HEADLINE)}
    out["_o"] = out["metric"].map(order).fillna(len(order))
    plan_order = {p: i for i, p in enumerate(per_run["plan"].unique())}
    out["_p"] = out["plan"].map(plan_order)
    return out.sort_values(["_p", "_o"]).drop(columns=["_o", "_p"]).reset_index(drop=True)


def _intervals(per_run: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Per plan × metric: 95% CI of the mean, and of the paired change on the baseline."""
    metrics = [c for c in per_run.columns if c not in ("plan", "run")]
    base = per_run[per_run["plan"] == baseline].set_index("run")[metrics]
    rows = []
    for plan, grp in per_run.groupby("plan", sort=False):
        x = grp.set_index("run")[metrics]
        _, lo, hi = mean_ci(x.to_numpy(float))
        _, dlo, dhi = paired_ci(x.to_numpy(float), base.reindex(x.index).to_numpy(float))
        rows.append(
            pd.DataFrame(
                {"plan": plan, "metric": metrics, "ci_low": lo, "ci_high": hi,
                 "delta_low": dlo, "delta_high": dhi}
            )
        )  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def _agent_means(result: SimulationResult, plan: str) -> pd.DataFrame:
    """Each agent's mean pay, revenue and effort per period over runs and the periods they stay."""
    a = result.agents
    a = a[a["agent_id"].isin(result.population["agent_id"])]  # the agents of today, not later hires
    g = a.groupby("agent_id", sort=True, observed=True)
    out = pd.DataFrame(
        {
            "team": g["team"].first(),
            "pay": g["total_pay"].mean(),
            "revenue": g["revenue"].mean(),
            "effort": g["effort"].mean(),
        }
    ).reset_index()
    out.insert(0, "plan", plan)
    return out


def compare(
    scenarios: list[Scenario],
    baseline: int | str = 0,
    runs: int = 50,
    seed: int = 0,
    periods: int | None = None,
    kpis: pd.DataFrame | None = None,
    progress: bool = False,
    *,
    data: pd.DataFrame | str | Path | None = None,
    population: Population | None = None,
    max_runs: int | None = None,
) -> Comparison:
    """Simulate every plan on one population with common random numbers.

    ``data``: the client's KPI export (a path or a loaded table): every plan runs on
    the population calibrated from it, and it is the history of the static
    (back-test) winners and losers. ``population``: a Population to run every plan
    on instead. Without either, every plan runs on the baseline's population; a
    scenario stating another one gets a PerfkitWarning. ``kpis``: a history for the
    back-test alone (default: ``data``); without any, only the dynamic view (after
    behaviour responds) is given. ``max_runs``: the budget of paired runs; above
    ``runs``, runs double until the profit leader clearly beats the runner-up (see
    the module docstring); default ``runs`` (no more runs).
    """
    plans, same_pop, chosen = on_one_floor(scenarios, baseline, data, population)
    kpis = chosen.kpis if kpis is None else kpis
    budget = runs if max_runs is None else max_runs
    if isinstance(budget, bool) or not isinstance(budget, int | np.integer) or budget < runs:
        raise ParameterError(f"max_runs: expected a whole number ≥ runs ({runs}), got {max_runs!r}")
    _fits(same_pop, chosen.population, budget, periods, progress)
    sims = PairedRuns(same_pop, chosen.population, seed, periods, progress)
    results, per_run, decision = sims.until_decided(runs, budget)
    agents, bands = _winners_and_losers(results, same_pop, kpis)
    flags = pd.concat(
        [
            risk_flags(results[p], same_pop[p], per_run[per_run["plan"] == p]).assign(plan=p)
            for p in plans
        ],
        ignore_index=True,
    )
    flags = flags[["plan", *[c for c in flags.columns if c != "plan"]]]
    return Comparison(
        baseline=plans[0],
        plans=plans,
        scenarios=same_pop,
        summary=_summary(per_run, plans[0]),
        per_run=per_run,
        agents=agents,
        bands=bands,
        flags=flags,
        grade_mix=grade_shares(results, plans, same_pop),
        pay_mix=mean_pay_parts(results, plans),
        effort=mean_effort(results, plans),
        funnel=mean_funnel(results, plans),
        periods=len(results[plans[0]].meta["periods"]),
        period_unit=same_pop[plans[0]].period,
        results=results,
        population=chosen.population,
        meta={"population": chosen.info},
        decision=decision,
    )


def _winners_and_losers(
    results: dict[str, SimulationResult], scenarios: dict[str, Scenario], kpis: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each agent's means under every plan with the change in pay on the baseline (the
    first plan) and its band; and the agents per band, segment and plan, after
    behaviour responds ("dynamic") and, with a history, on it unchanged ("static")."""
    plans = list(scenarios)
    agents = pd.concat([_agent_means(results[p], p) for p in plans], ignore_index=True)
    seg = segments(results[plans[0]])
    agents = agents.merge(seg, on="agent_id", how="left")
    base_pay = agents[agents["plan"] == plans[0]].set_index("agent_id")["pay"]
    agents["change"] = pay_change(agents["agent_id"].map(base_pay), agents["pay"])
    agents["band"] = change_band(agents["change"].to_numpy())
    bands = bands_by_segment(agents[agents["plan"] != plans[0]], "dynamic")
    if kpis is not None and len(plans) > 1:
        static = pd.concat(
            [
                _static(scenarios[plans[0]], scenarios[p], kpis, seg).assign(plan=p)
                for p in plans[1:]
            ],
            ignore_index=True,
        )
        bands = pd.concat([bands, bands_by_segment(static, "static")], ignore_index=True)
    return agents, bands


def _static(base: Scenario, plan: Scenario, kpis: pd.DataFrame, seg: pd.DataFrame) -> pd.DataFrame:
    """The back-test of ``plan`` on the history, per agent, with the agents' segments."""
    from perfkit.analysis.backtest import backtest

    bt = backtest(base, plan, kpis).per_agent.merge(seg, on="agent_id", how="left")
    for col in ("skill_quartile", "tenure_group"):
        bt[col] = bt[col].fillna("n/a")
    return bt


def _fits(scenarios: dict[str, Scenario], pop: Population | None, runs: int,
          periods: int | list | None, progress: bool) -> None:  # fmt: skip
    """Refuse, before any work, a comparison whose plans' tables at the full run budget
    would not fit the memory budget together (perfkit.model.scale.estimate)."""
    if not isinstance(pop, Population):
        return  # each plan's own population: simulate checks each
    import sys

    from perfkit.model.behaviour import engine_pricer
    from perfkit.model.behaviour.pricer import fixed_aggregates
    from perfkit.model.scale.estimate import check, combined, for_simulation
    from perfkit.model.scale.limits import current
    from perfkit.scheme.population import Simulation

    first = next(iter(scenarios.values()))
    sim = first.simulation or Simulation()
    per_year = 4 if first.period == "quarter" else 12
    n_periods = (
        len(periods)
        if isinstance(periods, list | tuple)
        else int(periods or sim.periods or per_year)
    )
    pricers = {name: engine_pricer(sc) for name, sc in scenarios.items()}
    ests = []
    for name, sc in scenarios.items():
        behaviour, copies = (sc.simulation or sim).behaviour, not fixed_aggregates(pricers[name])
        ests.append(for_simulation(pop, n_periods, runs, pricers[name], behaviour, copies=copies))
    est, limits = combined(ests), current()
    if progress:
        print(est.line(limits), file=sys.stderr, flush=True)
    check(est, limits)


make_callable(__name__)
