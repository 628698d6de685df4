"""Attendance figures from plain records: per session, per trainee, and whether a
trainee has done every required session. Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

ATTENDED = "attended"
CAUGHT_UP = "caught-up"
MISSED = frozenset({"absent", "apologies"})
DONE = frozenset({ATTENDED, CAUGHT_UP})


class SessionLike(Protocol):
    id: int
    starts_at: datetime
    ends_at: datetime
    required: bool

    @property
    def cancelled(self) -> bool: ...

    @property
    def minutes(self) -> int: ...


@dataclass(frozen=True)
class SessionFigures:
    session_id: int
    marked: int
    attended: int
    apologies: int
    absent: int
    caught_up: int

    @property
    def rate(self) -> float | None:
        """Attended out of those marked; None before anyone is marked."""
        return self.attended / self.marked if self.marked else None


@dataclass(frozen=True)
class LearnerFigures:
    learner_key: str
    marked: int
    attended: int
    caught_up: int
    missed_in_a_row: int  # the latest sessions in a row marked absent or apologies

    @property
    def rate(self) -> float | None:
        return self.attended / self.marked if self.marked else None


def session_figures(
    sessions: Sequence[SessionLike], statuses: Mapping[tuple[int, str], str]
) -> list[SessionFigures]:
    """One row per session. `statuses` maps (session id, learner key) to a status."""
    by_session: dict[int, list[str]] = {}
    for (session_id, _learner), status in statuses.items():
        by_session.setdefault(session_id, []).append(status)
    rows = []
    for session in sessions:
        found = by_session.get(session.id, [])
        rows.append(
            SessionFigures(
                session_id=session.id,
                marked=len(found),
                attended=found.count(ATTENDED),
                apologies=found.count("apologies"),
                absent=found.count("absent"),
                caught_up=found.count(CAUGHT_UP),
            )
        )
    return rows


def learner_figures(
    sessions: Sequence[SessionLike],
    statuses: Mapping[tuple[int, str], str],
    learner_keys: Iterable[str],
) -> dict[str, LearnerFigures]:
    """Per learner, over the sessions (not cancelled) where they were marked, in time order."""
    ordered = sorted((s for s in sessions if not s.cancelled), key=lambda s: s.starts_at)
    figures = {}
    for key in learner_keys:
        marks = [statuses[(s.id, key)] for s in ordered if (s.id, key) in statuses]
        in_a_row = 0
        for status in reversed(marks):
            if status not in MISSED:
                break
            in_a_row += 1
        figures[key] = LearnerFigures(
            learner_key=key,
            marked=len(marks),
            attended=marks.count(ATTENDED),
            caught_up=marks.count(CAUGHT_UP),
            missed_in_a_row=in_a_row,
        )
    return figures


@dataclass(frozen=True)
class SessionsDone:
    required: int  # required sessions, not cancelled
    done: int  # of those, attended or caught up
    group_minutes: int  # minutes of sessions actually attended (required or not)

    @property
    def complete(self) -> bool:
        return self.done == self.required


def sessions_done(sessions: Sequence[SessionLike], statuses: Mapping[int, str]) -> SessionsDone:
    """One trainee's sessions: `statuses` maps session id to their status."""
    live = [s for s in sessions if not s.cancelled]
    required = [s for s in live if s.required]
    return SessionsDone(
        required=len(required),
        done=sum(1 for s in required if statuses.get(s.id) in DONE),
        group_minutes=sum(s.minutes for s in live if statuses.get(s.id) == ATTENDED),
    )
