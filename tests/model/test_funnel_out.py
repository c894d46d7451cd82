"""The funnel written into the caller's arrays (the Monte Carlo's run arrays) gives the
same bits as the funnel on its own arrays, and hands those very arrays back."""

from __future__ import annotations

import numpy as np

from perfkit.model.funnel import OUTPUTS, Choice, Funnel
from perfkit.scheme.population import FunnelRates, Mentoring


def test_kpis_into_strided_views_are_the_same_bits() -> None:
    rng = np.random.default_rng(5)
    R, P, N = 4, 3, 50
    funnel = Funnel(FunnelRates(), 0.4, Mentoring(boost=0.2))
    traits = {"skill": rng.uniform(0.5, 1.5, (R, N)), "capacity": rng.uniform(200, 900, (R, N)),
              "connect_rate": rng.uniform(0.2, 0.5, (R, N)),
              "order_value": rng.uniform(50, 400, (R, N))}  # fmt: skip
    choice = Choice(rng.uniform(0, 1.2, (R, N)), rng.uniform(0.05, 0.9, (R, N)),
                    rng.uniform(0, 0.3, (R, N)))  # fmt: skip
    z = rng.standard_normal((funnel.shocks, R, N))
    help_received = np.where(rng.random((R, N)) < 0.3, rng.uniform(0, 2, (R, N)), 0.0)
    runs = {k: np.full((R, P, N), np.nan) for k in OUTPUTS}
    into = {k: v[:, 1] for k, v in runs.items()}  # period 1: strided views
    for whole in (True, False):
        plain = funnel.kpis(traits, choice, z, help_received, whole)
        written = funnel.kpis(traits, choice, z, help_received, whole, out=into)
        assert list(written) == list(plain)
        for k in OUTPUTS:
            assert written[k] is into[k], k
            np.testing.assert_array_equal(runs[k][:, 1], plain[k], err_msg=k)
        assert np.isnan(runs["revenue"][:, [0, 2]]).all()  # other periods untouched
        assert (plain["revenue"] > 0).any() and (plain["assisted_orders"] > 0).any()
