"""Scheduling sessions, a plan from the curriculum in one step, editing, moving and
cancelling; what trainees see of them on My training."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.formatting import duration
from mentorhub.learning.session_times import to_london
from mentorhub.models import GroupSession, Programme
from tests.app.groupwork.helpers import add_session
from tests.pages import field_error, field_value


def sessions(app, programme_id: int) -> list[GroupSession]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(GroupSession)
            .where(GroupSession.programme_id == programme_id)
            .order_by(GroupSession.starts_at)
        ).all()
        db.session.expunge_all()
        return rows


def form(token: str, **overrides) -> dict:
    values = {
        "csrf_token": token,
        "title": "Boundaries in practice",
        "day": (date.today() + timedelta(days=10)).isoformat(),
        "start": "18:00",
        "end": "20:00",
        "venue": "Clyde hub, Argyle Street",
        "facilitators": "Aisha and Sam",
        "modules": ["welcome", "what-is-peer-mentoring"],
        "capacity": "12",
        "trainee_note": "Bring a notebook. Travel is paid in advance.",
        "required": "y",
    }
    values.update(overrides)
    return values


def test_a_trainer_schedules_a_session_covering_several_modules(app, world, trainer):
    response = trainer.post(f"/programmes/{world.a}/sessions/new", data=form(trainer.token))
    assert response.status_code == 302
    (session,) = sessions(app, world.a)
    assert session.module_ids == ["welcome", "what-is-peer-mentoring"]
    assert (session.capacity, session.required, session.online) == (12, True, False)
    start = to_london(session.starts_at)
    assert (start.date(), start.time()) == (date.today() + timedelta(days=10), time(18))
    page = trainer.get(f"/programmes/{world.a}/sessions").get_data(as_text=True)
    assert "Boundaries in practice" in page and "6pm to 8pm" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end": "17:00"}, "end", "The end must be after the start."),
        ({"day": "1900-01-01"}, "day", "Enter a date between"),
        ({"day": "31/02/2027"}, "day", "Enter a real date"),
        ({"venue": "v" * 5000}, "venue", "Keep the venue under 200 characters."),
        ({"venue": ""}, "venue", "Enter where the session happens"),
        ({"title": ""}, "title", "Give the session a title."),
        ({"start": "teatime"}, "start", "Enter a time"),
        ({"capacity": "0"}, "capacity", "Enter a number from 1 to 500."),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_keeps_what_was_typed(
    app, world, trainer, change, field, message
):
    response = trainer.post(
        f"/programmes/{world.a}/sessions/new", data=form(trainer.token, **change)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(page, field).startswith(message)
    if field in ("day", "venue", "start"):
        assert field_value(page, field) == change[field]
    assert sessions(app, world.a) == []


def test_an_online_session_needs_no_venue(app, world, trainer):
    data = form(trainer.token, venue="", online="y", joining_note="The link comes by text.")
    assert trainer.post(f"/programmes/{world.a}/sessions/new", data=data).status_code == 302
    assert sessions(app, world.a)[0].online


def test_one_step_makes_a_weekly_plan_from_the_curriculum(app, world, trainer):
    first = date.today() + timedelta(days=3)
    data = {"csrf_token": trainer.token, "first_day": first.isoformat(), "start": "18:00"}
    assert trainer.post(f"/programmes/{world.a}/sessions/plan", data=data).status_code == 302
    made = sessions(app, world.a)
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        items = db.session.get(Programme, world.a).curriculum
        expected = [
            i.module_id for i in items if catalogue.get(i.module_id).meta.face_to_face_minutes
        ]
    assert [s.module_ids[0] for s in made] == expected
    days = [to_london(s.starts_at).date() for s in made]
    assert days == [first + timedelta(weeks=n) for n in range(len(made))]
    assert {to_london(s.starts_at).time() for s in made} == {time(18)}  # across the clocks
    # Each lasts as long as its module suggests.
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        assert all(s.minutes == catalogue.get(s.module_ids[0]).meta.face_to_face_minutes
                   for s in made)  # fmt: skip
    # Again: every module already has a session, so nothing is added.
    assert trainer.post(f"/programmes/{world.a}/sessions/plan", data=data).status_code == 302
    assert len(sessions(app, world.a)) == len(made)


def test_a_plan_that_would_end_after_midnight_is_refused_beside_the_start_time(app, world, trainer):
    """A 23:00 start and a two-hour module used to end at 01:00 the same day: before it
    began, with negative minutes. Now: a message by the start time, what was typed kept,
    nothing added."""
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        items = db.session.get(Programme, world.a).curriculum
        longest = max(catalogue.get(i.module_id).meta.face_to_face_minutes or 0 for i in items)
    assert longest > 60
    first = (date.today() + timedelta(days=3)).isoformat()
    data = {"csrf_token": trainer.token, "first_day": first, "start": "23:00",
            "venue": "The hub"}  # fmt: skip
    response = trainer.post(f"/programmes/{world.a}/sessions/plan", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert field_error(page, "start") == (
        f"The longest session lasts {duration(longest)}, so starting then it would end "
        "after midnight. Choose an earlier start time."
    )
    assert (field_value(page, "start"), field_value(page, "first_day")) == ("23:00", first)
    assert field_value(page, "venue") == "The hub"
    assert sessions(app, world.a) == []
    # Ending exactly at midnight is refused too; an hour earlier fits.
    latest = (datetime.combine(date.today(), time(0)) - timedelta(minutes=longest)).time()
    data["start"] = latest.strftime("%H:%M")
    assert trainer.post(f"/programmes/{world.a}/sessions/plan", data=data).status_code == 400
    data["start"] = (datetime.combine(date.today(), latest) - timedelta(hours=1)).strftime("%H:%M")
    assert trainer.post(f"/programmes/{world.a}/sessions/plan", data=data).status_code == 302
    made = sessions(app, world.a)
    assert made and all(s.minutes > 0 and s.ends_at > s.starts_at for s in made)


def test_editing_moves_a_session_and_calendars_see_the_change(app, world, trainer):
    session_id = add_session(app, world.a, days=7, module_ids=("welcome",))
    url = f"/programmes/{world.a}/sessions/{session_id}/edit"
    page = trainer.get(url).get_data(as_text=True)
    assert field_value(page, "title") == "Session 7"
    moved = (date.today() + timedelta(days=14)).isoformat()
    data = form(trainer.token, day=moved, start="10:30", end="12:30", modules=["welcome"])
    assert trainer.post(url, data=data).status_code == 302
    (session,) = sessions(app, world.a)
    assert to_london(session.starts_at).date().isoformat() == moved
    assert to_london(session.starts_at).time() == time(10, 30)
    assert session.sequence == 1


def test_a_cancelled_session_stays_visible_as_cancelled_and_can_come_back(app, world, trainer, jo):
    session_id = add_session(app, world.a, days=7, title="Week three")
    base = f"/programmes/{world.a}/sessions/{session_id}"
    data = {"csrf_token": trainer.token, "note": "The hall is flooded."}
    assert trainer.post(f"{base}/cancel", data=data).status_code == 302
    listing = trainer.get(f"/programmes/{world.a}/sessions").get_data(as_text=True)
    assert "Week three" in listing and "Cancelled" in listing and "The hall is flooded." in listing
    mine = jo.get("/training").get_data(as_text=True)
    assert "Week three" in mine and "Cancelled" in mine
    page = jo.get(f"/training/sessions/{session_id}").get_data(as_text=True)
    assert "This session is cancelled." in page and "The hall is flooded." in page
    assert trainer.post(f"{base}/reinstate", data={"csrf_token": trainer.token}).status_code == 302
    assert not sessions(app, world.a)[0].cancelled


def test_another_programmes_session_is_not_found(app, world, trainer):
    other = add_session(app, world.b, days=7)
    for url in (f"/programmes/{world.a}/sessions/{other}/edit",
                f"/programmes/{world.a}/sessions/{other}/attendance",
                f"/programmes/{world.a}/sessions/99999/edit"):  # fmt: skip
        assert trainer.get(url).status_code == 404


def test_my_training_shows_the_next_session_first_and_names_each_modules_session(app, world, jo):
    add_session(app, world.a, days=-7, title="Last week", module_ids=("welcome",))
    add_session(app, world.a, days=14, title="In a fortnight")
    add_session(app, world.a, days=7, title="Next week", module_ids=("what-is-peer-mentoring",),
                venue="Clyde hub", trainee_note="Bring a friend's story.")  # fmt: skip
    add_session(app, world.b, days=3, title="Not my programme")
    page = jo.get("/training").get_data(as_text=True)
    next_card = page.index("Next session")
    assert next_card < page.index("Next week") < page.index("In a fortnight")
    assert "Clyde hub" in page and "Bring a friend" in page
    assert "Not my programme" not in page
    assert "Past sessions (1)" in page
    when = date.today() + timedelta(days=7)
    assert "Group session: " in page and f"{when:%A} {when.day} {when:%B}" in page
