"""Learn how a client's agents respond, from its own KPI history, and check forecasts.

- :mod:`perfkit.payout.in_force`: the plan in force per agent-period (a ``plan``
  column or a plan map);
- :mod:`perfkit.analysis.estimate.moments`: the reduced-form statistics, one function for
  the export and for simulated panels, and the team bootstrap;
- :mod:`perfkit.analysis.estimate.panel`: panels the forecast's simulator produces over
  the export's own agents, months, teams and plans;
- :mod:`perfkit.analysis.estimate.responsiveness`: the effort cost by indirect inference,
  with honest verdicts; :mod:`perfkit.analysis.estimate.attrition`: attrition from quits;
- :mod:`perfkit.analysis.estimate.run` and :mod:`.write`: ``perfkit estimate`` (estimates
  into a scenario);
- :mod:`perfkit.analysis.estimate.holdout`: ``perfkit validate-forecast``;
- :mod:`perfkit.analysis.estimate.synthetic`: plan-change exports made by the simulator.
"""
