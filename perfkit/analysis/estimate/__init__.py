"""Learn how a client's agents respond, from its own KPI history, and check forecasts.

- :mod:`perfkit.payout.in_force`: the plan in force per agent-period (a ``plan``
  column or a plan map);
- :mod:`perfkit.analysis.estimate.responsiveness` and :mod:`perfkit.analysis.estimate.attrition`:
  estimate effort cost and attrition sensitivity (method in each module);
- :mod:`perfkit.analysis.estimate.run`: ``perfkit estimate`` (estimates into a scenario);
- :mod:`perfkit.analysis.estimate.holdout`: ``perfkit validate-forecast``.
"""
