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
# # Monthly review · 月度绩效回顾
#
# The floor overview of one month: teams' progress to goal, the month against the
# forecast band, and who to coach first. It also writes every agent's feedback sheet
# (HTML and PDF) and every team leader's dashboard into `out_dir`. Render with
# `perfkit review`; every number below is computed by perfkit from the parameters.

# %% tags=["parameters"]
scenario = "../scenarios/expansion_team.yaml"
data = "../data/sample_kpis.csv"
fill = {}  # blank KPI cells: {KPI: "agent_mean" | "team_mean" | "zero"}
drop_incomplete = False  # or drop rows with a blank KPI cell
period = "2025-06"
lang = "en"
runs = 40  # simulated runs of the forecast band; 0 skips monitoring
seed = 0
pdf = True
out_dir = "review-out"
link_dir = ""  # where the report links to the sheets and dashboards (default out_dir)

# %%
import warnings

import matplotlib.pyplot as plt

from perfkit.files.data import load_kpis
from perfkit.pages import plots
from perfkit.pages.review import floor
from perfkit.pages.review.summary import review_summary, team_links
from perfkit.scheme import load_scenario
from perfkit.text import t
from perfkit.words.escape import html_text as esc
from perfkit.words.plan.describe import plan_name
from perfkit.words.report import md

warnings.filterwarnings("ignore")
plots.apply_style()

sc = load_scenario(scenario)
kpis = load_kpis(data, fill=fill, drop_incomplete=drop_incomplete)
review = floor.run_review(sc, kpis, period, out_dir, lang, runs=runs, seed=seed, pdf=pdf)
month = review.month
links = link_dir or out_dir

md(
    f"# {t('review.title', lang)} · {esc(period)}",
    t("review.lead", lang, plan=esc(plan_name(sc, lang)), agents=len(month.agents),
      teams=month.agents["team"].nunique()),
    f"## {t('report.heading.summary', lang)}",
    review_summary(review, runs, lang, floor.plan_caveat(sc, scenario, lang)),  # page 1 decides
)  # fmt: skip

# %%
md(f"## {t('review.progress', lang)}")
floor.show(floor.teams_table(review, lang))
for note in floor.goal_notes(review, lang):
    md(esc(note))

# %%
if review.bands is not None:
    pop = review.population or {}
    md(
        f"## {t('review.forecast_title', lang)}",
        t("review.forecast_note", lang, runs=runs, months=pop.get("months_used")),
    )
    if caveat := floor.plan_caveat(sc, scenario, lang):
        md(esc(caveat))
    floor.show(floor.monitor_table(review, lang))
    fig = floor.monitor_chart(review, lang)
    plt.show()

# %%
md(f"## {t('review.coach_first', lang)}", t("review.coach_note", lang))
floor.show(floor.coach_table(review, lang))

# %%
md(f"## {t('review.dashboard_title', lang)}", team_links(review, out_dir, links, lang))
