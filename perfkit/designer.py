"""A live plan designer for JupyterLab: move a control, re-simulate a team in under a second.

:class:`PlanDesigner` builds ipywidgets controls from a starting scenario (scorecard
weights, commission ladder rates and band edges, grade bands or forced shares, team
weight, an attainment bonus), turns them into a validated scenario with
:func:`perfkit.params.with_param`, simulates a synthetic team with few runs and a
fast behavioural solve, and redraws the payout curve, weights, pay mix and effort
with the headline numbers against the starting plan. "Save scenario" writes the
design as a scenario YAML file, atomically.

The pure methods (:meth:`~PlanDesigner.scenario_from_controls`,
:meth:`~PlanDesigner.refresh`, :meth:`~PlanDesigner.save`) need no browser; the
widget is built on first use of :attr:`~PlanDesigner.widget`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd
import yaml

from perfkit.errors import ParameterError, PerfkitError
from perfkit.i18n import Lang
from perfkit.params import with_param
from perfkit.population import synthetic
from perfkit.report_text import fmt_metric, pct, word
from perfkit.scheme import Scenario, load_scenario

#: Behavioural-solve settings of the live preview: fewer sample draws and iterations
#: than a report, and no smooth last step on effort (perfkit.behaviour.refine), so
#: best responses at cliffs are approximate but a 200-agent team × 12 months × 20 runs
#: re-simulates in about a quarter of a second. Reports use the scenario's settings.
FAST_BEHAVIOUR: dict[str, Any] = {
    "samples": 2,
    "refine_width": 0.0,
    "effort_points": 3,
    "max_iterations": 3,
    "tracking_iterations": 1,
    "slots": 2,
    "on_nonconvergence": "note",
}
#: Headline metrics shown, in order; money metrics are per period for the whole team.
HEADLINE = ("revenue", "total_pay", "cost_of_sales", "profit", "motivation_index", "pay_gini")
_PER_PERIOD = {"revenue", "total_pay", "incentive_pay", "profit"}
_LABELS = {
    "weights": ("Scorecard weights (normalised to 100)", "考核指标权重（自动归一到 100）"),
    "commission": ("Commission", "提成"),
    "mode": ("Ladder", "阶梯方式"),
    "rate": ("Rate", "比例"),
    "from": ("From", "起点"),
    "grades": ("Grade bands (minimum score)", "绩效等级（最低得分）"),
    "shares": ("Forced shares (normalised to 100%)", "强制分布比例（自动归一）"),
    "team": ("Team and bonus", "团队与奖金"),
    "team_weight": ("Team weight", "团队权重"),
    "bonus": ("Bonus at 100% of target", "达成 100% 目标奖金"),
    "save": ("Save scenario", "保存方案"),
    "name": ("Name", "名称"),
    "file": ("File", "文件"),
    "design": ("This design", "当前设计"),
    "start": ("Starting plan", "初始方案"),
    "per_period": ("per period, whole team", "每期，全体员工"),
    "timing": (
        "Simulated {agents} agents × {periods} periods × {runs} runs in {seconds:.2f} s",
        "模拟 {agents} 人 × {periods} 期 × {runs} 次，用时 {seconds:.2f} 秒",
    ),
    "saved": ("Saved {path}", "已保存 {path}"),
}


def _t(key: str, lang: Lang) -> str:
    en, zh = _LABELS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class Preview:
    """One simulated design: headline numbers and the chart tables."""

    scenario: Scenario
    headline: dict[str, float]  # metric → mean (money per period, whole team)
    pay_mix: pd.DataFrame  # plan, component, amount (mean per agent-period)
    effort: pd.DataFrame  # plan, measure, value
    seconds: float


class PlanDesigner:
    """Widgets that edit a scenario and preview it on a synthetic team.

    ``scenario``: the starting plan (a Scenario or a scenario file). The team is a
    synthetic population of ``agents`` in ``teams`` (seed ``seed``); every design
    is simulated on the same agents and random draws as the starting plan.
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
    ) -> None:
        self.base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.population = synthetic(agents=agents, teams=teams, seed=seed)
        self.runs, self.periods, self.seed, self.lang = runs, periods, seed, lang
        self.controls: dict[str, w.ValueWidget] = {}
        self._build_controls()
        stem = (
            Path(self.base.source).stem if self.base.source.endswith((".yaml", ".yml")) else "plan"
        )
        self.name = w.Text(value=f"{self.base.name} (designed)", description=_t("name", lang))
        self.path = w.Text(
            value=str(Path(save_dir) / f"{stem}_designed.yaml"), description=_t("file", lang)
        )
        self.save_button = w.Button(
            description=_t("save", lang), icon="save", button_style="primary"
        )
        self.save_button.on_click(lambda _b: self._save_clicked())
        self.status = w.HTML()
        self.headline_html = w.HTML()
        self.reference: Preview | None = None
        self.last: Preview | None = None
        self._widget: w.Widget | None = None

    # ------------------------------------------------------------------ controls
    def _slider(
        self, key: str, value: float, lo: float, hi: float, step: float, desc: str, fmt: str
    ) -> None:
        self.controls[key] = w.FloatSlider(
            value=value, min=lo, max=hi, step=step, description=desc, readout_format=fmt,
            continuous_update=False, style={"description_width": "150px"},
            layout=w.Layout(width="360px"),
        )  # fmt: skip

    def _build_controls(self) -> None:
        s, lang = self.base, self.lang
        for item in s.scorecard:
            self._slider(f"w_{item.kpi}", item.weight, 0, 100, 1, word(item.kpi, lang), ".0f")
        c = s.commission
        if c is not None and c.mode == "flat":
            self._slider(
                "rate_0", float(c.rate), 0, max(0.15, 2 * c.rate), 0.001, _t("rate", lang), ".1%"
            )
        elif c is not None:
            self.controls["mode"] = w.Dropdown(
                options=["marginal", "whole"], value=c.mode, description=_t("mode", lang)
            )
            top = max(r for _, r in c.ladder)
            for i, (start, rate) in enumerate(c.ladder):
                if i:
                    self.controls[f"edge_{i}"] = w.BoundedFloatText(
                        value=start, min=1, max=1e7, step=1000, description=_t("from", lang),
                        continuous_update=False, layout=w.Layout(width="180px"),
                    )  # fmt: skip
                self._slider(
                    f"rate_{i}",
                    rate,
                    0,
                    max(0.15, 2 * top),
                    0.001,
                    f"{_t('rate', lang)} {i + 1}",
                    ".1%",
                )
        g = s.grades
        if g is not None and g.method == "bands":
            for name, edge in g.bands.items():
                self._slider(f"grade_{name}", edge, 0, 200, 1, name, ".0f")
        elif g is not None:
            for name, share in g.shares.items():
                self._slider(f"grade_{name}", 100 * share, 0, 100, 1, name, ".0f")
        self._slider("team_weight", s.team.weight, 0, 1, 0.05, _t("team_weight", lang), ".0%")
        bonus = self._bonus_index()
        amount = s.bonuses[bonus].tier_list[0][1] if bonus is not None else 0.0
        self._slider("bonus", amount, 0, max(5000.0, 2 * amount), 100, _t("bonus", lang), ",.0f")

    def _bonus_index(self) -> int | None:
        """The first per-period attainment bonus of the starting plan (the one the control edits)."""
        for i, b in enumerate(self.base.bonuses):
            if b.type == "attainment":
                return i
        return None

    def values(self) -> dict[str, Any]:
        """Current control values by key."""
        return {k: c.value for k, c in self.controls.items()}

    # ------------------------------------------------------------------ scenario
    def scenario_from_controls(self) -> Scenario:
        """The design the controls describe, validated (raises ScenarioError if it is not valid)."""
        v, s = self.values(), self.base
        raw = s.model_dump(mode="json", exclude_none=True)
        if s.scorecard:
            items = [it for it in raw["scorecard"] if v[f"w_{it['kpi']}"] > 0]
            total = sum(v[f"w_{it['kpi']}"] for it in items)
            if not items:
                raise ParameterError("scorecard: give at least one KPI a weight above 0")
            for it in items:
                it["weight"] = round(100.0 * v[f"w_{it['kpi']}"] / total, 1)
            items[-1]["weight"] = round(100.0 - sum(it["weight"] for it in items[:-1]), 1)
            s = with_param(s, "scorecard", items)
        c = raw.get("commission")
        if c is not None and c["mode"] == "flat":
            s = with_param(s, "commission.rate", v["rate_0"])
        elif c is not None:
            ladder = [
                [0.0 if i == 0 else v[f"edge_{i}"], v[f"rate_{i}"]] for i in range(len(c["ladder"]))
            ]
            s = with_param(s, "commission", {**c, "mode": v["mode"], "ladder": ladder})
        g = raw.get("grades")
        if g is not None and g["method"] == "bands":
            s = with_param(s, "grades.bands", {k: v[f"grade_{k}"] for k in g["bands"]})
        elif g is not None:
            shares = {k: v[f"grade_{k}"] for k in g["shares"]}
            total = sum(shares.values()) or 1.0
            s = with_param(s, "grades.shares", {k: 100.0 * x / total for k, x in shares.items()})
        s = with_param(s, "team.weight", v["team_weight"])
        return with_param(s, "bonuses", self._bonuses(raw["bonuses"], v["bonus"]))

    def _bonuses(self, bonuses: list[dict[str, Any]], amount: float) -> list[dict[str, Any]]:
        i = self._bonus_index()
        if i is None:
            if amount <= 0:
                return bonuses
            from perfkit.plots.plan import revenue_target

            new = {"type": "attainment", "kpi": "revenue", "at": 1.0, "amount": amount}
            if "revenue" not in {it.kpi for it in self.base.scorecard}:
                new["target"] = revenue_target(self.base)
            return [*bonuses, new]
        if amount <= 0:
            return [b for k, b in enumerate(bonuses) if k != i]
        b = dict(bonuses[i])
        if b.get("tiers"):
            old = b["tiers"][0][1] or 1.0
            b["tiers"] = [[at, amt * amount / old] for at, amt in b["tiers"]]
        else:
            b["amount"] = amount
        return [b if k == i else x for k, x in enumerate(bonuses)]

    # ------------------------------------------------------------------ simulation
    def simulate(self, scenario: Scenario) -> Preview:
        """Simulate ``scenario`` on the designer's team with the fast settings."""
        from perfkit.compare import effort_table, pay_mix
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
            pay_mix({name: result}, [name]),
            effort_table({name: result}, [name]),
            seconds,
        )

    def refresh(self) -> Preview:
        """Simulate the current design (and, once, the starting plan); update the headline."""
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
                    word("metric", lang): word(m, lang)
                    + (f" ({_t('per_period', lang)})" if m in _PER_PERIOD else ""),
                    _t("design", lang): fmt_metric(m, now, cur),
                    _t("start", lang): fmt_metric(m, before, cur),
                    word("change", lang): pct((now - before) / abs(before), signed=True)
                    if before
                    else "n/a",
                }
            )
        return pd.DataFrame(rows)

    def timing(self) -> str:
        """How long the last preview's simulation took, in words."""
        seconds = self.last.seconds if self.last else float("nan")
        return _t("timing", self.lang).format(
            agents=self.population.n, periods=self.periods, runs=self.runs, seconds=seconds
        )

    def figure(self, preview: Preview | None = None):
        """Payout curve, scorecard weights, pay mix and effort of ``preview`` vs the start."""
        import matplotlib.pyplot as plt

        from perfkit import plots
        from perfkit.report_text import labelled, legend_below, wrap_ticks

        p, ref, lang = preview or self.last, self.reference, self.lang
        if p is None or ref is None:
            raise ParameterError("call refresh() first")
        fig, axes = plt.subplots(2, 2, figsize=(12, 7.5), layout="constrained")
        plots.plot_payout_curve(p.scenario, ax=axes[0, 0], lang=lang)
        plots.plot_weights(p.scenario, ax=axes[0, 1], lang=lang)
        start, design = _t("start", lang), _t("design", lang)
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
        from perfkit.outputs import atomic_write_text

        path = Path(path or self.path.value)
        doc = self.scenario_from_controls().model_dump(mode="json", exclude_none=True)
        doc["name"] = name or self.name.value or doc["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
        return path

    def _save_clicked(self) -> None:
        try:
            path = self.save()
        except PerfkitError as exc:
            self.status.value = f"<span style='color:#b2182b'>{exc}</span>"
            return
        self.status.value = _t("saved", self.lang).format(path=path)

    # ------------------------------------------------------------------ widget
    def _draw(self, **_values: Any) -> None:
        import matplotlib.pyplot as plt
        from IPython import get_ipython
        from IPython.display import display

        try:
            self.refresh()
        except PerfkitError as exc:
            self.status.value = f"<span style='color:#b2182b'>{exc}</span>"
            return
        self.status.value = self.timing()
        fig = self.figure()
        if get_ipython() is not None:  # in a kernel: into the widget's output area
            display(fig)
        plt.close(fig)

    @property
    def widget(self) -> w.Widget:
        """The designer: controls on the left, headline numbers and charts on the right."""
        if self._widget is None:
            self._widget = self._layout()
        return self._widget

    def _layout(self) -> w.Widget:
        lang, c = self.lang, self.controls

        def section(key: str, keys: list[str]) -> list[w.Widget]:
            return [w.HTML(f"<b>{_t(key, lang)}</b>"), *(c[k] for k in keys)] if keys else []

        weights = [k for k in c if k.startswith("w_")]
        ladder = []
        for k in sorted((k for k in c if k.startswith("rate_")), key=lambda k: int(k[5:])):
            i = int(k[5:])
            edge = c.get(f"edge_{i}", w.HTML(f"{_t('from', lang)} 0"))
            ladder += [edge, c[k]]
        grid = w.GridBox(ladder, layout=w.Layout(grid_template_columns="190px 370px"))
        grades = [k for k in c if k.startswith("grade_")]
        g = self.base.grades
        left = w.VBox(
            [
                *section("weights", weights),
                *([w.HTML(f"<b>{_t('commission', lang)}</b>")] if ladder else []),
                *([c["mode"]] if "mode" in c else []),
                *([grid] if ladder else []),
                *section("grades" if g is None or g.method == "bands" else "shares", grades),
                *section("team", ["team_weight", "bonus"]),
                w.HTML(f"<b>{_t('save', lang)}</b>"),
                self.name,
                self.path,
                self.save_button,
                self.status,
            ],
            layout=w.Layout(width="580px"),
        )
        charts = w.interactive_output(self._draw, dict(c))
        right = w.VBox([self.headline_html, charts], layout=w.Layout(flex="1"))
        return w.HBox([left, right])
