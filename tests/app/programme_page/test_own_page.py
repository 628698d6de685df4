"""The kept programme page: each programme's own, the viewer, CSRF token and messages
per request; not kept when its rows moved while it was built; bounded; and it reads no
table its fingerprint leaves out."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import request_finished, template_rendered
from flask_login import current_user

import mentorhub.programmes.kept_page as kept_page
import mentorhub.programmes.views as programme_views
from mentorhub import csrf_tokens, static_files
from mentorhub.accounts.signed_in import SignedIn
from mentorhub.extensions import db
from mentorhub.learning.programme_fingerprint import TABLES
from mentorhub.lru import LRU
from mentorhub.models import User
from tests.app.programme_page.helpers import (
    in_app,
    kept,
    objects,
    page,
    past_session,
    programme_with,
    tokens,
    trainee_client,
)
from tests.factories import csrf_token, log_in, make_user
from tests.pages import who
from tests.queries import recorded_queries

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
    assert len(renders) == 2  # each viewer's page is their own (the menu is in it)
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
    again = admin_client.get(f"/programmes/{fife.id}").get_data(as_text=True)  # kept
    assert f'<meta name="mh-user" content="{admin_id}">' in again and 'href="/admin"' in again
    theirs_again = page(fife)
    assert f'<meta name="mh-user" content="{fife.trainer_id}">' in theirs_again
    assert 'href="/admin"' not in theirs_again
    assert len(renders) == 2
    assert csrf_tokens.PLACEHOLDER not in mine
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


LOG_IN_TABLES = {"users", "programmes", "login_sessions", "trainer_programmes"}
STAMP = {"pragma_data_version"}  # SQLite's stamp (learning/database_stamp.py)


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
    assert read - TABLES - LOG_IN_TABLES - STAMP == set()
    assert {"section_progress", "group_sessions", "curriculum_items"} <= read


# --- the whole page kept, read with the plain log-in ----------------------------------------


def test_a_kept_page_runs_no_template(app, fife, renders):
    """The layout is kept with the body: a kept page is sent as it was drawn."""
    kept(fife, renders)
    drawn: list[str] = []

    def note(_app, template, context, **_extra):
        drawn.append(template.name)

    with template_rendered.connected_to(note, app):
        markup = page(fife)
    assert drawn == [] and "Aileen Brodie" in markup and len(renders) == 1


def test_the_page_reads_the_log_in_as_plain_values_and_refuses_a_trainee(app, fife, renders):
    seen: list[type] = []

    def note(_app, response, **_extra):
        seen.append(type(current_user._get_current_object()))

    with request_finished.connected_to(note, app):
        kept(fife, renders)
    assert seen == [SignedIn, SignedIn]
    client, _token = trainee_client(app, fife, "Aileen Brodie")
    assert client.get(f"/programmes/{fife.id}").status_code == 403


def test_a_changed_static_file_gives_the_kept_page_its_new_address(app, fife, renders, monkeypatch):
    markup = kept(fife, renders)
    with app.app_context():
        versions = static_files.asset_versions()
    real = versions.version
    old = real("css/site.css")
    assert f"/static/css/site.css?v={old}" in markup
    monkeypatch.setattr(
        versions, "version", lambda name: "0123456789" if name == "css/site.css" else real(name)
    )
    markup = page(fife)
    assert "/static/css/site.css?v=0123456789" in markup and len(renders) == 2
    assert "/static/css/site.css?v=0123456789" in page(fife) and len(renders) == 2  # kept


def test_a_page_drawn_with_a_message_is_not_kept(app, fife, renders):
    token = csrf_token(fife.client, f"/programmes/{fife.id}")
    fife.client.post(
        f"/programmes/{fife.id}/join-code", data={"csrf_token": token, "action": "disable"}
    )
    with app.app_context():
        app.extensions.pop(kept_page.EXTENSION_KEY, None)
    assert "Nobody new can join" in page(fife)
    with app.app_context():
        assert len(kept_page._cache()) == 0
    assert "Nobody new can join" not in page(fife)


def test_a_trainer_taken_off_the_programme_is_refused_at_once(app, fife, renders):
    """Who may see the page is read on every request, not kept with it."""
    kept(fife, renders)

    def take_off():
        _programme, trainer = objects(fife)
        trainer.trainer_of = []

    in_app(app, take_off)
    assert fife.client.get(f"/programmes/{fife.id}").status_code == 403


def test_the_viewer_s_new_name_and_role_give_them_a_page_of_their_own(app, fife, renders):
    """The viewer's row is in the key: a trainer made admin gets the admin's menu."""
    assert 'href="/admin"' not in kept(fife, renders)

    def promote():
        _programme, trainer = objects(fife)
        trainer.role = "admin"

    in_app(app, promote)
    assert 'href="/admin"' in page(fife) and len(renders) == 2
