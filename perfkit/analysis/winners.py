"""Winners and losers: each agent's pay change put into the bands clients read.

Bands (DESIGN §5): ≤ −5%, −5…−0.1%, ±0.1%, +0.1…+5%, > +5%. An agent whose old
pay is 0 and new pay is positive counts as a big winner.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

BANDS: Final = ("≤ −5%", "−5…−0.1%", "±0.1%", "+0.1…+5%", "> +5%")
#: Upper edges of the first four bands, as fractions of old pay.
_EDGES: Final = np.array([-0.05, -0.001, 0.001, 0.05])


def pay_change(old: np.ndarray | pd.Series, new: np.ndarray | pd.Series) -> np.ndarray:
    """(new − old) ÷ |old|, with +inf / 0 where old pay is 0."""
    o = np.asarray(old, dtype=float)
    n = np.asarray(new, dtype=float)
    diff = n - o
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(o != 0, diff / np.abs(o), np.sign(diff) * np.inf)
    return np.nan_to_num(out, nan=0.0, posinf=np.inf, neginf=-np.inf)


def change_band(change: np.ndarray) -> pd.Categorical:
    """The band of each relative change (≤ −5% is closed on the right: −5% exactly is a loss band)."""
    change = np.asarray(change, dtype=float)
    idx = np.searchsorted(_EDGES, change, side="left")
    idx = np.where(np.isclose(change, _EDGES[1]), 2, idx)  # ±0.1% is closed on both sides
    return pd.Categorical.from_codes(idx, categories=list(BANDS), ordered=True)


def band_counts(change: np.ndarray) -> pd.Series:
    """Number of agents per band, every band present (zeros included), in band order."""
    return (
        pd.Series(change_band(change)).value_counts(sort=False).reindex(list(BANDS), fill_value=0)
    )


def bands_by_segment(agents: pd.DataFrame, view: str) -> pd.DataFrame:
    """Agents per plan, band and segment (all, skill quartile, tenure group, team) of an
    agents table with plan, band and those segment columns; ``view`` names it
    (dynamic: after behaviour responds, static: the back-test)."""
    rows = []
    for kind in ("all", "skill_quartile", "tenure_group", "team"):
        key = agents[kind] if kind != "all" else pd.Series("all", index=agents.index)
        for (plan, seg), grp in agents.groupby([agents["plan"], key], sort=True, observed=True):
            counts = grp["band"].value_counts().reindex(list(BANDS), fill_value=0)
            rows += [
                {
                    "plan": plan,
                    "view": view,
                    "segment_kind": kind,
                    "segment": str(seg),
                    "band": b,
                    "agents": int(n),
                }
                for b, n in counts.items()
            ]
    return pd.DataFrame(rows, columns=["plan", "view", "segment_kind", "segment", "band", "agents"])
