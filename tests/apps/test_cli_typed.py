"""What a person types on the command line: unpadded months are months, and a choice or
policy that is not one is answered with the nearest valid one ("did you mean")."""

from __future__ import annotations

import warnings

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


def test_an_out_folder_holding_the_inputs_is_written_with_a_warning(tmp_path):
    import argparse

    from perfkit.apps.cli.checks import check_inputs, warn_beside_inputs
    from perfkit.core.errors import PerfkitWarning

    export = tmp_path / "data" / "kpis.csv"
    export.parent.mkdir()
    export.write_text("agent_id,period\nA1,2025-01\n", "utf-8")
    args = lambda out: argparse.Namespace(command="render", out=out, data=export)  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_inputs(args(tmp_path / "data"))  # allowed: no input is replaced
        warn_beside_inputs(args(tmp_path / "reports"))  # a folder of its own: no warning
    with pytest.warns(
        PerfkitWarning, match=r"--out data: this folder holds the run's input \(kpis.csv\)"
    ):
        warn_beside_inputs(args(tmp_path / "data"))


def test_estimate_never_prints_a_kept_prior_as_if_inside_its_interval():
    """Leftover 15: a sensitivity the export does not identify is printed as the prior kept,
    with the export's interval said to be the export's (the prior may lie outside it)."""
    from types import SimpleNamespace

    from perfkit.apps.cli.estimate import estimate_lines

    r = SimpleNamespace(status="no change", prior=5000.0, reason="no plan change")
    a = SimpleNamespace(quits=12, rate_identified=True, annual_rate=0.3, rate_low=0.2,
                        rate_high=0.4, prior_rate=0.35, identified=False, sensitivity=0.4,
                        sensitivity_low=0.0, sensitivity_high=1.2, prior_sensitivity=2.0,
                        values={"sensitivity": 2.0, "annual_rate": 0.3})  # fmt: skip
    fit = SimpleNamespace(responsiveness=r, attrition=a, timing=None, forecast=None)
    line = next(s for s in estimate_lines(fit) if s.startswith("attrition sensitivity"))
    assert line.startswith("attrition sensitivity: prior 2 kept: NOT identified")
    assert "the export's 90% interval 0.0–1.2" in line and "outside it" in line
    a.prior_sensitivity, a.values["sensitivity"] = 1.0, 1.0  # inside: no such remark
    line = next(s for s in estimate_lines(fit) if s.startswith("attrition sensitivity"))
    assert "outside it" not in line
    a.identified = True
    line = next(s for s in estimate_lines(fit) if s.startswith("attrition sensitivity"))
    assert line == "attrition sensitivity: 0.4 (90% 0.0–1.2; prior 1): estimated"
