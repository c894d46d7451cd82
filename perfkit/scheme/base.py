"""The base of every scenario object."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Base: unknown keys are errors, objects are immutable, any object may carry a note."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    note: str | None = None
