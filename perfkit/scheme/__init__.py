"""The scenario language: validated plan objects and the file loader."""

from perfkit.scheme.loader import load_scenario, parse_scenario
from perfkit.scheme.models import Plan, Scenario
from perfkit.scheme.schema import json_schema

__all__ = ["Plan", "Scenario", "json_schema", "load_scenario", "parse_scenario"]
