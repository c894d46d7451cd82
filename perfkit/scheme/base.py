"""The base of every scenario object."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Base: unknown keys are errors, objects are immutable, any object may carry a note;
    numbers must be finite (no .inf or .nan)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    note: str | None = None
