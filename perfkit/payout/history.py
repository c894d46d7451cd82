"""History-based targets: each agent's own past mean, and the ratchet that moves it.

``split: history`` reads each agent's own mean of the KPI over a *history* table:
by default the KPI table itself (a back-test: the year re-priced is its own
history), or a table the caller gives (a simulation: the client's export, or each
agent's expected output at plan start), so that targets do not follow the output
they pay for. Agents the history does not know (new hires) get the mean of the
agents it knows.

A ``ratchet`` is the only way a target follows output: at the start of each cycle
(calendar month, quarter or year of the period labels) each agent's target moves
by ``share`` × (the agent's mean KPI over their previous cycle − their target then).
Each agent's first cycle in the table keeps the history-based target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from perfkit.core.quarters import first_month
from perfkit.payout.groups import Groups, densify, group_mean

if TYPE_CHECKING:
    from perfkit.payout.frame import Rows, Table

#: Months per ratchet cycle.
CYCLE_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class AgentHistory:
    """A prepared history table, and where each priced agent's history is in it.

    ``of_agent[c]`` is the history's agent code of the priced table's agent name
    code ``c`` (−1: the history does not know the agent).
    """

    rows: Rows
    agents: Groups
    of_agent: np.ndarray


def agent_history(history: Table, names: np.ndarray) -> AgentHistory:
    """Index a prepared history table by the agent names of the table being priced."""
    known = pd.Index(history.agent_names)
    agents = Groups(history.rows.agent_order, len(known))
    return AgentHistory(history.rows, agents, known.get_indexer(pd.Index(names)))


def own_history(
    values: np.ndarray, rows: Rows, history: AgentHistory | None, kpi: str, margin_rate: float
) -> np.ndarray:
    """Per row of ``rows``: the agent's own mean of the KPI over the history (see the
    module docstring); without a history table, the mean of ``values`` over the agent's
    own rows."""
    if history is None:
        return group_mean(values, rows.agent)[rows.agent.codes]
    means = group_mean(history.rows.kpi(kpi, margin_rate), history.agents)
    known = np.bincount(history.agents.codes, minlength=history.agents.n) > 0
    fallback = float(means[known].mean()) if known.any() else 0.0
    code = history.of_agent[rows.agent_order]
    return np.where(code >= 0, means[np.maximum(code, 0)], fallback)


def cycle_codes(labels: np.ndarray, every: str, months_per_period: int) -> np.ndarray:
    """Cycle number of each period label: calendar cycles of ``YYYY-MM`` / ``YYYY-Qn``
    labels, else by position (``every`` ÷ the period's months periods per cycle)."""
    months = CYCLE_MONTHS[every]
    found = [_MONTH.match(first_month(str(label))) for label in labels]
    if all(found):
        index = np.array([int(m[1]) * 12 + int(m[2]) - 1 for m in found], dtype=np.int64)
        return index // months
    return np.arange(len(labels), dtype=np.int64) // max(1, months // months_per_period)


def ratchet(
    base: np.ndarray,
    output: np.ndarray,
    agent: Groups,
    cycle: np.ndarray,
    share: float,
) -> np.ndarray:
    """Per-row targets ``base`` moved each cycle by share × (last cycle's output − target).

    ``agent`` groups each agent's rows (per run), ``cycle`` is each row's cycle
    number; output and target of a cycle are the agent's means over its rows there.
    An agent absent for a cycle carries its target over.
    """
    k, n_cycles = densify(cycle)
    g = agent.codes
    flat = g * n_cycles + k
    size = agent.n * n_cycles
    count = np.bincount(flat, minlength=size).reshape(agent.n, n_cycles)
    seen = np.maximum(count, 1)
    out = np.bincount(flat, output, size).reshape(agent.n, n_cycles) / seen
    tgt = np.bincount(flat, base, size).reshape(agent.n, n_cycles) / seen
    shift = np.zeros((agent.n, n_cycles))
    last_t, last_o = np.zeros(agent.n), np.zeros(agent.n)
    has = np.zeros(agent.n, dtype=bool)
    for c in range(n_cycles):
        here = count[:, c] > 0
        moved = last_t + share * (last_o - last_t)
        shift[:, c] = np.where(has & here, moved - tgt[:, c], 0.0)
        now = tgt[:, c] + shift[:, c]
        last_t = np.where(here, now, last_t)
        last_o = np.where(here, out[:, c], last_o)
        has |= here
    return base + shift[g, k]
