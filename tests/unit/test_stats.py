"""The feedback statistics: suppression, distributions, means with t intervals, paired change.

Hand-computed cases first, then agreement with SciPy (a test-only dependency: the app
computes its t quantiles with the standard library), then properties (Hypothesis).
"""

from __future__ import annotations

import dataclasses
import math
import random
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorhub.evaluation.stats import (
    SUPPRESSED,
    SUPPRESSION_THRESHOLD,
    Distribution,
    ItemSummary,
    MeanCI,
    Suppressed,
    count_values,
    distribution,
    is_suppressed,
    mean_ci,
    mean_ci_from_counts,
    mean_ci_from_moments,
    paired_change,
    paired_change_from_pairs,
    response_rate,
    summarise_item,
    suppress,
    suppressed,
)
from mentorhub.evaluation.tdist import t_cdf, t_critical, t_quantile

T_0975_4 = 2.7764451051977987  # t(0.975, 4), from tables / scipy.stats.t.ppf
T_0975_3 = 3.182446305284263  # t(0.975, 3)
CONFIDENCES = [0.8, 0.9, 0.95, 0.99, 0.999]
# Hypothesis: no example database in the repository, no timing flakiness.
PROPERTY = settings(database=None, deadline=None, max_examples=200)


def moments(values: list[int]) -> tuple[int, int, int]:
    """What SQL returns: COUNT(x), SUM(x), SUM(x * x)."""
    return len(values), sum(values), sum(v * v for v in values)


def expand(counts: dict[int, int]) -> np.ndarray:
    """Every answer behind a set of per-value counts."""
    return np.repeat(list(counts), list(counts.values())).astype(float)


def random_counts(rng: random.Random, max_count: int) -> dict[int, int]:
    """Counts for 1..5 with at least two different values answered."""
    while True:
        counts = {value: rng.choice([0, rng.randint(0, max_count)]) for value in range(1, 6)}
        if sum(1 for c in counts.values() if c) >= 2:
            return counts


# --- suppression ------------------------------------------------------------------


def test_threshold_is_five():
    assert SUPPRESSION_THRESHOLD == 5


@pytest.mark.parametrize(("n", "hidden"), [(0, True), (1, True), (4, True), (5, False), (6, False)])
def test_suppressed_below_five(n, hidden):
    assert suppressed(n) is hidden


def test_suppress_returns_the_value_or_the_sentinel():
    assert suppress(3.2, 5) == 3.2
    assert suppress(3.2, 4) is SUPPRESSED
    assert suppress(3.2, 0) is SUPPRESSED
    assert suppress(None, 4) is SUPPRESSED


def test_the_sentinel_reads_fewer_than_five_and_carries_nothing():
    assert str(SUPPRESSED) == "fewer than 5"
    assert Suppressed() == SUPPRESSED
    assert dataclasses.fields(Suppressed) == ()
    assert is_suppressed(SUPPRESSED)
    assert not is_suppressed(0)
    assert not is_suppressed(None)


def test_negative_n_is_an_error():
    with pytest.raises(ValueError):
        suppressed(-1)
    with pytest.raises(TypeError):
        suppressed(4.0)  # type: ignore[arg-type]


# --- distributions ----------------------------------------------------------------


def test_distribution_from_sql_counts():
    dist = distribution({1: 3, 2: 0, 3: 10, 4: 20, 5: 7})
    assert dist.counts == (3, 0, 10, 20, 7)
    assert dist.n == 40
    assert dist.shares == (3 / 40, 0.0, 10 / 40, 20 / 40, 7 / 40)
    assert math.fsum(dist.shares) == pytest.approx(1.0)
    assert dist.rows() == [(1, 3, 0.075), (2, 0, 0.0), (3, 10, 0.25), (4, 20, 0.5), (5, 7, 0.175)]
    assert dist.as_mapping() == {1: 3, 2: 0, 3: 10, 4: 20, 5: 7}


def test_distribution_fills_missing_values_with_zero():
    dist = distribution({4: 2})
    assert dist.counts == (0, 0, 0, 2, 0)
    assert dist.shares == (0.0, 0.0, 0.0, 1.0, 0.0)


def test_empty_distribution_has_zero_shares():
    dist = distribution({})
    assert dist == Distribution(counts=(0, 0, 0, 0, 0), n=0, shares=(0.0,) * 5)
    assert dist.percentages() == (0.0,) * 5


@pytest.mark.parametrize("value", [6, 0, -1, None, "3", True])
def test_distribution_rejects_values_off_the_scale(value):
    with pytest.raises(ValueError, match="not on the scale"):
        distribution({3: 4, value: 1})


def test_distribution_rejects_bad_counts():
    with pytest.raises(ValueError):
        distribution({3: -1})
    with pytest.raises(TypeError):
        distribution({3: 1.5})  # type: ignore[dict-item]


def test_count_values_gives_the_shape_sql_gives():
    answers = [4, 5, 4, 3, 4, 1]
    assert count_values(answers) == {4: 3, 5: 1, 3: 1, 1: 1}
    assert distribution(count_values(answers)).counts == (1, 0, 1, 3, 1)


def test_percentages_add_up_to_100():
    dist = distribution({1: 1, 2: 1, 3: 1})
    assert dist.percentages() == (34.0, 33.0, 33.0, 0.0, 0.0)  # ties: the lower value first
    assert dist.percentages(1) == (33.4, 33.3, 33.3, 0.0, 0.0)
    rng = random.Random(7)
    for _ in range(200):
        counts = {v: rng.randint(0, 30) for v in range(1, 6)}
        if sum(counts.values()) == 0:
            continue
        for decimals in (0, 1, 2):
            rounded = distribution(counts).percentages(decimals)
            assert round(math.fsum(rounded), decimals) == 100
            exact = [100 * c / sum(counts.values()) for c in counts.values()]
            assert all(abs(r - e) < 10**-decimals for r, e in zip(rounded, exact, strict=True))


# --- means and intervals: by hand ---------------------------------------------------


def test_mean_ci_one_answer_each():
    ci = mean_ci_from_counts({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    assert ci is not None
    half = T_0975_4 * math.sqrt(2.5) / math.sqrt(5)
    assert ci.n == 5
    assert ci.mean == 3.0
    assert ci.sd == pytest.approx(math.sqrt(2.5), rel=1e-15)
    assert ci.low == pytest.approx(3 - half, rel=1e-12)
    assert ci.high == pytest.approx(3 + half, rel=1e-12)
    assert ci.confidence == 0.95
    assert ci.se == pytest.approx(math.sqrt(0.5), rel=1e-15)
    assert ci.half_width == pytest.approx(half, rel=1e-12)


def test_mean_ci_when_everyone_gives_the_same_answer():
    ci = mean_ci_from_counts({4: 10})
    assert ci == MeanCI(n=10, mean=4.0, low=4.0, high=4.0, sd=0.0, confidence=0.95)


def test_mean_ci_other_confidence():
    ci = mean_ci_from_counts({2: 2, 4: 2}, confidence=0.95)  # mean 3, sd sqrt(4/3), df 3
    assert ci is not None
    half = T_0975_3 * math.sqrt(4 / 3) / 2
    assert (ci.low, ci.high) == (pytest.approx(3 - half), pytest.approx(3 + half))
    wider = mean_ci_from_counts({2: 2, 4: 2}, confidence=0.99)
    assert wider is not None and wider.low < ci.low and wider.high > ci.high
    assert wider.confidence == 0.99


def test_interval_is_not_clamped_to_the_scale():
    ci = mean_ci_from_counts({1: 1, 5: 1})  # n = 2: df 1, t = 12.7
    assert ci is not None
    assert ci.mean == 3.0
    assert ci.low < 1 and ci.high > 5
    assert ci.half_width == pytest.approx(math.tan(0.475 * math.pi) * math.sqrt(8) / math.sqrt(2))


@pytest.mark.parametrize("counts", [{}, {3: 1}, {1: 0, 5: 1}])
def test_no_interval_from_fewer_than_two(counts):
    assert mean_ci_from_counts(counts) is None


def test_moments_by_hand():
    # 1, 2, 3, 4, 5: COUNT 5, SUM 15, SUM(x*x) 55
    assert mean_ci_from_moments(5, 15, 55) == mean_ci_from_counts({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    assert mean_ci_from_moments(1, 4, 16) is None
    assert mean_ci_from_moments(0, 0, 0) is None


def test_moments_accept_what_drivers_return():
    as_ints = mean_ci_from_moments(40, 128, 452)
    assert as_ints is not None
    assert mean_ci_from_moments(40, Decimal(128), Decimal("452.0")) == as_ints
    assert mean_ci_from_moments(40, 128.0, 452.0) == as_ints
    assert mean_ci_from_moments(40, Fraction(128), 452) == as_ints


def test_inconsistent_moments_are_an_error():
    with pytest.raises(ValueError, match="inconsistent"):
        mean_ci_from_moments(5, 15, 40)  # SUM(x*x) < SUM(x)^2 / n
    with pytest.raises(ValueError):
        mean_ci_from_moments(-1, 0, 0)
    with pytest.raises(ValueError):
        mean_ci_from_moments(5, math.nan, 55)
    with pytest.raises(TypeError):
        mean_ci_from_moments(5, None, 55)  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.5, math.nan])
def test_confidence_must_be_between_0_and_1(confidence):
    with pytest.raises(ValueError):
        mean_ci_from_counts({1: 3, 2: 3}, confidence=confidence)


def test_raw_values():
    ci = mean_ci([1, 2, 3, 4, 5])
    assert ci == mean_ci_from_counts({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    assert mean_ci([3]) is None
    assert mean_ci([]) is None


def test_paired_change_by_hand():
    # before/now: (2,2) (2,3) (3,4) (1,3): differences 0, 1, 1, 2
    pairs = [(2, 2), (2, 3), (3, 4), (1, 3)]
    change = paired_change(4, 4, 6)  # COUNT, SUM(now - before), SUM((now - before)^2)
    assert change is not None
    assert change.mean == 1.0
    assert change.sd == pytest.approx(math.sqrt(2 / 3), rel=1e-15)
    half = T_0975_3 * math.sqrt(2 / 3) / 2
    assert change.low == pytest.approx(1 - half, rel=1e-12)
    assert change.high == pytest.approx(1 + half, rel=1e-12)
    assert paired_change_from_pairs(pairs) == change
    assert paired_change(1, 2, 4) is None
    assert paired_change_from_pairs([(1, 5)]) is None


def test_paired_change_can_be_negative():
    change = paired_change_from_pairs([(4, 3), (5, 3), (3, 3), (4, 2), (5, 4)])
    assert change is not None
    assert change.mean == pytest.approx(-1.2)
    assert change.high < 0


# --- the t distribution: by hand ------------------------------------------------------


def test_t_quantiles_by_hand():
    assert t_critical(0.95, 4) == pytest.approx(T_0975_4, rel=1e-13)
    assert t_quantile(0.975, 4) == pytest.approx(T_0975_4, rel=1e-13)
    assert t_quantile(0.975, 3) == pytest.approx(T_0975_3, rel=1e-13)
    assert t_quantile(0.975, 1) == pytest.approx(math.tan(0.475 * math.pi), rel=1e-13)  # Cauchy
    q = 0.025  # df 2 has a closed form
    assert t_quantile(0.975, 2) == pytest.approx((1 - 2 * q) / math.sqrt(2 * q * (1 - q)))
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.25, 9) == -t_quantile(0.75, 9)
    assert t_quantile(0.1, 9) == pytest.approx(-t_quantile(0.9, 9), rel=1e-14)


def test_t_approaches_the_normal():
    assert t_critical(0.95, 1e9) == pytest.approx(1.959963984540054, rel=1e-8)


def test_t_cdf_by_hand():
    assert t_cdf(0, 5) == 0.5
    assert t_cdf(1, 1) == pytest.approx(0.75)  # Cauchy: 1/2 + atan(1)/pi
    assert t_cdf(-1, 1) == pytest.approx(0.25)
    assert t_cdf(1e-9, 1) == pytest.approx(0.5 + math.atan(1e-9) / math.pi, rel=1e-15)
    assert t_cdf(math.inf, 3) == 1.0
    assert t_cdf(-math.inf, 3) == 0.0
    assert t_cdf(t_quantile(0.9, 12), 12) == pytest.approx(0.9, rel=1e-13)


@pytest.mark.parametrize(("p", "df"), [(0, 3), (1, 3), (1.2, 3), (0.5, 0), (0.5, -1)])
def test_t_quantile_rejects_bad_arguments(p, df):
    with pytest.raises(ValueError):
        t_quantile(p, df)


# --- agreement with SciPy -------------------------------------------------------------


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_t_critical_matches_scipy_for_df_1_to_200(confidence):
    for df in range(1, 201):
        expected = scipy.stats.t.ppf(1 - (1 - confidence) / 2, df)
        assert t_critical(confidence, df) == pytest.approx(expected, rel=1e-10), df


@pytest.mark.parametrize(
    "df", [1, 2, 3, 4, 5, 7, 10, 30, 199, 1.5, 2.5, 3.7, 500, 2999, 3000, 1e4, 1e5, 1e7]
)
def test_t_quantile_matches_scipy_across_the_range(df):
    # (SciPy's own ppf is imprecise within about 1e-6 of 0.5, so p stays away from there.)
    for p in [1e-10, 1e-6, 5e-4, 0.01, 0.1, 0.3, 0.45, 0.55, 0.8, 0.975, 0.995, 0.9995]:
        expected = scipy.stats.t.ppf(p, df)
        assert t_quantile(p, df) == pytest.approx(expected, rel=1e-10), p


@pytest.mark.parametrize("df", [1, 2, 3, 6, 20, 100, 2.5])
def test_t_cdf_matches_scipy(df):
    for t in [-40, -3, -1, -0.2, 1e-4, 0.5, 1, 2.5, 8, 1e4]:
        assert t_cdf(t, df) == pytest.approx(scipy.stats.t.cdf(t, df), rel=1e-11), t


def test_t_quantile_inverts_t_cdf_near_the_middle():
    for df in [1, 3, 4, 30]:
        for p in [0.5000001, 0.4999999, 0.500001]:
            assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, rel=1e-14)


def test_intervals_match_scipy_for_random_counts():
    rng = random.Random(2024)
    for case in range(300):
        counts = random_counts(rng, max_count=rng.choice([3, 10, 60, 400]))
        confidence = rng.choice(CONFIDENCES)
        values = expand(counts)
        n = len(values)
        ci = mean_ci_from_counts(counts, confidence)
        assert ci is not None
        low, high = scipy.stats.t.interval(
            confidence, n - 1, loc=values.mean(), scale=scipy.stats.sem(values)
        )
        assert ci.n == n
        assert ci.mean == pytest.approx(values.mean(), rel=1e-13), case
        assert ci.sd == pytest.approx(values.std(ddof=1), rel=1e-12), case
        assert ci.low == pytest.approx(low, rel=1e-10), case
        assert ci.high == pytest.approx(high, rel=1e-10), case


def test_moments_counts_and_raw_values_agree_exactly():
    rng = random.Random(99)
    for _ in range(200):
        counts = random_counts(rng, max_count=rng.choice([5, 50, 5000]))
        values = [int(v) for v in expand(counts)]
        confidence = rng.choice(CONFIDENCES)
        from_counts = mean_ci_from_counts(counts, confidence)
        assert from_counts is not None
        assert mean_ci_from_moments(*moments(values), confidence) == from_counts
        assert mean_ci(values, confidence) == from_counts
        assert mean_ci_from_counts(count_values(values), confidence) == from_counts


def test_paired_change_matches_scipy_ttest_rel():
    rng = random.Random(5)
    for case in range(200):
        n = rng.randint(2, 300)
        before = [rng.randint(1, 5) for _ in range(n)]
        now = [min(5, max(1, b + rng.choice([-1, 0, 0, 1, 1, 2]))) for b in before]
        diffs = [a - b for a, b in zip(now, before, strict=True)]
        if len(set(diffs)) < 2:
            continue  # SciPy warns (and gives nan) when every difference is the same
        confidence = rng.choice(CONFIDENCES)
        change = paired_change(*moments(diffs), confidence)
        assert change is not None
        assert paired_change_from_pairs(zip(before, now, strict=True), confidence) == change
        result = scipy.stats.ttest_rel(now, before)
        low, high = result.confidence_interval(confidence_level=confidence)
        assert change.n == n
        assert change.mean == pytest.approx(np.mean(diffs), rel=1e-12, abs=1e-15), case
        assert change.mean / change.se == pytest.approx(result.statistic, rel=1e-10), case
        assert change.low == pytest.approx(low, rel=1e-10), case
        assert change.high == pytest.approx(high, rel=1e-10), case


# --- item summaries -------------------------------------------------------------------


@pytest.mark.parametrize("counts", [{}, {3: 4}, {1: 1, 2: 1, 4: 2}, {5: 1, 4: 1, 3: 1, 2: 0, 1: 1}])
def test_summary_of_fewer_than_five_carries_no_numbers_at_all(counts):
    summary = summarise_item(counts)
    assert summary.suppressed
    for field in dataclasses.fields(ItemSummary):
        assert getattr(summary, field.name) is SUPPRESSED, field.name
    assert dataclasses.astuple(summary) == ((), (), ())  # nothing nested either
    assert not any(ch.isdigit() for ch in repr(summary))
    assert not hasattr(summary, "__dict__")  # slots: nothing hidden beside the fields


def test_summary_of_five():
    summary = summarise_item({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    assert not summary.suppressed
    assert summary.n == 5
    assert summary.distribution == distribution({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    assert summary.mean == mean_ci_from_counts({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})


def test_summary_uses_the_confidence_asked_for():
    summary = summarise_item({2: 3, 4: 5}, confidence=0.9)
    assert isinstance(summary.mean, MeanCI)
    assert summary.mean.confidence == 0.9


def test_summary_still_validates_what_it_suppresses():
    with pytest.raises(ValueError):
        summarise_item({6: 1})
    with pytest.raises(ValueError):
        summarise_item({3: 2}, confidence=2)


# --- response rate --------------------------------------------------------------------


def test_response_rate():
    assert response_rate(3, 4) == 0.75
    assert response_rate(0, 10) == 0.0
    assert response_rate(10, 10) == 1.0
    assert response_rate(0, 0) is None


@pytest.mark.parametrize(("responses", "completions"), [(5, 4), (-1, 4), (1, -1)])
def test_response_rate_rejects_impossible_counts(responses, completions):
    with pytest.raises(ValueError):
        response_rate(responses, completions)


# --- properties -----------------------------------------------------------------------

likert_counts = st.dictionaries(
    st.integers(min_value=1, max_value=5), st.integers(min_value=0, max_value=10_000)
).filter(lambda counts: sum(counts.values()) >= 2)
confidences = st.sampled_from(CONFIDENCES)


@PROPERTY
@given(likert_counts, confidences)
def test_mean_is_on_the_scale_and_inside_its_own_interval(counts, confidence):
    ci = mean_ci_from_counts(counts, confidence)
    assert ci is not None
    assert 1 <= ci.mean <= 5
    assert ci.low <= ci.mean <= ci.high
    assert ci.sd >= 0
    assert ci.n == sum(counts.values())


@PROPERTY
@given(likert_counts)
def test_moments_agree_with_counts(counts):
    values = [value for value, count in counts.items() for _ in range(min(count, 50))]
    if len(values) < 2:
        return
    assert mean_ci_from_moments(*moments(values)) == mean_ci_from_counts(count_values(values))


@PROPERTY
@given(likert_counts)
def test_a_higher_confidence_gives_a_wider_interval(counts):
    narrow = mean_ci_from_counts(counts, 0.9)
    wide = mean_ci_from_counts(counts, 0.99)
    assert narrow is not None and wide is not None
    assert wide.low <= narrow.low <= narrow.high <= wide.high


@PROPERTY
@given(likert_counts)
def test_summaries_are_all_or_nothing(counts):
    summary = summarise_item(counts)
    n = sum(counts.values())
    if n < SUPPRESSION_THRESHOLD:
        assert dataclasses.astuple(summary) == ((), (), ())
    else:
        assert summary.n == n
        assert isinstance(summary.distribution, Distribution)
        assert isinstance(summary.mean, MeanCI)
        assert summary.mean.low <= summary.mean.mean <= summary.mean.high


@PROPERTY
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5)),
        min_size=2,
        max_size=200,
    ),
    confidences,
)
def test_paired_change_lies_between_minus_4_and_4_and_inside_its_interval(pairs, confidence):
    change = paired_change_from_pairs(pairs, confidence)
    assert change is not None
    assert -4 <= change.mean <= 4
    assert change.low <= change.mean <= change.high
    diffs = [now - before for before, now in pairs]
    assert paired_change(*moments(diffs), confidence) == change


@PROPERTY
@given(
    st.floats(min_value=1e-9, max_value=1 - 1e-9),
    st.integers(min_value=1, max_value=400),
)
def test_t_quantile_inverts_t_cdf(p, df):
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, rel=1e-11, abs=1e-15)
