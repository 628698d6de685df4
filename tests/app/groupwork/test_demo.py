"""The demo shows group work: Glasgow's ten Tuesday sessions, seven past with attendance,
this week's cancelled, one next week; some checklist items done; Jordan ready."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.cohort import cohort
from mentorhub.learning.readiness_rules import Stage
from mentorhub.learning.session_times import london_today, to_london
from mentorhub.models import Attendance, GroupSession, Programme, ReadinessCheck


def test_the_demo_has_glasgows_sessions_attendance_and_readiness(app):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        glasgow = db.session.scalar(
            sa.select(Programme).where(Programme.local_authority == "glasgow-city")
        )
        sessions = db.session.scalars(
            sa.select(GroupSession)
            .where(GroupSession.programme_id == glasgow.id)
            .order_by(GroupSession.starts_at)
        ).all()
        assert len(sessions) == 10
        today = london_today()
        days = [to_london(s.starts_at).date() for s in sessions]
        past = [s for s, d in zip(sessions, days, strict=True) if d < today]
        assert len(past) == 7
        assert all(
            db.session.scalar(sa.select(sa.func.count()).where(Attendance.session_id == s.id))
            for s in past
        )
        assert [s.title for s in sessions if s.cancelled] == [sessions[7].title]
        assert today + timedelta(days=7) <= days[8] <= today + timedelta(days=13)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReadinessCheck)) >= 4
        group = cohort(glasgow, app.extensions["mentorhub.catalogue"])
        ready = [t.user.username for t in group.trainees if t.stage is Stage.READY]
        assert ready == ["jordan"]
        assert max(t.figures.missed_in_a_row for t in group.trainees) >= 2
        assert {d.weekday() for d in days} == {1}  # Tuesdays


def test_seeding_the_demo_flushes_and_leaves_the_one_commit_to_the_command(app):
    """`seed_demo` never commits (the `flask seed-demo` command does, once): rolled back,
    nothing of it stays."""
    from mentorhub.demo import seed_demo
    from mentorhub.models import User

    with app.app_context():
        seed_demo(app.extensions["mentorhub.catalogue"])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupSession)) == 10
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupSession)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
