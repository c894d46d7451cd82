"""The plan designer's view: widgets that edit a scenario, and the live preview of it that
its model (:class:`~perfkit.apps.designer.model.DesignModel`) simulates and draws."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

import perfkit.apps.designer.blocks as blocks
import perfkit.apps.designer.rules as rules
from perfkit.apps.designer.blocks import Context, Controls, Raw
from perfkit.apps.designer.model import DesignModel, Preview
from perfkit.apps.designer.problems import error_text
from perfkit.core.errors import PerfkitError
from perfkit.model.population import Population
from perfkit.scheme import Scenario, parse_scenario
from perfkit.text import Lang, label, t
from perfkit.words.escape import html_text

__all__ = ["BLOCKS", "PlanDesigner"]

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


class PlanDesigner:
    """Widgets that edit a scenario and preview it on a team.

    The starting plan, the team and the preview settings are its ``model``'s (see
    :class:`DesignModel` for ``scenario``, ``agents``, ``teams``, ``runs``, ``periods``,
    ``seed``, ``lang`` and ``data``); ``save_dir`` is where "Save scenario" writes.
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
        self.model = DesignModel(scenario, agents, teams, runs, periods, seed, lang, data)
        self.lang = lang
        base, pop = self.model.base, self.model.population
        self.controls: Controls = {}
        self.sections: list[tuple[str, list[str]]] = []
        ctx = Context(
            team_size=pop.n / max(len(pop.team_names), 1), capacity=float(np.mean(pop.capacity))
        )
        for key, build, _ in BLOCKS:
            made = build(base, lang, ctx)
            self.controls.update(made)
            self.sections.append((key, list(made)))
        stem = Path(base.source).stem if base.source.endswith((".yaml", ".yml")) else "plan"
        self.name = w.Text(value=f"{base.name} (designed)", description=t("designer.name", lang))
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
        self._charts: w.Output | None = None
        self._widget: w.Widget | None = None

    # ------------------------------------------------------------------ the model's state
    @property
    def base(self) -> Scenario:
        return self.model.base

    @property
    def population(self) -> Population:
        return self.model.population

    @property
    def reference(self) -> Preview | None:
        return self.model.reference

    @property
    def last(self) -> Preview | None:
        return self.model.last

    def use_data(self, data: pd.DataFrame | str | Path | None) -> Population:
        """Preview on the population calibrated from ``data`` (None or "": the synthetic team)."""
        population = self.model.use_data(data)
        self.team_html.value = self.team_text()
        return population

    def team_text(self, markdown: bool = False) -> str:
        """Which agents the preview simulates, in words (escaped for HTML, or for markdown)."""
        return self.model.team_text(markdown)

    def simulate(self, scenario: Scenario) -> Preview:
        """Simulate ``scenario`` on the designer's team with the fast settings."""
        return self.model.simulate(scenario)

    def headline_table(self) -> pd.DataFrame:
        """Headline numbers of the last preview against the starting plan."""
        return self.model.headline_table()

    def timing(self) -> str:
        """How long the last preview's simulation took, in words."""
        return self.model.timing()

    def figure(self, preview: Preview | None = None):
        """Payout curve, scorecard weights, pay mix and effort of ``preview`` vs the start,
        drawn at the width of a notebook (:data:`FIGURE_PX` pixels)."""
        return self.model.figure(preview)

    # ------------------------------------------------------------------ the controls' design
    def values(self) -> dict[str, Any]:
        """Current control values by key."""
        return {k: c.value for k, c in self.controls.items()}

    def scenario_from_controls(self) -> Scenario:
        """The design the controls describe, validated (raises ScenarioError if it is not valid)."""
        base = self.model.base
        raw = base.model_dump(mode="json", exclude_none=True)
        v = self.values()
        for _, _, apply in BLOCKS:
            apply(raw, v, base)
        return parse_scenario(raw, source=f"{base.source} [designer]")

    def refresh(self) -> Preview:
        """Simulate the current design (and, once per team, the starting plan); update the headline."""
        preview = self.model.preview(self.scenario_from_controls())
        self.headline_html.value = self.headline_table().to_html(index=False, border=0)
        return preview

    def save(self, path: str | Path | None = None, name: str | None = None) -> Path:
        """Write the current design as a scenario YAML file (atomically); returns the path."""
        design = self.scenario_from_controls()
        return self.model.save(design, path or self.path.value, name or self.name.value)

    def _error(self, exc: PerfkitError) -> None:
        text = error_text(exc, self.lang)
        self.status.value = f"<span style='color:#b2182b'>{html_text(text)}</span>"

    def _save_clicked(self) -> None:
        try:
            path = self.save()
        except PerfkitError as exc:
            self._error(exc)
            return
        self.status.value = html_text(t("designer.saved", self.lang, path=path))

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
        self.status.value = html_text(self.timing())
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
                which = "shares" if key == "grades" and forced else key
                pages.append(self._page(label(which, lang, within="designer"), key, keys))
                titles.append(t(f"designer.tab.{which}", lang))  # short: ten fit one row
        pages.append(
            w.VBox(
                [
                    w.HTML(f"<b>{t('designer.data', lang)}</b>"), self.data_path, self.data_button,
                    w.HTML(f"<b>{t('designer.save', lang)}</b>"), self.name, self.path, self.save_button,
                ]
            )
        )  # fmt: skip
        titles.append(t("designer.tab.data", lang))
        tabs = w.Tab(children=pages, titles=titles, layout=w.Layout(width="100%"))
        side = w.VBox([self.team_html, self.headline_html, self.status])
        self._charts = w.interactive_output(self._draw, dict(c))
        self._charts.layout = w.Layout(width="100%")
        return w.VBox([tabs, side, self._charts], layout=w.Layout(width="100%"))

    def _page(self, label: str, key: str, keys: list[str]) -> w.Widget:
        """One tab: its heading and controls (a commission ladder as rows of edge and rate)."""
        c = self.controls
        head = w.HTML(f"<b>{html_text(label)}</b>")
        if key != "commission" or "mode" not in c:
            return w.VBox([head, *(c[k] for k in keys)])
        rows: list[w.Widget] = []
        for k in sorted((k for k in keys if k.startswith("rate_")), key=lambda k: int(k[5:])):
            i = int(k[5:])
            rows += [c.get(f"edge_{i}", w.HTML(f"{t('designer.from', self.lang)} 0")), c[k]]
        grid = w.GridBox(rows, layout=w.Layout(grid_template_columns="190px 370px"))
        return w.VBox([head, c["mode"], grid])
