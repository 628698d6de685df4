"""Taking attendance, keeping every change, and reading it back for the figures, the
checklist and the certificate. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    AbsenceNotice,
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CatchUp,
    GroupSession,
    Programme,
    User,
)
from ..models.base import utcnow
from ..models.writes import lock_programme
from ..reading import Read
from .attendance_figures import SessionsDone, sessions_done
from .group_sessions import has_started, sessions_of
from .trainee_records import Learner, own_rows, read


class NotStartedYet(Exception):
    """Attendance is taken during or after a session, never before it starts."""


@dataclass(frozen=True)
class Mark:
    user_id: int
    status: AttendanceStatus
    caught_up_on: date | None = None
    caught_up_how: CatchUp | None = None


def attendance_for(session_id: int) -> dict[str, Attendance]:
    """Learner key -> their attendance at this session."""
    rows = db.session.scalars(sa.select(Attendance).where(Attendance.session_id == session_id))
    return {row.learner_key: row for row in rows}


def record_attendance(
    session: GroupSession,
    trainees: Sequence[User],
    marks: Sequence[Mark],
    by: User,
    now: datetime | None = None,
) -> int:
    """Store marks for trainees of the session's programme; return how many changed.
    Each change is kept in attendance_changes with who made it and when.

    Another request saving this programme's attendance (a double tap, a second trainer)
    waits until this one commits, then compares with what it stored: a trainee is
    marked once, and a change is kept once."""
    now = now or utcnow()
    if not has_started(session, now):
        raise NotStartedYet
    lock_programme(session.programme_id)
    existing = attendance_for(session.id)
    people = {t.id: t for t in trainees}
    changed = 0
    for mark in marks:
        user = people.get(mark.user_id)
        if user is None:
            continue  # not (or no longer) in this programme
        caught = mark.status == AttendanceStatus.CAUGHT_UP
        state = (
            str(mark.status),
            mark.caught_up_on if caught else None,
            str(mark.caught_up_how) if caught and mark.caught_up_how else None,
        )
        row = existing.get(user.learner_key)
        if row is not None and (row.status, row.caught_up_on, row.caught_up_how) == state:
            continue
        if row is None:
            row = Attendance(session_id=session.id, user_id=user.id, learner_key=user.learner_key)
            db.session.add(row)
        row.status, row.caught_up_on, row.caught_up_how = state
        row.updated_by_id, row.updated_by_name, row.updated_at = by.id, by.display_name, now
        db.session.add(
            AttendanceChange(
                session_id=session.id,
                learner_key=user.learner_key,
                status=state[0],
                caught_up_on=state[1],
                caught_up_how=state[2],
                changed_by_id=by.id,
                changed_by_name=by.display_name,
                changed_at=now,
            )
        )
        changed += 1
    db.session.flush()
    return changed


def everyone_attended(
    session: GroupSession,
    trainees: Sequence[User],
    notices: Mapping[int, AbsenceNotice],
    by: User,
    now: datetime | None = None,
) -> int:
    """Mark everyone not yet marked as attended, except those who said they can't
    come: they get apologies. The trainer then changes the few. Pressed twice at once,
    the second waits for the first, then finds everyone marked."""
    if not has_started(session, now or utcnow()):
        raise NotStartedYet
    lock_programme(session.programme_id)
    marked = attendance_for(session.id)
    marks = [
        Mark(
            t.id,
            AttendanceStatus.APOLOGIES if t.id in notices else AttendanceStatus.ATTENDED,
        )
        for t in trainees
        if t.learner_key not in marked
    ]
    return record_attendance(session, trainees, marks, by, now)


def changes_for(session_id: int) -> list[AttendanceChange]:
    """Every change to this session's attendance, newest first."""
    return list(
        db.session.scalars(
            sa.select(AttendanceChange)
            .where(AttendanceChange.session_id == session_id)
            .order_by(AttendanceChange.changed_at.desc(), AttendanceChange.id.desc())
        )
    )


def programme_statuses(programme_id: int) -> dict[tuple[int, str], str]:
    """(session id, learner key) -> status, for every session of the programme."""
    rows = db.session.execute(
        sa.select(Attendance.session_id, Attendance.learner_key, Attendance.status)
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(GroupSession.programme_id == programme_id)
    )
    return {(session_id, key): status for session_id, key, status in rows}


def statuses_of(user: User, programme_id: int) -> dict[int, Attendance]:
    """Session id -> this trainee's attendance, in this programme."""
    rows = db.session.scalars(
        sa.select(Attendance)
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(
            Attendance.learner_key == user.learner_key, GroupSession.programme_id == programme_id
        )
    )
    return {row.session_id: row for row in rows}


def sessions_done_by(
    user: User, programme: Programme, sessions: Sequence[GroupSession] | None = None
) -> SessionsDone:
    """Required sessions done (attended or caught up), and minutes attended."""
    sessions = sessions_of(programme.id) if sessions is None else sessions
    statuses = {sid: row.status for sid, row in statuses_of(user, programme.id).items()}
    return sessions_done(sessions, statuses)


@dataclass(frozen=True, slots=True)
class SessionSeen:
    """A group session as a trainee's own pages show it: the row, read without the ORM
    (My training reads them on every request). Its fields are the table's columns, in
    order (tests/unit checks), and it answers `cancelled` and `minutes` as the model
    does."""

    id: int
    programme_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online: bool
    joining_note: str
    facilitators: str
    module_ids: list[str]
    capacity: int | None
    trainee_note: str
    required: bool
    cancelled_at: datetime | None
    cancel_note: str
    uid: str
    sequence: int
    created_at: datetime
    updated_at: datetime

    cancelled = GroupSession.cancelled
    minutes = GroupSession.minutes


@dataclass(frozen=True)
class TraineeSessions:
    """A programme's sessions in time order, with one trainee's side of each."""

    sessions: list[SessionSeen]
    statuses: dict[int, str]  # session id -> their attendance, where taken
    notices: set[int]  # ids of the sessions they said they can't come to


@cache
def _trainee_sessions_query() -> sa.Select:
    """Built once: My training runs it on every request."""
    session, attendance = GroupSession.__table__, Attendance.__table__
    notice = AbsenceNotice.__table__
    return (
        sa.select(*session.columns, attendance.c.status, notice.c.id)
        .select_from(session)
        .outerjoin(
            attendance,
            sa.and_(
                attendance.c.session_id == session.c.id,
                attendance.c.learner_key == sa.bindparam("learner_key"),
            ),
        )
        .outerjoin(
            notice,
            sa.and_(
                notice.c.session_id == session.c.id,
                notice.c.user_id == sa.bindparam("user_id"),
            ),
        )
        .where(session.c.programme_id == sa.bindparam("programme_id"))
        .order_by(session.c.starts_at, session.c.id)
    )


def trainee_sessions(user: Learner, programme_id: int) -> TraineeSessions:
    """Every session of the programme with the trainee's attendance and "I can't come",
    in one query."""
    values = {"learner_key": user.learner_key, "user_id": user.id, "programme_id": programme_id}
    return trainee_sessions_from(read(_trainee_sessions_query(), values))


def trainee_sessions_read(user_id: int) -> Read:
    """`trainee_sessions`' query for the programme the trainee is in now. It needs only
    their id, so it can go with the log-in (`signed_in_only(ahead=...)`)."""
    return own_rows(_trainee_sessions_query()), {"user_id": user_id}


def trainee_sessions_from(rows: Iterable[Sequence]) -> TraineeSessions:
    """The rows of `trainee_sessions_read`, as `trainee_sessions` gives them."""
    found = TraineeSessions([], {}, set())
    for *columns, status, notice_id in rows:
        session = SessionSeen(*columns)
        found.sessions.append(session)
        if status is not None:
            found.statuses[session.id] = status
        if notice_id is not None:
            found.notices.add(session.id)
    return found
