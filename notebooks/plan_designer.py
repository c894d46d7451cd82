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
# # Plan designer · 方案设计器
#
# Open in JupyterLab (`make lab`) and move the controls: the design is re-simulated
# on the client's agents (calibrated from `data`, the client's KPI export) or, without
# an export, on a synthetic team of `agents` in `teams`, and the charts and headline
# numbers refresh. "Save scenario" writes the design as a scenario file for
# `perfkit render`. All logic lives in `perfkit.apps.designer`.

# %% tags=["parameters"]
scenario = "../scenarios/mature_individual.yaml"
data = ""
agents = 200
teams = 10
runs = 20
periods = 12
seed = 0
lang = "en"
out_dir = "."

# %%
import warnings

import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from perfkit.apps.designer import PlanDesigner
from perfkit.pages import plots
from perfkit.text import t
from perfkit.words import report as rt
from perfkit.words.plan import plan_name

warnings.filterwarnings("ignore")
plots.apply_style()

designer = PlanDesigner(
    scenario, agents=agents, teams=teams, runs=runs, periods=periods, seed=seed, lang=lang,
    save_dir=out_dir, data=data or None,
)  # fmt: skip
preview = designer.refresh()
title = f"# {t('report.heading.designer_title', lang)}{t('punct.colon', lang)}{rt.md_text(plan_name(designer.base, lang))}"
display(Markdown(f"{title}\n\n{t('report.text.designer_intro', lang)}"))
display(Markdown(f"{designer.team_text(markdown=True)}\n\n*{designer.timing()}*"))
rt.table(designer.headline_table())
designer.figure(preview)
plt.show()

# %%
designer.widget
