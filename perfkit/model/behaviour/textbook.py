"""Textbook production, so the behavioural engine can be checked against closed forms.

One task: output y = offset + e + σ·z (reported as ``revenue``), effort cost c·e²/2.
With CARA utility (coefficient r) and linear pay s + b·y the agent's certainty
equivalent is s + b·(offset + e) − r·b²σ²/2 − c·e²/2, so effort is b/c and the
principal's best linear rate is b* = 1/(1 + r·c·σ²) (Holmström–Milgrom 1987).

Two tasks: effort e split into volume t₁ = e·(1 − a), measured as ``dials`` =
offset + t₁ + σ·z₁, and quality t₂ = e·a, measured as ``satisfaction`` = t₂ + σ·z₂,
with cost c/2·(t₁² + t₂² + 2ρ·t₁·t₂). Under pay b₁·dials + b₂·satisfaction,
t = (b₁ − ρb₂, b₂ − ρb₁) / (c·(1 − ρ²)): more weight on dials raises volume and
lowers quality (Holmström–Milgrom 1991).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perfkit.model.funnel import OUTPUTS, Choice
from perfkit.scheme.population import Textbook


@dataclass(frozen=True)
class TextbookProduction:
    """Production of the textbook agency model (see the module docstring)."""

    settings: Textbook

    mentoring_on = False

    @property
    def shocks(self) -> int:
        return self.settings.tasks

    @property
    def dims(self) -> tuple[str, ...]:
        return ("effort",) if self.settings.tasks == 1 else ("effort", "quality")

    def bounds(self, dim: str) -> tuple[float, float]:
        return (0.0, self.settings.max_effort) if dim == "effort" else (0.0, 1.0)

    def cap(self, traits: dict[str, np.ndarray]) -> float:
        """The same highest effort for everyone."""
        return self.settings.max_effort

    def rest(self, traits: dict[str, np.ndarray]) -> Choice:
        """Flat pay: no effort."""
        n = traits["effort_cost"].shape
        return Choice(np.zeros(n), np.full(n, 0.5), np.zeros(n))

    def historic(self, traits: dict[str, np.ndarray]) -> Choice:
        """Without a behavioural response: effort 1, split evenly."""
        n = traits["effort_cost"].shape
        return Choice(np.ones(n), np.full(n, 0.5), np.zeros(n))

    def tasks(self, choice: Choice) -> tuple[np.ndarray, np.ndarray]:
        """(t₁, t₂): all effort on task 1 with one task."""
        if self.settings.tasks == 1:
            return choice.effort, np.zeros_like(choice.effort)
        return choice.effort * (1.0 - choice.quality), choice.effort * choice.quality

    def kpis(
        self,
        traits: dict[str, np.ndarray],
        choice: Choice,
        z: np.ndarray,
        help_received: np.ndarray | float = 0.0,
        whole: bool = True,
        only: object = None,
    ) -> dict[str, np.ndarray]:
        """Every KPI column, whatever ``only`` asks for: the textbook's are a few arrays."""
        s = self.settings
        t1, t2 = self.tasks(choice)
        y1 = s.offset + t1 + s.noise_sd * z[0]
        shape = np.broadcast(y1, choice.effort, choice.quality).shape
        out = {k: np.zeros(shape) for k in OUTPUTS}
        if s.tasks == 1:
            out["revenue"] = np.broadcast_to(y1, shape).copy()
        else:
            out["dials"] = np.broadcast_to(y1, shape).copy()
            out["revenue"] = np.broadcast_to(s.offset + t1, shape).copy()
            out["satisfaction"] = np.broadcast_to(t2 + s.noise_sd * z[1], shape).copy()
        out["connected"] = np.ones(shape)  # keeps ratio KPIs defined
        return out

    def expected_orders(self, traits, choice, help_received=0.0) -> np.ndarray:
        return np.zeros(np.shape(choice.effort))

    def cost(self, traits: dict[str, np.ndarray], choice: Choice) -> np.ndarray:
        t1, t2 = self.tasks(choice)
        rho = self.settings.substitution if self.settings.tasks == 2 else 0.0
        return 0.5 * traits["effort_cost"] * (t1 * t1 + t2 * t2 + 2.0 * rho * t1 * t2)
