"""Tournaments at their equilibrium (Lazear & Rosen 1981, J. Political Economy).

Textbook mode: identical risk-neutral agents in teams of N, output y = e + σz, cost
e²/2, prizes W₁ ≥ W₂ ≥ … by place within each team (``within: team``), paid by the
real payout engine. With the others at effort e and one agent at e + Δ, its chance
of finishing in the top b is

    P(place ≤ b) = ∫ φ(z) · P(Binomial(N − 1, 1 − Φ(z + Δ/σ)) ≤ b − 1) dz,

and its expected prize Σ_b (W_b − W_{b+1})·P(place ≤ b). Differentiating at Δ = 0
(the derivative of a binomial distribution function in its success probability):

    dP(place ≤ b)/dΔ = (N − 1)·C(N − 2, b − 1)/σ · ∫ φ(z)² Φ(z)^(N−1−b) (1 − Φ(z))^(b−1) dz,

so the symmetric equilibrium, where marginal prize equals marginal cost e, is

    e* = Σ_b (W_b − W_{b+1}) · (N − 1)·C(N − 2, b − 1)/σ · ∫ φ² Φ^(N−1−b) (1 − Φ)^(b−1) dz.

One prize W (b = 1): e* = W·(N − 1)/σ·∫φ(x)²Φ(x)^(N−2)dx, 1.128 for N = 2 and 0.930 for
N = 5 at W = 4, σ = 1. Two prizes (b = 1, 2) add W₂·(N − 1)(N − 2)/σ·∫φ²Φ^(N−3)(1 − Φ).
At these parameters each agent's expected payoff is concave in its own effort around
e*, and e* is its best response to the others at e* (checked numerically below).

Comparative statics (Lazear–Rosen): effort rises with the prize spread and falls with
the noise σ (e* ∝ W/σ for one prize among identical agents). With agents of different
effort costs the equilibrium is asymmetric; it is solved here from the agents' first-
order conditions and the solver must reproduce each agent's effort.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.polynomial.hermite_e import hermegauss
from scipy.integrate import quad
from scipy.optimize import fsolve, minimize_scalar
from scipy.special import comb
from scipy.stats import binom, norm

from perfkit.model.behaviour import TextbookProduction, solve
from perfkit.model.behaviour.pricer import engine_pricer
from perfkit.model.population import synthetic
from perfkit.scheme import parse_scenario
from perfkit.scheme.population import BehaviourSettings, Textbook

OFFSET = 100.0


def equilibrium(prizes: list[float], n: int, sigma: float = 1.0) -> float:
    """e* of the module docstring (cost e²/2)."""
    w = [*prizes, 0.0]
    total = 0.0
    for b in range(1, min(len(prizes), n - 1) + 1):
        shape = lambda z, b=b: (  # noqa: E731
            norm.pdf(z) ** 2 * norm.cdf(z) ** (n - 1 - b) * (1 - norm.cdf(z)) ** (b - 1)
        )
        total += (w[b - 1] - w[b]) * (n - 1) * comb(n - 2, b - 1) * quad(shape, -10, 10)[0]
    return total / sigma


def expected_prize(prizes: list[float], n: int, delta: float, sigma: float = 1.0) -> float:
    """An agent's expected prize at Δ above the others' effort."""
    w = [*prizes, 0.0]
    total = w[n - 1] if len(prizes) >= n else 0.0
    for b in range(1, min(len(prizes), n - 1) + 1):
        top = lambda z, b=b: norm.pdf(z) * binom.cdf(b - 1, n - 1, 1 - norm.cdf(z + delta / sigma))  # noqa: E731
        total += (w[b - 1] - w[b]) * quad(top, -10, 10)[0]
    return total


def team_effort(size: int, prizes: list[float], sigma: float = 1.0, cost_cv: float = 0.0,
                teams: int = 2) -> np.ndarray:  # fmt: skip
    """Efforts of risk-neutral agents in ``teams`` teams of ``size`` under rank prizes by team."""
    traits = {"effort_cost": {"mean": 1.0, "cv": cost_cv}, "risk_aversion": {"mean": 1e-9, "cv": 0}}
    pop = synthetic(agents=teams * size, teams=teams, seed=1, traits=traits)
    rank = {"type": "rank", "kpi": "revenue", "prizes": prizes, "within": "team"}
    sc = parse_scenario({"name": "tournament", "pay": {"base_salary": 0}, "bonuses": [rank]},
                        source="tournament.yaml")  # fmt: skip
    prod = TextbookProduction(Textbook(noise_sd=sigma, offset=OFFSET, max_effort=3.0))
    with warnings.catch_warnings():
        # identical agents must settle; agents who differ settle to an ε-equilibrium
        warnings.simplefilter("error" if cost_cv == 0 else "ignore")
        policy = solve(pop, prod, engine_pricer(sc), BehaviourSettings(ce_tolerance=0.0),
                       ["2025-01"], seed=0)  # fmt: skip
    return policy.effort[0, policy.center]


def test_the_closed_forms_are_the_issue_figures_and_best_responses() -> None:
    assert equilibrium([4.0], 2) == pytest.approx(1.128, abs=5e-4)
    assert equilibrium([4.0], 5) == pytest.approx(0.930, abs=5e-4)
    for prizes, n in [([4.0], 20), ([4.0, 2.0], 5), ([4.0, 2.0], 20)]:
        e = equilibrium(prizes, n)
        best = minimize_scalar(lambda x, e=e, p=prizes, n=n: x * x / 2 - expected_prize(p, n, x - e),
                               bounds=(0, 3), method="bounded")  # fmt: skip
        assert best.x == pytest.approx(e, abs=1e-3)


@pytest.mark.parametrize("size", [2, 5, 20])
@pytest.mark.parametrize("prizes", [[4.0], [4.0, 2.0]])
def test_rank_prizes_within_teams_reach_the_lazear_rosen_equilibrium(size, prizes) -> None:
    effort = team_effort(size, prizes)
    assert effort.std() <= 0.01 * effort.mean()  # identical agents, one effort
    assert effort.mean() == pytest.approx(equilibrium(prizes, size), rel=0.03)


def nash(cost: np.ndarray, prize: float, sigma: float) -> np.ndarray:
    """The asymmetric equilibrium of one team's one-prize tournament: for each agent i,
    W·∂P(i wins)/∂e_i = c_i·e_i, with P(i wins) = ∫φ(z)·Π_{j≠i} Φ(z + (e_i − e_j)/σ) dz
    (Gauss–Hermite), solved for all agents' efforts at once."""
    z, w = hermegauss(80)
    w = w / w.sum()

    def foc(e: np.ndarray) -> np.ndarray:
        out = np.empty(e.size)
        for i in range(e.size):
            x = z[:, None] + (e[i] - np.delete(e, i))[None, :] / sigma
            cdf, pdf = norm.cdf(x), norm.pdf(x) / sigma
            slope = sum((w * np.prod(np.delete(cdf, j, 1), 1) * pdf[:, j]).sum()
                        for j in range(e.size - 1))  # fmt: skip
            out[i] = prize * slope - cost[i] * e[i]
        return out

    return fsolve(foc, np.full(cost.size, 0.5))


def test_a_larger_prize_spread_raises_effort_and_more_noise_lowers_it() -> None:
    """Agents differ in effort cost (cv 0.3), two teams of 5, one prize W. Each agent's
    effort is its equilibrium effort (the abler work harder, the rest less: Lazear–Rosen's
    heterogeneous contestants); a prize spread of 3 against 2 raises mean effort by a
    third or more, σ 1.5 against 1 lowers it by about a third."""
    pop = synthetic(agents=10, teams=2, seed=1, traits={"effort_cost": {"mean": 1.0, "cv": 0.3}})
    mean = {}
    for prize, sigma in [(2.0, 1.0), (3.0, 1.0), (2.0, 1.5)]:
        truth = np.zeros(pop.n)
        for t in range(2):
            mine = pop.team_code == t
            truth[mine] = nash(pop.traits["effort_cost"][mine], prize, sigma)
        effort = team_effort(5, [prize], sigma=sigma, cost_cv=0.3)
        assert effort == pytest.approx(truth, rel=0.03)
        mean[prize, sigma] = effort.mean()
    assert mean[3.0, 1.0] > 1.3 * mean[2.0, 1.0]
    assert mean[2.0, 1.5] < 0.75 * mean[2.0, 1.0]


def test_a_large_group_counts_the_others_above_as_normal(monkeypatch) -> None:
    """Beyond EXACT_GROUP members (a company-wide ranking), the number of others above
    the deviator is taken as normal (mean Σp, variance Σp(1 − p)), continuity-corrected:
    within 1% of the exact Poisson-binomial count for a top-20 reward among 100."""
    from perfkit.model.behaviour import conditional as cond
    from perfkit.model.behaviour.smoothing import _top

    rng = np.random.default_rng(1)
    n, k = 100, 8
    q = norm.ppf((np.arange(k) + 0.5) / k)
    x = np.stack([rng.permutation(q / np.sqrt((q * q).mean())) for _ in range(n)], axis=-1)
    x = (x + rng.normal(0, 0.5, n)).reshape(1, k, 1, 1, n)
    rule = cond.Places("revenue", "company", True, _top(20, 1.0, 0.0))
    own = (x.mean(axis=1), x.std(axis=1))
    args = (own, (own[0][:, 0], own[1][:, 0]), np.zeros(n, dtype=np.int64), np.ones(n))
    normal, _ = cond.place_pay(rule, *args)
    monkeypatch.setattr(cond, "EXACT_GROUP", n)
    exact, _ = cond.place_pay(rule, *args)
    assert normal == pytest.approx(exact, abs=0.01)


def _at_current(mu: np.ndarray, sd: np.ndarray):
    """Each agent's one candidate at its current values (own, others: perfkit.model.
    behaviour.conditional.place_pay)."""
    n = mu.size
    return (mu.reshape(1, 1, 1, n), sd.reshape(1, 1, 1, n)), (
        mu.reshape(1, 1, n),
        sd.reshape(1, 1, n),
    )


def _exact_place_pay(mu: np.ndarray, sd: np.ndarray, i: int, pay: np.ndarray) -> float:
    """Agent i's expected pay by place among ``mu.size`` agents with independent normal
    values: every subset of the others above, integrated over i's value by quadrature."""
    from itertools import combinations

    others = [j for j in range(mu.size) if j != i]

    def at(y: float) -> float:
        above = {j: norm.sf(y, mu[j], sd[j]) for j in others}
        total = 0.0
        for k in range(len(others) + 1):
            for ahead in combinations(others, k):
                p = np.prod([above[j] if j in ahead else 1 - above[j] for j in others])
                total += p * pay[k]
        return total * norm.pdf(y, mu[i], sd[i])

    return quad(at, mu[i] - 12 * sd[i], mu[i] + 12 * sd[i], limit=200)[0]


def test_teams_of_different_sizes_rank_only_their_own_members() -> None:
    """Teams of 2, 3 and 4 (unequal sizes: a small team's ranking must not count members
    of another team), prizes 4 and 1 by place within each team: every agent's expected
    prize is the Poisson-binomial count over its own teammates, integrated exactly.
    (Before, a team smaller than the largest counted the floor's last agent once per
    missing member.)"""
    from perfkit.model.behaviour import conditional as cond
    from perfkit.model.behaviour.smoothing import _prizes

    rng = np.random.default_rng(3)
    team = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2])
    n = team.size
    mu, sd = rng.normal(0, 1, n), rng.uniform(0.5, 1.5, n)
    mu[-1] = 10.0  # the last agent (a team of 4) far ahead of everyone
    rule = cond.Places("revenue", "team", True, _prizes([4.0, 1.0]))
    mean, _ = cond.place_pay(rule, *_at_current(mu, sd), team, np.ones(n))
    for i in range(n):
        mine = np.flatnonzero(team == team[i])
        pay = np.zeros(mine.size)
        pay[:2] = [4.0, 1.0][: mine.size]
        k = int(np.flatnonzero(mine == i)[0])
        truth = _exact_place_pay(mu[mine], sd[mine], k, pay)
        assert mean.ravel()[i] == pytest.approx(truth, abs=1e-6)


def test_rules_ranking_by_one_value_count_the_others_once() -> None:
    """A champion's prize and a top-2 honour on the same KPI read one count of the others
    above (``counts``), in either order: the same numbers as each rule counted alone."""
    from perfkit.model.behaviour import conditional as cond
    from perfkit.model.behaviour.smoothing import _prizes, _top

    rng = np.random.default_rng(4)
    team = np.repeat([0, 1, 2], [5, 7, 7])
    n = team.size
    shape = (1, 2, 1, n)  # lines × candidates × cycle × agents
    own = (rng.normal(0, 1, shape), rng.uniform(0.5, 1.5, shape))
    x = (own, (rng.normal(0, 1, (1, 1, n)), rng.uniform(0.5, 1.5, (1, 1, n))))
    taste = rng.uniform(0.5, 1.5, n)
    rules = [cond.Places("revenue", "team", True, _prizes([3.0])),
             cond.Places("revenue", "team", True, _top(2, 1.0, 2.0))]  # fmt: skip
    alone = [cond.place_pay(r, *x, team, taste) for r in rules]
    for order in ([0, 1], [1, 0]):
        counts: dict = {}
        shared = {i: cond.place_pay(rules[i], *x, team, taste, counts) for i in order}
        for i in order:
            assert np.array_equal(shared[i][0], alone[i][0])
            assert np.array_equal(shared[i][1], alone[i][1])
    assert not np.array_equal(alone[0][0], alone[1][0])


def _champion_by_quadrature(mu: np.ndarray, sd: np.ndarray, prize: float) -> np.ndarray:
    """Each agent's expected prize for being first of all: ∫ Π_{j≠i} P(Y_j ≤ y) on the full
    32 Gauss–Hermite nodes, one agent at a time."""
    z, w = hermegauss(32)
    w = w / w.sum()
    out = np.empty(mu.size)
    for i in range(mu.size):
        y = mu[i] + sd[i] * z
        below = norm.cdf((y[:, None] - np.delete(mu, i)[None, :]) / np.delete(sd, i)[None, :])
        out[i] = prize * (w * below.prod(axis=1)).sum()
    return out


def test_a_company_champion_counts_rivals_until_settled(monkeypatch) -> None:
    """A prize of 1,000 to the best of 150 agents company-wide (counted exactly, rivals
    highest first, a value's count stopped once its chance of being first is under 1e-16,
    outer nodes dropped): each agent's expected prize is the full product over every rival
    at every node to 1e-12 of the prize, with fewer than two thirds of the Φ
    evaluations of counting every rival at every value (the deviators' own values
    spread like their rivals')."""
    from perfkit.model.behaviour import conditional as cond
    from perfkit.model.behaviour.smoothing import _prizes

    rng = np.random.default_rng(5)
    n = 150
    mu, sd = rng.normal(100, 25, n), rng.uniform(10, 30, n)
    evaluated = []
    from perfkit.model.behaviour import placecount

    real_count = placecount.at_most

    def counted(*args):
        out, evaluations = real_count(*args)
        evaluated.append(evaluations)
        return out, evaluations

    monkeypatch.setattr(placecount, "at_most", counted)
    rule = cond.Places("revenue", "company", True, _prizes([1000.0]))
    from perfkit.model.behaviour import rankgrid

    monkeypatch.setattr(rankgrid, "CHEAPER", 0.0)  # value by value (not on the champion's grid)
    mean, _ = cond.place_pay(rule, *_at_current(mu, sd), np.zeros(n, np.int64), np.ones(n))
    assert mean.ravel() == pytest.approx(_champion_by_quadrature(mu, sd, 1000.0), abs=1e-9)
    every = n * cond.NODES[0].size * n  # each deviator's values × every rival
    assert 0 < sum(evaluated) < 2 / 3 * every


def test_only_the_deviators_asked_for_are_ranked() -> None:
    """Hires priced against held seats rank only the hires (``deviators``): the same
    numbers for them as when everyone is ranked, the last place's pay for the rest."""
    from perfkit.model.behaviour import conditional as cond
    from perfkit.model.behaviour.smoothing import _prizes

    rng = np.random.default_rng(6)
    team = np.repeat([0, 1], [6, 9])
    n = team.size
    shape = (2, 3, 1, n)
    x = ((rng.normal(0, 1, shape), rng.uniform(0.5, 1.5, shape)),
         (rng.normal(0, 1, (2, 1, n)), rng.uniform(0.5, 1.5, (2, 1, n))))  # fmt: skip
    taste = np.ones(n)
    rule = cond.Places("revenue", "team", True, _prizes([3.0, 1.0]))
    hires = np.zeros(n, dtype=bool)
    hires[[1, 8, 12]] = True
    every = cond.place_pay(rule, *x, team, taste)
    some = cond.place_pay(rule, *x, team, taste, deviators=hires)
    for a, b in zip(every, some, strict=True):
        assert np.array_equal(a[..., hires], b[..., hires])
    assert np.all(some[0][..., ~hires] == 0.0) and np.all(every[0][..., ~hires] > 0.0)


def test_hires_against_held_seats_rank_only_the_hires() -> None:
    """The held seats' certainty equivalents are replaced (perfkit.model.behaviour.held),
    so their deviations are not ranked: the table's smoothed rules rank only the hires,
    on a copy (the floor's own table still ranks everyone)."""
    from types import SimpleNamespace

    from perfkit.model.behaviour.held import ranking_only
    from perfkit.model.behaviour.pricer import Pricer
    from perfkit.model.behaviour.smoothing import Smoothing

    table = SimpleNamespace(
        pricer=Pricer(lambda k: k, "company", smooth=Smoothing(None, 0.0, (), ()))
    )
    hires = np.array([True, False, False])
    only = ranking_only(table, hires)
    assert only.pricer.smooth.deviators is hires
    assert table.pricer.smooth.deviators is None
    plain = SimpleNamespace(pricer=Pricer(lambda k: k, "company"))
    assert ranking_only(plain, hires) is plain
