"""Read a scenario file into validated plan objects, or say exactly what is wrong.

Any number may be written as ``{value: 4000, note: "2025 pay survey"}``: the
note is kept in ``Scenario.notes`` by field path and the number is used. A noted
number may also carry ``range: [low, high]``, the values it could plausibly take
(an estimate's interval, or a prior's range), kept in ``Scenario.ranges``. A note may
have its Chinese beside it, ``note_zh:`` (on a noted value or on any block that takes a
note), kept in ``Scenario.notes_zh``: Chinese pages show it instead of the English note.
"""

from __future__ import annotations

import difflib
import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from perfkit.core.errors import PerfkitWarning, ScenarioError
from perfkit.scheme.models import Plan, Scenario, plan_problems
from perfkit.scheme.paths import data_replaces_population, outside_problem
from perfkit.scheme.problems import plain_problems
from perfkit.scheme.sanity import plan_warnings
from perfkit.scheme.schema import json_schema  # re-exported: the schema of these files
from perfkit.scheme.yaml_guard import YamlLimitError, check_size, check_structure

__all__ = ["json_schema", "load_scenario", "parse_scenario"]

_NOTE_KEYS = {"note", "note_zh", "source", "range"}


@dataclass
class _Noted:
    """What the notes of a scenario file say, by field path: notes (and sources), their
    Chinese (``note_zh``) and plausible ranges."""

    notes: dict[str, str] = field(default_factory=dict)
    notes_zh: dict[str, str] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)


class _NotedValueError(Exception):
    """A ``{value: x, ...}`` with a key that is not note, source or range."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message


def _value_range(node: dict[str, Any], path: str) -> tuple[float, float]:
    """The ``range: [low, high]`` beside a value: two finite numbers, low ≤ high."""
    pair = node["range"]
    ok = isinstance(pair, list) and len(pair) == 2
    ok = ok and all(isinstance(x, int | float) and not isinstance(x, bool) for x in pair)
    if not ok or not all(math.isfinite(x) for x in pair) or pair[0] > pair[1]:
        raise _NotedValueError(
            path, f"range {pair!r} is not [low, high]: expected two finite numbers, low ≤ high"
        )
    return float(pair[0]), float(pair[1])


def _strip_notes(node: Any, path: str, found: _Noted) -> Any:
    """Replace ``{value: x, note: ...}`` by ``x`` everywhere, collecting notes, their
    Chinese and ranges (a block's ``note_zh`` is taken out: the plan objects have none)."""
    if isinstance(node, dict):
        keys = set(node)
        if "note_zh" in keys and path:
            found.notes_zh[path] = str(node["note_zh"])
        if "value" in keys and keys - {"value"} <= _NOTE_KEYS:
            for k in sorted(keys & {"note", "source"}):
                found.notes[path] = str(node[k])
            if "range" in keys:
                found.ranges[path] = _value_range(node, path)
            return _strip_notes(node["value"], path, found)
        if "value" in keys and isinstance(node["value"], int | float | str):
            extra = sorted(str(k) for k in keys - {"value"} - _NOTE_KEYS)
            raise _NotedValueError(
                path,
                f"unknown key '{extra[0]}' beside 'value'; a noted value takes only "
                "value, note, note_zh, source and range",
            )
        if "note" in node and path:
            found.notes[path] = str(node["note"])
        return {
            k: _strip_notes(v, f"{path}.{k}" if path else str(k), found)
            for k, v in node.items()
            if not (k == "note_zh" and path)
        }
    if isinstance(node, list):
        return [_strip_notes(v, f"{path}[{i}]", found) for i, v in enumerate(node)]
    if isinstance(node, str) and _PERCENT.match(node):
        key = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])
        if key not in _TEXT_KEYS:  # "120%" is 1.2 wherever a number goes
            return float(node.strip()[:-1]) / 100.0
    return node


_PERCENT = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*%\s*$")
_TEXT_KEYS = {
    "name",
    "description",
    "name_zh",
    "description_zh",
    "note",
    "note_zh",
    "source",
    "reward",
    "currency",
}


#: Keys that are alternatives to each other within one block: a segment that sets one
#: replaces the main plan's other (a flat rate by a ladder, band grades by shares, ...).
ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "rate": ("ladder", "amount"),
    "ladder": ("rate",),
    "amount": ("rate", "tiers"),
    "tiers": ("amount", "at"),
    "bands": ("shares", "within", "tie_rule"),
    "shares": ("bands", "below"),
}


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge dicts; lists and scalars in ``override`` replace, and a key drops the
    base's alternatives to it (see :data:`ALTERNATIVES`)."""
    out = dict(base)
    for key in override:
        for other in ALTERNATIVES.get(key, ()):
            if other not in override:
                out.pop(other, None)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_scenario(
    raw: Any,
    source: str = "<scenario>",
    base_dir: Path | None = None,
    allow_outside_paths: bool | None = None,
) -> Scenario:
    """Validate an already-parsed scenario mapping (from YAML, JSON or code).

    With ``base_dir``, paths in the scenario are relative to it and must stay inside it,
    the folder above it or the current folder (see :func:`load_scenario`).
    """
    if raw is None:
        raise ScenarioError(source, [("", "the scenario is empty; expected at least 'name:'")])
    if not isinstance(raw, dict):
        raise ScenarioError(source, [("", f"expected a mapping of keys, got {type(raw).__name__}")])
    noted = _Noted()
    try:
        data = _strip_notes(raw, "", noted)
    except _NotedValueError as err:
        raise ScenarioError(source, [(err.path, err.message)]) from None
    found: list[tuple[str, str]] = []
    if base_dir is not None and isinstance(data.get("population"), dict):
        found = _population_files(data, base_dir, allow_outside_paths)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(source, found + plain_problems(err)) from None
    if found:
        raise ScenarioError(source, found)
    seg_plans, problems = _segment_plans(scenario, data)
    if problems:
        raise ScenarioError(source, problems)
    scenario._source = source
    scenario._notes = noted.notes
    scenario._notes_zh = noted.notes_zh
    scenario._ranges = noted.ranges
    scenario._segment_plans = seg_plans
    for text in plan_warnings(scenario):
        warnings.warn(f"plan '{scenario.name}': {text}", PerfkitWarning, stacklevel=2)
    return scenario


def _population_files(
    data: dict[str, Any], base_dir: Path, allow_outside_paths: bool | None
) -> list[tuple[str, str]]:
    """Resolve the files the population names (``source``: the KPI export, ``plan``: the
    plan in force during it) against ``base_dir``, in place; the problems with them."""
    pop = data["population"]
    found: list[tuple[str, str]] = []
    src = pop.get("source", "synthetic")
    if isinstance(src, str) and src != "synthetic":
        path = Path(src) if Path(src).is_absolute() else (base_dir / src).resolve()
        if outside := outside_problem(path, base_dir, allow_outside_paths):
            found.append(("population.source", f"'{src}' {outside}"))
        elif not path.is_file() and not (data_replaces_population() and not path.is_dir()):
            close = difflib.get_close_matches(src, ["synthetic"], n=1, cutoff=0.6)
            hint = "did you mean 'synthetic'? " if close else ""
            what = "is a folder" if path.is_dir() else "does not exist"
            found.append(
                (
                    "population.source",
                    f"{hint}'{src}' {what} ({path}); expected 'synthetic' or the "
                    "path of a KPI export, relative to the scenario file (a command "
                    "given --data EXPORT uses that export instead)",
                )
            )
        data["population"] = {**pop, "source": str(path)}
    plan = pop.get("plan")
    if isinstance(plan, str) and src != "synthetic":
        path = Path(plan) if Path(plan).is_absolute() else (base_dir / plan).resolve()
        if outside := outside_problem(path, base_dir, allow_outside_paths):
            found.append(("population.plan", f"'{plan}' {outside}"))
        elif not path.exists() and data_replaces_population():
            warnings.warn(
                f"population.plan: '{plan}' does not exist ({path}); the export given with "
                "--data is taken as paid under this plan",
                PerfkitWarning,
                stacklevel=3,
            )
            data["population"] = {k: v for k, v in data["population"].items() if k != "plan"}
            return found
        elif not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist"
            found.append(
                (
                    "population.plan",
                    f"'{plan}' {what} ({path}); expected the scenario file of the plan "
                    "in force during the export, relative to this scenario file",
                )
            )
        data["population"] = {**data["population"], "plan": str(path)}
    return found


def _segment_plans(
    scenario: Scenario, data: dict[str, Any]
) -> tuple[dict[str, Plan], list[tuple[str, str]]]:
    """Each segment's plan (the main plan with the segment's keys merged over it), and the
    problems of every plan: a segment named twice, a rule that cannot be priced."""
    plan_keys = set(Plan.model_fields)
    main = {k: v for k, v in data.items() if k in plan_keys}
    seg_plans: dict[str, Plan] = {}
    problems: list[tuple[str, str]] = []
    problems += plan_problems(scenario.main_plan, period=scenario.period)
    for i, seg in enumerate(scenario.segments):
        if seg.name in seg_plans:
            problems.append((f"segments[{i}].name", f"segment '{seg.name}' is defined twice"))
            continue
        try:
            seg_plans[seg.name] = Plan.model_validate(_merge(main, seg.plan))
            problems += plan_problems(seg_plans[seg.name], f"segments[{i}].plan.", scenario.period)
        except ValidationError as err:
            problems += plain_problems(err, prefix=f"segments[{i}].plan", root=Plan)
    return seg_plans, problems


#: libyaml's parser when PyYAML has it (its wheels do): 20× faster than the pure-Python one.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML that refuses a key given twice in one mapping (YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_text(path: Path) -> str:
    """The file as text: UTF-8, or GB18030 (GBK) as Chinese Windows editors save it."""
    try:
        if path.is_file():
            check_size(path.stat().st_size)
        data = path.read_bytes()
    except YamlLimitError as exc:
        raise ScenarioError(str(path), [("", exc.message)]) from None
    except FileNotFoundError:
        raise ScenarioError(str(path), [("", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError(str(path), [("", "is a folder; expected a scenario file")]) from None
    except OSError as exc:
        raise ScenarioError(str(path), [("", f"cannot read file: {exc.strerror or exc}")]) from None
    if b"\x00" in data:
        raise ScenarioError(str(path), [("", "not a text file; expected a YAML scenario")])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScenarioError(str(path), [("", "not UTF-8 or GBK text; save the file as UTF-8")])


def load_scenario(path: str | Path, allow_outside_paths: bool | None = None) -> Scenario:
    """Read and validate one scenario file (YAML or JSON, UTF-8 or GBK).

    Files it names (``population.source``, ``population.plan``) must lie in the
    scenario's folder, the folder above it (its project) or the current folder, unless
    ``allow_outside_paths`` (default: the ``PERFKIT_ALLOW_OUTSIDE_PATHS`` environment
    variable, which ``perfkit --allow-outside-paths`` sets) allows any path.
    """
    path = Path(path)
    text = _read_text(path)
    try:
        check_structure(text)
        raw = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader: no arbitrary objects
    except YamlLimitError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise ScenarioError(str(path), [("", where + exc.message)]) from None
    except RecursionError:  # a structure the event pass let through; never a traceback
        raise ScenarioError(str(path), [("", "nested too deeply to read")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(str(path), [("", f"not valid YAML at {where}: {problem}")]) from None
    if raw is None:
        raise ScenarioError(
            str(path), [("", "the file is empty; expected a scenario (at least 'name:')")]
        )
    return parse_scenario(
        raw, source=str(path), base_dir=path.parent, allow_outside_paths=allow_outside_paths
    )
