"""Statistics for feedback dashboards and exports: pure functions over plain data.

Feedback items are Likert answers (1-5) and a retrospective pre/post confidence pair
(1-5 each). The database does the aggregating, so everything here works from what SQL
returns: per-value counts (``{1: 3, 2: 0, 3: 10, 4: 20, 5: 7}``) or ``COUNT(x)``,
``SUM(x)`` and ``SUM(x * x)``. Raw values work too (`count_values`, `mean_ci`,
`paired_change_from_pairs`). Sums are taken exactly (as fractions), so counts, moments and
raw values give the same figures whether the driver returns int, Decimal or float.

Intervals are Student t intervals, ``mean ± t(1 - (1 - confidence) / 2, n - 1) * sd / sqrt(n)``,
with the t quantile computed here from the standard library (the app does not depend on
numpy or scipy). They are reported as computed and are *not* clamped to the 1-5 scale: with
few or very one-sided answers an interval may reach below 1 or above 5, which is the honest
picture of how uncertain that mean is. When every answer is the same the interval has
width 0.

Small numbers re-identify young people: a breakdown with fewer than
`SUPPRESSION_THRESHOLD` responses is shown only as "fewer than 5" (`SUPPRESSED`). Nothing
computed from it, not even its counts or its n, leaves `suppress` or `summarise_item`.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from statistics import NormalDist
from typing import ClassVar, Final, TypeAlias, TypeGuard, TypeVar

SUPPRESSION_THRESHOLD: Final = 5
LIKERT_VALUES: Final = (1, 2, 3, 4, 5)
DEFAULT_CONFIDENCE: Final = 0.95

Number: TypeAlias = int | float | Decimal | Fraction
"""What a database driver returns for COUNT and SUM (and what raw answers are)."""

T = TypeVar("T")


# --- suppression ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suppressed:
    """Stands in for any figure based on fewer than SUPPRESSION_THRESHOLD responses."""

    label: ClassVar[str] = f"fewer than {SUPPRESSION_THRESHOLD}"

    def __str__(self) -> str:
        """The text to show in place of the figure."""
        return self.label


SUPPRESSED: Final = Suppressed()


def suppressed(n: int) -> bool:
    """Whether a breakdown of `n` responses must be suppressed (n < SUPPRESSION_THRESHOLD)."""
    return _check_n(n) < SUPPRESSION_THRESHOLD


def suppress(value: T, n: int) -> T | Suppressed:
    """`value`, or SUPPRESSED when it is based on fewer than SUPPRESSION_THRESHOLD responses."""
    return SUPPRESSED if suppressed(n) else value


def is_suppressed(value: object) -> TypeGuard[Suppressed]:
    """Whether `value` is the suppression sentinel (usable as a Jinja test)."""
    return isinstance(value, Suppressed)


# --- distributions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Distribution:
    """Answers to one 1-5 item: count and share (fraction of n) for each value."""

    counts: tuple[int, ...]  # one per value in LIKERT_VALUES, in order
    n: int
    shares: tuple[float, ...]  # count / n per value; all 0.0 when n is 0

    values: ClassVar[tuple[int, ...]] = LIKERT_VALUES

    def as_mapping(self) -> dict[int, int]:
        """The counts keyed by value, every value present."""
        return dict(zip(self.values, self.counts, strict=True))

    def rows(self) -> list[tuple[int, int, float]]:
        """(value, count, share) for each value: the data table beside a chart."""
        return list(zip(self.values, self.counts, self.shares, strict=True))

    def percentages(self, decimals: int = 0) -> tuple[float, ...]:
        """Shares as percentages rounded to `decimals` places that add up to exactly 100."""
        return _rounded_percentages(self.counts, decimals)


def distribution(counts: Mapping[int, int]) -> Distribution:
    """The Distribution of per-value counts (missing values count 0; keys outside 1..5 raise)."""
    by_value = dict.fromkeys(LIKERT_VALUES, 0)
    for value, count in counts.items():
        if isinstance(value, bool) or value not in by_value:
            raise ValueError(
                f"answer {value!r} is not on the scale {LIKERT_VALUES[0]}-{LIKERT_VALUES[-1]}"
            )
        by_value[value] += _check_count(count, value)
    ordered = tuple(by_value[value] for value in LIKERT_VALUES)
    n = sum(ordered)
    shares = tuple(count / n if n else 0.0 for count in ordered)
    return Distribution(counts=ordered, n=n, shares=shares)


def count_values(values: Iterable[int]) -> dict[int, int]:
    """Per-value counts of raw answers, the same shape that SQL's GROUP BY returns."""
    return dict(Counter(values))


def _rounded_percentages(counts: tuple[int, ...], decimals: int) -> tuple[float, ...]:
    """Largest-remainder rounding of count/n*100, so the rounded figures sum to 100."""
    decimals = operator.index(decimals)
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    n = sum(counts)
    if n == 0:
        return tuple(0.0 for _ in counts)
    units = 100 * 10**decimals
    exact = [Fraction(count * units, n) for count in counts]
    floors = [math.floor(share) for share in exact]
    short = units - sum(floors)
    # Hand the missing units to the largest remainders (ties: the lower value first).
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:short]:
        floors[i] += 1
    return tuple(units_i / 10**decimals for units_i in floors)


# --- means and intervals ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeanCI:
    """A mean with its Student t confidence interval (not clamped to the answer scale)."""

    n: int
    mean: float
    low: float
    high: float
    sd: float  # sample standard deviation (divisor n - 1)
    confidence: float = DEFAULT_CONFIDENCE

    @property
    def se(self) -> float:
        """The standard error of the mean, sd / sqrt(n)."""
        return self.sd / math.sqrt(self.n)

    @property
    def half_width(self) -> float:
        """Half the interval's width: the "±" figure."""
        return (self.high - self.low) / 2


def mean_ci_from_counts(
    counts: Mapping[Number, int], confidence: float = DEFAULT_CONFIDENCE
) -> MeanCI | None:
    """Mean and t interval from per-value counts (any finite values); None when n < 2."""
    n = 0
    total = Fraction(0)
    total_squares = Fraction(0)
    for value, count in counts.items():
        exact = _exact(value, "value")
        count = _check_count(count, value)
        n += count
        total += count * exact
        total_squares += count * exact * exact
    return _mean_ci(n, total, total_squares, confidence)


def mean_ci_from_moments(
    n: int, total: Number, total_squares: Number, confidence: float = DEFAULT_CONFIDENCE
) -> MeanCI | None:
    """Mean and t interval from SQL's COUNT(x), SUM(x), SUM(x * x); None when n < 2."""
    return _mean_ci(
        _check_n(n), _exact(total, "total"), _exact(total_squares, "total_squares"), confidence
    )


def mean_ci(values: Iterable[Number], confidence: float = DEFAULT_CONFIDENCE) -> MeanCI | None:
    """Mean and t interval of raw values; None when there are fewer than 2."""
    n = 0
    total = Fraction(0)
    total_squares = Fraction(0)
    for value in values:
        exact = _exact(value, "value")
        n += 1
        total += exact
        total_squares += exact * exact
    return _mean_ci(n, total, total_squares, confidence)


def paired_change(
    n: int, sum_diff: Number, sum_diff_squares: Number, confidence: float = DEFAULT_CONFIDENCE
) -> MeanCI | None:
    """Mean change (now minus before) with its t interval from COUNT and sums; None if n < 2."""
    # In SQL, over the rows where both answers are present: COUNT(*),
    # SUM(after - before) and SUM((after - before) * (after - before)).
    return mean_ci_from_moments(n, sum_diff, sum_diff_squares, confidence)


def paired_change_from_pairs(
    pairs: Iterable[tuple[Number, Number]], confidence: float = DEFAULT_CONFIDENCE
) -> MeanCI | None:
    """Mean paired change with its t interval from raw (before, now) pairs; None if n < 2."""
    return mean_ci(
        (_exact(now, "now") - _exact(before, "before") for before, now in pairs), confidence
    )


def _mean_ci(n: int, total: Fraction, total_squares: Fraction, confidence: float) -> MeanCI | None:
    """The t interval from exact moments; None when n < 2 (no spread to estimate)."""
    confidence = _check_confidence(confidence)
    if n < 2:
        return None
    # n * sum of squared deviations; exact, so it is negative only for inconsistent sums.
    scaled_ss = n * total_squares - total * total
    if scaled_ss < 0:
        if scaled_ss < -1e-9 * n * total_squares:  # beyond float rounding of the inputs
            raise ValueError("inconsistent moments: SUM(x*x) is less than SUM(x)^2 / n")
        scaled_ss = Fraction(0)
    mean = float(total / n)
    sd = math.sqrt(scaled_ss / (n * (n - 1)))
    half = t_critical(confidence, n - 1) * sd / math.sqrt(n)
    return MeanCI(n=n, mean=mean, low=mean - half, high=mean + half, sd=sd, confidence=confidence)


# --- item summaries and rates -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemSummary:
    """One item's n, distribution and mean with interval; every field SUPPRESSED when n < 5."""

    n: int | Suppressed
    distribution: Distribution | Suppressed
    mean: MeanCI | Suppressed

    @property
    def suppressed(self) -> bool:
        """Whether the item had too few responses to show anything."""
        return isinstance(self.n, Suppressed)


def summarise_item(
    counts: Mapping[int, int], confidence: float = DEFAULT_CONFIDENCE
) -> ItemSummary:
    """Distribution and mean CI of a 1-5 item's counts, suppressed as a whole when n < 5."""
    dist = distribution(counts)  # validates the counts even when they are then suppressed
    _check_confidence(confidence)
    if suppressed(dist.n):
        return ItemSummary(n=SUPPRESSED, distribution=SUPPRESSED, mean=SUPPRESSED)
    ci = mean_ci_from_counts(dist.as_mapping(), confidence)
    if ci is None:  # pragma: no cover - n >= SUPPRESSION_THRESHOLD >= 2
        raise AssertionError("an unsuppressed item has at least 2 responses")
    return ItemSummary(n=dist.n, distribution=dist, mean=ci)


def response_rate(responses: int, completions: int) -> float | None:
    """Responses as a fraction of completions; None when nothing was completed."""
    responses = _check_n(responses, "responses")
    completions = _check_n(completions, "completions")
    if responses > completions:
        raise ValueError(f"{responses} responses for only {completions} completions")
    return responses / completions if completions else None


# --- Student's t distribution -----------------------------------------------------

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
    confidence = _check_confidence(confidence)
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


# --- validation -------------------------------------------------------------------


def _check_n(n: int, what: str = "n") -> int:
    """`n` as an int, which must be 0 or more."""
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"{what} must be 0 or more, not {n}")
    return n


def _check_count(count: int, value: object) -> int:
    """A per-value count as an int, which must be 0 or more."""
    count = operator.index(count)
    if count < 0:
        raise ValueError(f"count for {value!r} must be 0 or more, not {count}")
    return count


def _check_confidence(confidence: float) -> float:
    """A confidence level, strictly between 0 and 1."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, not {confidence!r}")
    return float(confidence)


def _check_df(df: float) -> float:
    """Degrees of freedom, a finite number above 0."""
    if not (0.0 < df < math.inf):
        raise ValueError(f"degrees of freedom must be a finite number above 0, not {df!r}")
    return float(df)


def _exact(x: Number, what: str) -> Fraction:
    """`x` as an exact fraction; it must be a finite number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real | Decimal):
        raise TypeError(f"{what} must be a number, not {x!r}")
    if not math.isfinite(x):
        raise ValueError(f"{what} must be finite, not {x!r}")
    return Fraction(x)
