"""The plan in words: every rule of a scenario as plain sentences, in English or Chinese.

- :mod:`~perfkit.plan_words.describe`: :func:`describe_plan` → titled sections of sentences;
- :mod:`~perfkit.plan_words.pay_rules` / :mod:`~perfkit.plan_words.earn_rules`: one
  sentence maker per plan block;
- :mod:`~perfkit.plan_words.vocab`: KPI names and units, rewards, bases;
- :mod:`~perfkit.plan_words.numbers`: amounts in 万 / 亿, rates, percentage points, and
  decimals that make a change visible;
- :mod:`~perfkit.plan_words.render`: sections as escaped HTML or Markdown.
"""

from perfkit.plan_words.describe import (
    Section,
    describe_plan,
    localized,
    plan_description,
    plan_name,
    sentences,
)
from perfkit.plan_words.numbers import decimals_for, level_pair, money, points, rate, wan
from perfkit.plan_words.render import rules_html, to_html, to_markdown

__all__ = [
    "Section",
    "decimals_for",
    "describe_plan",
    "level_pair",
    "localized",
    "money",
    "plan_description",
    "plan_name",
    "points",
    "rate",
    "rules_html",
    "sentences",
    "to_html",
    "to_markdown",
    "wan",
]
