"""Hostile inputs shared by the safety tests: a scenario and a KPI export whose names carry
script, event-handler, ``javascript:`` and remote-load payloads (``PORT`` is the port of a
local HTTP server that records any request).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data" / "sample_kpis.csv"

SCRIPT = "<script>document.title='PWNED'</script>"
ONERROR = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
MARKER = "<script>document.body.insertAdjacentHTML('beforeend','<b id=pwned-marker></b>')</script>"
JS_LINK = "[x](javascript:alert(1))"
QUOTES = '" onmouseover="alert(1)'


def remote(port: int, what: str) -> str:
    """An image that would fetch ``/what`` from the local server."""
    return f'<img src="http://127.0.0.1:{port}/{what}">'


def scenario_text(port: int) -> str:
    """A valid scenario whose name, description, grades, reward and segment are hostile."""
    s_grade, a_grade = f"S{SCRIPT}", "A<img src=x onerror=alert(1)>"
    name = f"Evil {SCRIPT} {ONERROR} {JS_LINK} {remote(port, 'name')} {QUOTES}"
    description = (
        f'Desc {MARKER} <iframe src="http://127.0.0.1:{port}/frame"></iframe> '
        f"![i](http://127.0.0.1:{port}/mdimg) [click](javascript:alert(1)) **bold** "
        f"https://127.0.0.1:{port}/bare"
    )

    def q(s: str) -> str:  # a YAML double-quoted scalar
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"""\
name: {q(name)}
description: {q(description)}
currency: CNY
period: month
pay:
  base_salary: 3600
  performance_pay:
    base: 800
    grade_coefficients: {{{q(s_grade)}: 1.5, {q(a_grade)}: 1.2, B: 1.0, C: 0.7, D: 0.0}}
scorecard:
  - {{kpi: revenue, weight: 60, target: 25000, cap: 150%}}
  - {{kpi: qa_score, weight: 40, target: 85}}
grades: {{method: bands, bands: {{{q(s_grade)}: 110, {q(a_grade)}: 100, B: 85, C: 65}}}}
commission: {{base: revenue, mode: flat, rate: 2%}}
non_cash:
  - reward: {q("train" + remote(port, "reward"))}
    to: {{grade: [{q(s_grade)}, {q(a_grade)}, B]}}
    value_to_agent: 600
    cost: 400
segments:
  - name: {q("seg" + SCRIPT + remote(port, "segment"))}
    when: {{tenure_months_below: 6}}
    plan: {{pay: {{base_salary: 3000}}}}
"""


#: Agent ids that spreadsheets would run as formulas, and names and teams that are HTML.
FORMULA_IDS = ("=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1", "\tx1", "\rx2")


def hostile_kpis(port: int, agents: int = 16, months: int = 3) -> pd.DataFrame:
    """The first ``agents`` agents and ``months`` months of the sample export, renamed."""
    df = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    ids = sorted(df["agent_id"].unique())[:agents]
    df = df[df["agent_id"].isin(ids) & df["month"].isin(sorted(df["month"].unique())[:months])]
    names = [SCRIPT, remote(port, "agent"), *FORMULA_IDS]
    rename = dict(zip(ids, names, strict=False))
    df = df.assign(agent_id=df["agent_id"].map(lambda a: rename.get(a, a)))
    df.loc[df["agent_id"] == ids[len(names)], "name"] = ONERROR
    df.loc[df["agent_id"] == ids[len(names) + 1], "name"] = "=2*3"
    df["team"] = df["team"].map(
        lambda t: t + remote(port, "team") if t == "T6" else ("=" + t if t == "T1" else t)
    )
    return df
