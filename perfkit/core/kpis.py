"""The KPI catalogue: canonical column names, Chinese headers, derived KPIs.

A KPI table has one row per agent × period. Raw columns are counted or measured
by the client's systems; derived KPIs are ratios computed here, always the same
way, so a back-test and a simulation score agents identically.

Derived KPI definitions (documented once, used everywhere):

=======================  ========================================  =========
KPI                      definition                                中文
=======================  ========================================  =========
connect_rate             connected ÷ dials                         接通率
conversion_rate          orders ÷ connected (per connect)          销售转化率
intent_rate              intents ÷ connected                       意向率
average_order_value      revenue ÷ orders                          平均订单金额
complaint_rate           complaints ÷ connected                    客户投诉率
repurchase_rate          repeat_customers ÷ orders                 客户复购率
net_revenue              revenue − refunds                         净销售额
margin                   net_revenue × scheme gross-margin rate    毛利
=======================  ========================================  =========

A ratio whose denominator is zero is 0 (an agent with no connects has no
complaints per connect), never NaN, so scores stay finite.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

#: Identity columns: who and when.
ID_COLUMNS: Final = ("agent_id", "name", "team", "period", "hire_date", "leave_date")

#: Raw measured columns, canonical English name → meaning.
RAW_KPIS: Final[dict[str, str]] = {
    "dials": "outbound calls placed (外呼量)",
    "connected": "calls answered (接通量)",
    "effective_talk_minutes": "effective talk time in minutes (有效通话时长)",
    "effective_calls": "conversations past the effective-call threshold (有效通话数)",
    "intents": "intent customers (意向客户数)",
    "orders": "orders closed (成交订单数)",
    "revenue": "booked sales amount (销售额)",
    "collected": "cash collected (回款额)",
    "refunds": "refunds and credit notes (退款额)",
    "complaints": "customer complaints (投诉数)",
    "repeat_customers": "repurchasing customers (复购客户数)",
    "satisfaction": "customer satisfaction, 1–5 (满意度)",
    "qa_score": "call-quality inspection score, 0–100 (质检分)",
    "peer_score": "peer review score, 0–100 (互评分)",
    "collaboration_credit": "orders closed by mentees with this agent's help (带教成交单数)",
    "assisted_orders": "own orders closed with a mentor's help (被带教成交单数)",
    "shared_revenue": "revenue of orders shared with an opener/closer partner (协作成交额)",
}

#: Raw columns that are counts or amounts and so may not be negative.
NON_NEGATIVE: Final = tuple(RAW_KPIS)

#: Columns every KPI table must have; optional raw KPIs missing from a file are filled with 0.
REQUIRED_COLUMNS: Final = ("agent_id", "period", "dials", "connected", "orders", "revenue")

#: Derived KPIs and how they are computed.
DERIVED_KPIS: Final[dict[str, str]] = {
    "connect_rate": "connected ÷ dials",
    "conversion_rate": "orders ÷ connected",
    "intent_rate": "intents ÷ connected",
    "average_order_value": "revenue ÷ orders",
    "complaint_rate": "complaints ÷ connected",
    "repurchase_rate": "repeat_customers ÷ orders",
    "net_revenue": "revenue − refunds",
}

#: Every KPI name a scorecard, bonus or gate may refer to.
ALL_KPIS: Final = tuple(RAW_KPIS) + tuple(DERIVED_KPIS) + ("margin",)

#: KPIs where lower is better (the scorecard default direction for them).
LOWER_IS_BETTER: Final = frozenset({"complaint_rate", "complaints", "refunds"})

#: Each KPI's unit, declared once: how its values are written, compared and summed.
#: ``money``: an amount in the scenario's currency; ``rate``: a share, written as a
#: percentage, its changes in percentage points; ``count``; ``minutes``; ``score``: points
#: (0–100), averaged over a quarter; ``satisfaction``: 1–5, averaged over a quarter.
KPI_UNITS: Final[dict[str, str]] = {
    "dials": "count",
    "connected": "count",
    "effective_talk_minutes": "minutes",
    "effective_calls": "count",
    "intents": "count",
    "orders": "count",
    "revenue": "money",
    "collected": "money",
    "refunds": "money",
    "complaints": "count",
    "repeat_customers": "count",
    "satisfaction": "satisfaction",
    "qa_score": "score",
    "peer_score": "score",
    "collaboration_credit": "count",
    "assisted_orders": "count",
    "shared_revenue": "money",
    "connect_rate": "rate",
    "conversion_rate": "rate",
    "intent_rate": "rate",
    "average_order_value": "money",
    "complaint_rate": "rate",
    "repurchase_rate": "rate",
    "net_revenue": "money",
    "margin": "money",
}

#: Units of the measures reported beside the KPIs (simulation summaries, review sheets,
#: pilot effects); ``index``: a plain number such as effort or a Gini coefficient.
MEASURE_UNITS: Final[dict[str, str]] = {
    "total_pay": "money",
    "incentive_pay": "money",
    "profit": "money",
    "cost_of_sales": "rate",
    "attrition": "rate",
    "quality_share": "rate",
    "help_share": "rate",
    "new_hire_share": "rate",
    "hires": "count",
    "mean_tenure": "months",
    "mean_effort": "index",
    "motivation_index": "index",
    "floor_skill": "index",
    "pay_gini": "index",
    "pay_performance_corr": "index",
    "csat": "satisfaction",
    "score": "score",
    "peer_360": "score",
}


def unit(name: str) -> str | None:
    """The unit of a KPI or reported measure (``revenue`` → ``money``), None if unknown."""
    return KPI_UNITS.get(name) or MEASURE_UNITS.get(name)


def in_units(*units: str) -> frozenset[str]:
    """Every KPI and measure in one of ``units`` (``in_units("rate")``: the rates)."""
    return frozenset(n for n in (*KPI_UNITS, *MEASURE_UNITS) if unit(n) in units)


#: Accepted alternative headers (client exports, Chinese and English) → canonical name.
HEADER_ALIASES: Final[dict[str, str]] = {
    # identity
    "工号": "agent_id",
    "员工编号": "agent_id",
    "坐席工号": "agent_id",
    "agent": "agent_id",
    "姓名": "name",
    "员工姓名": "name",
    "组别": "team",
    "团队": "team",
    "小组": "team",
    "team_id": "team",
    "月份": "period",
    "month": "period",
    "周期": "period",
    "考核周期": "period",
    "入职日期": "hire_date",
    "入职时间": "hire_date",
    "离职日期": "leave_date",
    "离职时间": "leave_date",
    "最后工作日": "leave_date",
    "last_day": "leave_date",
    "termination_date": "leave_date",
    # raw KPIs
    "外呼量": "dials",
    "呼叫量": "dials",
    "calls": "dials",
    "outbound_calls": "dials",
    "接通量": "connected",
    "接通数": "connected",
    "connects": "connected",
    "有效通话时长(分钟)": "effective_talk_minutes",
    "有效通话时长（分钟）": "effective_talk_minutes",
    "有效沟通时长": "effective_talk_minutes",
    "有效通话时长": "effective_talk_minutes",
    "talk_minutes": "effective_talk_minutes",
    "有效通话数": "effective_calls",
    "意向客户数": "intents",
    "成交单数": "orders",
    "成交订单数": "orders",
    "销售额": "revenue",
    "回款额": "collected",
    "退款额": "refunds",
    "退款": "refunds",
    "投诉数": "complaints",
    "投诉量": "complaints",
    "复购客户数": "repeat_customers",
    "满意度": "satisfaction",
    "客户满意度": "satisfaction",
    "csat": "satisfaction",
    "质检分": "qa_score",
    "质检得分": "qa_score",
    "互评分": "peer_score",
    "带教成交单数": "collaboration_credit",
    "mentored_orders": "collaboration_credit",
}


#: Chinese (and common English) names of the derived KPIs, for scenario files. Raw KPIs'
#: names come from :data:`HEADER_ALIASES`: one table for data headers and scenarios.
DERIVED_ALIASES: Final[dict[str, str]] = {
    "接通率": "connect_rate",
    "销售转化率": "conversion_rate",
    "转化率": "conversion_rate",
    "成交率": "conversion_rate",
    "意向率": "intent_rate",
    "平均订单金额": "average_order_value",
    "客单价": "average_order_value",
    "客户投诉率": "complaint_rate",
    "投诉率": "complaint_rate",
    "客户复购率": "repurchase_rate",
    "复购率": "repurchase_rate",
    "净销售额": "net_revenue",
    "毛利": "margin",
}


def canonical_kpi(name: str) -> str | None:
    """The canonical KPI a scenario's name means (``销售额`` → revenue), or None."""
    key = str(name).strip()
    if key in ALL_KPIS:
        return key
    folded = key.casefold().replace(" ", "_").replace("-", "_")
    for table in (HEADER_ALIASES, DERIVED_ALIASES):
        for alias, canon in table.items():
            if (alias == key or alias.casefold() == folded) and canon in ALL_KPIS:
                return canon
    return None


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num ÷ den, with 0 where den is 0."""
    n = num.to_numpy(dtype=float)
    d = den.to_numpy(dtype=float)
    out = np.divide(n, d, out=np.zeros_like(n), where=d != 0)
    return pd.Series(out, index=num.index)


def add_derived(kpis: pd.DataFrame, margin_rate: float = 1.0) -> pd.DataFrame:
    """Return a copy of ``kpis`` with every derived KPI column added.

    ``margin_rate`` is the gross-margin share of net revenue (a scheme setting);
    missing optional raw columns are treated as 0.
    """
    out = kpis.copy()
    for col in RAW_KPIS:
        if col not in out:
            out[col] = 0.0
    out["connect_rate"] = _ratio(out["connected"], out["dials"])
    out["conversion_rate"] = _ratio(out["orders"], out["connected"])
    out["intent_rate"] = _ratio(out["intents"], out["connected"])
    out["average_order_value"] = _ratio(out["revenue"], out["orders"])
    out["complaint_rate"] = _ratio(out["complaints"], out["connected"])
    out["repurchase_rate"] = _ratio(out["repeat_customers"], out["orders"])
    out["net_revenue"] = out["revenue"] - out["refunds"]
    out["margin"] = out["net_revenue"] * margin_rate
    return out
