"""The one lookup of the catalogue: ``t("report.heading.summary", "zh")`` → "执行摘要".

``t`` fills a template's ``{field}``s from its keyword arguments. :func:`label` names a
metric, KPI or column: a page's own wording when it has one, else the shared
``label.*`` name, else the key itself with spaces (a new metric prints sensibly
before it is translated).
"""

from __future__ import annotations

from typing import Literal

from perfkit.text.catalogue import CATALOGUE

Lang = Literal["en", "zh"]

#: The languages every key is written in.
LANGS: tuple[Lang, ...] = ("en", "zh")


def t(key: str, lang: Lang = "en", **fields: object) -> str:
    """The text of ``key`` in ``lang`` (English unless ``"zh"``), ``fields`` filled in."""
    try:
        en, zh = CATALOGUE[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in perfkit.text.catalogue") from None
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    """Whether the catalogue has ``key``."""
    return key in CATALOGUE


def label(name: str, lang: Lang = "en", within: str | None = None) -> str:
    """The display name of ``name``: ``{within}.{name}`` when that page words it its own way,
    else ``label.{name}``, else ``name`` with underscores as spaces."""
    for key in (f"{within}.{name}" if within else None, f"label.{name}"):
        if key is not None and key in CATALOGUE:
            return t(key, lang)
    return name.replace("_", " ")
