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
from perfkit.pages.review.dashboard import slug
from perfkit.pages.review.words import esc
from perfkit.scheme import load_scenario
from perfkit.text import t
from perfkit.words.plan.describe import plan_name
from perfkit.words.report import md

warnings.filterwarnings("ignore")
plots.apply_style()

sc = load_scenario(scenario)
kpis = load_kpis(data)
review = floor.run_review(sc, kpis, period, out_dir, lang, runs=runs, seed=seed, pdf=pdf)
month = review.month
links = link_dir or out_dir
zh = lang == "zh"

md(
    f"# {'月度绩效回顾' if zh else 'Monthly review'} · {esc(period)}",
    (
        f"方案：**{esc(plan_name(sc, lang))}**。本月 {len(month.agents)} 名员工、{month.agents['team'].nunique()} 个团队；"
        "每位员工的绩效面谈表与每个团队的看板见下方链接。"
        if zh
        else f"Plan: **{esc(plan_name(sc, lang))}**. {len(month.agents)} agents in "
        f"{month.agents['team'].nunique()} teams this month; every agent's feedback sheet "
        "and every team leader's dashboard are linked below."
    ),
)

# %%
md(f"## {t('review.progress', lang)}")
floor.show(floor.teams_table(review, lang))

# %%
if review.bands is not None:
    pop = review.population or {}
    md(
        "## 实际与预测区间对比" if zh else "## The month against the forecast",
        (
            f"预测：本方案在由此前 {pop.get('months_used')} 个月数据校准的员工群体上模拟 {runs} 次；"
            "人均指标与全场比率落在 P10–P90 之外时提示（✓ 为利好，⚠ 需关注）。"
            if zh
            else f"Forecast: this plan simulated {runs} times on the agents calibrated from the "
            f"{pop.get('months_used')} months before; per-agent volumes and floor rates outside "
            "P10–P90 are flagged (✓ good news, ⚠ look into it)."
        ),
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
lines = [
    f"- [{esc(team)}]({esc(links)}/team_{slug(team)}.html) · "
    f"[{t('review.sheets_link', lang)} PDF]({esc(links)}/sheets/{slug(team)}.pdf)"
    for team in review.goals["team"]
]
md(f"## {t('review.dashboard_title', lang)}", "\n".join(lines))
