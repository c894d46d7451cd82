"""Simulation notes for a client: the solver's technical notes in plain words, per plan,
in English or Chinese (a note of an unknown form is shown as written)."""

from __future__ import annotations

import re

from perfkit.compare import Comparison
from perfkit.i18n import Lang

_FLIPPING = re.compile(
    r"^period (?P<period>\S+): (?P<n>\d+) agent\(s\) at a pay cliff or rank boundary kept "
    r"flipping \(could gain up to (?P<gain>[-\d,.e+]+)\); their choices are the damped average$"
)
_UNSETTLED = re.compile(
    r"^best responses did not settle in (?P<k>\d+) period\(s\) \((?P<labels>[^)]*)\) after "
    r"\d+ iterations: (?P<n>\d+) agent\(s\).*could still gain up to (?P<gain>[-\d,.e+]+) a period"
)
_SPLIT = re.compile(r"^Opener/closer split credit is not simulated")


def note_text(note: str, currency: str = "CNY", lang: Lang = "en") -> str:
    """One solver note as a reader understands it."""
    zh = lang == "zh"
    if m := _FLIPPING.match(note):
        gain = f"{currency} {float(m['gain'].replace(',', '')):,.0f}"
        if zh:
            return (
                f"{m['period']}：{m['n']} 名员工处于薪酬门槛或排名边界，没有稳定的最优选择"
                f"（改变选择最多可多得 {gain}）；报告采用其选择的平均值。"
            )
        return (
            f"{m['period']}: {m['n']} agents at a pay cliff or rank boundary had no stable best "
            f"choice (switching could gain up to {gain}); the report uses the average of their "
            "choices."
        )
    if m := _UNSETTLED.match(note):
        gain = f"{currency} {float(m['gain'].replace(',', '')):,.0f}"
        if zh:
            return (
                f"{m['k']} 个期间（{m['labels']}）中有 {m['n']} 名员工的选择未完全收敛"
                f"（最多可多得 {gain}/期），常见于按排名或团队门槛付酬的方案；报告采用其选择的平均值。"
            )
        return (
            f"In {m['k']} period(s) ({m['labels']}) the choices of {m['n']} agents did not fully "
            f"settle (up to {gain} a period at stake), as is common when pay depends on rank or "
            "team thresholds; the report uses the average of their choices."
        )
    if _SPLIT.match(note) and zh:
        return "未模拟邀约/成交分成：模拟中员工各自成交（无共享销售额），分成规则在此不起作用；请用记录共享销售额的历史数据回测。"
    return note


def simulation_notes(comp: Comparison, lang: Lang = "en") -> list[str]:
    """Every plan's notes in plain words, each prefixed with its plan."""
    sep = "：" if lang == "zh" else ": "
    return [
        f"**{plan}**{sep}{note_text(n, comp.scenarios[plan].currency, lang)}"
        for plan in comp.plans
        for n in comp.results[plan].notes
    ]
