"""Plain-text formatting for the command line: metrics and two-column tables (money and
percentages: :mod:`perfkit.text.numbers`)."""

from __future__ import annotations

from perfkit.text.numbers import NOT_A_NUMBER, finite, plain, significant


def number(value: float) -> str:
    """A metric for the terminal: 3334123.4 → '3,334,123'; 0.01234 → '0.01234'; never 1e+06."""
    if not finite(value):
        return NOT_A_NUMBER
    return plain(value, exact=False) if abs(value) >= 1000 else significant(value, 4)


def text_table(rows: list[tuple[str, str]]) -> str:
    """Left-aligned labels, right-aligned values."""
    if not rows:
        return ""
    width = max(len(label) for label, _ in rows)
    vwidth = max(len(value) for _, value in rows)
    return "\n".join(f"  {label:<{width}}  {value:>{vwidth}}" for label, value in rows)
