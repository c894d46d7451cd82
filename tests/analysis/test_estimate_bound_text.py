"""The effort cost's one-sided bound is said once in the estimate's summary."""

from __future__ import annotations

from types import SimpleNamespace

from perfkit.analysis.estimate.write import _bound

BOUND = "effort cost at most 37,965 (95% one-sided)"


def test_a_bound_the_reason_already_states_is_not_repeated() -> None:
    said = SimpleNamespace(bound=BOUND, reason="the data set no lower bound: " + BOUND)
    assert _bound(said) == ""


def test_a_bound_the_reason_does_not_state_is_added_as_a_sentence() -> None:
    said = SimpleNamespace(bound=BOUND, reason="the response lies beyond the model's reach")
    assert _bound(said) == " Bound: effort cost at most 37,965 (95% one-sided)."
    assert _bound(SimpleNamespace(bound="", reason="estimated")) == ""
