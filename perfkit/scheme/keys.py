"""Where in a scenario an error is: the object at a pydantic error's location.

An unknown key is most useful with the keys allowed at that place
(``non_cash[0].to.team_goal_reached: unknown key (allowed here: grade, min_score, top,
team_goal_met, team_top, team_goal, kpi)``), and a number where a list goes with the list it probably meant (``[2000]``).
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The scenario object classes an annotation can hold (through lists, unions, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += [m for m in _models_in(arg) if m not in out]
    return out


def model_at(
    loc: tuple[Any, ...], root: type[BaseModel], models: list[type[BaseModel]]
) -> type[BaseModel] | None:
    """The scenario object at ``loc`` (the path of an unknown key, without the key), found
    among ``models``; None when the path is ambiguous."""
    by_name = {cls.__name__: cls for cls in models}
    cands: list[type[BaseModel]] = [root]
    for part in loc:
        if isinstance(part, int):
            continue
        part = str(part)
        if part in by_name:
            cands = [by_name[part]]
            continue
        tagged = [  # a union tag: the branch whose Literal field has this value
            c for c in cands
            if any(part in typing.get_args(f.annotation) for f in c.model_fields.values())
        ]  # fmt: skip
        if part == "data" and len(cands) > 1:
            tagged = [c for c in cands if c.__name__ == "DataPopulation"]
        if len(cands) > 1 and tagged:
            cands = tagged
            continue
        fields = [c.model_fields[part] for c in cands if part in c.model_fields]
        cands = _models_in(fields[0].annotation) if fields else []
    return cands[0] if len(cands) == 1 else None


def list_hint(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)[:40]
    return f"; write a list, e.g. [{shown}]" if isinstance(value, int | float | str) else ""
