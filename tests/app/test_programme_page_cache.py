"""The trainer's programme page is kept until a row it shows changes: every kind of
write shows at once; each programme's page is its own; the CSRF token, the viewer and
flashed messages are per request; the page reads no table its fingerprint leaves out."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

import mentorhub.programmes.kept_page as kept_page
import mentorhub.programmes.views as programme_views
from mentorhub.extensions import db
from mentorhub.learning.adaptation_doc import AdaptationDoc, NewSection
from mentorhub.learning.adaptations import save_revision
from mentorhub.learning.attendance import Mark, record_attendance
from mentorhub.learning.curriculum import move_trainee, set_curriculum
from mentorhub.learning.group_sessions import SessionValues, create_session, update_session
from mentorhub.learning.programme_fingerprint import TABLES
from mentorhub.learning.readiness import record_decision
from mentorhub.lru import LRU
from mentorhub.models import AttendanceStatus, Decision, GroupSession, Programme, User
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user
from tests.pages import who
from tests.queries import recorded_queries

LOG_IN_TABLES = {"users", "programmes", "login_sessions", "trainer_programmes"}


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The programme ids whose page body was rendered (not taken from the kept ones)."""
    seen: list[int] = []
    real = programme_views._detail_body

    def spy(programme, catalogue, sort):
        seen.append(programme.id)
        return real(programme, catalogue, sort)

    monkeypatch.setattr(programme_views, "_detail_body", spy)
    return seen


def programme_with(app, name: str, trainees: list[str]) -> SimpleNamespace:
    """A programme (alpha required, two parts), its trainer (logged in) and trainees."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name=name, join_code=None)
        programme.join_code = f"J{abs(hash(name)) % 10**7:07d}"
        people = [make_user(programme=programme, display_name=n) for n in trainees]
        trainer = make_user(role="trainer", trainer_of=[programme], display_name=f"{name} lead")
        db.session.commit()
        found = SimpleNamespace(
            id=programme.id,
            trainer_id=trainer.id,
            trainees={
                p.display_name: SimpleNamespace(id=p.id, username=p.username) for p in people
            },
        )
    found.client = app.test_client()
    log_in(found.client, who(trainer.username))
    return found


@pytest.fixture
def fife(app) -> SimpleNamespace:
    return programme_with(app, "Fife Peer Mentors", ["Aileen Brodie", "Bruce Kerr"])


def page(programme, **kwargs) -> str:
    response = programme.client.get(f"/programmes/{programme.id}", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def kept(programme, renders) -> str:
    """The page, rendered once and then served from the kept body (checked)."""
    first = page(programme)
    before = len(renders)
    assert untokened(page(programme)) == untokened(first)
    assert len(renders) == before, "the second view was not served from the kept page"
    return first


def untokened(markup: str) -> str:
    """The page without its CSRF tokens (signed with the time: they change each second)."""
    return re.sub(r'value="[\w-]+\.[\w-]+\.[\w-]+"', 'value="token"', markup)


def tokens(markup: str) -> list[str]:
    return re.findall(r'value="([\w-]+\.[\w-]+\.[\w-]+)"', markup)


def cells(markup: str, name: str) -> list[str]:
    """What the grid says for one trainee, module by module."""
    row = re.search(rf">{re.escape(name)}</a>.*?</tr>", markup, re.S)
    assert row, f"no row for {name}"
    return re.findall(r'<span class="visually-hidden">([^<]+)</span></td>', row.group(0))


def trainee_client(app, programme, name: str):
    client = app.test_client()
    log_in(client, who(programme.trainees[name].username))
    return client, csrf_token(client, "/training")


def in_app(app, change, *args) -> None:
    with app.app_context():
        change(*args)
        db.session.commit()


def objects(programme) -> tuple[Programme, User]:
    return db.session.get(Programme, programme.id), db.session.get(User, programme.trainer_id)


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


def past_session(fife, title: str = "Listening well") -> GroupSession:
    programme, _trainer = objects(fife)
    yesterday = date.today() - timedelta(days=1)
    return create_session(programme, SessionValues(title, yesterday, time(18), time(20)))


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
    path.write_text(path.read_text().replace("title: Alpha module", "title: Alpha, retold"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
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


# --- each programme's own page; per-request parts -------------------------------------------


def test_two_trainers_of_different_programmes_each_see_their_own_page(app, fife, renders):
    angus = programme_with(app, "Angus Peer Mentors", ["Calum Drummond"])
    for _ in range(2):  # cold, then kept
        mine, theirs = page(fife), page(angus)
        assert "Fife Peer Mentors" in mine and "Aileen Brodie" in mine
        assert "Angus Peer" not in mine and "Calum Drummond" not in mine
        assert "Angus Peer Mentors" in theirs and "Calum Drummond" in theirs
        assert "Fife Peer" not in theirs and "Aileen Brodie" not in theirs
    assert sorted(renders) == sorted([fife.id, angus.id])
    assert fife.client.get(f"/programmes/{angus.id}").status_code == 403
    assert angus.client.get(f"/programmes/{fife.id}").status_code == 403


def test_the_viewer_and_csrf_token_are_each_request_s_own(app, fife, renders):
    with app.app_context():
        admin = make_user(role="admin", display_name="Morag Admin").username
    admin_client = app.test_client()
    log_in(admin_client, who(admin))
    theirs = page(fife)
    mine = admin_client.get(f"/programmes/{fife.id}").get_data(as_text=True)
    assert len(renders) == 1  # the admin was given the trainer's kept body
    # A signed token starts with the session's own token; the time and signature follow.
    own = {t.split(".")[0] for t in tokens(mine)}
    assert own == {csrf_token(admin_client, f"/programmes/{fife.id}").split(".")[0]}
    assert own.isdisjoint(t.split(".")[0] for t in tokens(theirs))
    assert len(tokens(mine)) == 2  # the log-out button and "Switch the code off"
    assert 'href="/admin"' in mine and 'href="/admin"' not in theirs  # the viewer's menu
    with app.app_context():
        admin_id = db.session.scalar(sa.select(User.id).where(User.username == admin))
    assert f'<meta name="mh-user" content="{admin_id}">' in mine
    assert f'<meta name="mh-user" content="{fife.trainer_id}">' in theirs
    again = admin_client.get(f"/programmes/{fife.id}").get_data(as_text=True)  # kept layout
    assert f'<meta name="mh-user" content="{admin_id}">' in again and 'href="/admin"' in again
    assert kept_page.TOKEN not in mine
    kept_form_token = tokens(mine)[-1]
    switched = admin_client.post(
        f"/programmes/{fife.id}/join-code",
        data={"csrf_token": kept_form_token, "action": "disable"},
    )
    assert switched.status_code == 302  # the kept form's token is accepted


def test_a_flashed_message_shows_once_on_a_kept_page(app, fife, renders):
    kept(fife, renders)
    token = csrf_token(fife.client, f"/programmes/{fife.id}")
    fife.client.post(
        f"/programmes/{fife.id}/join-code", data={"csrf_token": token, "action": "disable"}
    )
    assert "Nobody new can join until you switch it on." in page(fife)
    assert "Nobody new can join until you switch it on." not in page(fife)


def test_an_evaluator_gets_the_figures_not_the_kept_page(app, fife, renders):
    kept(fife, renders)
    with app.app_context():
        evaluator = make_user(role="evaluator").username
    client = app.test_client()
    log_in(client, who(evaluator))
    markup = client.get(f"/programmes/{fife.id}").get_data(as_text=True)
    assert "Aileen Brodie" not in markup and "Inviting trainees" not in markup


# --- how it is kept ------------------------------------------------------------------------


def rename_now(app, user_id: int, name: str) -> None:
    """Another request's commit, on a connection of its own."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(sa.update(User).where(User.id == user_id).values(display_name=name))


def test_a_page_is_not_kept_when_its_rows_changed_while_it_was_rendered(app, fife, monkeypatch):
    """Each query may see a commit made after the fingerprint was read: a page with
    newer rows than its fingerprint would be served again after an undo."""
    real = programme_views._detail_body
    aileen = fife.trainees["Aileen Brodie"].id
    calls = []

    def render_during_a_write(programme, catalogue, sort):
        calls.append(1)
        if len(calls) == 1:
            rename_now(app, aileen, "Aileen Shaw")
        return real(programme, catalogue, sort)

    monkeypatch.setattr(programme_views, "_detail_body", render_during_a_write)
    page(fife)  # may show either name: it is not kept
    rename_now(app, aileen, "Aileen Brodie")  # back as it was when the fingerprint was read
    markup = page(fife)
    assert "Aileen Brodie" in markup and "Aileen Shaw" not in markup


def test_the_kept_pages_stay_within_their_number(app, fife, renders):
    with app.app_context():
        app.extensions[kept_page.EXTENSION_KEY] = LRU(2)
    others = [programme_with(app, f"Programme {n}", ["Someone Else"]) for n in range(3)]
    for programme in others:
        page(programme)
    assert len(app.extensions[kept_page.EXTENSION_KEY]) == 2


def test_the_page_reads_no_table_the_fingerprint_leaves_out(app, fife, renders):
    """A new table on the page must join the fingerprint, or a write to it would not show."""
    client, token = trainee_client(app, fife, "Aileen Brodie")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    in_app(app, past_session, fife)
    with recorded_queries(app) as statements:
        page(fife)
    assert renders == [fife.id]
    read = set()
    for statement in statements:
        read |= set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", statement))
    assert read - TABLES - LOG_IN_TABLES == set()
    assert {"section_progress", "group_sessions", "curriculum_items"} <= read
