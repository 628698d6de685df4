"""The session cookie: what it carries for a logged-in person, and session protection
(a browser that changes is marked not fresh) with the shorter browser identifier."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import log_in, make_programme, make_user

PHONE = "Mozilla/5.0 (Linux; Android 14) Mobile"


@pytest.fixture
def trainee(app):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        user = make_user(programme=make_programme(modules))
        return SimpleNamespace(id=user.id, username=user.username)


def _session(app, client) -> dict:
    cookie = client.get_cookie("session").value
    return app.session_interface.get_signing_serializer(app).loads(cookie)


def test_the_cookie_carries_a_short_browser_identifier(app, client, trainee):
    client.environ_base["HTTP_USER_AGENT"] = PHONE
    log_in(client, trainee)
    session = _session(app, client)
    assert len(session["_id"]) == 32 and int(session["_id"], 16) >= 0
    assert session["_fresh"] is True and session["_user_id"] == str(trainee.id)
    assert client.get("/training").status_code == 200
    assert client.get_cookie("session").value  # still there
    assert _session(app, client)["_fresh"] is True  # same browser: left as it was


def test_another_browser_with_the_cookie_is_not_fresh_but_stays_logged_in(app, client, trainee):
    client.environ_base["HTTP_USER_AGENT"] = PHONE
    log_in(client, trainee)
    client.environ_base["HTTP_USER_AGENT"] = "curl/8.0"
    assert client.get("/training").status_code == 200
    assert _session(app, client)["_fresh"] is False


def test_another_address_is_another_browser(app, client, trainee):
    client.environ_base["HTTP_USER_AGENT"] = PHONE
    log_in(client, trainee)
    assert client.get("/training", environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 200
    assert _session(app, client)["_fresh"] is False


def test_a_cookie_signed_with_another_key_is_not_a_log_in(app, client, trainee):
    log_in(client, trainee)
    serializer = app.session_interface.get_signing_serializer(app)
    assert app.session_interface.get_signing_serializer(app) is serializer  # kept
    app.secret_key = "another key entirely"
    assert app.session_interface.get_signing_serializer(app) is not serializer
    assert client.get("/training").status_code == 302
