"""Pilots of a new plan: design (stratified randomisation, power by simulation) and
evaluation (difference in differences and event study with fixed effects)."""
