"""The message for best responses that did not settle: which periods, agents and teams."""

from __future__ import annotations

import numpy as np

from perfkit.model.population import Population


def unsettled_message(
    unsettled: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]], pop: Population, s
) -> str:
    """One message for every period whose best responses did not settle."""
    labels = ", ".join(label for label, *_ in unsettled[:6]) + ("…" if len(unsettled) > 6 else "")
    agents = np.unique(
        np.concatenate([np.flatnonzero(mv.any(axis=0)) for _, mv, _, _ in unsettled])
    )
    shown = ", ".join(f"{pop.agent_id[i]} ({pop.team[i]})" for i in agents[:5])
    teams = ", ".join(sorted({str(pop.team[i]) for i in agents})[:8])
    gap = max(float(g.max()) for _, _, g, _ in unsettled)
    gain = max(float(g.max()) for _, _, _, g in unsettled)
    return (
        f"best responses did not settle in {len(unsettled)} period(s) ({labels}) after "
        f"{s.max_iterations} iterations: {agents.size} agent(s) (e.g. {shown}; teams {teams}) "
        f"could still gain up to {gain:,.3g} a period by moving their choices by up to "
        f"{gap:.3f}. Typical when pay depends on rank (forced distribution, prizes) or on "
        f"team thresholds; the reported choices are the damped average. Raise "
        f"behaviour.samples or behaviour.max_iterations, or lower behaviour.damping "
        f"(now {s.damping})."
    )


def still_moving(
    moving: np.ndarray, gaps: dict[str, np.ndarray], tolerance: float, refined: bool
) -> np.ndarray:
    """Which of the choices ``moving`` after the search (states × agents) are unsettled.

    ``refined``: pay is private and the smooth step settles effort afresh (every effort
    scanned on the finer draws, then its fixed point), so effort still creeping on the
    search's coarse staircase is not unsettled; the other choices (``gaps``: each
    dimension's last move) can be.
    """
    if not refined:
        return moving
    rest = [g for d, g in gaps.items() if d != "effort"]
    return moving & (np.max(rest, axis=0) >= tolerance) if rest else np.zeros_like(moving)
