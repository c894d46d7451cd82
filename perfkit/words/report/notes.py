"""Simulation notes for a client: the solver's technical notes in plain words, per plan,
in English or Chinese (a note of an unknown form is shown as written)."""

from __future__ import annotations

import re

from perfkit.analysis.compare import Comparison
from perfkit.text import Lang
from perfkit.text.numbers import money
from perfkit.words.report.escape import md_text

_FLIPPING = re.compile(
    r"^period (?P<period>\S+): (?P<n>\d+) agent\(s\) at a pay cliff or rank boundary kept "
    r"flipping \(could gain up to (?P<gain>[-\d,.e+]+)\); their choices are the damped average$"
)
_UNSETTLED = re.compile(
    r"^best responses did not settle in (?P<k>\d+) period\(s\) \((?P<labels>[^)]*)\) after "
    r"\d+ iterations: (?P<n>\d+) agent\(s\).*could still gain up to (?P<gain>[-\d,.e+]+) a period"
)
_SPLIT = re.compile(r"^Opener/closer split credit is not simulated")


#: Each known note: its pattern and its plain English and Chinese wording.
_WORDING = {
    _FLIPPING: (
        "{period}: {n} agents at a pay cliff or rank boundary had no stable best choice "
        "(switching could gain up to {gain}); the report uses the average of their choices.",
        "{period}：{n} 名员工处于薪酬门槛或排名边界，没有稳定的最优选择（改变选择最多可多得 "
        "{gain}）；报告采用其选择的平均值。",
    ),
    _UNSETTLED: (
        "In {k} period(s) ({labels}) the choices of {n} agents did not fully settle (up to "
        "{gain} a period at stake), as is common when pay depends on rank or team thresholds; "
        "the report uses the average of their choices.",
        "{k} 个期间（{labels}）中有 {n} 名员工的选择未完全收敛（最多可多得 {gain}/期），"
        "常见于按排名或团队门槛付酬的方案；报告采用其选择的平均值。",
    ),
}
_SPLIT_ZH = (
    "未模拟邀约/成交分成：模拟中员工各自成交（无共享销售额），分成规则在此不起作用；"
    "请用记录共享销售额的历史数据回测。"
)


def note_text(note: str, currency: str = "CNY", lang: Lang = "en") -> str:
    """One solver note as a reader understands it."""
    for pattern, (en, zh) in _WORDING.items():
        if m := pattern.match(note):
            fields = m.groupdict()
            fields["gain"] = money(float(fields["gain"].replace(",", "")), currency, lang)
            return (zh if lang == "zh" else en).format(**fields)
    if _SPLIT.match(note) and lang == "zh":
        return _SPLIT_ZH
    return note


def simulation_notes(comp: Comparison, lang: Lang = "en") -> list[str]:
    """Every plan's notes in plain words, each prefixed with its plan (Markdown, escaped)."""
    sep = "：" if lang == "zh" else ": "
    return [
        f"**{md_text(plan)}**{sep}{md_text(note_text(n, comp.scenarios[plan].currency, lang))}"
        for plan in comp.plans
        for n in comp.results[plan].notes
    ]
