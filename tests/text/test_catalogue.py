"""The one text catalogue: every key in both languages, every template's fields on both
sides, no key a caller asks for missing, and no English left in Chinese text."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from perfkit.text import LANGS, has, label, t
from perfkit.text.catalogue import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "perfkit").rglob("*.py"), *(ROOT / "notebooks").glob("*.py")])

#: Latin-letter tokens a Chinese text may keep: KPI and statistics codes, percentiles,
#: grade letters, quartiles, the kit's own name and its command-line options.
ALLOWED_LATIN = frozenset(
    {"KPI", "CSAT", "QA", "ID", "PDF", "P10", "P50", "P90", "R²", "Q1", "Q2", "Q3", "Q4",
     "S", "A", "B", "C", "D", "p", "t", "G", "CRV1", "bootstrap-t", "perfkit", "max-runs"}
)  # fmt: skip
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9²\-]*")


def latin_words(zh: str) -> set[str]:
    """Latin-letter words of a Chinese text outside markup, code and the allow-list."""
    text = re.sub(r"<code>.*?</code>|`[^`]*`", "", zh)
    text = re.sub(r"<[^>]+>|\{[^}]*\}", "", text)
    return set(_LATIN.findall(text)) - ALLOWED_LATIN


def fields(template: str) -> dict[str, object]:
    """A template's fields with a sample value each: a number where it has a format."""
    return {
        name: 1.5 if spec else "值"
        for _, name, spec, _ in string.Formatter().parse(template)
        if name
    }


def test_every_key_is_namespaced_and_has_both_languages() -> None:
    assert len(CATALOGUE) > 400
    for key, pair in CATALOGUE.items():
        assert "." in key, key
        assert len(pair) == 2 and all(isinstance(s, str) for s in pair), key
        if not key.startswith("punct."):  # a gap between sentences is nothing in Chinese
            assert all(s.strip() for s in pair), key


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_renders_in_both_languages_with_its_fields(key: str) -> None:
    en, zh = CATALOGUE[key]
    values = fields(en) | fields(zh)  # a language may leave a field out ('s, 的)
    for lang in LANGS:
        text = t(key, lang, **values)
        assert "{" not in text, (key, lang)
    assert not latin_words(t(key, "zh", **values)), key


def test_no_english_left_in_chinese_texts() -> None:
    leaks = {key: latin_words(zh) for key, (_, zh) in CATALOGUE.items() if latin_words(zh)}
    assert not leaks


def _asked_keys() -> list[tuple[str, int, str]]:
    """Every key a caller names: ``t("a.b", …)`` literals, and the constant head of
    ``t(f"a.{x}", …)`` and ``label(x, lang, within="a")``."""
    out = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id == "t" and node.args:
                arg = node.args[0]
                options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                for a in options:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str):
                        out.append((path.name, node.lineno, a.value))
                    elif isinstance(a, ast.JoinedStr) and isinstance(a.values[0], ast.Constant):
                        out.append((path.name, node.lineno, a.values[0].value + "*"))
            for kw in node.keywords if node.func.id == "label" else []:
                if kw.arg == "within" and isinstance(kw.value, ast.Constant):
                    out.append((path.name, node.lineno, kw.value.value + ".*"))
    return out


def test_no_key_a_caller_asks_for_is_missing() -> None:
    asked = _asked_keys()
    assert len(asked) > 200
    missing = [
        (f, line, key)
        for f, line, key in asked
        if not (any(k.startswith(key[:-1]) for k in CATALOGUE) if key.endswith("*") else has(key))
    ]
    assert not missing


def test_a_page_wording_comes_first_then_the_shared_name_then_the_key() -> None:
    assert label("total_pay", "zh") == "薪酬总额"
    assert label("total_pay", "zh", within="payslip") == "应发合计"  # the payslip's word
    assert label("grade", "zh", within="payslip") == "绩效等级"  # no payslip word: shared
    assert label("brand_new_metric", "zh") == "brand new metric"
    with pytest.raises(KeyError, match="no text"):
        t("report.heading.nope", "en")


def test_english_is_the_default_and_fields_fill_templates() -> None:
    assert t("report.heading.summary") == "Executive summary"
    assert t("report.heading.summary", "zh") == "执行摘要"
    assert t("label.weight_of", "zh", kpi="销售额") == "销售额权重"
