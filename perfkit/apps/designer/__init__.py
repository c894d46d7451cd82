"""A live plan designer for JupyterLab: move a control, re-simulate a team in under a second.

:class:`PlanDesigner` builds ipywidgets controls from a starting scenario: scorecard
weights, commission ladder rates and band edges, grade bands or forced shares, team
weight and an attainment bonus (:mod:`~perfkit.apps.designer.blocks`); the team pool,
rank prizes, deductions, collaboration credit and non-cash rewards
(:mod:`~perfkit.apps.designer.rules`). It turns them into a validated scenario, simulates
a team (the population calibrated from the client's export when one is given, else
a synthetic one) with few runs and a fast behavioural solve, and redraws the payout
curve, weights, pay mix and effort at notebook width, with the headline numbers
against the starting plan. "Save scenario" writes the design as a scenario YAML
file, atomically.

The designer is a view over a model: :class:`~perfkit.apps.designer.model.DesignModel`
(the starting plan, the team, simulating, comparing, drawing and saving a design) needs
no widgets. The pure methods (:meth:`~PlanDesigner.scenario_from_controls`,
:meth:`~PlanDesigner.refresh`, :meth:`~PlanDesigner.save`) need no browser; the
widget is built on first use of :attr:`~PlanDesigner.widget`.
"""

from perfkit.apps.designer.app import PlanDesigner
from perfkit.apps.designer.model import FAST_BEHAVIOUR, FIGURE_PX, HEADLINE, DesignModel, Preview

__all__ = ["FAST_BEHAVIOUR", "FIGURE_PX", "HEADLINE", "DesignModel", "PlanDesigner", "Preview"]
