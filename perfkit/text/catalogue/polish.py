"""Small leftovers of issue 19: the estimated plan's name beside its original
(``plan.estimated_name``) and the designer's words for a KPI export it cannot use
(``designer.data.*``)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # a plan compared with the same plan as perfkit estimate wrote it (same name)
    "plan.estimated_name": ("{name} (estimated)", "{name}（估计）"),
}
