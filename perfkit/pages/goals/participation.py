"""Agent-proposed targets (员工参与), reconciled with the decomposed targets by a stated rule.

A proposals file has ``agent_id`` (工号), ``kpi`` (指标) and ``proposed`` (建议目标).
Rule: a proposal within ±``tolerance`` of the decomposed target is accepted as it is;
otherwise ``leader`` keeps the decomposed target and marks it for the team leader to
decide, or ``average`` takes the mean of the two. Agents who propose nothing keep
the decomposed target. The team and company totals after reconciliation are shown
against the goal, so the gap a leader must place elsewhere is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError, ParameterError

#: What a proposals file is called in errors.
PROPOSALS = "proposed targets"
#: The largest proposal accepted, as for KPI cells (perfkit.files.data): 10¹².
MAX_PROPOSAL = 1e12

HEADERS = {"工号": "agent_id", "指标": "kpi", "建议目标": "proposed", "目标": "proposed"}


@dataclass(frozen=True)
class ReconcileRule:
    """Accept within ±``tolerance``; beyond it ``leader`` decides or ``average``."""

    tolerance: float = 0.10
    beyond: Literal["leader", "average"] = "leader"

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance < 1:
            raise ParameterError(
                f"tolerance {self.tolerance}: expected a share from 0 to <1, e.g. 0.1"
            )
        if self.beyond not in ("leader", "average"):
            raise ParameterError(f"rule '{self.beyond}': expected leader or average")


def check_proposals(
    raw: pd.DataFrame, targets: pd.DataFrame, source: str = "proposals"
) -> pd.DataFrame:
    """Proposals with canonical columns; unknown agents or KPIs, bad numbers are errors."""
    df = raw.rename(columns=lambda c: HEADERS.get(str(c).strip(), str(c).strip().lower()))
    missing = [c for c in ("agent_id", "kpi", "proposed") if c not in df.columns]
    if missing:
        raise DataError(
            source,
            [f"missing column(s) {', '.join(missing)}; expected agent_id, kpi, proposed"],
            PROPOSALS,
        )
    agents, kpis = set(targets["agent_id"]), set(targets["kpi"])
    df = df.assign(
        agent_id=df["agent_id"].astype(str).str.strip(),
        kpi=[_scorecard_kpi(str(k).strip(), kpis) for k in df["kpi"]],
    )
    value = pd.to_numeric(df["proposed"], errors="coerce")
    line = np.asarray(raw.attrs.get("lines") or np.arange(len(df)) + 2)  # header: line 1
    problems = []
    known = set(zip(targets["agent_id"], targets["kpi"], strict=True))
    for i, (a, k, v) in enumerate(zip(df["agent_id"], df["kpi"], value, strict=True)):
        if a not in agents:
            problems.append(f"line {line[i]}: agent '{a}' has no target this period")
        elif k not in kpis:
            problems.append(
                f"line {line[i]}: KPI '{k}' is not on the scorecard ({', '.join(sorted(kpis))})"
            )
        elif (a, k) not in known:
            problems.append(f"line {line[i]}: no target for agent '{a}' and '{k}'")
        if not np.isfinite(v) or not 0 < v <= MAX_PROPOSAL:
            problems.append(
                f"line {line[i]}: proposed '{df['proposed'].iloc[i]}' is not a number above 0 "
                f"and at most 10^12; expected one (a target of 0 makes attainment infinite)"
            )
    if df.duplicated(["agent_id", "kpi"]).any():
        dup = line[df.duplicated(["agent_id", "kpi"]).to_numpy()]
        problems.append(f"line(s) {', '.join(map(str, dup[:8]))}: the same agent and KPI twice")
    if problems:
        raise DataError(source, problems, PROPOSALS)
    return df.assign(proposed=value.astype(float))[["agent_id", "kpi", "proposed"]]


def _scorecard_kpi(name: str, kpis: set[str]) -> str:
    """The scorecard's name of a KPI a proposal names in any language the export's
    headers may use (``销售额``, ``Revenue`` → ``revenue``); else the name as written."""
    from perfkit.core.kpis import canonical_kpi

    if name in kpis:
        return name
    folded = name.casefold().replace(" ", "_")
    return folded if folded in kpis else (canonical_kpi(name) or name)


def reconcile(
    targets: pd.DataFrame, proposals: pd.DataFrame, rule: ReconcileRule = ReconcileRule()
) -> pd.DataFrame:
    """Every agent × KPI with ``decomposed``, ``proposed``, ``final`` and ``decision``."""
    t = targets.rename(columns={"target": "decomposed"}).merge(
        proposals, on=["agent_id", "kpi"], how="left"
    )
    d, p = t["decomposed"].to_numpy(float), t["proposed"].to_numpy(float)
    has = np.isfinite(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(d != 0, p / d - 1.0, np.where(p == 0, 0.0, np.inf))
    within = has & (np.abs(gap) <= rule.tolerance + 1e-12)
    beyond = has & ~within
    final = np.where(within, p, d)
    if rule.beyond == "average":
        final = np.where(beyond, (p + d) / 2, final)
    t["gap"] = np.where(has, gap, np.nan)
    t["final"] = final
    t["decision"] = np.select(
        [~has, within, beyond & (rule.beyond == "average")],
        ["decomposed (no proposal)", "proposal accepted", "averaged"],
        "leader decides (decomposed kept)",
    )
    return t
