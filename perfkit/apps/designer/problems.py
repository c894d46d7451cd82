"""A design the scenario rules refuse, said in the designer's language.

The scenario checker (:mod:`perfkit.scheme`) words its problems in English for files and
the command line; the designer's controls can only make a few of them (ladder edges out of
order, grade lines out of order), and those are said through the catalogue
(``designer.problem.*``), in the section's own words. Any other problem keeps the
checker's text after the section's name, so nothing is lost. An export it cannot use is
said by :mod:`perfkit.apps.designer.data_problems`.
"""

from __future__ import annotations

import re

from perfkit.apps.designer.data_problems import data_error_text
from perfkit.core.errors import DataError, PerfkitError, ScenarioError
from perfkit.text import Lang, has, t
from perfkit.text.numbers import plain

#: A checker message the designer can cause: its pattern and its catalogue key.
_KNOWN = (
    (re.compile(r"must be strictly increasing, got \[(?P<values>[^\]]*)\]"), "increasing"),
    (re.compile(r"must be strictly decreasing, got \[(?P<values>[^\]]*)\]"), "decreasing"),
)


def _values(text: str) -> str:
    """ "0.0, 20000.0, 1000.0" as the designer shows amounts: "0, 20,000, 1,000"."""
    return ", ".join(plain(float(v)) for v in text.split(","))


def problem_text(section: str, message: str, lang: Lang) -> str:
    """One (field path, message) of the checker in ``lang``: the catalogue's words for a
    problem the controls can make, else the section's name and the checker's text."""
    head = section.split(".")[0].split("[")[0]
    for pattern, kind in _KNOWN:
        key = f"designer.problem.{head}.{kind}"
        if (m := pattern.search(message)) and has(key):
            return t(key, lang, values=_values(m["values"]))
    name = t(f"designer.tab.{head}", lang) if has(f"designer.tab.{head}") else section
    return t("designer.problem.other", lang, section=name, message=message)


def error_text(exc: PerfkitError, lang: Lang) -> str:
    """What the designer's status line says about ``exc``."""
    if key := getattr(exc, "key", None):
        return t(key, lang)
    if isinstance(exc, ScenarioError) and exc.problems:
        said = t("punct.semicolon", lang).join(problem_text(p, m, lang) for p, m in exc.problems)
        return t("designer.error", lang, message=said)
    if isinstance(exc, DataError):
        return data_error_text(exc, lang)
    return t("designer.error", lang, message=exc)
