"""Simulation notes for a client: the solver's technical notes in plain words, per plan,
in English or Chinese (a note of an unknown form is shown as written)."""

from __future__ import annotations

import re

from perfkit.analysis.compare import Comparison
from perfkit.text import Lang, t
from perfkit.text.numbers import forecast
from perfkit.words.escape import md_text

_FLIPPING = re.compile(
    r"^period (?P<period>\S+): (?P<n>\d+) agent\(s\) at a pay cliff or rank boundary kept "
    r"flipping \(could gain up to (?P<gain>[-\d,.e+]+)\); their choices are the damped average$"
)
_UNSETTLED = re.compile(
    r"^best responses did not settle in (?P<k>\d+) period\(s\) \((?P<labels>[^)]*)\) after "
    r"\d+ iterations: (?P<n>\d+) agent\(s\).*could still gain up to (?P<gain>[-\d,.e+]+) a period"
)
_SPLIT = re.compile(r"^Opener/closer split credit is not simulated")


#: Each known note: its pattern and its plain wording (``report.note.*``).
_WORDING = {_FLIPPING: "report.note.flipping", _UNSETTLED: "report.note.unsettled"}


def note_text(note: str, currency: str = "CNY", lang: Lang = "en") -> str:
    """One solver note as a reader understands it."""
    for pattern, key in _WORDING.items():
        if m := pattern.match(note):
            fields = m.groupdict()
            fields["gain"] = forecast(float(fields["gain"].replace(",", "")), currency, lang)
            return t(key, lang, **fields)
    if _SPLIT.match(note):  # the English is the solver's own note
        return t("report.note.split", lang, note=note)
    return note


def simulation_notes(comp: Comparison, lang: Lang = "en") -> list[str]:
    """Every plan's notes in plain words, each prefixed with its plan (Markdown, escaped)."""
    sep = t("punct.colon", lang)
    return [
        f"**{md_text(plan)}**{sep}{md_text(note_text(n, comp.scenarios[plan].currency, lang))}"
        for plan in comp.plans
        for n in comp.results[plan].notes
    ]
