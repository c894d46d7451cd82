"""Write the bundled examples for `perfkit rate360` and `perfkit targets` (seeded).

data/sample_ratings.csv: a June 2025 360 of team T1 in data/sample_kpis.csv — each agent
rated by themselves, one customer (CUST-<id>) and four teammates on two items (1–5).
data/sample_proposals.csv: monthly revenue targets T1's agents proposed for June 2025,
within about ±20% of the plan's CNY 25,000.

Run: .venv/bin/python scripts/make_review_samples.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2025-06"


def main() -> None:
    rng = np.random.default_rng(2025)
    kpis = pd.read_csv(ROOT / "data" / "sample_kpis.csv", encoding="utf-8-sig")
    team = sorted(kpis.loc[(kpis["team"] == "T1") & (kpis["month"] == PERIOD), "agent_id"])
    rows = []
    for ratee in team:
        peers = rng.choice([a for a in team if a != ratee], size=4, replace=False)
        raters = [(ratee, "self"), (f"CUST-{ratee}", "customer"), *((p, "peer") for p in peers)]
        for rater, relation in raters:
            for item in ("teamwork", "customer_focus"):
                mean = 3.8 if relation == "self" else 3.4
                score = int(np.clip(round(rng.normal(mean, 0.7)), 1, 5))
                rows.append((PERIOD, rater, ratee, relation, item, score))
    cols = ["period", "rater", "ratee", "relation", "item", "score"]
    pd.DataFrame(rows, columns=cols).to_csv(ROOT / "data" / "sample_ratings.csv", index=False)
    proposed = np.round(25_000 * rng.uniform(0.8, 1.2, len(team)), -2)
    pd.DataFrame({"agent_id": team, "kpi": "revenue", "proposed": proposed}).to_csv(
        ROOT / "data" / "sample_proposals.csv", index=False
    )


if __name__ == "__main__":
    main()
