"""Pydantic's validation errors as plain messages, one per field path of the file:
``scorecard[0].weight: ...``, an unknown key with a "did you mean", a key in the wrong
block with the keys allowed there, a share written in points with its percent."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from perfkit.core.suggest import did_you_mean
from perfkit.scheme.base import Model
from perfkit.scheme.keys import list_hint, model_at
from perfkit.scheme.models import Scenario

_UNION_TAGS = {"bands", "forced", "attainment", "rank", "synthetic", "data"}


def _scenario_models() -> list[type[BaseModel]]:
    """Every scenario object class (all subclasses of the common base)."""
    found: list[type[BaseModel]] = []
    todo = [Model]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def _known_keys() -> list[str]:
    """Every field name of every scenario object, for "did you mean" hints."""
    return sorted({name for cls in _scenario_models() for name in cls.model_fields})


_LEADING_PATH = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): ")
_MODEL_NAMES = {cls.__name__ for cls in _scenario_models()}
_DISCRIMINATED = {"grades", "population"}  # fields whose errors carry a union tag next


def _format_loc(loc: Iterable[Any]) -> str:
    """('scorecard', 0, 'weight') → 'scorecard[0].weight', dropping union branch labels.

    Pydantic inserts a tag after a discriminated field (``grades.bands.…``,
    ``bonuses[0].rank.…``) and a type or class name inside a plain union
    (``target.TargetRule.goal``, ``target.float``); those are not keys in the file.
    """
    out = ""
    prev: Any = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            prev = part
            continue
        part = str(part)
        is_tag = part in _UNION_TAGS and (prev in _DISCRIMINATED or isinstance(prev, int))
        is_branch = (
            part in _MODEL_NAMES
            or "[" in part
            or part.startswith("constrained-")
            or part in {"float", "int", "str", "bool"}
        )
        prev = part
        if is_tag or is_branch:
            continue
        out += f".{part}" if out else part
    return out


def plain_problems(
    err: ValidationError, prefix: str = "", root: type[BaseModel] = Scenario
) -> list[tuple[str, str]]:
    """Turn pydantic errors into (field path, plain message) pairs, one per path."""
    known = _known_keys()
    found: dict[str, str] = {}
    for e in err.errors():
        path = _format_loc(e["loc"])
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        kind = e["type"]
        if kind == "extra_forbidden":
            key = str(e["loc"][-1])
            model = model_at(tuple(e["loc"][:-1]), root, _scenario_models())
            allowed = [k for k in model.model_fields if k != "note"] if model else []
            if key in known and key not in allowed:  # a real key, in the wrong block
                msg = f"'{key}' does not belong here"
            else:
                close = difflib.get_close_matches(key, allowed or known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                msg = f"unknown key '{key}'{hint}"
            if allowed:
                msg += f" (allowed here: {', '.join(allowed)})"
        elif kind == "missing":
            msg = "is required but missing"
        else:
            msg = e["msg"].removeprefix("Value error, ")
            if kind not in {"value_error", "assertion_error"} and "input" in e:
                msg += f" (got {json.dumps(e['input'], ensure_ascii=False, default=str)[:60]})"
            if kind == "list_type":
                msg += list_hint(e.get("input"))
            if kind in {"literal_error", "enum"} and isinstance(e.get("input"), str):
                options = re.findall(r"'([^']*)'", str((e.get("ctx") or {}).get("expected", "")))
                msg += did_you_mean(e["input"], options)
            limit = (e.get("ctx") or {}).get("le")
            got = e.get("input")
            points = isinstance(got, int | float) and 1 < got <= 100  # a share in points
            if kind == "less_than_equal" and limit == 1 and points:
                msg += f"; did you mean {got:g}%?"
            if kind == "value_error" and (m := _LEADING_PATH.match(msg)):
                # a rule across fields names the field it is about: "scorecard: weights ..."
                inner = m[1]
                path = f"{path}.{inner}" if path and path != "<top level>" else inner
                msg = msg[m.end() :]
        if path in found and msg not in found[path]:
            # a union: keep the first message, it names the simplest expected form
            continue
        found.setdefault(path, msg)
    # a union reports "not a number" at the field and the real problem one level down:
    # keep the deeper, more precise message
    deeper = [p for p in found if any(q.startswith(p + ".") for q in found if q != p)]
    for path in deeper:
        if found[path].startswith("Input should be a valid"):
            del found[path]
    return list(found.items())
