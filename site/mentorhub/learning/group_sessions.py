"""Scheduling a programme's group sessions: one at a time, or a whole plan from the
curriculum in one step; editing, moving, cancelling. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..content import Catalogue
from ..extensions import db
from ..models import AbsenceNotice, GroupSession, Programme, User
from ..models.base import utcnow
from ..models.writes import lock_programme, upsert
from .progress_records import curriculum_modules
from .session_times import to_utc, weekly


@dataclass(frozen=True)
class SessionValues:
    """What a trainer types for a session (London dates and times)."""

    title: str
    day: date
    start: time
    end: time
    venue: str = ""
    online: bool = False
    joining_note: str = ""
    facilitators: str = ""
    module_ids: Sequence[str] = field(default_factory=tuple)
    capacity: int | None = None
    trainee_note: str = ""
    required: bool = True


def _apply(session: GroupSession, values: SessionValues) -> None:
    session.title = values.title.strip()
    session.starts_at = to_utc(values.day, values.start)
    session.ends_at = to_utc(values.day, values.end)
    session.venue = values.venue.strip()
    session.online = values.online
    session.joining_note = values.joining_note.strip()
    session.facilitators = values.facilitators.strip()
    session.module_ids = list(dict.fromkeys(values.module_ids))
    session.capacity = values.capacity
    session.trainee_note = values.trainee_note.strip()
    session.required = values.required


def create_session(programme: Programme, values: SessionValues) -> GroupSession:
    session = GroupSession(programme_id=programme.id)
    _apply(session, values)
    db.session.add(session)
    db.session.flush()
    return session


def update_session(session: GroupSession, values: SessionValues) -> None:
    """Edit or move a session; calendar apps see the change (SEQUENCE goes up)."""
    _apply(session, values)
    session.sequence += 1
    session.updated_at = utcnow()
    db.session.flush()


def cancel_session(session: GroupSession, note: str = "") -> None:
    """Cancelled, not deleted: it stays on every list, marked cancelled."""
    if session.cancelled_at is None:
        session.cancelled_at = utcnow()
        session.cancel_note = note.strip()
        session.sequence += 1
        db.session.flush()


def reinstate_session(session: GroupSession) -> None:
    if session.cancelled_at is not None:
        session.cancelled_at = None
        session.cancel_note = ""
        session.sequence += 1
        db.session.flush()


def sessions_of(programme_id: int) -> list[GroupSession]:
    """Every session of a programme, cancelled ones too, in time order."""
    return list(
        db.session.scalars(
            sa.select(GroupSession)
            .where(GroupSession.programme_id == programme_id)
            .order_by(GroupSession.starts_at, GroupSession.id)
        )
    )


def session_in(programme: Programme, session_id: int) -> GroupSession | None:
    """The session, if it belongs to this programme (else None: the caller 404s)."""
    session = db.session.get(GroupSession, session_id)
    return session if session is not None and session.programme_id == programme.id else None


@dataclass(frozen=True)
class PlanResult:
    created: list[GroupSession]
    skipped: list[str]  # titles of modules that already have a session


class EndsAfterMidnight(Exception):
    """A planned session would end on the next day: `minutes` is the longest one."""

    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.minutes = minutes


def ends_same_day(day: date, start: time, minutes: int) -> bool:
    """Whether a session of `minutes` starting at `start` ends by midnight (a session
    ending at 00:00 would be stored as ending before it starts)."""
    end = datetime.combine(day, start) + timedelta(minutes=minutes)
    return end.date() == day


def plan_from_curriculum(
    programme: Programme,
    catalogue: Catalogue,
    first_day: date,
    start: time,
    venue: str = "",
) -> PlanResult:
    """A session for each curriculum module with a group session, weekly from
    `first_day` at `start`, each as long as the module suggests. Modules a session
    (not cancelled) already covers are left out, so running it twice adds nothing:
    not even twice at once, as the second waits for the first (the programme's lock).
    Raises EndsAfterMidnight, having added nothing, if a session would end after
    midnight."""
    lock_programme(programme.id)
    covered = {
        module_id
        for session in sessions_of(programme.id)
        if not session.cancelled
        for module_id in session.module_ids
    }
    wanted = [
        (module, required)
        for module, required in curriculum_modules(programme, catalogue)
        if module.meta.face_to_face_minutes
    ]
    todo = [(m, r) for m, r in wanted if m.id not in covered]
    longest = max((m.meta.face_to_face_minutes for m, _r in todo), default=0)
    if not ends_same_day(first_day, start, longest):
        raise EndsAfterMidnight(longest)
    created = []
    for day, (module, required) in zip(weekly(first_day, len(todo)), todo, strict=True):
        end = datetime.combine(day, start) + timedelta(minutes=module.meta.face_to_face_minutes)
        values = SessionValues(
            title=module.meta.title,
            day=day,
            start=start,
            end=end.time(),
            venue=venue,
            module_ids=(module.id,),
            required=required,
        )
        created.append(create_session(programme, values))
    return PlanResult(created, [m.meta.title for m, _r in wanted if m.id in covered])


def sessions_by_module(sessions: Sequence[GroupSession]) -> dict[str, list[GroupSession]]:
    """Module id -> the sessions (not cancelled) that cover it, in time order."""
    found: dict[str, list[GroupSession]] = {}
    for session in sessions:
        if not session.cancelled:
            for module_id in session.module_ids:
                found.setdefault(module_id, []).append(session)
    return found


# --- "I can't come" -------------------------------------------------------------------


def notices_for(session_id: int) -> dict[int, AbsenceNotice]:
    """User id -> their "I can't come" for this session."""
    rows = db.session.scalars(
        sa.select(AbsenceNotice).where(AbsenceNotice.session_id == session_id)
    )
    return {notice.user_id: notice for notice in rows}


def notices_by_session(programme_id: int) -> dict[int, list[tuple[User, AbsenceNotice]]]:
    """Session id -> (trainee, their "I can't come"), for a programme's sessions."""
    rows = db.session.execute(
        sa.select(AbsenceNotice, User)
        .join(User, User.id == AbsenceNotice.user_id)
        .join(GroupSession, GroupSession.id == AbsenceNotice.session_id)
        .where(GroupSession.programme_id == programme_id)
        .order_by(User.display_name)
    )
    found: dict[int, list[tuple[User, AbsenceNotice]]] = {}
    for notice, user in rows:
        found.setdefault(notice.session_id, []).append((user, notice))
    return found


def notices_of(user: User) -> dict[int, AbsenceNotice]:
    """Session id -> this trainee's "I can't come"."""
    rows = db.session.scalars(sa.select(AbsenceNotice).where(AbsenceNotice.user_id == user.id))
    return {notice.session_id: notice for notice in rows}


def send_notice(user: User, session: GroupSession, reason: str) -> AbsenceNotice:
    """Say "I can't come" (again: the reason is replaced). One statement, so two sent
    at once (a double tap) are one notice."""
    values = {"session_id": session.id, "user_id": user.id, "reason": reason.strip(),
              "created_at": utcnow()}  # fmt: skip
    upsert(AbsenceNotice, values, key=("session_id", "user_id"), update=("reason", "created_at"))
    return db.session.scalars(
        sa.select(AbsenceNotice)
        .where(AbsenceNotice.session_id == session.id, AbsenceNotice.user_id == user.id)
        .execution_options(populate_existing=True)
    ).one()


def take_back_notice(user: User, session: GroupSession) -> None:
    db.session.execute(
        sa.delete(AbsenceNotice).where(
            AbsenceNotice.session_id == session.id, AbsenceNotice.user_id == user.id
        )
    )
    db.session.flush()


def has_started(session: GroupSession, now: datetime | None = None) -> bool:
    return session.starts_at <= (now or utcnow())
