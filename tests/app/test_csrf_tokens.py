"""The signed CSRF token kept per browser session for a few minutes (csrf_tokens.py):
each browser still has its own, and every POST is still checked."""

from __future__ import annotations

import re

import pytest

from mentorhub import csrf_tokens
from tests.factories import log_in, make_programme, make_user

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def trainee_id(app) -> int:
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules)
        return make_user(programme=programme).id


def browser(app, user_id: int):
    from mentorhub.extensions import db
    from mentorhub.models import User

    client = app.test_client()
    with app.app_context():
        log_in(client, db.session.get(User, user_id))
    return client


def token_on(client, url: str = "/training") -> str:
    return TOKEN.search(client.get(url).text)[1]


def test_a_browser_gets_the_same_signed_token_for_a_while_then_a_new_one(
    app, trainee_id, monkeypatch
):
    now, signed = [1000.0], []
    monkeypatch.setattr(csrf_tokens, "_clock", lambda: now[0])
    sign = csrf_tokens.generate_csrf
    monkeypatch.setattr(csrf_tokens, "generate_csrf", lambda: signed.append(1) or sign())
    client = browser(app, trainee_id)
    first = token_on(client)
    assert token_on(client, "/training") == first
    assert len(signed) == 1
    now[0] += csrf_tokens.SIGNED_FOR + 1
    token_on(client)
    assert len(signed) == 2
    response = client.post("/training/calendar/address", data={"csrf_token": first})
    assert response.status_code == 302  # no time limit: a token signed earlier still posts


def test_each_browser_has_its_own_token_and_cannot_use_another(app, trainee_id):
    phone, laptop = browser(app, trainee_id), browser(app, trainee_id)
    phone_token, laptop_token = token_on(phone), token_on(laptop)
    assert phone_token != laptop_token
    refused = laptop.post("/logout", data={"csrf_token": phone_token})
    assert refused.status_code == 400
    assert laptop.get("/training").status_code == 200  # still logged in
    assert laptop.post("/logout", data={"csrf_token": laptop_token}).status_code == 302


def test_a_new_secret_key_signs_a_new_token(app, trainee_id):
    client = browser(app, trainee_id)
    first = token_on(client)
    app.secret_key = app.secret_key + "-rotated"
    app.config["SECRET_KEY_FALLBACKS"] = []
    client = browser(app, trainee_id)
    assert token_on(client) != first
