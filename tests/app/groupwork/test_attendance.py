"""Taking attendance: one screen, "Everyone attended" then change the few, caught up
later with a date and how, who changed what and when, refused before the start."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import AbsenceNotice, Attendance, AttendanceChange
from tests.app.groupwork.helpers import add_session
from tests.pages import SITE_SCRIPTS, page_scripts


def marks(app, session_id: int) -> dict[int, tuple]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Attendance).where(Attendance.session_id == session_id))
        return {r.user_id: (r.status, r.caught_up_on, r.caught_up_how) for r in rows}


def changes(app, session_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AttendanceChange)
            .where(AttendanceChange.session_id == session_id)
            .order_by(AttendanceChange.id)
        )
        return [(r.status, r.changed_by_name) for r in rows]


def url(world, session_id: int, rest: str = "") -> str:
    return f"/programmes/{world.a}/sessions/{session_id}/attendance{rest}"


def test_attendance_cannot_be_taken_before_the_session_starts(app, world, trainer):
    session_id = add_session(app, world.a, days=2)
    page = trainer.get(url(world, session_id)).get_data(as_text=True)
    assert "This session has not started yet. You can take attendance from 6pm on" in page
    assert "Save attendance" not in page
    status = f"status-{world.ids['jo']}"
    response = trainer.post(url(world, session_id), data={"csrf_token": trainer.token,
                                                           status: "attended"})  # fmt: skip
    assert response.status_code == 400
    assert "has not started yet" in response.get_data(as_text=True)
    response = trainer.post(url(world, session_id, "/everyone"), data={"csrf_token": trainer.token})
    assert response.status_code == 400
    assert marks(app, session_id) == {}


def test_everyone_attended_then_change_the_few(app, world, trainer, jo):
    session_id = add_session(app, world.a, days=-1)
    future = add_session(app, world.a, days=5)
    # Kit said beforehand they could not come to the earlier one (sent while it was ahead).
    with app.app_context():
        db.session.add(AbsenceNotice(session_id=session_id, user_id=world.ids["kit"],
                                     reason="Exam"))  # fmt: skip
        db.session.commit()
    page = trainer.get(url(world, session_id)).get_data(as_text=True)
    assert "Said they can't come: “Exam”" in page
    assert trainer.post(url(world, session_id, "/everyone"),
                        data={"csrf_token": trainer.token}).status_code == 302  # fmt: skip
    assert marks(app, session_id) == {
        world.ids["jo"]: ("attended", None, None),
        world.ids["kit"]: ("apologies", None, None),
        world.ids["lee"]: ("attended", None, None),
    }
    caught = (date.today()).isoformat()
    data = {
        "csrf_token": trainer.token,
        f"status-{world.ids['jo']}": "attended",
        f"status-{world.ids['kit']}": "caught-up",
        f"caught-up-on-{world.ids['kit']}": caught,
        f"caught-up-how-{world.ids['kit']}": "one-to-one",
        f"status-{world.ids['lee']}": "absent",
    }
    assert trainer.post(url(world, session_id), data=data).status_code == 302
    assert marks(app, session_id)[world.ids["kit"]] == ("caught-up", date.today(), "one-to-one")
    assert marks(app, session_id)[world.ids["lee"]] == ("absent", None, None)
    # Every change kept, with who made it: 3 from "everyone", then 2 changed (Jo unchanged).
    statuses = ("attended", "apologies", "attended", "caught-up", "absent")
    assert changes(app, session_id) == [(status, "Aisha Trainer") for status in statuses]
    page = trainer.get(url(world, session_id)).get_data(as_text=True)
    assert "Every change" in page and "marked Lee as “Absent”" in page
    assert marks(app, future) == {}
    # The trainee sees their own mark on the session's page.
    assert "Your attendance: <strong>Attended</strong>" in jo.get(
        f"/training/sessions/{session_id}"
    ).get_data(as_text=True)


def test_a_bad_catch_up_keeps_what_was_typed_and_saves_nothing(app, world, trainer):
    session_id = add_session(app, world.a, days=-3)
    kit = world.ids["kit"]
    data = {
        "csrf_token": trainer.token,
        f"status-{world.ids['jo']}": "attended",
        f"status-{kit}": "caught-up",
        f"caught-up-on-{kit}": "1900-01-01",
        f"caught-up-how-{kit}": "",
    }
    response = trainer.post(url(world, session_id), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="caught-up-on-{kit}-error"' in page
    assert "They can only catch up on or after the session&#39;s date." in page
    assert "Choose how they caught up." in page
    assert 'value="1900-01-01"' in page
    assert f'name="status-{kit}" value="caught-up" checked' in page
    assert marks(app, session_id) == {}


def test_no_attendance_for_a_cancelled_session(app, world, trainer):
    session_id = add_session(app, world.a, days=-1)
    trainer.post(f"/programmes/{world.a}/sessions/{session_id}/cancel",
                 data={"csrf_token": trainer.token})  # fmt: skip
    response = trainer.post(url(world, session_id, "/everyone"), data={"csrf_token": trainer.token})
    assert response.status_code == 400
    assert "cancelled" in response.get_data(as_text=True)
    assert marks(app, session_id) == {}


def test_a_trainee_of_another_programme_cannot_be_marked_here(app, world, trainer):
    session_id = add_session(app, world.a, days=-1)
    data = {"csrf_token": trainer.token, f"status-{world.ids['trainee_b']}": "attended"}
    assert trainer.post(url(world, session_id), data=data).status_code == 302
    assert marks(app, session_id) == {}


def test_the_attendance_screen_works_without_javascript(app, world, trainer):
    """One plain form: a radio group per trainee, a submit button, no script of its own."""
    session_id = add_session(app, world.a, days=-1)
    page = trainer.get(url(world, session_id)).get_data(as_text=True)
    assert page_scripts(page) == SITE_SCRIPTS
    for name in ("jo", "kit", "lee"):
        assert f'name="status-{world.ids[name]}" value="attended"' in page
    assert page.count('type="submit"') >= 1 and "Everyone attended" in page


def test_past_week_dates_are_accepted(app, world, trainer):
    session_id = add_session(app, world.a, days=-10)
    lee = world.ids["lee"]
    data = {"csrf_token": trainer.token, f"status-{lee}": "caught-up",
            f"caught-up-on-{lee}": (date.today() - timedelta(days=2)).isoformat(),
            f"caught-up-how-{lee}": "other-group"}  # fmt: skip
    assert trainer.post(url(world, session_id), data=data).status_code == 302
    assert marks(app, session_id)[lee][2] == "other-group"
