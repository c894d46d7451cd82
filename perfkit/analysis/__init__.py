"""Compare, sweep, optimise, back-test, risk, metrics, estimation and pilot evaluation."""
