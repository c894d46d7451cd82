"""What a person types on the command line: unpadded months are months, and a choice or
policy that is not one is answered with the nearest valid one ("did you mean")."""

from __future__ import annotations

import pytest

from perfkit.core.errors import PerfkitError


def test_cli_periods_accept_unpadded_months():
    import argparse

    from perfkit.apps.cli.checks import month_arg, period_arg

    assert month_arg("2025-6") == "2025-06" and period_arg("2025-6") == "2025-06"
    assert period_arg("2025-Q2") == "2025-Q2"
    with pytest.raises(argparse.ArgumentTypeError, match="no month 13"):
        month_arg("2025-13")


def test_cli_choices_and_fill_policies_suggest(capsys):
    from perfkit.apps.cli.checks import fill_policy
    from perfkit.apps.cli.main import main

    with pytest.raises(SystemExit):
        main(["rendr"])
    assert "did you mean 'render'?" in capsys.readouterr().err
    with pytest.raises(PerfkitError, match="did you mean 'team_mean'"):
        fill_policy(["satisfaction=team_meen"])
