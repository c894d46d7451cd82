"""Read and check a 360-degree ratings file (360度评估): one row per rating.

Columns (English or Chinese headers): ``rater`` (评价人), ``ratee`` (被评价人), ``relation``
(关系: self 自评 / peer 互评 / leader 上级 / customer 客户), ``item`` (评价项目),
``score`` (评分) and optionally ``period`` (月份). Every problem is reported at once,
naming the file line (header = line 1), what is wrong and what was expected: unknown
agents, self-ratings marked as another relation (and "self" ratings of someone else),
scores off the scale, unknown relations, the same rating twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfkit.core.errors import DataError
from perfkit.core.quarters import month_label

RELATIONS = ("self", "peer", "leader", "customer")
#: Relations whose raters are agents of the export; a leader (上级: team leaders are not
#: in an agents' export) and a customer (客户) may be anyone.
AGENT_RATERS = ("self", "peer")
RELATION_ALIASES = {
    "自评": "self",
    "本人": "self",
    "互评": "peer",
    "同事": "peer",
    "同级": "peer",
    "上级": "leader",
    "主管": "leader",
    "领导": "leader",
    "客户": "customer",
    "manager": "leader",
    "supervisor": "leader",
    "colleague": "peer",
}
HEADERS = {
    "评价人": "rater",
    "评分人": "rater",
    "被评价人": "ratee",
    "被评人": "ratee",
    "工号": "ratee",
    "关系": "relation",
    "评价关系": "relation",
    "项目": "item",
    "评价项目": "item",
    "评分": "score",
    "分数": "score",
    "月份": "period",
    "month": "period",
}
REQUIRED = ("rater", "ratee", "relation", "item", "score")
#: What a ratings file is called in errors.
RATINGS = "360 ratings"


def read_table(path: str | Path, what: str = "table") -> pd.DataFrame:
    """A small side table (CSV in UTF-8, GBK or UTF-16, any separator, or .xlsx), every
    cell as text; ``what`` names the kind of file in errors (perfkit.files.side)."""
    from perfkit.files.side import read_side_table

    return read_side_table(path, what)


def read_ratings(path: str | Path) -> pd.DataFrame:
    """The ratings file as a table with canonical headers (CSV, UTF-8 or GBK, or .xlsx)."""
    raw = read_table(path, RATINGS)
    raw.columns = [HEADERS.get(str(c).strip(), str(c).strip().lower()) for c in raw.columns]
    return raw


def _check_periods(period: pd.Series, periods: set[str] | None, report: Any) -> None:
    """Ratings whose period is not a month, or not a month of the export."""
    from perfkit.core.quarters import month_problem

    for value in sorted(set(period) - {""})[:5]:
        if problem := month_problem(value):
            report((period == value).to_numpy(), f"period {problem}")
        elif periods is not None and value not in periods:
            shown = ", ".join(sorted(periods)[:3]) + (" …" if len(periods) > 3 else "")
            report((period == value).to_numpy(),
                   f"period {value!r} is not a month of the KPI export ({shown})")  # fmt: skip


def check_ratings(
    ratings: pd.DataFrame,
    agents: set[str],
    scale: tuple[float, float] = (1.0, 5.0),
    source: str | None = None,
    periods: set[str] | None = None,
) -> pd.DataFrame:
    """Validated ratings: ``relation`` canonical, ``score`` a float on *scale*.

    *agents*: the agent ids of the KPI export. Raters of relation ``leader`` or
    ``customer`` need not be agents; peers, self-raters and every ratee must be. *periods*: the export's
    months; a rating's period must be a month and one of them (never dropped silently).
    """
    source = source or ratings.attrs.get("source", "ratings")
    missing = [c for c in REQUIRED if c not in ratings.columns]
    if missing:
        raise DataError(
            source,
            [
                f"missing column(s) {', '.join(missing)}; expected rater, ratee, relation, "
                f"item, score (found {', '.join(map(str, ratings.columns))})"
            ],
            RATINGS,
        )
    df = ratings.copy()
    for col in ("rater", "ratee", "relation", "item"):
        df[col] = df[col].fillna("").astype(str).str.strip()
    if "period" in df.columns:
        typed = df["period"].fillna("").astype(str).str.strip()
        df["period"] = typed.map(lambda s: month_label(s) or s)  # "2025-6" is "2025-06"
    rel = df["relation"].str.lower().map(lambda r: RELATION_ALIASES.get(r, r))
    df["relation"] = rel
    score = pd.to_numeric(df["score"], errors="coerce")
    problems: list[str] = []
    line = np.asarray(ratings.attrs.get("lines") or np.arange(len(df)) + 2)  # header: 1

    def report(mask: np.ndarray, what: str) -> None:
        rows = line[mask]
        if rows.size:
            shown = ", ".join(map(str, rows[:8])) + (" …" if rows.size > 8 else "")
            problems.append(f"line(s) {shown}: {what}")

    report((df["rater"] == "") | (df["ratee"] == ""), "empty rater or ratee")
    report(~rel.isin(RELATIONS).to_numpy(), "relation is not one of self, peer, leader, customer "
           "(自评, 互评, 上级, 客户)")  # fmt: skip
    same = (df["rater"] == df["ratee"]).to_numpy()
    report(same & (rel != "self").to_numpy(), "an agent rating themself must have relation self")
    report(~same & (rel == "self").to_numpy(), "relation self but rater and ratee differ")
    lo, hi = scale
    report(score.isna().to_numpy(), f"score is not a number; expected {lo:g}–{hi:g}")
    report(((score < lo) | (score > hi)).to_numpy(), f"score off the scale; expected {lo:g}–{hi:g}")
    unknown_ratee = ~df["ratee"].isin(agents).to_numpy() & (df["ratee"] != "").to_numpy()
    for name in sorted(df.loc[unknown_ratee, "ratee"].unique())[:5]:
        report(unknown_ratee & (df["ratee"] == name).to_numpy(),
               f"ratee '{name}' is not an agent of the KPI export")  # fmt: skip
    agent_rater = rel.isin(AGENT_RATERS).to_numpy() & (df["rater"] != "").to_numpy()
    unknown_rater = agent_rater & ~df["rater"].isin(agents).to_numpy()
    for name in sorted(df.loc[unknown_rater, "rater"].unique())[:5]:
        report(unknown_rater & (df["rater"] == name).to_numpy(),
               f"rater '{name}' is a peer but not an agent of the KPI export (leaders and "
               "customers may be from outside it)")  # fmt: skip
    if "period" in df.columns:
        _check_periods(df["period"], periods, report)
    keys = ["rater", "ratee", "item"] + (["period"] if "period" in df.columns else [])
    report(df.duplicated(keys, keep="first").to_numpy(), "the same rater rates the same item twice")
    if problems:
        raise DataError(source, problems, RATINGS)
    df["score"] = score.astype(float)
    if "period" not in df.columns:
        df["period"] = ""
    return df[["rater", "ratee", "relation", "item", "score", "period"]].reset_index(drop=True)
