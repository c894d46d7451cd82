"""Accuracy against time: draws per agent against the error on textbook closed forms (prints).

For each setting of the draws the search uses (``behaviour.samples``) and the draws
its smooth last step uses (``behaviour.refine_samples``; 0 = no smooth step), solve
best responses in textbook mode and compare with the closed forms:

- a quota bonus B at quota q: argmax of B·Φ((e − q)/σ) − c·e²/2 (0 where out of
  reach), over 20 quotas for two (B, σ) pairs;
- a three-month quarterly bonus: the exact backward induction, every month × state;
- linear pay: effort b/c.

Printed: mean and largest error (effort units ÷ max(closed form, 0.5)), the share of
cases within 3%, and the solve time; also the time of one quarterly-plan simulation
of the bundled library (105 agents × 12 months × 20 runs) at the same setting.

Run: ``.venv/bin/python benchmarks/bench_accuracy.py``.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_behaviour_cliffs import (  # noqa: E402
    QUARTER,
    backward_induction,
    quota_bonus,
    quota_effort,
    risk_neutral,
)

from perfkit.model.behaviour import Pricer, TextbookProduction, solve  # noqa: E402
from perfkit.scheme import load_scenario  # noqa: E402
from perfkit.scheme.population import BehaviourSettings, Textbook  # noqa: E402
from perfkit.simulate import simulate  # noqa: E402

SETTINGS = [(4, 0), (16, 0), (64, 0), (4, 16), (4, 32), (4, 64), (8, 64), (4, 128)]
OFFSET = 100.0


def quota_errors(samples: int, refine: int) -> list[float]:
    errors = []
    for bonus, sigma in ((2.0, 0.5), (3.0, 0.3)):
        prod = TextbookProduction(Textbook(noise_sd=sigma, offset=OFFSET, max_effort=3.0))
        for q in np.linspace(0.2, 2.6, 10):
            beh = behaviour(samples, refine)
            pol = solve(risk_neutral(), prod, quota_bonus(q, bonus), beh, ["2025-01"])
            truth = quota_effort(q, bonus, sigma)
            errors.append(abs(pol.effort[0, pol.center].mean() - truth) / max(truth, 0.5))
    return errors


def quarter_errors(samples: int, refine: int) -> list[float]:
    bonus, quota, sigma = 3.0, 3.0, 0.4

    def pay(k: pd.DataFrame) -> pd.DataFrame:
        total = k.groupby(["run", "agent_id"], observed=True)["revenue"].transform("sum")
        last = k["period"].astype(str).str.endswith("-03")
        return pd.DataFrame({"total_pay": np.where(last & (total >= quota), bonus, 0.0)})

    prod = TextbookProduction(Textbook(noise_sd=sigma, offset=0.0, max_effort=3.0))
    pol = solve(risk_neutral(4), prod, Pricer(pay, cycle=3), behaviour(samples, refine), QUARTER)
    s, exact = backward_induction(bonus, quota, sigma)
    ref = pol.revenue[:, 0]
    model = [pol.effort[0, pol.center, 0]]
    truth = [np.interp(0.0, s, exact[1])]
    for month in (2, 3):
        model += list(pol.effort[month - 1, :, 0])
        truth += list(np.interp(pol.states * ref[: month - 1].sum(), s, exact[month]))
    return [abs(a - b) / max(b, 0.5) for a, b in zip(model, truth, strict=True)]


def linear_errors(samples: int, refine: int) -> list[float]:
    prod = TextbookProduction(Textbook(noise_sd=1.0, offset=OFFSET, max_effort=3.0))
    out = []
    for b in (0.2, 0.5, 0.9):
        pay = Pricer(lambda k, b=b: pd.DataFrame({"total_pay": b * k["revenue"].to_numpy()}))
        pol = solve(risk_neutral(), prod, pay, behaviour(samples, refine), ["2025-01"])
        out.append(abs(pol.effort[0, pol.center].mean() - b) / max(b, 0.5))
    return out


def behaviour(samples: int, refine: int) -> BehaviourSettings:
    return BehaviourSettings(
        samples=samples,
        refine_samples=max(refine, 2),
        refine_width=0.1 if refine else 0.0,
        ce_tolerance=0.0,
        on_nonconvergence="note",
    )


def main() -> None:
    library = load_scenario(ROOT / "scenarios" / "quarterly_quota_cliff.yaml")
    print(
        "samples refine | quota: mean  max  ≤3% | quarter: mean  max | linear max | solve s | library quarterly s"
    )
    for samples, refine in SETTINGS:
        t = time.perf_counter()
        q, d, lin = (
            quota_errors(samples, refine),
            quarter_errors(samples, refine),
            linear_errors(samples, refine),
        )
        seconds = time.perf_counter() - t
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            settings = {
                "behaviour": behaviour(samples, refine).model_dump() | {"ce_tolerance": 20.0}
            }
            simulate(library, runs=20, seed=0, settings=settings)
        lib = time.perf_counter() - t
        print(
            f"{samples:7d} {refine:6d} | {np.mean(q):11.3f} {np.max(q):5.3f} {np.mean(np.array(q) <= 0.03):4.0%}"
            f" | {np.mean(d):13.3f} {np.max(d):5.3f} | {np.max(lin):10.4f} | {seconds:7.1f} | {lib:8.1f}"
        )


if __name__ == "__main__":
    main()
