"""A trainee's group-session and readiness data: in their download, and what happens
to it when they delete their account (figures stay right; personal details go)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    AbsenceNotice,
    Attendance,
    AttendanceChange,
    CalendarFeed,
    GroupSession,
    ObjectiveSignOff,
    ReadinessCheck,
    ReadinessDecision,
    ReadinessItem,
    User,
)
from .session_times import to_london


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


def _session(session: GroupSession) -> dict[str, Any]:
    return {
        "title": session.title,
        "starts": to_london(session.starts_at).isoformat(timespec="minutes"),
        "ends": to_london(session.ends_at).isoformat(timespec="minutes"),
        "venue": "online" if session.online else session.venue,
        "cancelled": session.cancelled,
    }


def export_group_data(user: User) -> dict[str, Any]:
    """Sessions (of their programme, and any they were marked at), attendance, the
    messages they sent ("I can't come"), and their checklist as recorded."""
    marked = db.session.execute(
        sa.select(Attendance, GroupSession)
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(Attendance.learner_key == user.learner_key)
        .order_by(GroupSession.starts_at)
    ).all()
    sessions = []
    if user.programme_id is not None:
        sessions = db.session.scalars(
            sa.select(GroupSession)
            .where(GroupSession.programme_id == user.programme_id)
            .order_by(GroupSession.starts_at)
        ).all()
    notices = db.session.execute(
        sa.select(AbsenceNotice, GroupSession)
        .join(GroupSession, GroupSession.id == AbsenceNotice.session_id)
        .where(AbsenceNotice.user_id == user.id)
    ).all()
    checks = db.session.execute(
        sa.select(ReadinessCheck, ReadinessItem)
        .join(ReadinessItem, ReadinessItem.id == ReadinessCheck.item_id)
        .where(ReadinessCheck.user_id == user.id)
    ).all()
    signed = db.session.scalars(
        sa.select(ObjectiveSignOff).where(ObjectiveSignOff.user_id == user.id)
    ).all()
    decisions = db.session.scalars(
        sa.select(ReadinessDecision)
        .where(ReadinessDecision.learner_key == user.learner_key)
        .order_by(ReadinessDecision.decided_at)
    ).all()
    return {
        "group_sessions": [_session(s) for s in sessions],
        "attendance": [
            {**_session(s), "status": a.status, "caught_up_on": _iso(a.caught_up_on),
             "caught_up_how": a.caught_up_how, "marked_by": a.updated_by_name,
             "marked_at": _iso(a.updated_at)}
            for a, s in marked
        ],
        "messages": [
            {"about": _session(s), "said": "I can't come", "reason": n.reason,
             "sent_at": _iso(n.created_at)}
            for n, s in notices
        ],
        "readiness_checklist": [
            {"item": i.title, "done_on": _iso(c.done_on), "who": c.who,
             "how_often": c.how_often, "note": c.note, "recorded_by": c.recorded_by_name}
            for c, i in checks
        ],
        "objectives_signed_off": [
            {"module": s.module_id, "objective": s.objective, "note": s.note,
             "signed_by": s.signed_by_name, "signed_at": _iso(s.signed_at)}
            for s in signed
        ],
        "readiness_decisions": [
            {"decision": d.kind, "on": _iso(d.decided_on), "reason": d.reason,
             "by": d.decided_by_name}
            for d in decisions
        ],
    }  # fmt: skip


def forget_group_data(user: User) -> None:
    """Before an account goes: attendance and decisions keep their learner key (so
    figures stay right) and lose the link to the person and any reason written about
    them; messages, ticks, sign-offs and the calendar address go. Where the person
    was the trainer who recorded something, their id goes and their name stays."""
    db.session.execute(
        sa.update(Attendance).where(Attendance.user_id == user.id).values(user_id=None)
    )
    db.session.execute(
        sa.update(ReadinessDecision)
        .where(ReadinessDecision.user_id == user.id)
        .values(user_id=None, reason="")
    )
    for model in (AbsenceNotice, ReadinessCheck, ObjectiveSignOff, CalendarFeed):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    for model, column in (
        (Attendance, Attendance.updated_by_id),
        (AttendanceChange, AttendanceChange.changed_by_id),
        (ReadinessCheck, ReadinessCheck.recorded_by_id),
        (ObjectiveSignOff, ObjectiveSignOff.signed_by_id),
        (ReadinessDecision, ReadinessDecision.decided_by_id),
    ):
        db.session.execute(sa.update(model).where(column == user.id).values({column: None}))
    db.session.flush()
