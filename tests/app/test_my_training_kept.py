"""My training kept per trainee (training/kept_index.py): never another person's
page, never a stale one, a fresh CSRF token on every answer, and messages shown once."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from mentorhub.extensions import db
from mentorhub.models import GroupSession, Programme, User
from mentorhub.training import kept_index, views
from tests.app.groupwork.helpers import add_session
from tests.factories import FIXTURES, csrf_token, edit_file, log_in, make_programme, make_user

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app_config(app_config, tmp_path):
    """The fixture content (alpha, required; beta), in a folder the test may change."""
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def trainee(app, programme_id: int | None = None, **user) -> tuple[int, int]:
    """A new trainee (and a new programme unless one is given): their ids."""
    with app.app_context():
        if programme_id is None:
            programme = make_programme(app.extensions["mentorhub.catalogue"].modules)
        else:
            programme = db.session.get(Programme, programme_id)
        return make_user(programme=programme, **user).id, programme.id


def logged_in(app, user_id: int):
    client = app.test_client()
    with app.app_context():
        log_in(client, db.session.get(User, user_id))
    return client


def first_module(app, programme_id: int) -> tuple[str, str]:
    with app.app_context():
        module_id = db.session.get(Programme, programme_id).curriculum[0].module_id
        return module_id, app.extensions["mentorhub.catalogue"].get(module_id).sections[0].id


def test_two_trainees_in_the_same_state_each_get_their_own_page(app):
    ailsa, first = trainee(app, display_name="Ailsa Brown")
    bob, _same = trainee(app, first, display_name="Bob Gray")
    carla, other = trainee(app, display_name="Carla Reid")
    pages = {who: logged_in(app, who).get("/training").text for who in (ailsa, bob, carla)}
    assert "Ailsa Brown" in pages[ailsa] and "Bob Gray" not in pages[ailsa]
    assert "Bob Gray" in pages[bob] and "Ailsa Brown" not in pages[bob]
    with app.app_context():
        other_name = db.session.get(Programme, other).name
    assert other_name in pages[carla] and other_name not in pages[ailsa]
    # and again, now that each is kept
    assert "Ailsa Brown" in logged_in(app, ailsa).get("/training").text
    assert "Bob Gray" in logged_in(app, bob).get("/training").text


def test_each_answer_carries_this_browsers_own_csrf_token(app):
    ailsa, programme_id = trainee(app)
    phone, laptop = logged_in(app, ailsa), logged_in(app, ailsa)
    tokens = [TOKEN.search(client.get("/training").text)[1] for client in (phone, laptop)]
    assert tokens[0] != tokens[1]  # two log-ins, two sessions: the kept page is shared
    module_id, section_id = first_module(app, programme_id)
    done = laptop.post(f"/training/{module_id}/{section_id}/done", data={"csrf_token": tokens[1]})
    assert done.status_code == 302


def test_a_part_marked_done_shows_at_once(app):
    ailsa, programme_id = trainee(app)
    client = logged_in(app, ailsa)
    assert "1 of 2 parts done" not in client.get("/training").text
    module_id, section_id = first_module(app, programme_id)
    token = csrf_token(client, f"/training/{module_id}")
    client.post(f"/training/{module_id}/{section_id}/done", data={"csrf_token": token})
    assert "1 of 2 parts done" in client.get("/training").text


def test_a_session_change_shows_at_once(app):
    ailsa, programme_id = trainee(app)
    session_id = add_session(app, programme_id, days=3, title="Boundaries night")
    client = logged_in(app, ailsa)
    assert "Boundaries night" in client.get("/training").text
    with app.app_context():
        db.session.get(GroupSession, session_id).venue = "The new hub"
        db.session.commit()
    assert "The new hub" in client.get("/training").text


def test_a_session_moves_to_past_when_it_starts_with_nothing_else_changed(app, monkeypatch):
    ailsa, programme_id = trainee(app)
    session_id = add_session(app, programme_id, days=1, title="Tomorrow's session")
    with app.app_context():
        starts_at = db.session.get(GroupSession, session_id).starts_at
    client = logged_in(app, ailsa)
    monkeypatch.setattr(views, "utcnow", lambda: starts_at - timedelta(minutes=1))
    assert "Next session" in client.get("/training").text
    monkeypatch.setattr(views, "utcnow", lambda: starts_at + timedelta(minutes=1))
    page = client.get("/training").text  # the same day in London, and the same rows
    assert "Next session" not in page
    assert "Past sessions (1)" in page


def test_a_message_is_shown_once_and_never_kept(app):
    ailsa, programme_id = trainee(app)
    client = logged_in(app, ailsa)
    client.get("/training")
    module_id, _section = first_module(app, programme_id)
    with client.session_transaction() as browser:
        browser["_flashes"] = [("success", "A message for Ailsa only")]
    assert "A message for Ailsa only" in client.get("/training").text
    assert "A message for Ailsa only" not in client.get("/training").text


def test_a_library_change_shows_at_once(app, app_config):
    ailsa, _programme_id = trainee(app)
    client = logged_in(app, ailsa)
    assert "Alpha module" in client.get("/training").text
    edit_file(
        Path(app_config["CONTENT_DIR"]) / "modules" / "alpha.md", "Alpha module", "Alpha, rewritten"
    )
    assert "Alpha, rewritten" in client.get("/training").text


def test_the_kept_pages_are_bounded(app, monkeypatch):
    monkeypatch.setattr(kept_index, "CACHE_SIZE", 2)
    people = [trainee(app)[0] for _ in range(3)]
    for who in people:
        assert logged_in(app, who).get("/training").status_code == 200
    assert len(app.extensions[kept_index.EXTENSION_KEY]) == 2


@pytest.fixture(autouse=True)
def _fresh_kept_pages(app):
    app.extensions.pop(kept_index.EXTENSION_KEY, None)


@pytest.mark.parametrize("page", ["/training", "/training/{module}"])
def test_a_changed_static_file_gives_a_kept_trainee_page_its_new_address(app, monkeypatch, page):
    """My training and the module page (kept between requests) address the new version
    of a changed style sheet on the next request, not the one they were drawn with."""
    from mentorhub import static_files

    someone, programme_id = trainee(app)
    client = logged_in(app, someone)
    url = page.format(module=first_module(app, programme_id)[0])
    with app.app_context():
        versions = static_files.asset_versions()
    real = versions.version
    old = real("css/site.css")
    assert f"/static/css/site.css?v={old}" in client.get(url).text
    assert f"/static/css/site.css?v={old}" in client.get(url).text  # kept
    monkeypatch.setattr(
        versions, "version", lambda name: "0123456789" if name == "css/site.css" else real(name)
    )
    changed = client.get(url).text
    assert "/static/css/site.css?v=0123456789" in changed and f"site.css?v={old}" not in changed
