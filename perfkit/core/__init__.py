"""Errors, KPI units and directions, quarters, precision and notices: used by every floor."""
