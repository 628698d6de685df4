"""Attendance figures from plain records: rates, sessions missed in a row, and
whether a trainee has done every required session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorhub.learning.attendance_figures import learner_figures, session_figures, sessions_done


@dataclass
class S:
    id: int
    starts_at: datetime
    ends_at: datetime
    required: bool = True
    cancelled: bool = False

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def weekly(n: int, **overrides) -> list[S]:
    start = datetime(2027, 1, 5, 18)
    return [S(i + 1, start + timedelta(weeks=i), start + timedelta(weeks=i, hours=2))
            for i in range(n)]  # fmt: skip


def test_session_figures_count_each_status_and_rate_attended_over_marked():
    sessions = weekly(2)
    statuses = {(1, "a"): "attended", (1, "b"): "absent", (1, "c"): "caught-up",
                (1, "d"): "apologies"}  # fmt: skip
    first, second = session_figures(sessions, statuses)
    assert (first.marked, first.attended, first.absent, first.caught_up, first.apologies) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert first.rate == 0.25
    assert second.marked == 0 and second.rate is None


def test_missed_in_a_row_counts_back_from_the_latest_marked_session():
    sessions = weekly(5)
    statuses = {(1, "a"): "attended", (2, "a"): "absent", (3, "a"): "attended",
                (4, "a"): "apologies", (5, "a"): "absent",
                (1, "b"): "absent", (2, "b"): "caught-up"}  # fmt: skip
    figures = learner_figures(sessions, statuses, ["a", "b", "nobody"])
    assert figures["a"].missed_in_a_row == 2
    assert figures["a"].rate == 2 / 5
    assert figures["b"].missed_in_a_row == 0  # catching up ends the run
    assert figures["nobody"].marked == 0 and figures["nobody"].rate is None


def test_a_cancelled_session_is_not_counted_for_anyone():
    sessions = weekly(3)
    sessions[2].cancelled = True
    statuses = {(1, "a"): "absent", (2, "a"): "absent", (3, "a"): "attended"}
    assert learner_figures(sessions, statuses, ["a"])["a"].missed_in_a_row == 2


def test_sessions_done_needs_every_required_session_attended_or_caught_up():
    sessions = weekly(4)
    sessions[2].required = False
    sessions[3].cancelled = True
    done = sessions_done(sessions, {1: "attended", 2: "caught-up", 3: "attended"})
    assert (done.required, done.done, done.complete) == (2, 2, True)
    assert done.group_minutes == 240  # attended only: caught up is not group time
    assert not sessions_done(sessions, {1: "attended", 2: "apologies"}).complete


def test_no_sessions_means_nothing_to_do():
    assert sessions_done([], {}).complete
