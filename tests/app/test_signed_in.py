"""The plain-values log-in (`accounts/signed_in.py`) on the pages trainees open most:
the same check as everywhere (an open log-in session, on every request), read without
the ORM, and nothing kept between requests."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import request_finished
from flask_login import current_user

from mentorhub.accounts.signed_in import SignedIn
from mentorhub.extensions import db
from mentorhub.models import Programme, SectionProgress, User
from mentorhub.reading import current_reader
from tests.factories import csrf_token, log_in, make_programme, make_user

PAGES = ["/training", "/training/{module}"]


@pytest.fixture
def seen_users(app) -> list[type]:
    """The class of `current_user` on each request that loaded one."""
    seen: list[type] = []

    def note(_app, response, **_extra):
        if current_user.is_authenticated:
            seen.append(type(current_user._get_current_object()))

    with request_finished.connected_to(note, app):
        yield seen


@pytest.fixture
def trainee(app, client) -> SimpleNamespace:
    """A trainee logged in on `client`, and their programme's first module."""
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        programme = make_programme(catalogue.modules)
        user = make_user(programme=programme)
        log_in(client, user)
        module = catalogue.get(programme.curriculum[0].module_id)
        return SimpleNamespace(
            id=user.id,
            programme_id=programme.id,
            module=module.id,
            section=module.sections[0].id,
        )


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_trainees_open_most_read_the_log_in_as_plain_values(
    client, trainee, seen_users, page
):
    assert client.get(page.format(module=trainee.module)).status_code == 200
    assert seen_users == [SignedIn]


def test_every_other_request_gets_the_orm_user(client, trainee, seen_users):
    token = csrf_token(client, f"/training/{trainee.module}")
    seen_users.clear()
    done = client.post(
        f"/training/{trainee.module}/{trainee.section}/done", data={"csrf_token": token}
    )
    assert done.status_code == 302
    client.get("/account")
    assert seen_users == [User, User]


@pytest.mark.parametrize("page", PAGES)
def test_a_copied_cookie_stops_working_on_the_next_request_after_log_out(
    app, client, trainee, page
):
    page = page.format(module=trainee.module)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get(page).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    response = thief.get(page)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("page", PAGES)
def test_a_programme_change_shows_on_the_next_request(app, client, trainee, page):
    page = page.format(module=trainee.module)
    assert client.get(page).status_code == 200
    with app.app_context():
        db.session.get(Programme, trainee.programme_id).support_contacts = "Phone **Ailsa** on 0141"
        db.session.get(Programme, trainee.programme_id).name = "Renamed programme"
        db.session.commit()
    page_text = client.get(page).text
    assert "Renamed programme" in page_text
    assert "<strong>Ailsa</strong>" in page_text


@pytest.mark.parametrize("page", PAGES)
def test_a_trainee_taken_out_of_their_programme_is_refused_at_once(app, client, trainee, page):
    page = page.format(module=trainee.module)
    assert client.get(page).status_code == 200
    with app.app_context():
        db.session.get(User, trainee.id).programme_id = None
        db.session.commit()
    assert client.get(page).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_trainer_is_refused(app, trainee, page):
    trainer = app.test_client()
    with app.app_context():
        log_in(trainer, make_user(role="trainer"))
    assert trainer.get(page.format(module=trainee.module)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_read_in_autocommit_and_the_next_request_writes_as_usual(
    app, client, trainee, page, database_url
):
    """No BEGIN and no ROLLBACK round trips on PostgreSQL for pages that only read, and
    no ORM session either; the pooled connection goes back to transactions for the next
    request. (SQLite's driver sends no BEGIN for a SELECT: nothing to save there.)"""
    levels, sessions = [], []
    reading = database_url.startswith("postgresql")

    def note(_app, response, **_extra):
        sessions.append(db.session.registry.has())
        reader = current_reader()
        if reader is None:
            levels.append(None)
        else:
            levels.append(reader.autocommit and reader.connection.driver_connection.autocommit)

    with request_finished.connected_to(note, app):
        assert client.get(page.format(module=trainee.module)).status_code == 200
        assert levels == [reading] and sessions == [False]
        token = csrf_token(client, f"/training/{trainee.module}")
        levels.clear()
        done = client.post(
            f"/training/{trainee.module}/{trainee.section}/done", data={"csrf_token": token}
        )
    assert done.status_code == 302
    assert levels == [None]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SectionProgress)) == 1
