"""Goals: company → team → agent decomposition, and agent-proposed targets (员工参与)."""

from perfkit.pages.goals.decompose import agent_targets, decomposition_table
from perfkit.pages.goals.participation import ReconcileRule, check_proposals, reconcile
from perfkit.pages.goals.targets import Targets

__all__ = [
    "ReconcileRule",
    "Targets",
    "agent_targets",
    "check_proposals",
    "decomposition_table",
    "reconcile",
]
