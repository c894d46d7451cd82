"""Population and simulation settings of a scenario.

``population:`` says who the agents are: a synthetic population drawn from the
distributions below, or one calibrated from a KPI export. ``simulation:`` says how
the Monte Carlo and the behavioural model run. Every default states its public
source or range in a comment; where no public number exists the default is an
assumption and says so. Money is in the scenario's currency per month.

Kept apart from the pay rules because the simulation (perfkit.model.population,
perfkit.model.funnel, perfkit.model.behaviour, perfkit.simulate) owns their meaning.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from perfkit.scheme.base import Model
from perfkit.scheme.distributions import (
    Beta,
    LogNormal,
    NonNegative,
    Positive,
    Probability,
    Score,
    Section,
)

__all__ = ["Beta", "LogNormal", "Score", "Section"]


# --------------------------------------------------------------------------- traits
class Traits(Section):
    """How agents differ (perfkit.model.population draws one value per agent).

    The unobservable traits (effort cost, risk aversion, value of non-cash rewards,
    willingness to help, outside option) are drawn from here even for a population
    calibrated from data, since a KPI export cannot reveal them.
    """

    # Conversion ability, a multiplier on orders per connect (1 = the average agent).
    # Agent output SD ≈ 15–25% of the mean (DESIGN.md §4, public telesales ranges).
    skill: LogNormal = LogNormal(mean=1.0, cv=0.20)
    # Dials per month at effort 1: 200–250 dials/day × 21.75 working days; the bundled
    # client export has 4,512 ± 14% (data/sample_kpis.csv).
    capacity: LogNormal = LogNormal(mean=4500.0, cv=0.12)
    # c in the effort cost c/2·(e − e₀)² (money per month). Assumption, calibrated so a
    # 3–4% commission on ¥25k monthly sales lifts effort 15–25% above the flat-pay level,
    # the size of the incentive effect in Lazear (2000, AER: ≈22% of Safelite's 44%) and
    # Shearer (2004, REStud: piece rates +20% over fixed wages).
    effort_cost: LogNormal = LogNormal(mean=5000.0, cv=0.30)
    # e₀: effort on a flat salary (monitoring, habit, intrinsic motivation), in units of
    # the effort that fills capacity. 1/1.2 of piece-rate effort (Shearer 2004).
    baseline_effort: LogNormal = LogNormal(mean=0.8, cv=0.10)
    # CARA coefficient r per unit of money: relative risk aversion ≈ 1 (Chetty 2006, AER:
    # "A New Method of Estimating Risk Aversion", ρ ≈ 1, below 2) over monthly pay ≈ ¥7,000.
    risk_aversion: LogNormal = LogNormal(mean=1.4e-4, cv=0.5)
    # Multiplier on a non-cash reward's value_to_agent (1 = values it as the plan says).
    # Assumption: wide spread, recognition matters a lot to some agents and not to others.
    noncash_value: LogNormal = LogNormal(mean=1.0, cv=0.4)
    # Willingness to help colleagues (warm glow per unit of help, × simulation.mentoring
    # .help_value). Assumption.
    helpfulness: Beta = Beta(mean=0.3, sd=0.15)
    # Monthly certainty equivalent of the best outside job (pay net of effort and risk).
    # Assumption: set so the bundled client's current plan (≈ ¥4,700 a month) shows
    # ≈ 36% annual attrition, inside the public contact-centre range 25–50%; set it from
    # the client's market pay survey (entry-level telesales pay in China's tier-2/3
    # cities is ¥4,000–7,000 a month).
    outside_option: LogNormal = LogNormal(mean=4300.0, cv=0.15)
    # Each agent's effort cap as a share of behaviour.max_effort (the legal and physical
    # ceiling: talk time at 66% of a productive hour over the most overtime China's Labour
    # Law allows). Assumption: agents differ in the overtime they can work (care duties,
    # commutes, stamina); with no overtime the cap is 1.2 ÷ 1.45 ≈ 0.83 of the ceiling,
    # with all of it 1. Mean 0.9 (about 60% of the legal overtime), sd 0.05 (90% of agents
    # between 0.81 and 0.97), so a floor that works flat out spreads over several caps
    # rather than piling up at one. ``{mean: 1, sd: 0}``: one cap for everyone.
    effort_cap: Beta = Beta(mean=0.9, sd=0.05)
    # Tenure at the start (exponential): the steady state of 35–45% annual attrition
    # (contact-centre range 25–50%, DESIGN.md §4) has a mean tenure of 2–3 years.
    tenure_months: Positive = 24.0
    # Learning curve: skill × (1 − gap·exp(−tenure / months)). Assumption: a new hire
    # converts at about half an experienced agent's rate; call centres commonly quote
    # 3–6 months to proficiency.
    learning_gap: Annotated[float, Field(ge=0, lt=1)] = 0.5
    learning_months: Positive = 3.0


class FunnelRates(Section):
    """Population-level funnel rates (each agent's own rates come from its traits).

    Defaults follow public telesales ranges and the bundled client export
    (data/sample_kpis.csv, 119 agents × 12 months), which sits inside them.
    """

    # Connects ÷ dials, varying by agent (lead lists, hours): public range 8–40%.
    connect_rate: Beta = Beta(mean=0.27, sd=0.03)
    # Effective conversations (past the 60–90 s threshold) ÷ connects: sample 0.32.
    effective_share: Probability = 0.32
    # Effective talk minutes per effective conversation: sample 4.98. At capacity this is
    # ≈ 55% of a productive hour spent talking (public range 55–66%).
    minutes_per_effective_call: Positive = 5.0
    # Intents ÷ effective conversations (sample 0.114) and orders ÷ intents (sample 0.22).
    intent_rate: Probability = 0.114
    order_rate: Probability = 0.22
    # Each agent's average order value (sample ¥2,566; assumption for the spread).
    order_value: LogNormal = LogNormal(mean=2500.0, cv=0.25)
    # Spread of one order's value around the agent's average (sample: revenue varies more
    # than orders month to month).
    order_value_cv: NonNegative = 0.5
    # Refunded orders ÷ orders (sample: refunds 4.9% of revenue).
    refund_rate: Probability = 0.05
    # Cash collected ÷ net revenue (sample 0.97).
    collected_share: Probability = 0.97
    # Complaints ÷ connects (sample 0.0015).
    complaint_rate: Probability = 0.0015
    # Repurchasing customers ÷ orders (sample 0.15).
    repeat_rate: Probability = 0.15
    # Scores (sample means 4.46, 86.4, 79.6).
    satisfaction: Score = Score(mean=4.45, sd=0.20)
    qa_score: Score = Score(mean=86.0, sd=5.0)
    peer_score: Score = Score(mean=78.0, sd=7.0)
    # Month-to-month noise: dials cv (sample 0.06) and the variance ÷ mean of order and
    # intent counts (sample 1.4 and 1.7: overdispersed relative to Poisson).
    dial_noise: NonNegative = 0.06
    count_dispersion: Annotated[float, Field(ge=1)] = 1.4


class SyntheticPopulation(Section):
    """A simulated population: ``agents`` in ``teams`` (about equal sizes), drawn with ``seed``."""

    source: Literal["synthetic"] = "synthetic"
    agents: Annotated[int, Field(gt=0)] = 120
    teams: Annotated[int, Field(gt=0)] = 6
    seed: int = 0
    traits: Traits = Traits()
    funnel: FunnelRates = FunnelRates()

    @model_validator(mode="after")
    def _teams_fit(self) -> SyntheticPopulation:
        if self.teams > self.agents:
            raise ValueError(f"teams ({self.teams}) exceed agents ({self.agents})")
        return self


class DataPopulation(Section):
    """A population calibrated from a KPI export (path relative to the scenario file).

    Skill, activity, connect rate and order value are estimated per agent with
    empirical-Bayes shrinkage, given the effort, quality and help the plan in force
    during the export induced (perfkit.fit.calibration); team and tenure come from the
    data; the funnel rates are pooled from the data. ``traits`` supplies what data
    cannot reveal. ``plan``: the scenario file of the plan in force during the export
    (relative to this scenario file); default: this scenario itself (in a comparison,
    the baseline's).
    """

    source: str
    mapping: dict[str, str] | None = None
    seed: int = 0
    plan: str | None = None
    traits: Traits = Traits()


# --------------------------------------------------------------------------- simulation
class BehaviourSettings(Section):
    """How agents choose effort, allocation and help (perfkit.model.behaviour)."""

    # False: agents keep their flat-pay choices (a "no behaviour change" simulation).
    respond: bool = True
    # Draws per agent on which best responses are priced (antithetic pairs, fixed).
    samples: Annotated[int, Field(ge=2, le=64)] = 4
    # Last smooth step on effort (perfkit.model.behaviour.refine): half-width of the window of
    # efforts a parabola is fitted over, as a share of the effort range (0 = off). Wide
    # enough to span several of the K draws' steps at a cliff, narrow enough that a
    # parabola fits the expected pay across it.
    refine_width: Annotated[float, Field(ge=0, le=0.5)] = 0.1
    # Draws the smooth step is priced on (a finer staircase), for every plan and at every
    # floor size: an agent's best response does not depend on how many others there are.
    refine_samples: Annotated[int, Field(ge=2, le=256)] = 64
    # Take the smooth step in the later months of a monthly plan too (each month starts
    # from the last month's choice); the designer's live preview turns it off for speed.
    refine_tracking: bool = True
    # Points of the coarse effort grid searched every iteration (besides the local ones).
    effort_points: Annotated[int, Field(ge=3, le=41)] = 6
    # Highest effort, in units of the effort that fills capacity: talk time at 66% of a
    # productive hour when capacity means 55% (public range 55–66%: × 1.2), over the most
    # hours the law allows (China's Labour Law art. 41: at most 36 hours of overtime a
    # month on a 174-hour month: × 1.2): 1.2 × 1.2 ≈ 1.45. A physical limit that should
    # rarely bind; a forecast in which many agents sit at it says the plan asks for more
    # than the floor can give.
    max_effort: Positive = 1.45
    # Share of own-sales effort on conversation quality at which the funnel is calibrated.
    reference_quality: Annotated[float, Field(gt=0, lt=1)] = 0.3
    # Largest share of effort an agent may spend helping new hires.
    max_help: Annotated[float, Field(ge=0, lt=1)] = 0.3
    # Step of the best-response update for plans where pay depends on others (1 = none).
    damping: Annotated[float, Field(gt=0, le=1)] = 0.5
    # Iterations to settle the first period (and every period of a quarter-cycle plan).
    max_iterations: Annotated[int, Field(ge=1)] = 12
    # Later periods of a monthly plan start from the previous period's choices and adjust
    # for at most this many iterations (tenure and roles change slowly): agents adapt
    # month by month rather than re-solving from scratch.
    tracking_iterations: Annotated[int, Field(ge=1)] = 1
    # Converged when, for every agent, no choice moves by more than ``tolerance`` (effort
    # units / shares) or the best move gains less than ``ce_tolerance`` (money per
    # period): an ε-equilibrium, the meaningful test when pay has cliffs or ranks.
    tolerance: Positive = 0.01
    ce_tolerance: NonNegative = 20.0
    # ... allowing this share of stragglers: agents at a pay cliff or rank boundary whose
    # best move keeps flipping (ranks and team thresholds often have no pure-strategy
    # equilibrium; their damped average stands in for the mixed one). Listed in notes.
    settled_share: Annotated[float, Field(ge=0, le=1)] = 0.2
    # Most agents per team priced as deviating apart (pay that depends on others); a
    # coupled plan with quarter states uses slots ÷ len(states), at least 4.
    slots: Annotated[int, Field(ge=1, le=64)] = 24
    # Attainment-so-far states (cumulative revenue ÷ the reference path's) for pay measured
    # over a quarter (a month's choice then depends on what the cycle has brought so far):
    # ``auto`` (the default) places ``state_points`` states per later month from the plan's
    # thresholds, from give-up to made-it (perfkit.model.behaviour.attainment); a list
    # (increasing, with 1.0) fixes them, e.g. [0.6, 0.8, 1.0, 1.2, 1.4]. Monthly plans and
    # a cycle's first month are solved at one state (1.0) either way.
    states: list[Positive] | Literal["auto"] = "auto"
    state_points: Annotated[int, Field(ge=3, le=25)] = 11
    # When best responses do not settle: warn (one warning per simulation), raise
    # ConvergenceError, or only record it in the result's notes.
    on_nonconvergence: Literal["warn", "raise", "note"] = "warn"

    @model_validator(mode="after")
    def _states(self) -> BehaviourSettings:
        if self.samples % 2:
            raise ValueError(f"samples must be even (antithetic pairs), got {self.samples}")
        if self.states != "auto" and (1.0 not in self.states or sorted(self.states) != self.states):
            raise ValueError("states must be increasing and include 1.0")
        return self

    @property
    def state_count(self) -> int:
        """Attainment states per month after a cycle's first (the most, when sized by the plan)."""
        return self.state_points if self.states == "auto" else len(self.states)


class Mentoring(Model):
    """Helping new hires (perfkit.model.funnel): who helps whom, and what help does."""

    # Agents below this tenure are mentees; at or above mentor_months they may help.
    mentee_months: NonNegative = 6.0
    mentor_months: NonNegative = 12.0
    # Largest lift of a mentee's conversion from help, and the help per mentee that gives
    # 63% of it (effort units). Assumption.
    boost: NonNegative = 0.25
    scale: Positive = 0.05
    # Warm glow of helping: helpfulness × help_value per unit of help effort. Assumption.
    help_value: NonNegative = 2500.0
    # Extra convex cost of help (coordination), × effort_cost. Assumption.
    help_cost: NonNegative = 2.0
    # Peer-review points per unit of help effort (peer review rewards helping).
    peer_points: NonNegative = 50.0


class Attrition(Model):
    """Monthly quitting (who replaces a quitter: ``hiring``)."""

    enabled: bool = True
    # Annual attrition when the job's certainty equivalent equals the outside option:
    # 35%, the middle of the contact-centre range 25–50% (DESIGN.md §4).
    annual_rate: Probability = 0.35
    # Attrition however well paid: none by default (estimate measures it; estimation.md).
    floor_annual_rate: Probability = 0.0
    # Most any agent quits in a month, however badly paid. Assumption.
    max_monthly_rate: Probability = 0.25
    # Log-odds of quitting per unit of shortfall (outside option − CE) ÷ outside option.
    sensitivity: NonNegative = 8.0
    # Recruiting and training cost per replacement hire. Assumption (≈ half a month's pay).
    hiring_cost: NonNegative = 3000.0

    @model_validator(mode="after")
    def _ordered(self) -> Attrition:
        monthly = 1 - (1 - self.annual_rate) ** (1 / 12)
        floor = 1 - (1 - self.floor_annual_rate) ** (1 / 12)
        if not floor < monthly < self.max_monthly_rate:
            raise ValueError(
                "expected floor_annual_rate < annual_rate and the monthly rate below "
                f"max_monthly_rate (got {self.floor_annual_rate}, {self.annual_rate}, "
                f"{self.max_monthly_rate})"
            )
        return self


class DealTiming(Model):
    """Moving deals' closing dates across a period end (压单 / 提前成交; perfkit.simulate.timing)."""

    # Share of a period's revenue in deals close enough to the period end that the agent
    # can move them by one period. Assumption: Oyer (1998, QJE) and Larkin (2014, J. Labor
    # Econ.) document timing of a sizeable minority of deals around cliffs; 0 = off.
    share: Probability = 0.1
    # Price concession on a deal pulled into this period. Assumption: Larkin (2014) finds
    # pulled-in deals carry markedly deeper discounts.
    pull_discount: Probability = 0.08
    # Share of held deals that fall through before they close. Assumption.
    hold_loss: Probability = 0.1
    # Smallest gain in pay (money per period) for which an agent moves deals: the hassle
    # of asking customers to move a date. Assumption: a few hours' pay (≈ 1/40 of a
    # monthly ¥4,000–7,000): a whole-amount ladder edge is worth far more (2% of 20,000
    # = 400), a marginal ladder's kink far less.
    min_gain: NonNegative = 150.0


class Hiring(Model):
    """Who fills a quitter's seat (perfkit.simulate.hiring): sorting by the plan's pay.

    Next period the seat is offered, in turn, to up to ``candidates`` applicants drawn
    from an applicant pool; each accepts with a probability that rises (logistic) in
    (the job's certainty equivalent for an agent of their skill − their outside option)
    ÷ their outside option, and the first to accept starts at tenure 0. A plan that
    pays for performance draws able applicants and deters weak ones (Lazear 2000, AER:
    about half of Safelite's 44% gain under piece rates came from who joined and stayed).
    """

    # Applicants are drawn from the population's own distributions: population.traits
    # (and funnel) for a synthetic floor; for a floor calibrated from data, skill and
    # capacity with the calibrated agents' mean and spread. These factors scale the
    # applicants' skill and outside option, e.g. skill_factor 0.9 when the local labour
    # market is thinner than today's floor, outside_option_factor 1.1 when market pay has
    # risen since today's agents joined. Assumption: 1, applicants like today's agents.
    skill_factor: Positive = 1.0
    outside_option_factor: Positive = 1.0
    # Offers made per vacancy in a period. Assumption. If all decline, the last candidate
    # is hired anyway: headcount stays fixed, no seat is left empty.
    candidates: Annotated[int, Field(ge=1, le=50)] = 5
    # Probability of accepting when the job's certainty equivalent equals the outside
    # option. Assumption: 0.5, an applicant at par is indifferent.
    acceptance_at_par: Annotated[float, Field(gt=0, lt=1)] = 0.5
    # Log-odds of accepting per unit of (CE − outside option) ÷ outside option. As
    # attrition.sensitivity: in a steady state the elasticity of recruits to pay equals
    # minus that of quits (Manning 2003, Monopsony in Motion, ch. 4).
    sensitivity: NonNegative = 8.0


class Textbook(Model):
    """Textbook production: output = offset + effort + N(0, noise_sd²).

    Quadratic effort cost c·e²/2 (c = traits.effort_cost), CARA with r =
    traits.risk_aversion. ``tasks: 2`` splits effort e into volume e·(1 − a) (measured
    as dials) and quality e·a (measured as satisfaction), with cost
    c/2·(t₁² + t₂² + 2·substitution·t₁·t₂) (Holmström–Milgrom 1991).
    """

    noise_sd: NonNegative = 1.0
    offset: float = 100.0
    max_effort: Positive = 3.0
    tasks: Literal[1, 2] = 1
    substitution: Annotated[float, Field(ge=0, lt=1)] = 0.5


class Simulation(Section):
    """Monte Carlo settings (``simulation:`` in a scenario)."""

    runs: Annotated[int, Field(gt=0)] = 200
    seed: int = 0
    # Periods simulated: 12 months (or 4 quarters) by default.
    periods: Annotated[int, Field(gt=0)] | None = None
    # First period label (e.g. "2026-01"); default: after the data, else "2025-01".
    start: str | None = None
    # Gross margin on net revenue before sales pay, for profit. Assumption: typical of
    # products sold by telesales (education, insurance, consumer services) 40–70%.
    margin_rate: Probability = 0.5
    production: Literal["funnel", "textbook"] = "funnel"
    behaviour: BehaviourSettings = BehaviourSettings()
    mentoring: Mentoring = Mentoring()
    attrition: Attrition = Attrition()
    timing: DealTiming = DealTiming()
    hiring: Hiring = Hiring()
    textbook: Textbook = Textbook()
