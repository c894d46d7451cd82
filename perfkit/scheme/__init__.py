"""The scenario language: validated plan objects and the file loader."""

from perfkit.scheme.loader import json_schema, load_scenario, parse_scenario
from perfkit.scheme.models import Plan, Scenario

__all__ = ["Plan", "Scenario", "json_schema", "load_scenario", "parse_scenario"]
