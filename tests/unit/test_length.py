"""The length question and the statement it replaced, on one measure."""

from __future__ import annotations

import pytest

from mentorhub.evaluation.length import LengthCounts, comparable_length
from mentorhub.evaluation.stats import SUPPRESSED


def test_the_share_counts_about_right_with_agree_and_leaves_out_not_sure():
    counts = LengthCounts(too_short=2, about_right=5, too_long=1, agreed=3, disagreed=1)
    assert counts.asked == 8 and counts.judged == 12
    assert counts.share_about_right() == pytest.approx(8 / 12)


def test_the_share_is_suppressed_under_5_and_none_with_no_answers():
    assert LengthCounts(about_right=4).share_about_right() is SUPPRESSED
    assert LengthCounts().share_about_right() is None


def test_rows_have_percentages_that_add_up_to_100():
    rows = LengthCounts(too_short=1, about_right=1, too_long=1).rows()
    assert [(value, label, count) for value, label, count, _p in rows] == [
        (1, "Too short", 1), (2, "About right", 1), (3, "Too long", 1)
    ]  # fmt: skip
    assert sum(p for *_rest, p in rows) == 100


def test_from_totals_reads_the_daily_totals_names():
    counts = LengthCounts.from_totals({
        "length_short": 1, "length_right": 2, "length_long": 3,
        "right_length_agree": 4, "right_length_disagree": 5, "right_length_n": 99,
    })  # fmt: skip
    assert counts == LengthCounts(1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("length", "right_length", "measure"),
    [(2, None, "about_right"), (1, None, "not_about_right"), (3, None, "not_about_right"),
     (None, 5, "about_right"), (None, 4, "about_right"), (None, 3, ""),
     (None, 2, "not_about_right"), (None, 1, "not_about_right"), (None, None, "")],
)  # fmt: skip
def test_comparable_length(length, right_length, measure):
    assert comparable_length(length, right_length) == measure
