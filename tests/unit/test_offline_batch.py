"""Marks made with no signal, as a phone sends them: reading them and the time they
were made (learning/offline_batch.py, no app)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mentorhub.learning.offline_batch import (
    CLOCK_SKEW,
    MAX_MARKS,
    OLDEST,
    Answer,
    BatchError,
    QueuedMark,
    made_at_or_now,
    read_batch,
)
from mentorhub.learning.offline_copy import module_state
from mentorhub.learning.progress_records import REFLECTION_MAX

NOW = datetime(2027, 1, 5, 14, 0, 0)  # naive UTC, as the database keeps it


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("2027-01-05T12:30:00Z", datetime(2027, 1, 5, 12, 30)),
        ("2027-01-05T12:30:00.250Z", datetime(2027, 1, 5, 12, 30, 0, 250000)),
        ("2027-01-05T13:30:00+01:00", datetime(2027, 1, 5, 12, 30)),  # turned into UTC
        ("2026-12-07T14:00:01Z", datetime(2026, 12, 7, 14, 0, 1)),  # just inside 30 days
        ("2027-01-05T14:03:00Z", NOW),  # a phone clock a little fast: now, not the future
    ],
)
def test_a_believable_time_is_kept(sent, expected):
    assert made_at_or_now(sent, NOW) == expected


@pytest.mark.parametrize(
    "sent",
    [
        None,
        "",
        "yesterday",
        "2027-01-05T12:30:00",  # no time zone: could be hours out
        "2027-01-05T14:06:00Z",  # further ahead than the clock skew allowed
        "2030-01-01T00:00:00Z",
        "2026-12-05T13:59:59Z",  # older than 30 days
        "1970-01-01T00:00:00Z",
        1736085600,  # a number, not a time
        ["2027-01-05T12:30:00Z"],
        "2027-01-05T12:30:00Z" + " " * 40,  # too long to be a time
    ],
)
def test_an_unbelievable_or_missing_time_is_now(sent):
    assert made_at_or_now(sent, NOW) == NOW


def test_the_bounds_are_as_documented():
    assert timedelta(minutes=5) == CLOCK_SKEW
    assert timedelta(days=30) == OLDEST


def test_a_batch_reads_done_marks_and_answers_in_order():
    marks = read_batch(
        {
            "marks": [
                {"ref": 1, "kind": "done", "module": "alpha", "section": "part-two",
                 "made_at": "2027-01-05T12:00:00Z"},
                {"ref": 2, "kind": "reflection", "module": "alpha", "section": "part-two",
                 "block": "think-about-it", "text": "Mine\x00 answer\n", "made_at": None},
            ]
        },
        NOW,
    )  # fmt: skip
    assert marks == [
        QueuedMark(1, "done", "alpha", "part-two", datetime(2027, 1, 5, 12)),
        QueuedMark(2, "reflection", "alpha", "part-two", NOW, "think-about-it", "Mine answer\n"),
    ]


@pytest.mark.parametrize(
    "mark",
    [
        {"ref": 7, "kind": "undo", "module": "alpha", "section": "a"},
        {"ref": 7, "kind": "done", "module": "", "section": "a"},
        {"ref": 7, "kind": "done", "module": "alpha"},
        {"ref": 7, "kind": "done", "module": "alpha", "section": 3},
        {"ref": 7, "kind": "done", "module": "x" * 201, "section": "a"},
        {"ref": 7, "kind": "done", "module": " alpha", "section": "a"},
        {"ref": 7, "kind": "reflection", "module": "alpha", "section": "a", "text": "no block"},
        {"ref": 7, "kind": "reflection", "module": "alpha", "section": "a", "block": "b"},
        {"ref": 7, "kind": "reflection", "module": "alpha", "section": "a", "block": "b",
         "text": "x" * (REFLECTION_MAX + 1)},
    ],
)  # fmt: skip
def test_a_mark_that_cannot_be_used_is_answered_not_applied(mark):
    (answer,) = read_batch({"marks": [mark]}, NOW)
    assert isinstance(answer, Answer)
    assert (answer.ref, answer.status) == (7, "invalid")
    assert answer.message in (
        "We couldn't save this. Please do it again.",
        f"Your answer is longer than {REFLECTION_MAX:,} characters. Please make it shorter.",
    )


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "marks",
        {"marks": "all of them"},
        {"marks": [{"kind": "done", "module": "a", "section": "b"}]},  # no ref
        {"marks": [{"ref": -1, "kind": "done", "module": "a", "section": "b"}]},
        {"marks": [{"ref": True, "kind": "done", "module": "a", "section": "b"}]},
        {"marks": [{"ref": 2**60, "kind": "done", "module": "a", "section": "b"}]},
        {"marks": [{"ref": n, "kind": "done", "module": "a", "section": "b"}
                   for n in range(MAX_MARKS + 1)]},
    ],
)  # fmt: skip
def test_a_request_that_is_not_a_batch_is_refused_whole(payload):
    with pytest.raises(BatchError):
        read_batch(payload, NOW)


def test_a_modules_state_tag_changes_with_each_mark_and_answer():
    t = datetime(2027, 1, 1)
    none = module_state({}, {})
    one = module_state({"a": t}, {})
    assert len({none, one, module_state({"a": t, "b": t}, {})}) == 3
    assert module_state({"a": t}, {"a/q": t}) != one
    assert module_state({"a": t}, {"a/q": t}) != module_state({"a": t}, {"a/q": t.replace(day=2)})
    assert module_state({"b": t, "a": t}, {}) == module_state({"a": t, "b": t}, {})


@pytest.mark.parametrize(("score", "kept"), [(None, None), (1, 1), (5, 5)])
def test_an_answer_may_carry_a_score_from_1_to_5(score, kept):
    mark = {"ref": 1, "kind": "reflection", "module": "m", "section": "s", "block": "b",
            "text": "", "score": score}  # fmt: skip
    (read,) = read_batch({"marks": [mark]}, NOW)
    assert isinstance(read, QueuedMark) and read.score == kept


@pytest.mark.parametrize("score", [0, 6, "3", 2.5, True, [3]])
def test_any_other_score_is_invalid(score):
    mark = {"ref": 1, "kind": "reflection", "module": "m", "section": "s", "block": "b",
            "text": "", "score": score}  # fmt: skip
    (answer,) = read_batch({"marks": [mark]}, NOW)
    assert isinstance(answer, Answer) and answer.status == "invalid"
    assert answer.message == "Choose a score from 1 to 5, or none."
