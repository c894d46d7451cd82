"""Writing what ``perfkit estimate`` found: the scenario, estimates.json, estimates.md.

Every estimate goes into the scenario with a ``source:`` note saying what it is:
*estimated* from the export (with its 90% interval), *set at the model's boundary*
(the data lie outside what the model can produce: the boundary nearest them, with the
one-sided bound), or the *prior* (nothing in the export identifies it). The scenario
keeps the plan's own name (charts and tables show it); the file's first line says
"(estimated from EXPORT)" only when something was estimated.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from perfkit.core.intervals import interval
from perfkit.payout.in_force import PLAN, PLAN_HEADERS

if TYPE_CHECKING:
    import pandas as pd

    from perfkit.analysis.estimate.forecast import ForecastParts
    from perfkit.analysis.estimate.responsiveness import Responsiveness
    from perfkit.analysis.estimate.run import Fit


def _rel(path: str | Path, folder: Path) -> str:
    return os.path.relpath(Path(path).resolve(), folder.resolve())


def _sig(x: float) -> float:
    """Three significant digits (a rate near zero stays above zero)."""
    return float(f"{x:.3g}")


def effort_note(result: Fit, when: str) -> str:
    """The effort cost's ``source:`` note."""
    r, data = result.responsiveness, Path(result.source).name
    if r.status == "estimated":
        return (f"estimated by perfkit estimate {when} from {data}: {r.estimate:,.0f} "
                f"(90% interval {r.interval()})")  # fmt: skip
    if r.status == "misspecified":
        return (f"set at the model's boundary by perfkit estimate {when} from {data}: the "
                f"observed response lies outside what the model can produce (misspecified "
                f"here); {r.bound}")  # fmt: skip
    return f"prior (perfkit estimate {when}: not identified from {data})"


def attrition_notes(result: Fit, when: str) -> dict[str, str]:
    """The ``source:`` notes of the attrition rate and sensitivity."""
    a, data = result.attrition, Path(result.source).name
    prior = f"prior (perfkit estimate {when}: not identified from {data})"
    head = f"estimated by perfkit estimate {when} from {data}"
    if a.quits == 0 and a.rate_identified:
        rate = f"{head}: nobody left; {a.annual_rate:.2%} (at most {a.rate_high:.1%}, 95%)"
    else:
        rate = (
            f"{head}: {a.annual_rate:.3f} (90% interval {interval(a.rate_low, a.rate_high, '.3f')})"
        )
    sens = f"{head}: {a.sensitivity:.1f} (90% interval {interval(a.sensitivity_low, a.sensitivity_high, '.1f')})"
    return {"annual_rate": rate if a.rate_identified else prior,
            "sensitivity": sens if a.identified else prior}  # fmt: skip


def timing_value(est: Any, when: str, data: str) -> dict:
    """``simulation.timing.share`` as a noted value: the estimate with its source and
    range, or the prior's value with its note (perfkit.analysis.estimate.timing)."""
    out = {
        "value": _sig(est.share) if est.identified else est.share,
        "source": est.note(when, data),
    }
    if est.identified:
        out["range"] = [_sig(est.low), _sig(est.high)]
    return out


def estimated_scenario(result: Fit, out: Path, data_path: Path) -> dict:
    """The scenario's YAML mapping with the estimates written in (paths relative to ``out``)."""
    sc = result.scenario
    raw = yaml.safe_load(Path(sc.source).read_text(encoding="utf-8")) if sc.source else {}
    r, a = result.responsiveness, result.attrition
    when = time.strftime("%Y-%m-%d")
    data = Path(result.source).name
    pop = dict(raw.get("population") or {})
    traits = dict(pop.get("traits") or {})
    cost = dict(traits.get("effort_cost") or {})
    cost["mean"] = _noted(round(r.value, 1), effort_note(result, when), r.low, r.high)
    cost.setdefault("cv", result.spec.traits.effort_cost.cv)
    traits["effort_cost"] = cost
    spec = result.spec
    pop.update({"source": _rel(data_path, out), "traits": traits})
    if spec.plan or sc.source:
        pop["plan"] = _rel(spec.plan or sc.source, out)
    pop.pop("mapping", None) if data_path != Path(result.source) else None
    sim = dict(raw.get("simulation") or {})
    attr = dict(sim.get("attrition") or {})
    notes = attrition_notes(result, when)
    bounds = {"annual_rate": (a.rate_low, a.rate_high),
              "sensitivity": (a.sensitivity_low, a.sensitivity_high)}  # fmt: skip
    for k, v in a.values.items():
        attr[k] = _noted(_sig(v), notes[k], *bounds[k])
    sim["attrition"] = attr
    timing = dict(sim.get("timing") or {})
    if result.timing is not None and (result.timing.identified or "share" not in timing):
        timing["share"] = timing_value(result.timing, when, data)  # from bunching at pay edges
        sim["timing"] = timing
    out = {**raw, "name": sc.name, "population": pop, "simulation": sim}
    return out | (forecast_blocks(result.forecast, data, when) if result.forecast else {})


def estimate_label(result: Fit) -> str:
    """What the written scenario holds: 'estimated from EXPORT' or 'priors; nothing
    estimated from EXPORT' (its file's first line, never its name)."""
    data = Path(result.source).name
    return (
        f"estimated from {data}" if result.estimated else f"priors; nothing estimated from {data}"
    )


def _noted(value: float, source: str, low: float, high: float) -> dict:
    """A noted value with its 90% interval as ``range:`` (widened to hold the value: a
    prior kept outside what the data say)."""
    out: dict = {"value": value, "source": source}
    if math.isfinite(low) and math.isfinite(high):
        out["range"] = [_sig(min(low, value)), _sig(max(high, value))]
    return out


def forecast_blocks(parts: ForecastParts, data: str, when: str) -> dict:
    """The scenario's ``season:`` and ``uncertainty:`` blocks (perfkit.scheme.forecast)."""
    s = parts.season
    season: dict = {"source": f"estimated by perfkit estimate {when} from {data}: {s.reason}",
                    "anchor": s.anchor}  # fmt: skip
    for kpi, factors in s.factors.items():
        season[kpi] = {m: {"value": round(f, 4), "range": [round(x, 4) for x in s.ranges[kpi][m]]}
                       for m, f in factors.items()}  # fmt: skip
    if any(s.trend.values()):
        season["trend"] = {k: round(v, 5) for k, v in s.trend.items() if v}
    season["sd"] = {k: round(v, 4) for k, v in s.sd.items()}
    noise = {
        k: {"sd": round(v["sd"], 4), "rho": round(v["rho"], 3)} for k, v in parts.noise.items()
    }
    unc = {"source": (f"perfkit estimate {when} from {data}: {len(parts.draws)} joint draws of the "
                      "team-cluster bootstrap (effort cost and attrition on the same resampled "
                      "teams, at evenly spaced ranks); the export's own team-month noise about the "
                      "model's path (AR(1) in logs), which level bands are topped up to"),
           "draws": parts.draws, "noise": noise}  # fmt: skip
    return {"season": season, "uncertainty": unc}


def md(text: Any) -> str:
    """User text safe in Markdown (no markup, no HTML)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|#":
        s = s.replace(ch, "\\" + ch)
    return s


VERDICT = {"estimated": "**estimated**", "misspecified": "**misspecified: boundary nearest the data**",
           "not identified": "**not identified: the prior decides**",
           "no change": "**not identified: the prior decides**"}  # fmt: skip


def summary_markdown(result: Fit) -> str:
    """A short Markdown summary of the estimates and what identifies them."""
    r, a = result.responsiveness, result.attrition
    rate = "estimated" if a.rate_identified else "not identified"
    lines = [
        f"# Response parameters from {md(Path(result.source).name)}", "",
        f"Scenario: {md(result.scenario.name)}. Plans in force: "
        + ", ".join(md(p.name) for p in result.plans.plans.values()) + ".", "",
        "| parameter | prior | estimate | 90% interval | used | verdict |",
        "|---|---|---|---|---|---|",
        f"| effort cost (mean, ¥/month) | {r.prior:,.0f} | {r.estimate:,.0f} | {r.interval()} | "
        f"{r.value:,.0f} | {VERDICT[r.status]} |",
        f"| attrition sensitivity | {a.prior_sensitivity:g} | {a.sensitivity:.1f} | "
        f"{interval(a.sensitivity_low, a.sensitivity_high, '.1f')} | {a.values['sensitivity']:g} | "
        f"{VERDICT['estimated' if a.identified else 'not identified']} |",
        f"| annual attrition at par | {a.prior_rate:.0%} | {a.annual_rate:.1%} | "
        f"{interval(a.rate_low, a.rate_high, '.1%')} | {a.values['annual_rate']:.1%} | {VERDICT[rate]} |",
        "", f"- Effort cost: {md(r.reason)}." + _bound(r),
        f"- Attrition: {md(a.reason)}.",
    ]  # fmt: skip
    if result.timing is not None:  # perfkit.analysis.estimate.timing
        lines.append(f"- Deal-timing share: {md(result.timing.line())}.")
    lines += [f"- Note: {md(n)}" for n in result.notes]
    if result.forecast:
        lines += [f"- Forecasts: {md(x)}." for x in result.forecast.lines()]
    if r.moments:
        lines += ["", "| statistic | export | s.e. (team bootstrap) | model at the estimate | used |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for m in r.moments:
            se = "—" if m["se"] is None else f"{m['se']:.4f}"
            sim = "—" if m["simulated"] is None else f"{m['simulated']:+.4f}"
            lines.append(f"| {md(m['statistic'])} | {m['observed']:+.4f} | {se} | {sim} | "
                         f"{'yes' if m['used'] else 'check'} |")  # fmt: skip
    lines += [
        "", "Method: indirect inference — the same statistics on the export and on panels the "
        "forecast's simulator produces over the export's own agents, months, teams and plans "
        "(team bootstrap); maximum likelihood on monthly quits (profile-likelihood intervals; "
        "rule of three when nobody left). See docs/estimation.md.",
        "", f"Took {result.seconds:.0f} s.",
    ]  # fmt: skip
    return "\n".join(lines).replace("nan–nan", "—").replace("| nan |", "| — |") + "\n"


def write(result: Fit, out: str | Path, data_path: str | Path | None = None) -> dict[str, Path]:
    """Write the estimated scenario, estimates.json and estimates.md into ``out``."""
    from perfkit.analysis.estimate.run import clean
    from perfkit.files.outputs import atomic_write_text, save_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data_path = Path(data_path or result.source)
    paths: dict[str, Path] = {}
    if data_path.suffix.lower() != ".csv" or not set(_columns(data_path)) & set(PLAN_HEADERS):
        data_path = out / "kpis_with_plans.csv"  # the plans (a plan map's) go with the data
        paths["data"] = save_table(_with_plan_paths(result, out), data_path)
    stem = Path(result.scenario.source or "scenario").stem
    doc = estimated_scenario(result, out, data_path)
    when = time.strftime("%Y-%m-%d")
    text = f"# Written by perfkit estimate {when} ({estimate_label(result)}): the estimates carry source notes.\n"
    text += yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    paths["scenario"] = atomic_write_text(out / f"{stem}_estimated.yaml", text)
    paths["json"] = atomic_write_text(
        out / "estimates.json", json.dumps(clean(result.to_dict()), indent=2, ensure_ascii=False)
    )
    paths["summary"] = atomic_write_text(out / "estimates.md", summary_markdown(result))
    return paths


def _columns(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig") as f:
            return [c.strip().casefold() for c in f.readline().split(",")]
    except (OSError, UnicodeDecodeError):
        return []


def _with_plan_paths(result: Fit, out: Path) -> pd.DataFrame:
    """The export with its plan column naming each plan's file relative to ``out``."""
    files = {k: _rel(p.source, out) for k, p in result.plans.plans.items() if p.source}
    df = result.kpis.copy()
    df[PLAN] = df[PLAN].map(lambda k: files.get(k, k))
    if df.attrs.get("tenure_missing"):  # zeros filled in on reading: not data
        df = df.drop(columns=["tenure_months"], errors="ignore")
    return df


def _bound(r: Responsiveness) -> str:
    """The effort cost's one-sided bound as a sentence, unless its reason already says it."""
    return f" Bound: {md(r.bound)}." if r.bound and r.bound not in r.reason else ""
