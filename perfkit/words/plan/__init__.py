"""The plan in words: every rule of a scenario as plain sentences, in English or Chinese.

- :mod:`~perfkit.words.plan.describe`: :func:`describe_plan` → titled sections of sentences;
- :mod:`~perfkit.words.plan.pay_rules` / :mod:`~perfkit.words.plan.earn_rules`: one
  sentence maker per plan block;
- :mod:`~perfkit.words.plan.vocab`: KPI names and units, rewards, bases;
- :mod:`~perfkit.words.plan.render`: sections as escaped HTML or Markdown.
"""

from perfkit.words.plan.describe import (
    Section,
    describe_plan,
    localized,
    plan_description,
    plan_name,
    sentences,
)
from perfkit.words.plan.render import rules_html, to_html, to_markdown

__all__ = [
    "Section",
    "describe_plan",
    "localized",
    "plan_description",
    "plan_name",
    "rules_html",
    "sentences",
    "to_html",
    "to_markdown",
]
