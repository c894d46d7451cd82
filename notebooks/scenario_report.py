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
# # Incentive plan briefing · 激励方案评估报告
#
# One scenario against a baseline. Render with `perfkit render` (or
# `perfkit.pages.report.render.render_notebook`); every number and sentence below is computed
# by perfkit from the parameters.

# %% tags=["parameters"]
scenario = "../scenarios/marginal_ladder.yaml"
baseline = "../scenarios/current_flat_commission.yaml"
data = ""
fill = {}  # blank KPI cells: {KPI: "agent_mean" | "team_mean" | "zero"}
drop_incomplete = False  # or drop rows with a blank KPI cell
runs = 30
max_runs = 0  # budget of paired runs until the profit leader clearly leads; 0: 4 × runs
seed = 0
periods = 12
lang = "en"
out_dir = ""
holdout_from = ""  # e.g. "2025-10": check the model's forecast of those months against the data

# %%
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import HTML, display

from perfkit.analysis.actuals import in_force_check
from perfkit.analysis.compare import compare
from perfkit.analysis.sweep import sweep
from perfkit.files.data import load_kpis
from perfkit.pages import plots
from perfkit.pages.goals.report import goal_section
from perfkit.scheme import load_scenario
from perfkit.text import label, numbers, t
from perfkit.words import findings, page_one
from perfkit.words import plan as plan_words
from perfkit.words import report as rt
from perfkit.words.report import actuals as actuals_words
from perfkit.words.report import md, table

warnings.filterwarnings("ignore")
plots.apply_style()


base_sc = plan_words.localized(load_scenario(baseline), lang)  # Chinese names in zh
plan_sc = plan_words.localized(load_scenario(scenario), lang)
kpis = load_kpis(data, fill=fill, drop_incomplete=drop_incomplete) if data else None
same = Path(scenario).resolve() == Path(baseline).resolve()  # the baseline's own report
plans = [base_sc] if same else [base_sc, plan_sc]
comp = compare(
    plans, 0, runs=runs, seed=seed, periods=periods, data=kpis, max_runs=max_runs or 4 * runs
)
used = int(comp.per_run["run"].nunique())  # paired runs simulated
base, plan = comp.baseline, comp.plans[-1]
result = comp.results[plan]
population, pop_info = comp.population, comp.meta["population"]
cur = plan_sc.currency
rt.write_outputs(comp, out_dir)

md(
    f"# {t('report.heading.report_title', lang)}{t('punct.colon', lang)}{rt.md_text(plan)}",
    t("report.text.description", lang, text=rt.md_text(plan_sc.description)) if plan_sc.description else "",
    t(
        "report.text.baseline_intro" if same else "report.text.intro", lang, plan=rt.md_text(plan), baseline=rt.md_text(base), runs=used,
        population=rt.population_phrase(pop_info, lang),
        periods=len(result.meta["periods"]), seed=seed, currency=numbers.currency_unit(cur, lang),
    ),
)  # fmt: skip

# %% tags=["summary"]
md(rt.heading("summary", lang, 1), page_one.summary_lines(comp, None, lang))  # page 1 decides
lead, three = page_one.three_numbers(comp, lang)
md(lead)
table(three, figures=True)
md(rt.bullets(findings.headline(comp, plan, lang)))
table(findings.key_numbers(comp, plan, lang))
recs = findings.recommendations(comp, plan, lang)

# %%
md(rt.heading("anatomy", lang, 2))
display(HTML(plan_words.rules_html(plan_sc, lang)))
panels = 1 if same and not plan_sc.scorecard else 2
fig, axes = plt.subplots(1, panels, figsize=(6 * panels, 4.2), layout="constrained", squeeze=False)
axes = axes[0]
plots.plot_payout_curve(plan_sc, ax=axes[0], lang=lang)
if plan_sc.scorecard:
    plots.plot_weights(plan_sc, ax=axes[1], lang=lang)
elif not same:
    plots.plot_payout_curve(base_sc, ax=axes[1], lang=lang)
    axes[1].set_title(f"{label('payout_curve', lang)} — {label('baseline', lang)}")
plt.show()
md(t("report.text.payout_curve_note", lang))

# %%
rules = rt.grade_rules(plan_sc, lang)
md(
    rt.heading("grade_rules", lang, level=3),
    "" if rules is not None else t("report.text.no_grades", lang),
)
if rules is not None:
    table(rules)
goals = goal_section(plan_sc, kpis, lang)  # company → team targets (with --data)
if goals is not None:
    md(goals[0])
    table(goals[1])
fig, ax = plt.subplots(figsize=(11, 3.4), layout="constrained")
plots.plot_pay_mix(rt.pay_mix(comp), ax=ax, lang=lang)
rt.wrap_ticks(ax, "y", 26)
plt.show()

# %%
md(rt.heading("population", lang, 3), rt.population_sentence(pop_info, lang))
table(rt.population_overview(result.population, population.source, lang))
md(t("report.text.traits_by_team", lang))
traits = result.population.assign(plan=result.population["team"].astype(str)).sort_values("plan")
fig, axes = plt.subplots(1, 2, figsize=(12, 3.8), layout="constrained")
for ax, trait in zip(axes, ("skill", "tenure"), strict=True):
    plots.plot_distribution(traits, trait, ax=ax, lang=lang, money=False)
    ax.set_title(label(trait, lang))
    ax.set_ylabel("")
plt.show()
if population.report is not None:
    md(rt.heading("fit", lang, level=3), t("report.text.calibration_intro", lang))
    table(rt.fit_table(population.report, lang))

# %%
actual = in_force_check(kpis, result, base_sc, scenario)  # only in the plan in force's report
if actual is not None:
    md(actuals_words.intro(actual, lang))
    table(actuals_words.table(actual, cur, lang))
    md(actuals_words.findings(actual, cur, lang))
    if out_dir:
        actual.to_dir(out_dir)

# %%
md(rt.heading("behaviour", lang, 4), t("report.text.behaviour_intro", lang))
table(rt.measures_table(comp, "effort", lang))
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
plots.plot_effort_shift(rt.labelled(comp.effort, "measure", lang), ax=axes[0], lang=lang)
plots.plot_funnel(rt.labelled(comp.funnel, "stage", lang), ax=axes[1], lang=lang)
axes[1].set_ylim(1, None)
rt.wrap_ticks(axes[1], "x", 10)
for ax in axes:
    rt.legend_below(ax)
plt.show()

# %%
md(rt.heading("outcomes", lang, 5), t("report.text.outcomes_intro", lang, runs=used))
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
for ax, metric in zip(axes, ("revenue", "profit"), strict=True):
    plots.plot_distribution(comp.per_run, metric, ax=ax, lang=lang)
    rt.wrap_ticks(ax, "x", 28)
    rt.distinct_money_ticks(ax, lang=lang)
plt.show()
table(rt.ranges_table(comp, lang))

# %%
md(rt.heading("fairness", lang, 6))
table(
    rt.key_metrics_table(
        comp, lang, ("total_pay", "incentive_pay", "pay_gini", "pay_performance_corr")
    )
)
mix = rt.grade_mix(comp)
if not mix.empty:
    fig, ax = plt.subplots(figsize=(11, 3.8), layout="constrained")
    plots.plot_grade_mix(mix, ax=ax, lang=lang, plans=comp.plans)
    rt.legend_below(ax)
    plt.show()
rewards = rt.non_cash_table(comp, plan, lang)
if rewards is not None:
    cost = numbers.forecast(rt.non_cash_cost(comp, plan), cur, lang)
    md(rt.heading("non_cash", lang, level=3), t("report.text.non_cash_intro", lang, cost=cost))
    table(rewards)

# %%
md(rt.heading("winners", lang, 7))
if not same:  # findings.winners_sentence needs a second plan (comp.bands is empty otherwise)
    md(rt.bullets(findings.winners_sentence(comp, plan, lang)))
views = ["static", "dynamic"] if kpis is not None else ["dynamic"]
if same:
    md(t("lever.baseline", lang))
elif kpis is None:
    md(t("report.text.no_data", lang))
for view in [] if same else views:
    md(rt.heading(view, lang, level=3))
    ax = plots.plot_winners_losers(rt.segment_bands(comp, plan, view, lang), lang=lang)
    ax.figure.set_size_inches(10, 4.8)
    rt.legend_below(ax, ncol=5)
    plt.show()
if not same:
    md(rt.heading("by_segment", lang, level=3))
    table(rt.change_by_segment(comp, plan, lang))
    md(rt.heading("movers", lang, level=3))
    table(rt.movers(comp, plan, lang))

# %%
md(rt.heading("risks", lang, 8))
risks = findings.risk_sentences(comp, plan, lang)
md(rt.bullets(risks) if risks else t("report.text.no_risks", lang))
table(rt.flags_table(comp, plan, lang))

# %%
md(rt.heading("sensitivity", lang, 9))
lever = rt.key_parameter(plan_sc, lang)
swept, lever_said = None, ""
if lever is not None:
    path, values, name = lever
    ref = rt.reference_row(plan_sc, path, values)
    swept = sweep(
        plan_sc, [(path, values)], runs=runs, seed=seed, periods=periods, jobs=1,
        population=population, reference=ref,
    )  # fmt: skip
if swept is not None and "profit" in swept:
    rate = "rate" in path
    fmt = numbers.rate if rate else (lambda v: numbers.plain(v, exact=False))
    md(
        t("report.text.sweep_intro", lang, param=name, low=fmt(min(values)), high=fmt(max(values))),
        t("report.text.sweep_decision_note", lang, reference=fmt(values[ref]), runs=runs),
    )
    ax = plots.plot_sweep_decision(
        rt.sweep_decision(swept, path, "profit"), name, "profit", lang=lang
    )
    plots.style.money_axis(ax, "y", lang)
    if rate:
        plots.style.percent_axis(ax, "x", decimals=None)
    plt.show()
    table(rt.sweep_table(swept, path, name, cur, lang), amounts=True)
    lever_said = rt.sweep_finding(swept, path, name, fmt, cur, lang)  # with the recommendations
else:
    md(
        t(
            "report.text.no_sweep",
            lang,
            reason=t("report.text.no_lever" if lever is None else "report.text.no_result", lang),
        )
    )

# %%
if kpis is not None and holdout_from:  # shown only when the export allows a hold-out check
    from perfkit.analysis.estimate.holdout import report_section, validate_forecast

    check = validate_forecast(baseline, data, holdout_from=holdout_from, runs=runs, seed=seed)
    words, metrics = report_section(check, lang)
    md(words)
    table(metrics)

# %%
md(
    rt.heading("recommendations", lang, 10),
    t("lever.baseline", lang) if same else rt.bullets(recs) if recs else "",
    lever_said,
)

# %%
md(rt.heading("appendix", lang, 11), rt.heading("run_settings", lang, level=3))
table(rt.run_settings(used, seed, len(result.meta["periods"]), lang))
for shown, sc in [(plan, plan_sc)] + [(base, base_sc)] * (not same):
    md(rt.heading("plan_settings", lang, level=3) + t("punct.colon", lang) + rt.md_text(shown))
    table(rt.plan_settings_table(sc, lang), words=True)
md(rt.heading("population_parameters", lang, level=3))
table(rt.population_settings(population, lang), words=True)
notes = rt.simulation_notes(comp, lang)
if notes:
    md(rt.heading("notes", lang, level=3), rt.bullets(notes, markdown=True))
