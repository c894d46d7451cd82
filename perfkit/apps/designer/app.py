"""The plan designer widget: controls, headline numbers and charts of a live preview."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
import yaml

import perfkit.apps.designer.blocks as blocks
import perfkit.apps.designer.rules as rules
from perfkit.apps.designer.blocks import Context, Controls, Raw
from perfkit.core.errors import ParameterError, PerfkitError
from perfkit.fit.population_choice import choose_population, describe
from perfkit.model.population import Population, synthetic
from perfkit.scheme import Scenario, load_scenario, parse_scenario
from perfkit.text import Lang, label, t
from perfkit.text.numbers import pct
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

Build = Callable[[Scenario, Lang, Context], Controls]
Apply = Callable[[Raw, dict[str, Any], Scenario], None]
#: The control blocks, in the designer's tab order: (label, build, apply).
BLOCKS: tuple[tuple[str, Build, Apply], ...] = (
    ("weights", blocks.scorecard_controls, blocks.apply_scorecard),
    ("commission", blocks.commission_controls, blocks.apply_commission),
    ("grades", blocks.grade_controls, blocks.apply_grades),
    ("team", blocks.team_controls, blocks.apply_team),
    ("pool", rules.pool_controls, rules.apply_pool),
    ("rank", rules.rank_controls, rules.apply_rank),
    ("deductions", rules.deduction_controls, rules.apply_deductions),
    ("collaboration", rules.collaboration_controls, rules.apply_collaboration),
    ("non_cash", rules.non_cash_controls, rules.apply_non_cash),
)


@dataclass(frozen=True)
class Preview:
    """One simulated design: headline numbers and the chart tables."""

    scenario: Scenario
    headline: dict[str, float]  # metric → mean (money per period, whole team)
    pay_mix: pd.DataFrame  # plan, component, amount (mean per agent-period)
    effort: pd.DataFrame  # plan, measure, value
    seconds: float


class PlanDesigner:
    """Widgets that edit a scenario and preview it on a team.

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
        save_dir: str | Path = ".",
        data: pd.DataFrame | str | Path | None = None,
    ) -> None:
        self.base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.runs, self.periods, self.seed, self.lang = runs, periods, seed, lang
        self._synthetic = {"agents": agents, "teams": teams, "seed": seed}
        self.population = self._team(data)
        self.controls: Controls = {}
        self.sections: list[tuple[str, list[str]]] = []
        ctx = Context(
            team_size=self.population.n / max(len(self.population.team_names), 1),
            capacity=float(np.mean(self.population.capacity)),
        )
        for key, build, _ in BLOCKS:
            made = build(self.base, lang, ctx)
            self.controls.update(made)
            self.sections.append((key, list(made)))
        stem = (
            Path(self.base.source).stem if self.base.source.endswith((".yaml", ".yml")) else "plan"
        )
        self.name = w.Text(
            value=f"{self.base.name} (designed)", description=t("designer.name", lang)
        )
        self.path = w.Text(
            value=str(Path(save_dir) / f"{stem}_designed.yaml"),
            description=t("designer.file", lang),
        )
        self.save_button = w.Button(
            description=t("designer.save", lang), icon="save", button_style="primary"
        )
        self.save_button.on_click(lambda _b: self._save_clicked())
        source = "" if data is None or isinstance(data, pd.DataFrame) else str(data)
        self.data_path = w.Text(value=source, description=t("designer.data_path", lang))
        self.data_button = w.Button(description=t("designer.use_data", lang), icon="table")
        self.data_button.on_click(lambda _b: self._data_clicked())
        self.status = w.HTML()
        self.team_html = w.HTML(self.team_text())
        self.headline_html = w.HTML()
        self.reference: Preview | None = None
        self.last: Preview | None = None
        self._charts: w.Output | None = None
        self._widget: w.Widget | None = None

    # ------------------------------------------------------------------ the team
    def _team(self, data: pd.DataFrame | str | Path | None) -> Population:
        if data is None or (isinstance(data, str) and not data.strip()):
            return synthetic(**self._synthetic)
        return choose_population([self.base], data=data).population

    def use_data(self, data: pd.DataFrame | str | Path | None) -> Population:
        """Preview on the population calibrated from ``data`` (None or "": the synthetic team)."""
        self.population = self._team(data)
        self.reference = self.last = None  # the starting plan is re-simulated on the new team
        self.team_html.value = self.team_text()
        return self.population

    def team_text(self, markdown: bool = False) -> str:
        """Which agents the preview simulates, in words (escaped for HTML, or for markdown)."""
        info = describe(self.population)
        phrase = (
            population_phrase(info, self.lang)
            if markdown
            else population_phrase(info, self.lang, literal=html.escape)
        )
        return t("designer.team_is", self.lang, population=phrase)

    # ------------------------------------------------------------------ scenario
    def values(self) -> dict[str, Any]:
        """Current control values by key."""
        return {k: c.value for k, c in self.controls.items()}

    def scenario_from_controls(self) -> Scenario:
        """The design the controls describe, validated (raises ScenarioError if it is not valid)."""
        raw = self.base.model_dump(mode="json", exclude_none=True)
        v = self.values()
        for _, _, apply in BLOCKS:
            apply(raw, v, self.base)
        return parse_scenario(raw, source=f"{self.base.source} [designer]")

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
        )

    def refresh(self) -> Preview:
        """Simulate the current design (and, once per team, the starting plan); update the headline."""
        if self.reference is None:
            self.reference = self.simulate(self.base)
        self.last = self.simulate(self.scenario_from_controls())
        self.headline_html.value = self.headline_table().to_html(index=False, border=0)
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
                    t("designer.design", lang): fmt_metric(m, now, cur),
                    t("designer.start", lang): fmt_metric(m, before, cur),
                    label("change", lang): pct((now - before) / abs(before), signed=True)
                    if before
                    else "n/a",
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
        plots.plot_payout_curve(p.scenario, ax=axes[0, 0], lang=lang)
        plots.plot_weights(p.scenario, ax=axes[0, 1], lang=lang)
        start, design = t("designer.start", lang), t("designer.design", lang)
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
    def save(self, path: str | Path | None = None, name: str | None = None) -> Path:
        """Write the current design as a scenario YAML file (atomically); returns the path."""
        from perfkit.files.outputs import atomic_write_text

        path = Path(path or self.path.value)
        doc = self.scenario_from_controls().model_dump(mode="json", exclude_none=True)
        doc["name"] = name or self.name.value or doc["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
        return path

    def _error(self, exc: PerfkitError) -> None:
        self.status.value = f"<span style='color:#b2182b'>{html.escape(str(exc))}</span>"

    def _save_clicked(self) -> None:
        try:
            path = self.save()
        except PerfkitError as exc:
            self._error(exc)
            return
        self.status.value = html.escape(t("designer.saved", self.lang, path=path))

    def _data_clicked(self) -> None:
        try:
            self.use_data(self.data_path.value)
        except PerfkitError as exc:
            self._error(exc)
            return
        if self._charts is not None:
            from IPython.display import clear_output

            with self._charts:
                clear_output(wait=True)
                self._draw()

    # ------------------------------------------------------------------ widget
    def _draw(self, **_values: Any) -> None:
        import matplotlib.pyplot as plt
        from IPython import get_ipython
        from IPython.display import display

        try:
            self.refresh()
        except PerfkitError as exc:
            self._error(exc)
            return
        self.status.value = html.escape(self.timing())
        fig = self.figure()
        if get_ipython() is not None:  # in a kernel: into the widget's output area
            display(fig)
        plt.close(fig)

    @property
    def widget(self) -> w.Widget:
        """The designer: tabs of controls beside the headline numbers, charts below at full width."""
        if self._widget is None:
            self._widget = self._layout()
        return self._widget

    def _layout(self) -> w.Widget:
        lang, c = self.lang, self.controls
        pages, titles = [], []
        forced = self.base.grades is not None and self.base.grades.method == "forced"
        for key, keys in self.sections:
            if keys:
                name = label(
                    "shares" if key == "grades" and forced else key, lang, within="designer"
                )
                pages.append(self._page(name, key, keys))
                titles.append(re.split(r" ?[（(]", name)[0])
        pages.append(
            w.VBox(
                [
                    w.HTML(f"<b>{t('designer.data', lang)}</b>"), self.data_path, self.data_button,
                    w.HTML(f"<b>{t('designer.save', lang)}</b>"), self.name, self.path, self.save_button,
                ]
            )
        )  # fmt: skip
        titles.append(f"{t('designer.data', lang)} · {t('designer.save', lang)}")
        tabs = w.Tab(children=pages, titles=titles, layout=w.Layout(width="600px"))
        side = w.VBox([self.team_html, self.headline_html, self.status], layout=w.Layout(flex="1"))
        self._charts = w.interactive_output(self._draw, dict(c))
        self._charts.layout = w.Layout(width="100%")
        return w.VBox([w.HBox([tabs, side]), self._charts], layout=w.Layout(width="100%"))

    def _page(self, label: str, key: str, keys: list[str]) -> w.Widget:
        """One tab: its heading and controls (a commission ladder as rows of edge and rate)."""
        c = self.controls
        head = w.HTML(f"<b>{html.escape(label)}</b>")
        if key != "commission" or "mode" not in c:
            return w.VBox([head, *(c[k] for k in keys)])
        rows: list[w.Widget] = []
        for k in sorted((k for k in keys if k.startswith("rate_")), key=lambda k: int(k[5:])):
            i = int(k[5:])
            rows += [c.get(f"edge_{i}", w.HTML(f"{t('designer.from', self.lang)} 0")), c[k]]
        grid = w.GridBox(rows, layout=w.Layout(grid_template_columns="190px 370px"))
        return w.VBox([head, c["mode"], grid])
