"""Learn how a client's agents respond, from its own KPI history, and check forecasts.

- :mod:`perfkit.estimate.plans`: the plan in force per agent-period (a ``plan``
  column or a plan map);
- :mod:`perfkit.estimate.responsiveness` and :mod:`perfkit.estimate.attrition`:
  estimate effort cost and attrition sensitivity (method in each module);
- :mod:`perfkit.estimate.run`: ``perfkit estimate`` (estimates into a scenario);
- :mod:`perfkit.estimate.holdout`: ``perfkit validate-forecast``.
"""
