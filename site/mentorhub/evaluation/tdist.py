"""Student's t distribution from the standard library: the CDF, quantiles and the
critical value a confidence interval needs (the app does not depend on SciPy; the
tests check these against it)."""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist
from typing import Final

_BETACF_EPS: Final = 1e-15
_BETACF_MAX_ITERATIONS: Final = 100_000
_TINY: Final = 1e-300
_CORNISH_FISHER_MIN_DF: Final = 3000  # from here the 4-term expansion is good to ~1e-13


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t distribution with `df` degrees of freedom."""
    df = _check_df(df)
    if math.isnan(t):
        raise ValueError("t must be a number")
    if t == 0:
        return 0.5
    tail = _t_tail(abs(t), df)
    return tail if t < 0 else 1.0 - tail


def t_quantile(p: float, df: float) -> float:
    """The t such that P(T <= t) = p, for Student's t with `df` degrees of freedom."""
    df = _check_df(df)
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be strictly between 0 and 1, not {p!r}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -_t_upper(p, df)
    return _t_upper(1.0 - p, df)


def t_critical(confidence: float, df: float) -> float:
    """The two-sided critical value: t_quantile(1 - (1 - confidence) / 2, df)."""
    confidence = check_confidence(confidence)
    return _t_upper((1.0 - confidence) / 2.0, _check_df(df))


@lru_cache(maxsize=4096)
def _t_upper(q: float, df: float) -> float:
    """The t > 0 whose upper tail P(T > t) is q (0 < q < 0.5)."""
    if df == 1:
        return 1.0 / math.tan(math.pi * q)  # Cauchy
    if df == 2:
        return (1.0 - 2.0 * q) / math.sqrt(2.0 * q * (1.0 - q))
    guess = _cornish_fisher(q, df)
    if df >= _CORNISH_FISHER_MIN_DF:
        return guess
    return _solve_t_upper(q, df, guess)


def _cornish_fisher(q: float, df: float) -> float:
    """The Cornish-Fisher expansion of the t quantile around the normal one (4 terms)."""
    z = -NormalDist().inv_cdf(q)
    z2 = z * z
    g1 = z * (z2 + 1) / 4
    g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
    g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
    g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
    t = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
    return t if math.isfinite(t) and t > 0 else z


def _solve_t_upper(q: float, df: float, guess: float) -> float:
    """Safeguarded Newton on log(tail) against log(t), inside a bracket kept by bisection."""
    log_q = math.log(q)

    def gap(s: float) -> tuple[float, float]:
        """log(P(T > e^s)) - log(q), and the tail itself."""
        tail = _t_tail(math.exp(s), df)
        return (math.log(tail) - log_q if tail > 0 else -math.inf), tail

    s = math.log(guess)
    h, tail = gap(s)
    lo, hi = s, s  # gap(lo) >= 0 >= gap(hi): the tail falls as t grows
    h_lo = h_hi = h
    for _ in range(2000):
        if h_lo >= 0:
            break
        lo -= 1.0
        h_lo, _tail = gap(lo)
    for _ in range(2000):
        if h_hi <= 0:
            break
        hi += 1.0
        h_hi, _tail = gap(hi)
    if h_lo < 0 or h_hi > 0:  # pragma: no cover - the tail runs from 0.5 down to 0
        raise ArithmeticError(f"could not bracket the t quantile for q={q}, df={df}")
    for _ in range(200):
        if h == 0:
            return math.exp(s)
        t = math.exp(s)
        slope = -math.exp(_t_log_pdf(t, df)) * t / tail if tail > 0 else 0.0
        candidate = s - h / slope if slope < 0 else math.nan
        if not lo < candidate < hi:
            candidate = (lo + hi) / 2
        step = abs(candidate - s)
        s = candidate
        h, tail = gap(s)
        if h > 0:
            lo = s
        else:
            hi = s
        if step < 1e-12 or hi - lo < 1e-15:
            return math.exp(s)
    return math.exp(s)  # pragma: no cover - Newton converges in a handful of steps


def _t_tail(t: float, df: float) -> float:
    """P(T > t) for t > 0: half the regularised incomplete beta I_x(df/2, 1/2), x = df/(df+t²)."""
    if math.isinf(t):
        return 0.0
    t2 = t * t
    if t2 == 0:
        return 0.5
    x = 1.0 / (1.0 + t2 / df)
    x_complement = 1.0 / (1.0 + df / t2)
    return 0.5 * _betainc(df / 2.0, 0.5, x, x_complement)


def _t_log_pdf(t: float, df: float) -> float:
    """The log density of Student's t at t."""
    return (
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(t * t / df)
    )


def _betainc(a: float, b: float, x: float, x_complement: float) -> float:
    """The regularised incomplete beta I_x(a, b), given x and 1 - x (for precision)."""
    if x <= 0:
        return 0.0
    if x_complement <= 0:
        return 1.0
    log_front = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log(x_complement)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, x_complement) / b


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction for I_x(a, b), by the modified Lentz method."""
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _BETACF_MAX_ITERATIONS + 1):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            delta = d * c
            h *= delta
        if abs(delta - 1.0) < _BETACF_EPS:
            return h
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def _check_df(df: float) -> float:
    """Degrees of freedom, a finite number above 0."""
    if not (0.0 < df < math.inf):
        raise ValueError(f"degrees of freedom must be a finite number above 0, not {df!r}")
    return float(df)


def check_confidence(confidence: float) -> float:
    """A confidence level, strictly between 0 and 1."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, not {confidence!r}")
    return float(confidence)
