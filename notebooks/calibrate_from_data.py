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
# # Calibration from the client's data · 基于客户数据的群体校准
#
# Load a client KPI export, check it, calibrate an agent population from it and
# back-test the current plan against a new one (shadow pay). Every number below is
# computed by perfkit from the parameters.

# %% tags=["parameters"]
data = "../data/sample_kpis.csv"
current = "../scenarios/current_flat_commission.yaml"
new = "../scenarios/marginal_ladder.yaml"
seed = 0
lang = "en"
out_dir = ""

# %%
import warnings

import matplotlib.pyplot as plt

from perfkit.analysis.backtest import backtest
from perfkit.files.data import load_kpis
from perfkit.fit.calibration import calibrate
from perfkit.pages import plots
from perfkit.pages.statements import write_backtest_csv
from perfkit.scheme import load_scenario
from perfkit.text import label, t
from perfkit.words import plan as plan_words
from perfkit.words import report as rt
from perfkit.words.report import md, table

warnings.filterwarnings("ignore")
plots.apply_style()


kpis = load_kpis(data)
population = calibrate(kpis, {"seed": seed}, plan=current)  # given the plan in force
cur_sc, new_sc = (plan_words.localized(load_scenario(s), lang) for s in (current, new))
bt = backtest(cur_sc, new_sc, kpis)

# %% tags=["summary"]
said, lead, three = rt.calibration_summary(kpis, population.report, bt, cur_sc, new_sc, lang)
md(f"# {t('report.heading.calibration_title', lang)}", rt.heading("summary", lang), said, lead)
table(three, figures=True)  # page 1 decides

# %%
md(rt.heading("data_checks", lang, 1))
table(rt.data_overview(kpis, lang))
table(rt.kpi_summary(kpis, lang))
missing = rt.missing_kpis(kpis, lang)
md(t("report.text.missing_kpis", lang, kpis=", ".join(missing)) if missing else "")

# %%
md(t("report.text.revenue_by_month", lang))
fig, ax = plt.subplots(figsize=(12, 3.8), layout="constrained")
plots.plot_distribution(
    kpis.assign(plan=kpis["period"].astype(str)).sort_values("plan"), "revenue", ax=ax, lang=lang
)
ax.set_title(label("revenue_per_agent_month", lang))
plt.show()

# %%
md(rt.heading("calibrated", lang, 2), t("report.text.calibration_intro", lang))
table(rt.calibrated_traits(population, lang))
traits = population.to_frame().assign(plan=lambda f: f["team"].astype(str)).sort_values("plan")
fig, axes = plt.subplots(1, 2, figsize=(12, 3.8), layout="constrained")
for ax, trait in zip(axes, ("skill", "tenure"), strict=True):
    plots.plot_distribution(traits, trait, ax=ax, lang=lang, money=False)
    ax.set_title(label(trait, lang))
    ax.set_ylabel("")
plt.show()

# %%
md(rt.heading("fit", lang, 3))
table(rt.fit_table(population.report, lang))

# %%
write_backtest_csv(bt, kpis, out_dir)
md(rt.heading("backtest", lang, 4), t("report.text.backtest_intro", lang))
table(rt.backtest_table(bt, kpis, cur_sc, new_sc, lang))
mix, grades = rt.backtest_mix(bt, cur_sc, new_sc)
fig, ax = plt.subplots(figsize=(11, 2.8), layout="constrained")
plots.plot_pay_mix(mix, ax=ax, lang=lang)
rt.wrap_ticks(ax, "y", 28)
plt.show()
if not grades.empty:
    ax = plots.plot_grade_mix(grades, lang=lang)
    rt.legend_below(ax)
    plt.show()

# %%
md(rt.heading("winners", lang, level=3))
ax = plots.plot_winners_losers(rt.backtest_bands(bt, lang), lang=lang)
ax.figure.set_size_inches(10, 4.2)
rt.legend_below(ax, ncol=5)
plt.show()
md(rt.heading("movers", lang, level=3))
table(rt.backtest_movers(bt, new_sc.currency, lang))
