"""The ``perfkit`` command line: one sub-command per job, one clear message per error."""

from perfkit.apps.cli.main import main

__all__ = ["main"]
