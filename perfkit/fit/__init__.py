"""Fitting to a client export: calibration and choosing the population."""
