"""Group sessions, who came to them, and trainees' calendar feeds.

Times are stored in UTC without tzinfo, like every other timestamp here; pages and
calendar files show them in Europe/London (see learning/session_times.py).
Attendance keeps `learner_key` beside `user_id`, as progress does: deleting an
account clears `user_id` and the figures stay right.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class AttendanceStatus(enum.StrEnum):
    ATTENDED = "attended"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    CAUGHT_UP = "caught-up"


ATTENDANCE_LABELS = {
    AttendanceStatus.ATTENDED: "Attended",
    AttendanceStatus.APOLOGIES: "Apologies",
    AttendanceStatus.ABSENT: "Absent",
    AttendanceStatus.CAUGHT_UP: "Caught up later",
}


class CatchUp(enum.StrEnum):
    ONE_TO_ONE = "one-to-one"
    OTHER_GROUP = "other-group"


CATCH_UP_LABELS = {CatchUp.ONE_TO_ONE: "One-to-one", CatchUp.OTHER_GROUP: "With another group"}


def new_uid() -> str:
    return secrets.token_hex(16)


class GroupSession(db.Model):
    """A face-to-face (or online) session of a programme, covering curriculum modules."""

    __tablename__ = "group_sessions"
    __table_args__ = (sa.Index("ix_group_sessions_programme_starts", "programme_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(120))
    starts_at: Mapped[datetime]  # UTC
    ends_at: Mapped[datetime]  # UTC
    venue: Mapped[str] = mapped_column(sa.String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    joining_note: Mapped[str] = mapped_column(sa.String(500), default="")
    facilitators: Mapped[str] = mapped_column(sa.String(200), default="")
    module_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    capacity: Mapped[int | None]
    trainee_note: Mapped[str] = mapped_column(sa.String(1000), default="")
    required: Mapped[bool] = mapped_column(default=True)
    cancelled_at: Mapped[datetime | None]
    cancel_note: Mapped[str] = mapped_column(sa.String(200), default="")
    # Calendar apps replace an event by UID when SEQUENCE goes up.
    uid: Mapped[str] = mapped_column(sa.String(32), default=new_uid, unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Attendance(db.Model):
    """A trainee's attendance at one session, as it stands now (changes: AttendanceChange)."""

    __tablename__ = "attendance"
    __table_args__ = (sa.UniqueConstraint("session_id", "learner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("group_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    learner_key: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(20))
    caught_up_on: Mapped[date | None]
    caught_up_how: Mapped[str | None] = mapped_column(sa.String(20))
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_by_name: Mapped[str] = mapped_column(sa.String(80))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttendanceChange(db.Model):
    """Every change to attendance: what it became, who made it, when."""

    __tablename__ = "attendance_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("group_sessions.id", ondelete="CASCADE"), index=True
    )
    learner_key: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(20))
    caught_up_on: Mapped[date | None]
    caught_up_how: Mapped[str | None] = mapped_column(sa.String(20))
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_by_name: Mapped[str] = mapped_column(sa.String(80))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AbsenceNotice(db.Model):
    """A trainee's "I can't come", with an optional reason for the trainer."""

    __tablename__ = "absence_notices"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("group_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarFeed(db.Model):
    """A trainee's private calendar address. Resetting it makes the old one stop working."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
