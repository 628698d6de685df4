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


# --- what a cookie decoded to is kept (security.CookieSessionWithoutWork) -----------


def test_a_kept_cookie_still_expires_with_the_session_lifetime(app, client, trainee, monkeypatch):
    from mentorhub import security

    log_in(client, trainee)
    assert client.get("/training").status_code == 200  # decoded and kept
    assert client.get("/training").status_code == 200  # from what was kept
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = security.time.time() + lifetime + 5
    monkeypatch.setattr(security.time, "time", lambda: later)
    response = client.get("/training")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_changed_byte_is_checked_afresh(app, client, trainee):
    log_in(client, trainee)
    cookie = client.get_cookie("session").value
    assert client.get("/training").status_code == 200
    # a character inside the payload (the last one of a base64 part may carry only
    # padding bits, which decode the same whatever they are)
    flipped = cookie[:5] + ("A" if cookie[5] != "A" else "B") + cookie[6:]
    client.set_cookie("session", flipped)
    assert client.get("/training").status_code == 302


def test_a_new_secret_key_refuses_a_kept_cookie(app, client, trainee):
    log_in(client, trainee)
    assert client.get("/training").status_code == 200
    app.secret_key = "another key entirely, 32 characters or more"
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/training").status_code == 302


def test_messages_waiting_in_a_session_are_never_shared_between_requests(app, client, trainee):
    """A session holding a list (waiting messages) is decoded afresh each time: the
    message is shown once, and a replayed cookie shows it again, never a neighbour's."""
    log_in(client, trainee)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Shown once")]
    cookie = client.get_cookie("session").value
    assert "Shown once" in client.get("/training").text
    assert "Shown once" not in client.get("/training").text
    client.set_cookie("session", cookie)
    assert "Shown once" in client.get("/training").text
    kept = app.session_interface._opened
    decoded = [kept.get(key) for key in kept.keys()]  # noqa: SIM118 (an LRU, not a dict)
    assert decoded and all("_flashes" not in data for data, _signed in decoded)


# --- a remembered cookie is signed again hourly, not on every response --------------


def _remembered(client, trainee) -> str:
    from tests.factories import PASSWORD, csrf_token

    form = {"username": trainee.username, "password": PASSWORD, "remember": "y"}
    response = client.post("/login", data={**form, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    client.get("/training")  # the first page adds the CSRF token to the session
    return client.get_cookie("session").value


def test_a_remembered_cookie_is_not_signed_again_on_every_page(app, client, trainee):
    cookie = _remembered(client, trainee)
    response = client.get("/training")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session").value == cookie


def test_a_remembered_cookie_an_hour_old_is_signed_again_and_lives_on(
    app, client, trainee, monkeypatch
):
    from mentorhub import security

    cookie = _remembered(client, trainee)
    lifetime = app.permanent_session_lifetime.total_seconds()
    # past the refresh age, and near the end of the lifetime: the page signs it afresh
    later = security.time.time() + lifetime - 60
    monkeypatch.setattr(security.time, "time", lambda: later)
    response = client.get("/training")
    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    renewed = client.get_cookie("session").value
    assert renewed != cookie
    # a day after the old cookie would have expired, the renewed one still logs in
    much_later = later + 24 * 3600
    monkeypatch.setattr(security.time, "time", lambda: much_later)
    with app.app_context():
        signer = app.session_interface.get_signing_serializer(app)
        signer.loads(renewed, max_age=int(lifetime))  # itsdangerous agrees it is fresh
    assert client.get("/training").status_code == 200
    client.set_cookie("session", cookie)
    assert client.get("/training").status_code == 302
