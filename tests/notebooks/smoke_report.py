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

# %% [markdown]
# # 提成方案冒烟测试 · Smoke report
#
# A tiny report used by `tests/pages/test_report_render.py` to check the rendering
# layer: parameters, markdown, a table, a chart with a Chinese title.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from perfkit.pages.report.fonts import configure_matplotlib_fonts

# %% tags=["parameters"]
scenario_label = "基准方案 baseline"
headcount = 12
fail_with = ""
out_dir = ""

# %%
plt.style.use("seaborn-v0_8-whitegrid")  # a look without importing seaborn (fast)
cjk_font = configure_matplotlib_fonts()

if fail_with:
    raise ValueError(fail_with)
if out_dir:  # data tables beside the report, as the real reports write them
    from pathlib import Path

    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "table.csv").write_text(f"label\n{scenario_label}\n", encoding="utf-8")

display(Markdown(f"**方案 Scenario:** {scenario_label} · **坐席人数 Agents:** {headcount}"))

# %% [markdown]
# ## 月度提成 Monthly commission
#
# Commission by revenue band under a marginal ladder (illustrative numbers).

# %%
bands = pd.DataFrame(
    {
        "档位 Band": ["0–30k", "30–60k", "60–90k", "90k+"],
        "费率 Rate": [0.02, 0.04, 0.05, 0.06],
        "坐席 Agents": [5, 4, 2, 1],
        "平均提成 Avg commission (CNY)": [420.0, 1650.5, 3100.0, 5240.25],
    }
)
bands.style.format({"费率 Rate": "{:.0%}", "平均提成 Avg commission (CNY)": "{:,.0f}"}).hide(
    axis="index"
)

# %%
print(f"scenario_label = {scenario_label}")
print(
    f"total commission = {(bands['坐席 Agents'] * bands['平均提成 Avg commission (CNY)']).sum():,.0f} CNY"
)

# %%
fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
ax.bar(bands["档位 Band"], bands["平均提成 Avg commission (CNY)"], color="#1f5f99")
ax.set_title("各档位平均提成 (Average commission by band)")
ax.set_xlabel("收入档位")
ax.set_ylabel("元 CNY")
plt.show()

# %% [markdown]
# ## 附录 Appendix
#
# Parameters are listed in the executed notebook kept beside the report.
