"""Group sessions written by requests at the same moment (a double tap, two trainers
saving together): "Everyone attended" marks each trainee once and keeps each change
once, two trainers saving attendance together both get their page, a plan made twice
at once is made once, and a trainee's "I can't come" or calendar address is one row.
No request gets a 500."""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import partial

from flask import Flask

from mentorhub.extensions import db
from mentorhub.learning.group_sessions import SessionValues, create_session
from mentorhub.models import (
    AbsenceNotice,
    Attendance,
    AttendanceChange,
    CalendarFeed,
    GroupSession,
    Programme,
    User,
)
from tests.app.concurrency.helpers import (
    ROUNDS,
    count,
    no_errors,
    staffed_programme,
    the_same,
    trainees,
)
from tests.live_server import at_once

TAPS = 3


def add_session(app: Flask, programme_id: int, days: int) -> int:
    """A session `days` from today (negative: it has happened), 6pm to 8pm."""
    with app.app_context():
        values = SessionValues(title="Meet up", day=date.today() + timedelta(days=days),
                               start=time(18), end=time(20), venue="The hub")  # fmt: skip
        session = create_session(db.session.get(Programme, programme_id), values)
        db.session.commit()
        return session.id


def test_everyone_attended_pressed_three_times_at_once_marks_each_trainee_once(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server, trainers=1)
        session_id = add_session(app, place.id, days=-1)
        url = f"/programmes/{place.id}/sessions/{session_id}/attendance/everyone"
        send = partial(place.trainers[0].post, url, {"csrf_token": place.token})
        answer = the_same(at_once(*[send] * TAPS))
        assert (answer.status, answer.location) == (302, url.removesuffix("/everyone"))
        assert count(app, Attendance, session_id=session_id) == len(place.trainee_ids)
        assert count(app, AttendanceChange, session_id=session_id) == len(place.trainee_ids)
    no_errors(server)


def test_two_trainers_saving_attendance_at_once_both_get_their_page(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server)
        session_id = add_session(app, place.id, days=-1)
        url = f"/programmes/{place.id}/sessions/{session_id}/attendance"
        marks = {f"status-{user_id}": "attended" for user_id in place.trainee_ids}
        sends = [partial(browser.post, url, {**marks, "csrf_token": token})
                 for browser, token in zip(place.trainers, place.tokens, strict=True)]  # fmt: skip
        answer = the_same(at_once(*sends))
        assert (answer.status, answer.location) == (302, url)
        assert count(app, Attendance, session_id=session_id) == len(place.trainee_ids)
        # The second to save changed nothing: each trainee's change is kept once.
        assert count(app, AttendanceChange, session_id=session_id) == len(place.trainee_ids)
    no_errors(server)


def test_a_plan_made_twice_at_once_is_made_once(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server, trainers=1)
        form = {"first_day": (date.today() + timedelta(days=7)).isoformat(), "start": "18:00",
                "venue": "The hub", "csrf_token": place.token}  # fmt: skip
        url = f"/programmes/{place.id}/sessions/plan"
        answer = the_same(at_once(*[partial(place.trainers[0].post, url, form)] * TAPS))
        assert (answer.status, answer.location) == (302, url.removesuffix("/plan"))
        assert count(app, GroupSession, programme_id=place.id) == 1  # `together` only
    no_errors(server)


def test_i_cant_come_sent_twice_at_once_is_one_notice(app, server):
    people = trainees(app, server)
    with app.app_context():
        programme_id = db.session.get(User, people[0].id).programme_id
    for person in people:
        session_id = add_session(app, programme_id, days=3)
        url = f"/training/sessions/{session_id}/cant-come"
        form = {"reason": "I have an exam.", "csrf_token": person.token}
        answer = the_same(at_once(*[partial(person.browser.post, url, form)] * TAPS))
        assert (answer.status, answer.location) == (302, f"/training/sessions/{session_id}")
        assert count(app, AbsenceNotice, session_id=session_id, user_id=person.id) == 1
    no_errors(server)


def test_the_calendar_address_asked_for_twice_at_once_is_one_address(app, server):
    for person in trainees(app, server):
        send = partial(person.browser.post, "/training/calendar/address",
                       {"csrf_token": person.token})  # fmt: skip
        answer = the_same(at_once(*[send] * TAPS))
        assert (answer.status, answer.location) == (302, "/training/calendar")
        assert count(app, CalendarFeed, user_id=person.id) == 1
        assert "/training/calendar/" in person.browser.get("/training/calendar").text
    no_errors(server)
