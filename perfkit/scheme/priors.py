"""The assumptions that decide which plan makes more profit, and their default ranges.

A comparison's verdict rests on a few numbers no plan file settles: how strongly agents
respond to pay (the effort cost), how many leave and how much pay moves that, what a
sale is worth (gross margin), what replacing a leaver costs, and how many deals agents
can move across a month end. Each is read from the scenario at :attr:`Decisive.path`;
when the scenario gives it ``range: [low, high]`` (an estimate's interval, a
consultant's own bounds) that range is used, otherwise :attr:`Decisive.default_range`
below, each with its reason. docs/scenario-reference.md ("What decides a verdict")
repeats them for consultants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["money", "rate", "number"]


@dataclass(frozen=True)
class Decisive:
    """One assumption a verdict may hinge on."""

    key: str  # short name, also the text key ``decides.param.<key>``
    path: str  # where the scenario holds it (perfkit.scheme.params paths)
    default_range: tuple[float, float]
    kind: Kind  # how its value prints
    behavioural: bool  # True: agents respond to it (re-simulated); False: only the accounts
    why: str  # the default range's reason (docs and docstrings, not the report)


#: Every assumption the "what decides this verdict" table lists, in its order.
DECISIVE: Final[tuple[Decisive, ...]] = (
    Decisive(
        "effort_cost", "population.traits.effort_cost.mean", (2500.0, 10000.0), "money", True,
        "half to double the prior of 5,000, which is calibrated to incentive effects of "
        "15–25% (Lazear 2000, Shearer 2004): effort's response scales as 1/c, so the range "
        "spans responses of about 8–50%, wider than the published ones.",
    ),
    Decisive(
        "attrition_rate", "simulation.attrition.annual_rate", (0.25, 0.50), "rate", True,
        "the public contact-centre range of annual attrition, 25–50% (DESIGN.md §4).",
    ),
    Decisive(
        "attrition_sensitivity", "simulation.attrition.sensitivity", (4.0, 16.0), "number", True,
        "half to double the prior of 8, an assumption (no public figure pins it; perfkit "
        "estimate measures it from quits): a pay shortfall of 10% of the outside option "
        "then multiplies the odds of quitting by 1.5 to 5.",
    ),
    Decisive(
        "margin_rate", "simulation.margin_rate", (0.40, 0.70), "rate", False,
        "gross margins typical of products sold by telesales (education, insurance, consumer "
        "services): 40–70%.",
    ),
    Decisive(
        "hiring_cost", "simulation.attrition.hiring_cost", (1500.0, 6000.0), "money", False,
        "a quarter to one month of an agent's pay (about ¥6,000 a month) for recruiting, "
        "training and the lost output of the first weeks.",
    ),
    Decisive(
        "timing_share", "simulation.timing.share", (0.0, 0.20), "rate", True,
        "none to twice the prior of 10%: Oyer (1998) and Larkin (2014) find a sizeable "
        "minority of deals timed around pay cliffs; 0 is a floor that moves no deals.",
    ),
)  # fmt: skip


def decisive(key: str) -> Decisive:
    """The assumption named ``key``."""
    for d in DECISIVE:
        if d.key == key:
            return d
    raise KeyError(key)
