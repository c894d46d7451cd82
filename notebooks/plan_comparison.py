# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (perfkit)
#     language: python
#     name: perfkit
# ---

# %% [markdown] tags=["remove"]
# # Incentive plans compared · 激励方案对比
#
# Several scenarios side by side on the same population and random draws. Render
# with `perfkit render` (or `perfkit.pages.report.render.render_notebook`); every number and
# sentence below is computed by perfkit from the parameters.

# %% tags=["parameters"]
scenarios = [
    "../scenarios/current_flat_commission.yaml",
    "../scenarios/marginal_ladder.yaml",
    "../scenarios/whole_amount_ladder.yaml",
]
baseline = ""
data = ""
fill = {}  # blank KPI cells: {KPI: "agent_mean" | "team_mean" | "zero"}
drop_incomplete = False  # or drop rows with a blank KPI cell
runs = 30
max_runs = 0  # budget of paired runs until the profit leader clearly leads; 0: 4 × runs
seed = 0
periods = 12
lang = "en"
out_dir = ""

# %%
import warnings

import matplotlib.pyplot as plt

from perfkit.analysis.compare import compare
from perfkit.analysis.decides import decides
from perfkit.files.data import load_kpis
from perfkit.pages import plots
from perfkit.scheme import load_scenario
from perfkit.text import label, numbers, t
from perfkit.words import findings, page_one
from perfkit.words import plan as plan_words
from perfkit.words import report as rt
from perfkit.words.report import decides as rd
from perfkit.words.report import md, table

warnings.filterwarnings("ignore")
plots.apply_style()


paths = list(dict.fromkeys(([baseline] if baseline else []) + list(scenarios)))
loaded = [plan_words.localized(load_scenario(p), lang) for p in paths]  # Chinese names in zh
kpis = load_kpis(data, fill=fill, drop_incomplete=drop_incomplete) if data else None
comp = compare(
    loaded, 0, runs=runs, seed=seed, periods=periods, data=kpis, max_runs=max_runs or 4 * runs
)
used = int(comp.per_run["run"].nunique())  # paired runs simulated
base, others = comp.baseline, comp.plans[1:]
population, pop_info = comp.population, comp.meta["population"]
cur = loaded[0].currency
n_periods = len(comp.results[base].meta["periods"])
rt.write_outputs(comp, out_dir)

decided = decides(comp, data=kpis, runs=min(runs, 20), seed=seed, periods=periods)
md(
    f"# {t('report.heading.comparison_title', lang)}",
    t(
        "report.text.comparison_intro", lang, n=len(comp.plans), baseline=rt.md_text(base), runs=used,
        population=rt.population_phrase(pop_info, lang), periods=n_periods, seed=seed,
        currency=numbers.currency_unit(cur, lang),
    ),
    rt.population_notes(pop_info, lang),
)  # fmt: skip

# %% tags=["summary"]
md(rt.heading("summary", lang), page_one.summary_lines(comp, decided, lang))  # page 1 decides
lead, three = page_one.three_numbers(comp, lang)
md(lead)
table(three, figures=True)
md(
    rt.heading("plans", lang, level=3),
    rt.bullets([f"**{rt.md_text(p)}** — {rt.md_text(comp.scenarios[p].description)}" for p in comp.plans], markdown=True),
)  # fmt: skip

# %%
md(rt.heading("key_metrics", lang, 1))
table(rt.key_metrics_table(comp, lang), max_columns=5, keep=2)
md(rt.bullets([findings.headline(comp, p, lang)[0] for p in others]))

# %%
md(rt.heading("decides", lang, level=3), "" if decided else t("decides.text.single", lang))
if decided is not None:
    said = rd.decides_sentences(decided, cur, n_periods, lang)
    md(said[0])
    table(rd.decides_table(decided, cur, lang), max_columns=7)
    plots.plot_decides(decided, cur, lang=lang)
    plt.show()
    md(*said[1:])

# %%
md(rt.heading("distributions", lang, 2), t("report.text.outcomes_intro", lang, runs=used))
for metric in ("revenue", "total_pay", "profit"):
    fig, ax = plt.subplots(figsize=(12, 3.8), layout="constrained")
    plots.plot_distribution(comp.per_run, metric, ax=ax, lang=lang)
    rt.wrap_ticks(ax, "x", 24)
    rt.distinct_money_ticks(ax, lang=lang)
    plt.show()
table(rt.ranges_table(comp, lang), max_columns=5, keep=2)

# %%
md(rt.heading("pay_mix", lang, 3))
fig, ax = plt.subplots(figsize=(12, 1.2 + 0.7 * len(comp.plans)), layout="constrained")
plots.plot_pay_mix(rt.pay_mix(comp), ax=ax, lang=lang)
rt.wrap_ticks(ax, "y", 28)
plt.show()

# %%
mix = rt.grade_mix(comp)
md(rt.heading("grade_mix", lang, 4), "" if not mix.empty else t("report.text.no_grades", lang))
if not mix.empty:
    ax = plots.plot_grade_mix(mix, lang=lang, plans=comp.plans)
    ax.figure.set_size_inches(12, 4)
    rt.legend_below(ax, ncol=3)
    plt.show()

# %%
md(rt.heading("winners", lang, 5), "" if kpis is not None else t("report.text.no_data", lang))
for view in ["static", "dynamic"] if kpis is not None else ["dynamic"]:
    md(rt.heading(view, lang, level=3))
    ax = plots.plot_winners_losers(rt.plan_bands(comp, view), lang=lang)
    ax.figure.set_size_inches(11, 1.8 + 0.55 * len(others))
    rt.wrap_ticks(ax, "y", 30)
    rt.legend_below(ax, ncol=5)
    plt.show()

# %%
md(rt.heading("flags", lang, 6))
table(rt.flags_matrix(comp, lang), max_columns=6, keep=1)

# %%
md(rt.heading("plan_recommendations", lang, 7))
for p in others:
    recs = findings.recommendations(comp, p, lang)
    risks = findings.risk_sentences(comp, p, lang)
    md(
        f"### {rt.md_text(p)}",
        rt.bullets(findings.headline(comp, p, lang)),
        f"**{label('risks', lang)}**",
        rt.bullets(risks) if risks else t("report.text.no_risks", lang),
        f"**{label('recommendations', lang)}**",
        rt.bullets(recs),
    )

# %%
md(rt.heading("appendix", lang, 8), rt.heading("run_settings", lang, level=3))
table(rt.run_settings(used, seed, n_periods, lang))
md(rt.heading("population_parameters", lang, level=3))
table(rt.population_settings(population, lang), words=True)
notes = rt.simulation_notes(comp, lang)
if notes:
    md(rt.heading("notes", lang, level=3), rt.bullets(notes, markdown=True))
