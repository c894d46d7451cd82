"""The population every plan ran on, in words: a client must see whose agents these are.

Reads the description :func:`perfkit.fit.population_choice.choose_population` puts in
``Comparison.meta["population"]``. File and plan names are user-typed, so they are
escaped for markdown (and the HTML it becomes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from perfkit.text import Lang, t
from perfkit.text.numbers import plain
from perfkit.words.escape import md_text as _literal


def population_phrase(
    info: dict[str, Any], lang: Lang = "en", literal: Callable[[str], str] = _literal
) -> str:
    """E.g. "52 agents in 3 teams, calibrated from the client's export client.csv".

    ``literal`` escapes the file name (default: for markdown; ``html_text`` for HTML).
    """
    key = "population_data" if info["kind"] == "data" else "population_synthetic"
    source = literal(info["source"])
    return t(
        f"report.text.{key}", lang, agents=plain(info["agents"]), teams=info["teams"], source=source
    )


def population_sentence(info: dict[str, Any], lang: Lang = "en") -> str:
    """The population every plan ran on, and which scenarios' own populations were not used."""
    used = t("report.text.population_used", lang, population=population_phrase(info, lang))
    return " ".join(p for p in (used, population_notes(info, lang)) if p)


def population_notes(info: dict[str, Any], lang: Lang = "en") -> str:
    """Which scenarios state a population that was not used, and what they state ("" if none,
    and "" when the client's export is the population: the plans' own example populations
    are the kit's, not the client's business; the command line still warns)."""
    if info.get("origin") == "data":
        return ""
    groups: dict[str, list[str]] = {}
    for entry in info.get("ignored", []):
        groups.setdefault(_stated(entry, lang), []).append(f"**{_literal(entry['plan'])}**")
    sep = t("punct.list", lang)
    notes = [
        t("report.text.population_ignored", lang, plans=sep.join(plans), stated=stated)
        for stated, plans in groups.items()
    ]
    return " ".join(notes)


def _stated(entry: dict[str, Any], lang: Lang) -> str:
    if entry["kind"] == "data":
        stated = t("report.text.stated_data", lang, source=_literal(entry["source"]))
    else:
        stated = t(
            "report.text.stated_synthetic", lang, agents=entry["agents"], teams=entry["teams"]
        )
    return (
        t("report.text.stated_other", lang, stated=stated) if entry.get("same_source") else stated
    )
