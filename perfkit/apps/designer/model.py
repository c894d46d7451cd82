"""The plan designer's model: a starting plan and the team it is previewed on; simulate a
design with the fast settings, set it against the start, draw it, save it. No widgets:
:class:`~perfkit.apps.designer.app.PlanDesigner` is the view that drives it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from perfkit.core.errors import ParameterError
from perfkit.fit.population_choice import choose_population, describe
from perfkit.model.population import Population, synthetic
from perfkit.scheme import Scenario, load_scenario
from perfkit.text import Lang, label, t
from perfkit.text.numbers import pct
from perfkit.words.escape import html_text
from perfkit.words.report import fmt_metric, population_phrase

#: Behavioural-solve settings of the live preview: fewer sample draws, iterations and
#: attainment states than a report (best responses are approximate), so a 200-agent
#: team × 12 months × 20 runs re-simulates in about half a second. The smooth last step
#: on effort is priced on 8 draws instead of 64, and only where a month is solved afresh
#: (not in the months that track the previous one): on the library's ladders and quarterly
#: cliff revenue stays within 0.5–2.5% of the full solve (without the step, cliffs
#: become coin tosses: −3% on the whole-amount ladder, −9% on the quarterly cliff).
#: Reports use the scenario's settings.
FAST_BEHAVIOUR: dict[str, Any] = {
    "samples": 2,
    "refine_samples": 8,
    "states": [0.7, 1.0, 1.3],
    "refine_tracking": False,
    "effort_points": 3,
    "max_iterations": 3,
    "tracking_iterations": 1,
    "slots": 2,
    "on_nonconvergence": "note",
}
#: Headline metrics shown, in order; money metrics are per period for the whole team.
HEADLINE = ("revenue", "total_pay", "cost_of_sales", "profit", "motivation_index", "pay_gini")
_PER_PERIOD = {"revenue", "total_pay", "incentive_pay", "profit"}
#: Charts at the width of a JupyterLab notebook (pixels at the figure's dpi).
FIGURE_PX, FIGURE_DPI = 960, 110


@dataclass(frozen=True)
class Preview:
    """One simulated design: headline numbers and the chart tables."""

    scenario: Scenario
    headline: dict[str, float]  # metric → mean (money per period, whole team)
    pay_mix: pd.DataFrame  # plan, component, amount (mean per agent-period)
    effort: pd.DataFrame  # plan, measure, value
    seconds: float
    solve_seconds: float = 0.0  # of which the agents' solve


class DesignModel:
    """A starting plan and the team designs are previewed on.

    ``scenario``: the starting plan (a Scenario or a scenario file). ``data``: the
    client's KPI export (path or table); the team is then the population calibrated
    from it (as ``perfkit compare --data`` would use). Without it, a synthetic team of
    ``agents`` in ``teams`` (seed ``seed``). Every design is simulated on the same
    agents and random draws as the starting plan.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path,
        agents: int = 200,
        teams: int = 10,
        runs: int = 20,
        periods: int = 12,
        seed: int = 0,
        lang: Lang = "en",
        data: pd.DataFrame | str | Path | None = None,
    ) -> None:
        self.base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.runs, self.periods, self.seed, self.lang = runs, periods, seed, lang
        self._synthetic = {"agents": agents, "teams": teams, "seed": seed}
        self.population = self._team(data)
        self.reference: Preview | None = None
        self.last: Preview | None = None

    # ------------------------------------------------------------------ the team
    def _team(self, data: pd.DataFrame | str | Path | None) -> Population:
        if data is None or (isinstance(data, str) and not data.strip()):
            return synthetic(**self._synthetic)
        return choose_population([self.base], data=data).population

    def use_data(self, data: pd.DataFrame | str | Path | None) -> Population:
        """Preview on the population calibrated from ``data`` (None or "": the synthetic team)."""
        self.population = self._team(data)
        self.reference = self.last = None  # the starting plan is re-simulated on the new team
        return self.population

    def team_text(self, markdown: bool = False) -> str:
        """Which agents the preview simulates, in words (escaped for HTML, or for markdown)."""
        info = describe(self.population)
        phrase = (
            population_phrase(info, self.lang)
            if markdown
            else population_phrase(info, self.lang, literal=html_text)
        )
        return t("designer.team_is", self.lang, population=phrase)

    # ------------------------------------------------------------------ simulation
    def simulate(self, scenario: Scenario) -> Preview:
        """Simulate ``scenario`` on the designer's team with the fast settings."""
        from perfkit.analysis.per_plan import mean_effort, mean_pay_parts
        from perfkit.simulate import simulate

        settings = scenario.simulation.model_dump() if scenario.simulation is not None else {}
        settings["behaviour"] = {**settings.get("behaviour", {}), **FAST_BEHAVIOUR}
        started = time.perf_counter()
        result = simulate(
            scenario, runs=self.runs, seed=self.seed, periods=self.periods,
            population=self.population, settings=settings,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        n = len(result.meta["periods"])
        headline = {
            m: result.metric(m) / (n if m in _PER_PERIOD else 1)
            for m in HEADLINE
            if m in set(result.summary["metric"])
        }
        name = scenario.name
        return Preview(
            scenario,
            headline,
            mean_pay_parts({name: result}, [name]),
            mean_effort({name: result}, [name]),
            seconds,
            result.meta["seconds"]["solve"],
        )

    def preview(self, design: Scenario) -> Preview:
        """Simulate ``design`` (and, once per team, the starting plan)."""
        if self.reference is None:
            self.reference = self.simulate(self.base)
        self.last = self.simulate(design)
        return self.last

    def headline_table(self) -> pd.DataFrame:
        """Headline numbers of the last preview against the starting plan."""
        if self.last is None or self.reference is None:
            raise ParameterError("call refresh() first")
        cur, lang = self.base.currency, self.lang
        rows = []
        for m, now in self.last.headline.items():
            before = self.reference.headline[m]
            rows.append(
                {
                    label("metric", lang): label(m, lang)
                    + (f" ({t('designer.per_period', lang)})" if m in _PER_PERIOD else ""),
                    t("designer.design", lang): fmt_metric(m, now, cur, lang),
                    t("designer.start", lang): fmt_metric(m, before, cur, lang),
                    label("change", lang): pct((now - before) / abs(before), signed=True)
                    if before
                    else t("designer.no_change", lang),
                }
            )
        return pd.DataFrame(rows)

    def timing(self) -> str:
        """How long the last preview's simulation took, in words."""
        seconds = self.last.seconds if self.last else float("nan")
        return t(
            "designer.timing", self.lang, agents=self.population.n, periods=self.periods,
            runs=self.runs, seconds=seconds,
        )  # fmt: skip

    def figure(self, preview: Preview | None = None):
        """Payout curve, scorecard weights, pay mix and effort of ``preview`` vs the start,
        drawn at the width of a notebook (:data:`FIGURE_PX` pixels)."""
        import matplotlib.pyplot as plt

        from perfkit.pages import plots
        from perfkit.words.report import labelled, legend_below, wrap_ticks

        p, ref, lang = preview or self.last, self.reference, self.lang
        if p is None or ref is None:
            raise ParameterError("call refresh() first")
        width = FIGURE_PX / FIGURE_DPI
        fig, axes = plt.subplots(
            2, 2, figsize=(width, 0.78 * width), dpi=FIGURE_DPI, layout="constrained"
        )
        start, design = t("designer.start", lang), t("designer.design", lang)
        plots.plot_payout_curve(p.scenario, ax=axes[0, 0], lang=lang)
        axes[0, 0].lines[0].set_label(f"{label('total_pay', lang)} · {design}")
        before = plots.payout_curve(self.base)  # the starting plan beside the design
        axes[0, 0].plot(before["attainment"], before["total_pay"], color="0.35", lw=1.6,
                        ls="--", label=f"{label('total_pay', lang)} · {start}")  # fmt: skip
        axes[0, 0].legend(loc="lower right", fontsize=8, framealpha=0.9)  # under the edges
        plots.plot_weights(p.scenario, ax=axes[0, 1], lang=lang)
        mix = pd.concat(
            [ref.pay_mix.assign(plan=start), p.pay_mix.assign(plan=design)], ignore_index=True
        )
        plots.plot_pay_mix(mix[mix["amount"].abs() > 0.5], ax=axes[1, 0], lang=lang)
        wrap_ticks(axes[1, 0], "y", 22)
        effort = pd.concat(
            [ref.effort.assign(plan=start), p.effort.assign(plan=design)], ignore_index=True
        )
        plots.plot_effort_shift(labelled(effort, "measure", lang), ax=axes[1, 1], lang=lang)
        legend_below(axes[1, 1])
        return fig

    # ------------------------------------------------------------------ saving
    def save(self, design: Scenario, path: str | Path, name: str | None = None) -> Path:
        """Write ``design`` as a scenario YAML file named ``name`` (atomically); returns the path."""
        from perfkit.files.outputs import atomic_write_text

        path = Path(path)
        doc = design.model_dump(mode="json", exclude_none=True)
        doc["name"] = name or doc["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
        return path
