"""The log-in throttle (Flask-Limiter) runs only on the views that have a limit
(mentorhub/throttling.py): they still throttle, the others never reach it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask

from mentorhub import create_app, throttling
from mentorhub.extensions import limiter
from tests.conftest import config_class
from tests.factories import PASSWORD, csrf_token, log_in, make_programme, make_user

WRONG_PASSWORD = "not my password at all"


@pytest.fixture
def trainee(app):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        user = make_user(programme=make_programme(modules))
        return SimpleNamespace(id=user.id, username=user.username)


def _record_limiter_use(app: Flask) -> list[tuple[str, bool]]:
    """After each request: its path, and whether the limiter ran for it."""
    seen: list[tuple[str, bool]] = []

    @app.after_request
    def record(response):
        from flask import request

        seen.append((request.path, throttling.checked_this_request()))
        return response

    return seen


def test_pages_without_a_limit_never_run_the_limiter(app, client, trainee):
    seen = _record_limiter_use(app)
    log_in(client, trainee)
    seen.clear()
    pages = ("/", "/modules", "/modules/welcome", "/training", "/training/welcome", "/account")
    for path in pages:
        client.get(path)
    assert seen == [(path, False) for path in pages]
    assert limiter._check_request_limit not in app.before_request_funcs[None]


def test_a_limited_view_still_runs_it_and_throttles(app, client, trainee):
    seen = _record_limiter_use(app)
    token = csrf_token(client)
    statuses = []
    for _ in range(6):
        data = {"username": trainee.username, "password": WRONG_PASSWORD, "csrf_token": token}
        statuses.append(client.post("/login", data=data).status_code)
    assert statuses == [400] * 5 + [429]
    assert seen[-1] == ("/login", True)
    right = {"username": trainee.username, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=right).status_code == 429


def test_failed_log_ins_are_counted_after_the_view(client, trainee):
    """The after-request hook that counts a failure (deduct_when) still runs."""
    token = csrf_token(client)
    for _ in range(4):
        data = {"username": trainee.username, "password": WRONG_PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 400
    right = {"username": trainee.username, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=right).status_code == 302  # not counted
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    data = {"username": trainee.username, "password": WRONG_PASSWORD, "csrf_token": token}
    token = csrf_token(client)
    data["csrf_token"] = token
    assert client.post("/login", data=data).status_code == 400  # the fifth failure
    assert client.post("/login", data=data).status_code == 429


@pytest.mark.parametrize("setting", ["RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"])
def test_a_limit_the_views_would_not_check_is_refused(app_config, setting):
    with pytest.raises(RuntimeError, match=setting):
        create_app(config_class(**app_config, **{setting: "1000 per day"}))
    assert not limiter.limit_manager._default_limits  # nothing kept for the next app
    assert not limiter.limit_manager._application_limits
