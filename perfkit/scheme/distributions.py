"""Distributions of per-agent traits, and settings sections with partial overrides.

Used by perfkit.scheme.population (population and simulation settings).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from perfkit.scheme.base import Model

Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]
Probability = Annotated[float, Field(ge=0, le=1)]


# --------------------------------------------------------------------------- distributions
class LogNormal(Model):
    """A positive trait drawn lognormal with this ``mean`` and ``cv`` (sd ÷ mean; 0 = all equal)."""

    mean: Positive
    cv: NonNegative = 0.0


class Beta(Model):
    """A share in [0, 1] drawn from a beta distribution with this ``mean`` and ``sd`` (0 = all equal)."""

    mean: Probability
    sd: NonNegative = 0.0

    @model_validator(mode="after")
    def _feasible(self) -> Beta:
        if self.sd > 0 and self.sd**2 >= self.mean * (1 - self.mean):
            limit = (self.mean * (1 - self.mean)) ** 0.5
            raise ValueError(f"sd {self.sd} too large for mean {self.mean}; expected < {limit:.3g}")
        return self


class Score(Model):
    """A bounded score (satisfaction 1–5, QA / peer 0–100): mean and month-to-month sd."""

    mean: float
    sd: NonNegative = 0.0


class Section(Model):
    """A settings section whose nested defaults may be overridden in part.

    ``skill: {cv: 0.25}`` keeps the default mean and changes only the spread.
    """

    @model_validator(mode="before")
    @classmethod
    def _merge_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for name, value in data.items():
            field = cls.model_fields.get(name)
            default = field.default if field is not None else None
            if isinstance(value, dict) and isinstance(default, Model):
                out[name] = {
                    **default.model_dump(exclude={"note"}, exclude_defaults=False),
                    **value,
                }
        return out
