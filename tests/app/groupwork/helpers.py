"""Programmes with group sessions, and their people, for the group-work tests."""

from __future__ import annotations

from datetime import date, time, timedelta
from types import SimpleNamespace

import icalendar

from mentorhub.extensions import db
from mentorhub.learning.group_sessions import SessionValues, create_session
from mentorhub.models import Programme
from tests.factories import csrf_token, log_in, make_programme, make_user
from tests.pages import who


def build_world(app) -> SimpleNamespace:
    """Programme A (transitions focus) with a trainer and three trainees; programme B
    with its own trainer and trainee; an evaluator and an admin."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        a = make_programme(modules, name="Programme A", focus=["transitions"])
        b = make_programme(modules, name="Programme B")
        users = {
            "trainer_a": make_user("trainer", trainer_of=[a], display_name="Aisha Trainer"),
            "trainer_b": make_user("trainer", trainer_of=[b]),
            "jo": make_user("trainee", programme=a, display_name="Jo"),
            "kit": make_user("trainee", programme=a, display_name="Kit"),
            "lee": make_user("trainee", programme=a, display_name="Lee"),
            "trainee_b": make_user("trainee", programme=b, display_name="Bea"),
            "evaluator": make_user("evaluator"),
            "admin": make_user("admin"),
        }
        return SimpleNamespace(
            a=a.id,
            b=b.id,
            ids={name: user.id for name, user in users.items()},
            names={name: user.username for name, user in users.items()},
        )


def client_for(app, username: str):
    """A logged-in test client, with a CSRF token for its POSTs as `.token`."""
    client = app.test_client()
    log_in(client, who(username))
    client.token = csrf_token(client, "/accessibility")
    return client


def add_session(
    app, programme_id: int, days: int, start: int = 18, hours: int = 2, **values
) -> int:
    """A session `days` from today (negative: in the past), 6pm to 8pm by default."""
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        fields = {"title": f"Session {days}", "venue": "The hub", **values}
        session = create_session(
            programme,
            SessionValues(
                day=date.today() + timedelta(days=days),
                start=time(start),
                end=time(start + hours),
                **fields,
            ),
        )
        db.session.commit()
        return session.id


def parse_ics(body: bytes) -> list[icalendar.Event]:
    """The events in a calendar file, read back with icalendar."""
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))
