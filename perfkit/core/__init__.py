"""Errors, KPI units and directions, quarters, precision, notices and child processes: used
by every floor."""
