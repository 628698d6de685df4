"""The trainer's programme page is kept until a row it shows changes: every kind of
write shows on the next request (each test keeps the page first, and checks it was)."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import sqlalchemy as sa

import mentorhub.programmes.kept_page as kept_page
from mentorhub.extensions import db
from mentorhub.learning.adaptation_doc import AdaptationDoc, NewSection
from mentorhub.learning.adaptations import save_revision
from mentorhub.learning.attendance import Mark, record_attendance
from mentorhub.learning.curriculum import move_trainee, set_curriculum
from mentorhub.learning.group_sessions import SessionValues, update_session
from mentorhub.learning.readiness import record_decision
from mentorhub.models import AttendanceStatus, Decision, GroupSession, Programme, User
from tests.app.programme_page.helpers import (
    cells,
    in_app,
    kept,
    objects,
    page,
    past_session,
    programme_with,
    trainee_client,
)
from tests.factories import csrf_token, edit_file, make_user

# --- every kind of write shows at once ------------------------------------------------------


def test_a_part_marked_done_shows_at_once(app, fife, renders):
    assert cells(kept(fife, renders), "Aileen Brodie")[0] == "Not started"
    client, token = trainee_client(app, fife, "Aileen Brodie")
    done = client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    assert done.status_code == 302
    assert cells(page(fife), "Aileen Brodie")[0] == "In progress (1/2)"


def test_a_part_marked_undone_shows_at_once(app, fife, renders):
    client, token = trainee_client(app, fife, "Aileen Brodie")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    assert cells(kept(fife, renders), "Aileen Brodie")[0] == "In progress (1/2)"
    undo = client.post("/training/alpha/getting-started/undo", data={"csrf_token": token})
    assert undo.status_code == 302
    assert cells(page(fife), "Aileen Brodie")[0] == "Not started"


def test_a_module_completed_shows_at_once(app, fife, renders):
    client, token = trainee_client(app, fife, "Bruce Kerr")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    markup = kept(fife, renders)
    assert cells(markup, "Bruce Kerr")[0] == "In progress (1/2)"
    assert "<dt>Completed the training</dt><dd>0</dd>" in markup
    client.post("/training/alpha/part-two/done", data={"csrf_token": token})
    markup = page(fife)
    assert cells(markup, "Bruce Kerr")[0] == "Complete"
    assert "<dt>Completed the training</dt><dd>1</dd>" in markup


def test_a_readiness_decision_shows_at_once(app, fife, renders):
    assert "<dt>Ready to be matched</dt><dd>0</dd>" in kept(fife, renders)

    def ready():
        programme, trainer = objects(fife)
        user = db.session.get(User, fife.trainees["Bruce Kerr"].id)
        record_decision(programme, user, Decision.READY, trainer, date.today())

    in_app(app, ready)
    assert "<dt>Ready to be matched</dt><dd>1</dd>" in page(fife)


def test_attendance_taken_shows_at_once(app, fife, renders):
    in_app(app, past_session, fife)
    assert "No attendance taken yet." in kept(fife, renders)

    def attended():
        programme, trainer = objects(fife)
        session = db.session.scalar(sa.select(GroupSession))
        user = db.session.get(User, fife.trainees["Aileen Brodie"].id)
        record_attendance(session, [user], [Mark(user.id, AttendanceStatus.ATTENDED)], trainer)

    in_app(app, attended)
    markup = page(fife)
    assert "Attendance by session" in markup and "Listening well" in markup


def test_a_session_renamed_shows_at_once(app, fife, renders):
    def attended():
        session = past_session(fife)
        user = db.session.get(User, fife.trainees["Aileen Brodie"].id)
        _programme, trainer = objects(fife)
        record_attendance(session, [user], [Mark(user.id, AttendanceStatus.ATTENDED)], trainer)

    in_app(app, attended)
    assert "Listening well" in kept(fife, renders)

    def rename():
        session = db.session.scalar(sa.select(GroupSession))
        day = date.today() - timedelta(days=1)
        update_session(session, SessionValues("Listening, really", day, time(18), time(20)))

    in_app(app, rename)
    assert "Listening, really" in page(fife)


def test_a_curriculum_change_shows_at_once(app, fife, renders):
    markup = kept(fife, renders)
    assert "Beta module (optional)" in markup
    assert cells(markup, "Aileen Brodie") == ["Not started", "Not started"]

    def alpha_only():
        programme, _trainer = objects(fife)
        set_curriculum(programme, [("alpha", True)])

    in_app(app, alpha_only)
    markup = page(fife)
    assert "Beta module" not in markup
    assert cells(markup, "Aileen Brodie") == ["Not started"]


def test_a_new_adaptation_revision_shows_at_once(app, fife, renders):
    client, token = trainee_client(app, fife, "Aileen Brodie")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    assert cells(kept(fife, renders), "Aileen Brodie")[0] == "In progress (1/2)"

    def adapt():
        programme, trainer = objects(fife)
        alpha = app.extensions["mentorhub.catalogue"].get("alpha")
        doc = AdaptationDoc(new_sections=(NewSection("our-hub", "Our hub", "Come by.", None),))
        save_revision(programme, alpha, doc, trainer, message="Our hub")

    in_app(app, adapt)
    assert cells(page(fife), "Aileen Brodie")[0] == "In progress (1/3)"


def test_a_trainee_joining_shows_at_once(app, fife, renders):
    assert "Callum Reid" not in kept(fife, renders)
    in_app(app, lambda: make_user(programme=objects(fife)[0], display_name="Callum Reid"))
    assert cells(page(fife), "Callum Reid")[0] == "Not started"


def test_a_trainee_renamed_shows_at_once(app, fife, renders):
    assert "Aileen Brodie" in kept(fife, renders)

    def rename():
        db.session.get(User, fife.trainees["Aileen Brodie"].id).display_name = "Aileen Shaw"

    in_app(app, rename)
    markup = page(fife)
    assert "Aileen Shaw" in markup and "Aileen Brodie" not in markup


def test_a_trainee_moving_to_another_programme_shows_at_once(app, fife, renders):
    other = programme_with(app, "Angus Peer Mentors", [])
    assert "Bruce Kerr" in kept(fife, renders)

    def move():
        user = db.session.get(User, fife.trainees["Bruce Kerr"].id)
        move_trainee(user, db.session.get(Programme, other.id))

    in_app(app, move)
    assert "Bruce Kerr" not in page(fife)
    assert "Bruce Kerr" in page(other)


def test_a_trainee_deleting_their_account_shows_at_once(app, fife, renders):
    assert "Bruce Kerr" in kept(fife, renders)
    client, token = trainee_client(app, fife, "Bruce Kerr")
    from tests.factories import PASSWORD

    gone = client.post("/account/delete", data={"csrf_token": token, "password": PASSWORD})
    assert gone.status_code == 302
    assert "Bruce Kerr" not in page(fife)


def test_the_join_code_switched_off_and_on_shows_at_once(app, fife, renders):
    off, on = "Switch the code off</button>", "Switch the code on</button>"
    assert off in kept(fife, renders)
    token = csrf_token(fife.client, f"/programmes/{fife.id}")
    url = f"/programmes/{fife.id}/join-code"
    assert fife.client.post(url, data={"csrf_token": token, "action": "disable"}).status_code == 302
    markup = page(fife)
    assert on in markup and off not in markup
    assert fife.client.post(url, data={"csrf_token": token, "action": "enable"}).status_code == 302
    markup = page(fife)
    assert off in markup and on not in markup


def test_a_new_join_code_shows_at_once(app, fife, renders):
    with app.app_context():
        old = db.session.get(Programme, fife.id).join_code
    assert old in kept(fife, renders)
    token = csrf_token(fife.client, f"/programmes/{fife.id}")
    made = fife.client.post(
        f"/programmes/{fife.id}/join-code",
        data={"csrf_token": token, "action": "regenerate", "confirmed": "yes"},
    )
    assert made.status_code == 302
    with app.app_context():
        new = db.session.get(Programme, fife.id).join_code
    markup = page(fife)
    assert new in markup and old not in markup


def test_the_programme_s_details_and_support_contacts_show_at_once(app, fife, renders):
    kept(fife, renders)

    def edit():
        programme = db.session.get(Programme, fife.id)
        programme.name = "Fife Mentoring Together"
        programme.partner_organisation = "Kingdom Youth Trust"
        programme.support_contacts = "Ring **Jo** at the hub."

    in_app(app, edit)
    markup = page(fife)
    assert "Kingdom Youth Trust" in markup and "<strong>Jo</strong>" in markup
    assert "<title>Fife Mentoring Together – " in markup  # the kept layout's title too
    assert "<h1>Fife Mentoring Together</h1>" in markup


def test_a_library_change_shows_at_once(app, fife, renders):
    assert "Alpha module" in kept(fife, renders)
    path = Path(app.config["CONTENT_DIR"]) / "modules" / "alpha.md"
    edit_file(path, "title: Alpha module", "title: Alpha, retold")
    assert "Alpha, retold" in page(fife)


def test_a_new_day_renders_the_page_afresh(app, fife, renders, monkeypatch):
    kept(fife, renders)
    monkeypatch.setattr(kept_page, "london_today", lambda: date.today() + timedelta(days=1))
    page(fife)
    assert len(renders) == 2


def test_each_sort_order_and_address_is_kept_apart(app, fife, renders):
    client, token = trainee_client(app, fife, "Bruce Kerr")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    by_name = kept(fife, renders)
    by_activity = page(fife, query_string={"sort": "activity"})
    assert by_name.index("Aileen Brodie") < by_name.index("Bruce Kerr")
    assert by_activity.index("Bruce Kerr") < by_activity.index("Aileen Brodie")
    elsewhere = page(fife, base_url="https://localhost")
    assert "https://localhost/join/" in elsewhere and "http://localhost/join/" in by_name
