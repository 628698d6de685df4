"""Statistics for feedback dashboards and exports: pure functions over plain data.

Feedback items are Likert answers (1-5) and a retrospective pre/post confidence pair
(1-5 each). The database does the aggregating, so everything here works from what SQL
returns: per-value counts (``{1: 3, 2: 0, 3: 10, 4: 20, 5: 7}``) or ``COUNT(x)``,
``SUM(x)`` and ``SUM(x * x)``. Raw values work too (`count_values`, `mean_ci`,
`paired_change_from_pairs`). Sums are taken exactly (as fractions), so counts, moments and
raw values give the same figures whether the driver returns int, Decimal or float.

Intervals are Student t intervals, ``mean ± t(1 - (1 - confidence) / 2, n - 1) * sd / sqrt(n)``,
with the t quantile computed in `tdist` from the standard library (the app does not depend on
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
from typing import ClassVar, Final, TypeAlias, TypeGuard, TypeVar

from .tdist import check_confidence, t_critical

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
    confidence = check_confidence(confidence)
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
    check_confidence(confidence)
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


def _exact(x: Number, what: str) -> Fraction:
    """`x` as an exact fraction; it must be a finite number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real | Decimal):
        raise TypeError(f"{what} must be a number, not {x!r}")
    if not math.isfinite(x):
        raise ValueError(f"{what} must be finite, not {x!r}")
    return Fraction(x)
