"""One Monte Carlo period's funnel compiled (Numba): draws and choices → the 17 KPIs.

:meth:`perfkit.model.funnel.Funnel.kpis` with whole counts, one row (run × seat) at a
time: the same operations in the same order, each KPI written straight into the run
arrays at the period (no temporary per step, no copy into the record).

Numba's ``exp``, ``log``, ``expm1`` and ``log1p`` are the C library's, NumPy's its own
SIMD code (AVX-512 here): they differ in the last bit on 1–20% of values, and a last bit
is enough to move a count across a rounding edge downstream (deal timing rounds orders
× 0.9 = 13.5 either way). So every exp and log stays in NumPy, on the same arrays as
the NumPy path (:func:`period_kpis`: the quality terms, the noise factors, the revenue
factor), and the kernels do the rest, +, −, ×, ÷, √ and rint, in the same order: the
KPIs are the same bytes (tests/simulate/test_kernel.py). The funnel's constants come in
as numbers, not as globals Numba would freeze into its cache. Loaded only through
perfkit.simulate.kernel.
"""

from __future__ import annotations

import numpy as np

from perfkit.core.jit import njit, types
from perfkit.core.kpis import RAW_KPIS
from perfkit.model import funnel as f

#: The KPIs in the order :func:`funnel_rows` writes them (the funnel's own order).
WRITTEN = tuple(RAW_KPIS)


#: The kernels' one signature each (compiled once, on import, or loaded from the cache):
#: the constants, 18 run × seat arrays of any layout, read only (a broadcast is not
#: copied), the shocks, the period and the WRITTEN arrays.
_IN = types.Array(types.float64, 2, "A", readonly=True)
_ROWS = types.void(types.Array(types.float64, 1, "C", readonly=True), *[_IN] * 18,
                   types.Array(types.float64, 3, "A", readonly=True), types.int64,
                   types.UniTuple(types.float64[:, :, ::1], len(WRITTEN)))  # fmt: skip


def period_kpis(funnel: f.Funnel, traits: dict[str, np.ndarray], choice: f.Choice,
                z: np.ndarray, received: np.ndarray, kpis: dict[str, np.ndarray], m: int
                ) -> dict[str, np.ndarray]:  # fmt: skip
    """Period ``m``'s KPIs written into ``kpis`` (run × period × seat arrays) at ``m``, as
    ``funnel.kpis(traits, choice, z, received)`` gives them; returns the period's views."""
    r, g = funnel.rates, funnel.gamma
    shape = z.shape[1:]
    quality = np.asarray(choice.quality, float)
    if quality.ndim == 2 and quality.strides[0] == 0:  # the same in every run: once per seat
        quality = quality[:1]
    log_q = np.log(f.quality_index(quality, funnel.reference_quality))
    quality = [np.exp(e * log_q) for e in (f.EFFECTIVE_ELASTICITY * g, f.TALK_ELASTICITY,
               f.INTENT_ELASTICITY * g, f.ORDER_ELASTICITY * g, f.REFUND_ELASTICITY,
               f.COMPLAINT_ELASTICITY, f.REPEAT_ELASTICITY)]  # fmt: skip
    sd = r.dial_noise
    noise = [np.exp(sd * z[0] - 0.5 * sd * sd),
             np.exp(f.TALK_NOISE * z[3] - 0.5 * f.TALK_NOISE**2),
             np.exp(f.COLLECTED_NOISE * z[8] - 0.5 * f.COLLECTED_NOISE**2)]  # fmt: skip
    assist = f.assist_share(received, funnel.mentoring)
    rows = [np.broadcast_to(np.asarray(v, float), shape) for v in (
        traits["skill"], traits["capacity"], traits["connect_rate"], choice.effort,
        choice.quality, choice.help, assist, log_q, *quality, *noise)]  # fmt: skip
    out = tuple(kpis[k] for k in WRITTEN)
    c = _constants(funnel)
    upper_rows(c, *rows, z, m, out)
    orders = kpis["orders"][:, m]
    kpis["revenue"][:, m] = funnel._revenue(orders, traits["order_value"], z[6])
    lower_rows(c, *rows, z, m, out)
    return {k: kpis[k][:, m] for k in WRITTEN}


def _constants(funnel: f.Funnel) -> np.ndarray:
    """The funnel's numbers as the kernels read them, each product of constants formed
    as the NumPy path forms it (so the same double)."""
    r, m = funnel.rates, funnel.mentoring
    phi = r.count_dispersion
    return np.array([
        1.0 - funnel.reference_quality, funnel.months, m.boost, m.peer_points,
        r.effective_share, r.minutes_per_effective_call, r.intent_rate, r.order_rate,
        np.sqrt(phi) * 0.5, 0.25 * phi, r.refund_rate, r.collected_share, r.complaint_rate,
        r.repeat_rate, r.satisfaction.mean, f.SATISFACTION_PER_LOG_Q, r.satisfaction.sd,
        r.qa_score.mean, f.QA_PER_LOG_Q, r.qa_score.sd, r.peer_score.mean, r.peer_score.sd,
    ], dtype=float)  # fmt: skip


@njit(cache=True, error_model="numpy")
def _max(x, y):  # pragma: no cover - compiled
    """np.maximum of two numbers (NaN wins)."""
    return x if (x >= y or np.isnan(x)) else y


@njit(cache=True, error_model="numpy")
def _min(x, y):  # pragma: no cover - compiled
    """np.minimum of two numbers (NaN wins)."""
    return x if (x <= y or np.isnan(x)) else y


@njit(cache=True, error_model="numpy")
def _counted(mu, z, root_half, quarter, most):  # pragma: no cover - compiled
    """perfkit.model.counting.counted for one whole count: ``root_half`` = √φ·0.5,
    ``quarter`` = 0.25·φ."""
    root = np.sqrt(_max(mu, 0.0))
    root += root_half * z
    root = root * root
    root -= quarter
    return _min(_max(np.rint(root), 0.0), most)


@njit(_ROWS, cache=True, error_model="numpy")
def upper_rows(c, skill, capacity, p_conn, effort, quality, help_, assist, log_q, e_eff,
               e_talk, e_int, e_ord, e_ref, e_cmp, e_rep, n_dial, n_talk, n_col, z, m,
               out):  # fmt: skip  # pragma: no cover - compiled
    """The funnel down to orders (dials, connects, effective calls, talk, intents,
    orders) of every run × seat into ``out`` at period ``m``."""
    R, N = skill.shape
    for r in range(R):
        for a in range(N):
            volume = effort[r, a] * (1.0 - help_[r, a]) * (1.0 - quality[r, a]) / c[0]
            root_skill = np.sqrt(skill[r, a] * (1.0 + c[2] * assist[r, a]))
            dials = np.rint(capacity[r, a] * c[1] * volume * n_dial[r, a])
            p = p_conn[r, a]
            connected = _counted(dials * p, z[1, r, a], np.sqrt(1.0 - p) * 0.5,
                                 0.25 * (1.0 - p), dials)  # fmt: skip
            p_eff = _min(c[4] * e_eff[r, a], 0.95)
            effective = _counted(connected * p_eff, z[2, r, a], np.sqrt(1.0 - p_eff) * 0.5,
                                 0.25 * (1.0 - p_eff), connected)  # fmt: skip
            talk = effective * (c[5] * e_talk[r, a])
            talk *= n_talk[r, a]
            p_int = _min(c[6] * root_skill * e_int[r, a], 1.0)
            intents = _counted(effective * p_int, z[4, r, a], c[8], c[9], effective)
            p_ord = _min(c[7] * root_skill * e_ord[r, a], 1.0)
            orders = _counted(intents * p_ord, z[5, r, a], c[8], c[9], intents)
            out[0][r, m, a], out[1][r, m, a], out[2][r, m, a] = dials, connected, talk
            out[3][r, m, a], out[4][r, m, a], out[5][r, m, a] = effective, intents, orders


@njit(_ROWS, cache=True, error_model="numpy")
def lower_rows(c, skill, capacity, p_conn, effort, quality, help_, assist, log_q, e_eff,
               e_talk, e_int, e_ord, e_ref, e_cmp, e_rep, n_dial, n_talk, n_col, z, m,
               out):  # fmt: skip  # pragma: no cover - compiled
    """The funnel from revenue on (refunds, cash, complaints, repeats, scores, assisted
    orders) of every run × seat into ``out`` at period ``m``, its orders and revenue there."""
    R, N = skill.shape
    for r in range(R):
        for a in range(N):
            connected, orders = out[1][r, m, a], out[5][r, m, a]
            revenue = out[6][r, m, a]
            refunds = _counted(orders * _min(c[10] * e_ref[r, a], 1.0), z[7, r, a], 0.5, 0.25,
                               orders)  # fmt: skip
            refunds *= revenue / orders if orders > 0 else 0.0
            collected = revenue - refunds
            collected *= _min(c[11] * n_col[r, a], 1.0)
            complaints = _counted(connected * (c[12] * e_cmp[r, a]), z[9, r, a], 0.5, 0.25,
                                  connected)  # fmt: skip
            repeat = _counted(orders * _min(c[13] * e_rep[r, a], 1.0), z[10, r, a], 0.5, 0.25,
                              orders)  # fmt: skip
            lq = log_q[r, a]
            csat = c[14] + c[15] * lq + c[16] * z[11, r, a]
            qa = c[17] + c[18] * lq + c[19] * z[12, r, a]
            peer = c[20] + c[3] * (effort[r, a] * help_[r, a]) + c[21] * z[13, r, a]
            out[7][r, m, a], out[8][r, m, a], out[9][r, m, a] = collected, refunds, complaints
            out[10][r, m, a] = repeat
            out[11][r, m, a] = _min(_max(csat, 1.0), 5.0)
            out[12][r, m, a] = _min(_max(qa, 0.0), 100.0)
            out[13][r, m, a] = _min(_max(peer, 0.0), 100.0)
            out[14][r, m, a] = 0.0
            out[15][r, m, a] = np.rint(orders * assist[r, a])
            out[16][r, m, a] = 0.0
