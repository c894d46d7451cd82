"""Goals: company → team → agent decomposition, and agent-proposed targets (员工参与)."""

from perfkit.goals.decompose import agent_targets, decomposition_table
from perfkit.goals.participation import ReconcileRule, check_proposals, reconcile

__all__ = [
    "ReconcileRule",
    "agent_targets",
    "check_proposals",
    "decomposition_table",
    "reconcile",
]
