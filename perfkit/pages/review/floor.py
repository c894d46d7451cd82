"""The floor overview of a monthly review: one call that builds and writes everything.

:func:`run_review` is what the ``monthly_review`` notebook (and ``perfkit review``)
calls; the table and chart helpers give the notebook its localised tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.files.outputs import atomic_path
from perfkit.pages.review.batch import ReviewFiles, write_review
from perfkit.pages.review.coaching import coach_first, coaching_focus
from perfkit.pages.review.dashboard import goal_note, team_goal
from perfkit.pages.review.monitor import monitor
from perfkit.pages.review.month import MonthReview, review_month
from perfkit.pages.review.words import attainment, kpi_step, kpi_value
from perfkit.scheme import Scenario
from perfkit.text import Lang, label, t
from perfkit.text.numbers import fixed, money_symbol
from perfkit.words.escape import safe_style
from perfkit.words.plan.describe import plan_name

_METRIC_KPI = {"revenue_per_agent": "revenue", "pay_per_agent": "revenue"}


@dataclass
class Review:
    """Everything a monthly review computed and (``files``) wrote."""

    month: MonthReview
    focus: pd.DataFrame
    first: pd.DataFrame
    goals: pd.DataFrame
    bands: pd.DataFrame | None
    population: dict | None
    files: ReviewFiles = field(default_factory=ReviewFiles)

    def to_dir(self, out: str | Path, lang: Lang = "en", pdf: bool = True) -> Path:
        """Write every sheet, dashboard and table (:func:`write_review`) and, with a
        forecast, the month against its band (monitor.csv) under ``out``; each file
        atomically (the report's render stages the whole folder)."""
        self.files = write_review(self.month, self.focus, out, lang, pdf=pdf)
        if self.bands is not None:
            with atomic_path(Path(out) / "monitor.csv") as tmp:
                self.bands.to_csv(tmp, index=False)
        return Path(out)


def run_review(
    scenario: object,
    kpis: pd.DataFrame,
    period: str,
    out_dir: str | Path,
    lang: Lang = "en",
    runs: int = 40,
    seed: int | None = None,
    pdf: bool = True,
) -> Review:
    """Price the month, find each agent's coaching focus, write sheets and dashboards,
    and (``runs`` > 0) compare the floor with the simulated forecast."""
    month = review_month(kpis, scenario, period)
    focus = coaching_focus(month)
    bands = info = None
    if runs > 0:
        bands, info = monitor(month.scenario, kpis, month.agents, period, runs, seed)
    review = Review(month, focus, coach_first(focus, month.agents), team_goal(month), bands, info)
    review.to_dir(out_dir, lang, pdf)
    return review


def plan_caveat(scenario: Scenario, scenario_file: str | Path, lang: Lang) -> str | None:
    """A warning sentence when the export was paid under another plan than the one reviewed
    (``population.plan`` names another file): the band is then what this plan would have
    produced, not a check of the plan in force. The other plan is named by its name (in
    ``lang``), never by its file path."""
    stated = scenario.population.plan if scenario.population is not None else None
    if not stated or Path(stated).name == Path(scenario_file).name:
        return None
    return t("review.plan_caveat", lang, stated=_plan_called(stated, scenario_file, lang))


def _plan_called(stated: str, scenario_file: str | Path, lang: Lang) -> str:
    """The name of the plan file ``stated`` (beside ``scenario_file``), else its stem."""
    from perfkit.core.errors import PerfkitError
    from perfkit.scheme import load_scenario

    path = Path(scenario_file).parent / stated
    try:
        return plan_name(load_scenario(path), lang)
    except (PerfkitError, OSError):
        return Path(stated).stem


def grade_mix(grades: pd.Series, order: list[str]) -> str:
    """Grades counted in the plan's order (S before A before … D): ``S:7 A:5 B:4``."""
    counts = grades[grades != ""].value_counts()
    known = [g for g in order if g in counts.index]
    rest = sorted(set(counts.index) - set(known))
    return " ".join(f"{g}:{counts[g]}" for g in [*known, *rest])


def goal_notes(review: Review, lang: Lang) -> list[str]:
    """Why the teams' goals and their pool's threshold differ, once for the floor (text)."""
    cur, g = review.month.scenario.currency, review.goals
    differ = (g["goal"] - g["pool_goal"]).abs() > 0.5
    if differ.any():  # the floor's words: every team's goal is its own sum
        kpi, pool = str(g["kpi"].iloc[0]), float(g["pool_goal"].iloc[0])
        return [t("review.goals_vs_pool", lang, kpi=label(kpi, lang).lower(),
                  pool=kpi_value(kpi, pool, lang, cur))]  # fmt: skip
    return list(dict.fromkeys(n for _, r in g.iterrows() if (n := goal_note(r, lang, cur))))


def teams_table(review: Review, lang: Lang) -> pd.DataFrame:
    """Per team: agents, goal, reached, mean score and grade mix (localised headers)."""
    m, cur = review.month, review.month.scenario.currency
    g = review.goals
    order = m.scenario.main_plan.grades.names if m.scenario.main_plan.grades else []
    mix = m.agents.groupby("team")["grade"].agg(lambda s: grade_mix(s, order))
    out = pd.DataFrame(
        {
            label("team", lang): g["team"],
            label("agents", lang): g["heads"],
            t("review.goal", lang): [
                kpi_value(k, v, lang, cur) for k, v in zip(g["kpi"], g["goal"], strict=True)
            ],
            t("review.pool_goal", lang): [
                kpi_value(k, v, lang, cur) for k, v in zip(g["kpi"], g["pool_goal"], strict=True)
            ],
            t("review.actual", lang): [
                kpi_value(k, v, lang, cur) for k, v in zip(g["kpi"], g["actual"], strict=True)
            ],
            t("review.reached", lang): [attainment(v) for v in g["progress"]],
            t("review.mean_score", lang): [fixed(v, 1, grouped=False) for v in g["mean_score"]],
            label("grade", lang): g["team"].map(mix),
        }
    )
    if g["pool_goal"].isna().all():
        out = out.drop(columns=t("review.pool_goal", lang))
    if g["progress"].isna().all():  # no goal at all: the note under the table says so
        out = out.drop(columns=[t("review.goal", lang), t("review.reached", lang)])
    if not m.scored:
        out = out.drop(columns=[t("review.mean_score", lang), label("grade", lang)])
    return out


def coach_table(review: Review, lang: Lang, n: int = 10) -> pd.DataFrame:
    """The floor's *n* agents whose coaching is worth most next month."""
    cur = review.month.scenario.currency
    f = review.first.dropna(subset=["kpi"]).sort_values(
        ["pay_gain", "score_gain"], ascending=False, kind="stable"
    )
    f = f.head(n)
    return pd.DataFrame(
        {
            label("employee", lang): [
                nm or a for nm, a in zip(f["name"], f["agent_id"], strict=True)
            ],
            label("team", lang): f["team"],
            label("kpi", lang): [label(k, lang) for k in f["kpi"]],
            t("review.step", lang): [
                kpi_step(k, s, lang, cur) for k, s in zip(f["kpi"], f["step"], strict=True)
            ],
            t("review.worth", lang): [
                money_symbol(v, cur, lang, signed=True) for v in f["pay_gain"]
            ],
            t("review.score", lang): [
                fixed(v, 1, signed=True, grouped=False) for v in f["score_gain"]
            ],
        }
    ).drop(columns=[] if review.month.scored else [t("review.score", lang)])


def metric_value(metric: str, value: float, lang: Lang, currency: str) -> str:
    """A monitored metric's value in its unit."""
    if metric in ("revenue_per_agent", "pay_per_agent"):
        return money_symbol(value, currency, lang)
    if metric == "orders_per_agent":
        return kpi_value("qa_score", value, lang)  # one decimal
    return kpi_value(metric, value, lang)  # rates as percentages, per-agent counts whole


def monitor_table(review: Review, lang: Lang) -> pd.DataFrame:
    """The month against the forecast band, one row per metric (localised)."""
    b, cur = review.bands, review.month.scenario.currency
    rows = []
    for r in b.itertuples():
        rows.append(
            {
                label("kpi", lang): label(r.metric, lang, within="review.metric"),
                t("review.actual", lang): metric_value(r.metric, r.actual, lang, cur),
                "P10": metric_value(r.metric, r.p10, lang, cur),
                "P50": metric_value(r.metric, r.p50, lang, cur),
                "P90": metric_value(r.metric, r.p90, lang, cur),
                t("review.flag_header", lang): t(f"review.flag.{r.flag}", lang)
                + ("" if r.flag == "ok" else (" ✓" if r.good == "yes" else " ⚠")),
            }
        )
    return pd.DataFrame(rows)


def monitor_chart(review: Review, lang: Lang):
    """Each metric's actual ÷ forecast median, with the P10–P90 band (1 = median)."""
    import matplotlib.pyplot as plt

    b = review.bands
    names = [label(m, lang, within="review.metric") for m in b["metric"]]
    p50 = b["p50"].to_numpy(float)
    scale = np.where(p50 != 0, p50, 1.0)
    lo, hi, act = b["p10"] / scale, b["p90"] / scale, b["actual"] / scale
    y = np.arange(len(b))[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(b) + 1.2))
    ax.barh(y, hi - lo, left=lo, height=0.5, color="#c9d8ea", label="P10–P90")
    ax.axvline(1.0, color="#52606d", lw=1, ls=":")
    colors = ["#1f5f99" if f == "ok" else "#b42318" for f in b["flag"]]
    ax.scatter(act, y, color=colors, zorder=3, label=t("review.actual", lang))
    ax.set_yticks(y, names)
    ax.set_xlabel(t("review.actual_vs_median", lang))
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


def show(df: pd.DataFrame) -> None:
    """Display a table without its index, every cell and header HTML-escaped (names are
    data)."""
    from IPython.display import display

    display(safe_style(df).hide(axis="index"))
