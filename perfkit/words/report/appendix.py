"""The sensitivity lever, the appendix tables and the files a report writes for tests and audit."""

from __future__ import annotations

import importlib.metadata
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.analysis.compare import Comparison
from perfkit.core.errors import PerfkitError
from perfkit.core.kpis import unit
from perfkit.scheme import Scenario
from perfkit.scheme.params import get_param, with_param
from perfkit.text import Lang, label, t
from perfkit.text.numbers import pct, plain, rate, share, significant
from perfkit.words.report.words import fmt_metric


def key_parameter(scenario: Scenario, lang: Lang = "en") -> tuple[str, list[float], str] | None:
    """The plan's main lever to sweep: (parameter path, valid values, display name).

    The top commission rate if there is a ladder, the commission rate if flat, else
    the heaviest scorecard weight, else the base salary; five values from half to
    one and a half times today's, keeping only those that make a valid plan.
    """
    c = scenario.commission
    if c is not None and c.mode != "flat":
        k = len(c.ladder) - 1
        path, name = f"commission.ladder[{k}].rate", label("top_rate", lang)
    elif c is not None:
        path, name = "commission.rate", label("commission_rate", lang)
    elif scenario.scorecard and len(scenario.scorecard) > 1:
        top = max(scenario.scorecard, key=lambda i: i.weight)
        path, name = (
            f"scorecard.{top.kpi}.weight",
            t("label.weight_of", lang, kpi=label(top.kpi, lang)),
        )
    else:
        path, name = "pay.base_salary", label("base_salary", lang)
    now = float(get_param(scenario, path))
    values = []
    for f in (0.5, 0.75, 1.0, 1.25, 1.5):
        v = round(now * f, 6)
        try:
            with_param(scenario, path, v)
        except PerfkitError:
            continue
        values.append(v)
    return (path, values, name) if len(values) >= 3 else None


def sweep_curve(table: pd.DataFrame, path: str, metric: str) -> pd.DataFrame:
    """One metric of a :func:`perfkit.analysis.sweep.sweep` table as value, mean, p10, p50, p90."""
    out = pd.DataFrame({"value": table[path], "mean": table[metric]})
    for s in ("p10", "p50", "p90"):
        if f"{metric}:{s}" in table:
            out[s] = table[f"{metric}:{s}"]
    return out


def sweep_decision(table: pd.DataFrame, path: str, metric: str) -> pd.DataFrame:
    """One metric of a sweep as the decision chart reads it: value, diff, diff_low,
    diff_high, best, tied and reference (the row the differences are taken against)."""
    out = pd.DataFrame({"value": table[path]})
    for s in ("diff", "diff_low", "diff_high", "best", "tied"):
        out[s] = table[f"{metric}:{s}"]
    out["reference"] = np.arange(len(table)) == table.attrs.get("reference", 0)
    return out


def reference_row(scenario: Scenario, path: str, values: list[float]) -> int:
    """The swept value nearest the plan's own: the reference of a sweep's differences."""
    now = float(get_param(scenario, path))
    return int(np.argmin(np.abs(np.asarray(values, float) - now)))


def sweep_table(
    table: pd.DataFrame, path: str, name: str, currency: str, lang: Lang = "en"
) -> pd.DataFrame:
    """The swept values with the headline outcomes, formatted."""
    is_rate = "rate" in path
    out = {name: table[path].map(lambda v: rate(v) if is_rate else plain(v, exact=False))}

    def amount(m: str, v: float, like: float | None = None) -> str:
        return _whole(fmt_metric(m, v, currency, lang, like=like))

    for m in ("revenue", "total_pay", "cost_of_sales", "profit"):
        if m in table:
            out[label(m, lang)] = table[m].map(lambda v, m=m: amount(m, v))
    if {"profit:diff", "profit:diff_low", "profit:diff_high"} <= set(table.columns):
        ref = table.attrs.get("reference", 0)
        out[label("profit_vs_reference", lang)] = [
            label("reference", lang)  # the row the others are measured against, not "0 (0 – 0)"
            if i == ref  # the one break: before the interval, which is whole on its line
            else f"{amount('profit', d, like=max(abs(lo), abs(hi)))} "
            f"({amount('profit', lo, like=hi)}{_JOINED_DASH}{amount('profit', hi, like=lo)})"
            for i, (d, lo, hi) in enumerate(
                table[["profit:diff", "profit:diff_low", "profit:diff_high"]].to_numpy()
            )
        ]
    return pd.DataFrame(out)


#: An interval's dash that no line breaks at: Unicode lets a line break after an en dash
#: even before a no-break space (UAX #14, LB12a), so a word joiner holds it to what follows.
_JOINED_DASH = "\u00a0–\u2060\u00a0"


def _whole(amount: str) -> str:
    """An amount that never breaks between its currency and its figure ('CNY 5.70M')."""
    return amount.replace(" ", "\u00a0")


_PERCENT_PATH = re.compile(r"(rate|floor|share|^team\.weight|scorecard\[\d+\]\.cap)(\.mean|\.sd)?$")


def _plain(value: Any, path: str = "", estimated: bool = False) -> str:
    """A parameter value as a client reads it: 4,000; 3%; 0 → 2%; 20,000 → 4%. A rate the
    scenario sets is exact (0.125%); an ``estimated`` one (a population's) is rounded."""
    if path.endswith("ladder") and isinstance(value, list):
        return "; ".join(f"{plain(a, exact=False)} → {rate(r)}" for a, r in value)
    if isinstance(value, list | tuple):
        return "; ".join(_plain(v, estimated=estimated) for v in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if _PERCENT_PATH.search(path):
        return share(value) if estimated else rate(value)
    return plain(value, exact=False) if abs(value) >= 1000 else significant(value, 3)


def _flatten(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        out = []
        for k, v in node.items():
            if k == "note":
                continue
            out += _flatten(v, f"{path}.{k}" if path else str(k))
        return out
    if isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        return [item for i, v in enumerate(node) for item in _flatten(v, f"{path}[{i}]")]
    if node in ([], {}):
        return []
    return [(path, node)]


def _target(kpi: str, value: Any) -> str:
    """A scorecard target in its KPI's unit: a rate as a percentage (0.0015 → 0.15%)."""
    if unit(kpi) == "rate" and isinstance(value, int | float):
        return rate(value)
    return _plain(value)


def _scorecard_rows(items: list[dict[str, Any]], lang: Lang) -> list[tuple[str, str]]:
    """One row per KPI: weight, target, floor, cap, direction and curve in one line."""
    rows = []
    for it in items:
        parts = [
            f"{label('weight', lang).lower()} {it['weight']:g}",
            f"{label('target', lang).lower()} {_target(it['kpi'], it['target'])}",
        ]
        parts += [f"{label(k, lang)} {pct(it[k], 0)}" for k in ("floor", "cap") if k in it]
        parts += [label(it[k], lang) for k in ("direction", "curve") if k in it]
        if it.get("steps"):
            parts.append(f"{label('steps', lang)} {_plain(it['steps'])}")
        rows.append((f"scorecard.{it['kpi']}", " · ".join(parts)))
    return rows


def scenario_parameters(scenario: Scenario, lang: Lang = "en") -> pd.DataFrame:
    """Every rule parameter the scenario states, with its note (population and name
    excluded; defaults it leaves unstated are not listed, so the table reads like the file).

    Paths are those of :func:`perfkit.scheme.params.get_param`; the scorecard takes one row per KPI,
    with its defaults (floor, cap, direction, curve) spelt out.
    """
    raw = scenario.model_dump(mode="json", exclude_none=True, exclude_unset=True)
    for key in ("name", "description", "population", "simulation"):
        raw.pop(key, None)
    notes = scenario.notes_in(lang)
    raw.pop("scorecard", None)
    scorecard = scenario.model_dump(mode="json", exclude_none=True)["scorecard"]
    rows = [(path, _plain(value, path)) for path, value in _flatten(raw)]
    rows = _scorecard_rows(scorecard, lang) + rows
    kpi_index = {f"scorecard.{it['kpi']}": f"scorecard[{i}]" for i, it in enumerate(scorecard)}
    return pd.DataFrame(
        [
            {
                label("parameter", lang): path,
                label("value", lang): value,
                label("note", lang): notes.get(kpi_index.get(path, path))
                or notes.get(path.rsplit(".", 1)[0], ""),
            }
            for path, value in rows
        ]
    )


def run_settings(
    runs: int, seed: int, periods: int, lang: Lang = "en", **extra: Any
) -> pd.DataFrame:
    """Runs, seed, periods and the versions of perfkit, Python, numpy and pandas."""

    def version(pkg: str) -> str:
        try:
            return importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            return "unknown"

    rows = [
        (label("runs", lang), runs),
        (label("seed", lang), seed),
        (label("periods", lang), periods),
        *extra.items(),
        (
            t("setting.run.versions", lang),
            f"perfkit {version('perfkit')} · Python {sys.version.split()[0]} · "
            f"numpy {np.__version__} · pandas {pd.__version__}",
        ),
    ]
    return pd.DataFrame(
        [(k, str(v)) for k, v in rows], columns=[label("parameter", lang), label("value", lang)]
    )


def summary_doc(comp: Comparison, plans: list[str] | None = None) -> dict[str, Any]:
    """The comparison summary of ``plans`` as plain JSON values, with the money format used."""
    plans = plans or comp.plans

    def num(x: float) -> float | None:
        return float(x) if math.isfinite(x) else None

    return {
        "baseline": comp.baseline,
        "plans": plans,
        "currency": comp.scenarios[comp.baseline].currency,
        "population": comp.meta.get("population"),
        "summary": {
            p: {
                r.metric: {
                    k: num(getattr(r, k))
                    for k in ("mean", "p10", "p50", "p90", "delta", "delta_pct")
                }
                for r in comp.summary[comp.summary["plan"] == p].itertuples()
            }
            for p in plans
        },
        "flags": {
            p: comp.flags[(comp.flags["plan"] == p) & comp.flags["triggered"]]["flag"].tolist()
            for p in plans
        },
    }


def write_outputs(
    comp: Comparison, out_dir: str | Path, plans: list[str] | None = None
) -> Path | None:
    """Write the comparison tables and, with them, ``summary.json`` to ``out_dir``
    (``Comparison.to_dir``)."""
    if not out_dir:
        return None
    summary = json.dumps(summary_doc(comp, plans), ensure_ascii=False, indent=2)
    return comp.to_dir(out_dir, also={"summary.json": summary})
