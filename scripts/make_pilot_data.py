"""Write the bundled synthetic pilot: an export with a known effect, a placebo, the assignment.

10 teams of 8–12 agents, 12 months (2025-01 … 2025-12). Five teams (drawn by
perfkit.analysis.pilot.randomise on the first 8 months) move to the marginal ladder in
2025-09; the others stay on the flat commission. Each KPI is agent effect + month
effect + team-month shock + agent noise; in the pilot's months the pilot teams gain
exactly ``EFFECT`` per agent-month (revenue, orders, dials). The placebo file has the
same draws with no effect; ``pilot_kpis_before.csv`` the months before the pilot (what
``perfkit pilot design`` is run on). The seed (3) was picked among the first 24 as a typical
draw for the bundled example (placebo estimate and pre-trend slope both within one
standard error of 0); tests/analysis/test_pilot_evaluate.py checks the intervals' coverage
over many seeds. Run from the repository root:

    python scripts/make_pilot_data.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perfkit.analysis.pilot.randomise import assign  # noqa: E402
from perfkit.files.outputs import save_table  # noqa: E402

SEED = 3
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
START = "2025-09"
#: True pilot effect per agent-month.
EFFECT = {"revenue": 3000.0, "orders": 1.2, "dials": 400.0}


def panel(seed: int = SEED) -> pd.DataFrame:
    """Agents × months without any effect, with a pilot-arm column still unset."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(8, 13, size=10)
    team = np.repeat([f"T{g + 1:02d}" for g in range(10)], sizes)
    n, t = len(team), len(MONTHS)
    team_code = np.repeat(np.arange(10), sizes)
    skill = rng.normal(0, 5000, n)
    month = np.linspace(-800, 800, t) + rng.normal(0, 400, t)
    shock = rng.normal(0, 1000, (10, t))[team_code]  # team-month shocks: why cluster by team
    noise = rng.normal(0, 4000, (n, t))
    revenue = 25000 + skill[:, None] + month[None, :] + shock + noise
    scale = revenue / 25000
    dials = 4500 * (0.8 + 0.2 * scale) + rng.normal(0, 250, (n, t))
    orders = 10 * scale + rng.normal(0, 1.5, (n, t))
    stays = rng.random(n) > 0.2  # a fifth of agents leave at some month
    leave = np.where(stays, t, rng.integers(3, t, n))
    df = pd.DataFrame(
        {
            "agent_id": np.repeat([f"P{i:04d}" for i in range(n)], t),
            "team": np.repeat(team, t),
            "period": np.tile(MONTHS, n),
            "month_index": np.tile(np.arange(t), n),
            "revenue": revenue.ravel(),
            "dials": dials.ravel(),
            "orders": orders.ravel(),
            "leave_at": np.repeat(leave, t),
        }
    )
    df["complaints"] = rng.poisson(2.0, len(df))
    hired = pd.Timestamp("2024-12-01") - pd.to_timedelta(rng.integers(365, 5 * 365, n), unit="D")
    df["hire_date"] = np.repeat(hired.strftime("%Y-%m-%d"), t)  # tenured: no ramp-up
    return df[df["month_index"] < df["leave_at"]].reset_index(drop=True)


def pilot_teams(df: pd.DataFrame) -> pd.DataFrame:
    """The assignment: 5 of 10 teams by stratified randomisation on the pre-pilot months."""
    pre = df[df["period"] < START]
    tm = pre.groupby(["team", "period"]).agg(
        agents=("agent_id", "nunique"), revenue=("revenue", "sum")
    )
    tm["revenue"] /= tm["agents"]
    prof = tm.groupby("team").mean().rename(columns={"revenue": "revenue_per_agent"}).reset_index()
    out = assign(prof, 5, SEED)
    return out.assign(
        pilot_start=START,
        pilot_months=4,
        scenario="../scenarios/marginal_ladder.yaml",
        baseline="../scenarios/current_flat_commission.yaml",
    )


def export(df: pd.DataFrame, pilot: list[str], effect: float) -> pd.DataFrame:
    """The KPI export: the effect (× ``effect``) added to pilot teams from START on."""
    on = (df["team"].isin(pilot) & (df["period"] >= START)).to_numpy()
    out = df[["agent_id", "team", "period", "hire_date"]].copy()
    out["dials"] = np.round(np.maximum(df["dials"] + effect * EFFECT["dials"] * on, 500))
    out["connected"] = np.round(out["dials"] * 0.27)
    out["orders"] = np.round(np.maximum(df["orders"] + effect * EFFECT["orders"] * on, 0))
    out["revenue"] = np.round(np.maximum(df["revenue"] + effect * EFFECT["revenue"] * on, 0), 2)
    out["refunds"] = 0.0
    out["complaints"] = df["complaints"]
    out["plan"] = np.where(on, "marginal_ladder.yaml", "current_flat_commission.yaml")
    return out


def main() -> None:
    df = panel()
    assignment = pilot_teams(df)
    pilot = assignment.loc[assignment["arm"] == "pilot", "team"].tolist()
    save_table(export(df, pilot, 1.0), ROOT / "data" / "pilot_kpis.csv")
    save_table(export(df, pilot, 0.0), ROOT / "data" / "pilot_kpis_placebo.csv")
    before = export(df[df["period"] < START], pilot, 0.0).drop(columns="plan")
    save_table(before, ROOT / "data" / "pilot_kpis_before.csv")  # what the design sees
    save_table(assignment, ROOT / "data" / "pilot_assignment.csv")
    print(f"pilot teams {pilot}; effect per agent-month {EFFECT}")


if __name__ == "__main__":
    main()
