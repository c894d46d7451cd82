"""A KPI export the designer cannot use, said in the designer's language.

The export checker (:mod:`perfkit.files.data`) words its problems in English for the
command line, with its options (``--fill``, ``--drop-incomplete``) as the way out. The
designer loads an export from a path typed on its data tab and has none of those
options: the problems a bad export usually has (no such file, an empty file, a missing
column, text or negative numbers in a KPI column, bad months or dates, blank cells,
repeated rows) are said through the catalogue (``designer.data.*``) with the column as
the file heads it and the file's lines; any other problem keeps the checker's text, so
nothing is lost.
"""

from __future__ import annotations

import re

from perfkit.core.errors import DataError
from perfkit.text import Lang, has, label, t

#: How many problems the status line lists before "and N more".
SHOWN = 5
_WHERE = r"(?P<where>(?:line|row)s? .+?)"
#: A checker problem the designer says in its own words: its pattern and catalogue key.
_KNOWN = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^cannot read the file: No such file or directory$", "missing"),
        (r"^is a folder; ", "folder"),
        (r"^cannot read the file: (?P<why>.+)$", "unreadable"),
        (r"^the file is empty", "empty"),
        (r"^no data rows$", "no_rows"),
        (r"^missing required column (?P<column>'[^']*'); none of ", "not_kpis"),
        (
            r"^missing required column (?P<column>'[^']*');.*did you mean (?P<best>'[^']*')\?",
            "no_column_close",
        ),
        (
            r"^missing required column (?P<column>'[^']*'); headers found: (?P<headers>.+)$",
            "no_column",
        ),
        (rf"^column (?P<column>.+?): non-numeric values? (?P<values>.+) on {_WHERE}$", "text"),
        (rf"^column (?P<column>.+?): negative values? (?P<values>.+) on {_WHERE}$", "negative"),
        (
            rf"^column (?P<column>.+?): unrecognised date values? (?P<values>.+) on {_WHERE}$",
            "date",
        ),
        (
            rf"^column (?P<column>.+?): unrecognised values? (?P<values>.+) on {_WHERE} \(use YYYY-MM",
            "period",
        ),
        (rf"^column (?P<column>.+?): blank cells on {_WHERE}; ", "blank"),
        (rf"^(?P<part>.+?) > (?P<whole>.+?) \((?P<rate>\S+) above 1\) on {_WHERE}$", "above"),
        (rf"^empty (?P<field>agent_id|team|period) on {_WHERE}(?: \(|$)", "empty_field"),
        (rf"^duplicate agent_id × period \((?P<agent>.+), (?P<period>.+)\) on {_WHERE}$", "twice"),
    )
)
_MORE = re.compile(r" \(and (\d+) more\)$")
_PLACES = re.compile(r"^(?P<word>line|row)s? (?P<items>.+?)(?: \(and (?P<more>\d+) more\))?$")


def _where(text: str, lang: Lang) -> str:
    """ "lines 4, 5 (and 3 more)" in ``lang``: "第 4、5 行（另有 3 行）"."""
    m = _PLACES.match(text)
    if m is None:
        return text
    items = t("punct.list", lang).join(m["items"].split(", "))
    many = "s" if text.startswith(f"{m['word']}s ") else ""
    said = t(f"designer.data.{m['word']}{many}", lang, items=items)
    return said + (t("designer.data.more_places", lang, n=m["more"]) if m["more"] else "")


def data_problem_text(problem: str, lang: Lang) -> str:
    """One problem of the export checker in ``lang``: the catalogue's words for a problem
    a bad export usually has, else the checker's own text."""
    for pattern, key in _KNOWN:
        if m := pattern.search(problem):
            fields = m.groupdict()
            if "where" in fields:
                fields["where"] = _where(fields["where"], lang)
            if "values" in fields:
                fields["values"] = _MORE.sub(
                    lambda n: t("designer.data.more_values", lang, n=n[1]), fields["values"]
                )
            if "rate" in fields and has(f"label.{fields['rate']}"):
                fields["rate"] = label(fields["rate"], lang)
            if "field" in fields:
                fields["field"] = t(f"designer.data.field.{fields['field']}", lang)
            return t(f"designer.data.{key}", lang, **fields)
    return problem


def data_error_text(exc: DataError, lang: Lang) -> str:
    """What the designer's status line says about an export it cannot use."""
    said = list(dict.fromkeys(data_problem_text(p, lang) for p in exc.problems))
    more = len(said) - SHOWN
    said = said[:SHOWN]
    if more > 0:  # a problem said once however many columns it hits
        said.append(t("designer.data.more_problems", lang, n=more))
    problems = t("punct.semicolon", lang).join(said)
    return t("designer.data.error", lang, source=exc.source, problems=problems)
