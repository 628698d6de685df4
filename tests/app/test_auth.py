"""Accounts through the real test client and database: joining with a code,
registering, logging in and out, throttling, changing and resetting passwords."""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from mentorhub.extensions import db
from mentorhub.models import LoginSession, PasswordReset, Programme, Role, User
from mentorhub.models.base import utcnow
from tests.factories import PASSWORD, csrf_token, log_in, make_programme, make_user
from tests.pages import field_error, field_value, reset_path, who

NEW_PASSWORD = "kelpie lighthouse tattie scone"
WRONG_PASSWORD = "not my password at all"
CODE = "ABCD2345"


# --- helpers ---


def post_login(client, username, password, remote_addr="127.0.0.1", **extra):
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    data.update(extra.pop("data", {}))
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": remote_addr}, **extra)


def post_logout(client):
    return client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})


def register_data(client, **overrides) -> dict:
    data = {
        "join_code": CODE,
        "display_name": "Skye Morgan",
        "username": "skye.m",
        "email": "",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "csrf_token": csrf_token(client, "/register"),
    }
    data.update(overrides)
    return data


def users_called(app, username: str) -> list[User]:
    with app.app_context():
        users = db.session.scalars(sa.select(User).where(User.username == username)).all()
        db.session.expunge_all()
        return users


@pytest.fixture
def programme(app):
    """An open programme with join code ABCD2345 and the default curriculum."""
    with app.app_context():
        made = make_programme(app.extensions["mentorhub.catalogue"].modules, join_code=CODE)
        return SimpleNamespace(id=made.id, name=made.name)


@pytest.fixture
def trainee(app, programme):
    with app.app_context():
        user = make_user(programme=db.session.get(Programme, programme.id))
        return SimpleNamespace(id=user.id, username=user.username)


# --- join links and codes ---


@pytest.mark.parametrize("typed", ["ABCD2345", "abcd2345", "abcd-2345", "ABCD 2345", "ab-cd 23-45"])
def test_join_link_opens_registration_with_the_code(client, programme, typed):
    response = client.get(f"/join/{typed}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/register?code={CODE}"


def test_registration_from_a_join_link_has_the_code_filled_in(client, programme):
    page = client.get("/join/abcd-2345", follow_redirects=True)
    assert page.status_code == 200
    assert field_value(page.text, "join_code") == CODE
    assert programme.name in page.text


@pytest.mark.parametrize("url", ["/join/{code}", "/register?code={code}"])
@pytest.mark.parametrize("state", ["unknown", "switched off"])
def test_an_unknown_or_switched_off_code_gets_a_clear_page(app, client, url, state):
    with app.app_context():
        make_programme(join_code=CODE, join_code_enabled=state != "switched off")
    code = "ZZZZ9999" if state == "unknown" else CODE
    response = client.get(url.format(code=code))
    assert response.status_code == 200
    assert "That join code does not work" in response.text
    assert "Check the code with your coordinator" in response.text


# --- registration ---


def test_registration_makes_a_trainee_of_the_programme_and_logs_them_in(app, client, programme):
    response = client.post("/register", data=register_data(client))
    assert response.status_code == 302
    assert response.headers["Location"] == "/training"
    [user] = users_called(app, "skye.m")
    assert (user.role, user.programme_id, user.display_name) == (
        Role.TRAINEE,
        programme.id,
        "Skye Morgan",
    )
    assert client.get("/training").status_code == 200


@pytest.mark.parametrize("typed", ["abcd2345", "abcd-2345", " ABCD 2345 "])
def test_registration_accepts_the_code_in_lower_case_with_spaces_and_dashes(
    app, client, programme, typed
):
    response = client.post("/register", data=register_data(client, join_code=typed))
    assert response.status_code == 302
    [user] = users_called(app, "skye.m")
    assert user.programme_id == programme.id


@pytest.mark.parametrize(
    ("typed", "stored"), [("", None), ("skye@example.org", "skye@example.org")]
)
def test_email_is_optional(app, client, programme, typed, stored):
    response = client.post("/register", data=register_data(client, email=typed))
    assert response.status_code == 302
    [user] = users_called(app, "skye.m")
    assert user.email == stored


def test_the_password_is_stored_hashed(app, client, programme):
    client.post("/register", data=register_data(client))
    [user] = users_called(app, "skye.m")
    assert NEW_PASSWORD not in user.password_hash
    assert check_password_hash(user.password_hash, NEW_PASSWORD)


def test_registration_only_ever_makes_trainees(app, client, programme):
    client.post("/register", data=register_data(client, role="admin"))
    [user] = users_called(app, "skye.m")
    assert user.role == Role.TRAINEE


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("username", {"username": ""}, "Choose a username."),
        ("username", {"username": "skye m"}, "Use 3 to 40 letters or numbers."),
        ("display_name", {"display_name": ""}, "Tell us what to call you."),
        ("email", {"email": "skye-at-example"}, "Enter an email address like"),
        (
            "password",
            {"password": "short one", "confirm": "short one"},
            "Use at least 10 characters.",
        ),
        (
            "password",
            {"password": "Password123", "confirm": "Password123"},
            "That password is too common.",
        ),
        (
            "password",
            {"password": "hi-skye.m-here!", "confirm": "hi-skye.m-here!"},
            "must not contain your username",
        ),
        ("confirm", {"confirm": "kelpie lighthouse"}, "The two passwords do not match."),
        ("join_code", {"join_code": ""}, "Enter the join code your programme gave you."),
    ],
)
def test_registration_problems_come_back_beside_the_field(
    app, client, programme, field, overrides, message
):
    response = client.post("/register", data=register_data(client, **overrides))
    assert response.status_code == 400
    assert message in field_error(response.text, field)
    assert users_called(app, overrides.get("username", "skye.m")) == []


def test_a_taken_username_is_refused(app, client, programme):
    with app.app_context():
        make_user(username="skye.m")
    response = client.post("/register", data=register_data(client, username="Skye.M"))
    assert response.status_code == 400
    assert "That username is taken" in field_error(response.text, "username")
    assert len(users_called(app, "skye.m")) == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"password": "short one", "confirm": "short one"},
        {"confirm": "something else entirely"},
        {"join_code": "ZZZZ9999"},
    ],
    ids=["weak password", "passwords differ", "unknown code"],
)
def test_registration_keeps_what_was_typed_except_passwords(client, programme, overrides):
    typed = {"display_name": "Skye <Morgan>", "username": "skye.m"}
    response = client.post("/register", data=register_data(client, **typed, **overrides))
    assert response.status_code == 400
    for name, value in typed.items():
        assert field_value(response.text, name) == value
    assert field_value(response.text, "join_code") == overrides.get("join_code", CODE)
    assert field_value(response.text, "password") == ""
    assert field_value(response.text, "confirm") == ""
    sent = register_data(client, **overrides)
    assert sent["password"] not in response.text
    assert sent["confirm"] not in response.text


def test_registration_keeps_a_typed_email(client, programme):
    data = register_data(client, email="skye@example.org", confirm="something else entirely")
    response = client.post("/register", data=data)
    assert response.status_code == 400
    assert field_value(response.text, "email") == "skye@example.org"


@pytest.mark.parametrize("state", ["unknown", "switched off"])
def test_registration_with_a_switched_off_or_unknown_code_is_refused(app, client, state):
    with app.app_context():
        make_programme(join_code=CODE, join_code_enabled=state != "switched off")
    code = "ZZZZ9999" if state == "unknown" else CODE
    response = client.post("/register", data=register_data(client, join_code=code))
    assert response.status_code == 400
    assert "switched off" in field_error(response.text, "join_code")
    assert users_called(app, "skye.m") == []


def test_passwords_never_reach_the_logs(app, client, programme, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # every SQL statement and its values
    client.post("/register", data=register_data(client))
    post_logout(client)
    assert post_login(client, "skye.m", WRONG_PASSWORD).status_code == 400
    assert post_login(client, "skye.m", NEW_PASSWORD).status_code == 302
    assert len(caplog.records) > 10, "too little was logged for the check to prove anything"
    logged = caplog.text + " ".join(repr(record.args) for record in caplog.records)
    assert NEW_PASSWORD not in logged
    assert WRONG_PASSWORD not in logged


# --- logging in and out ---


def test_log_in_takes_a_trainee_to_their_training(client, trainee):
    response = post_login(client, trainee.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(response.headers["Location"], follow_redirects=True).request.path == (
        "/training"
    )
    assert client.get("/training").status_code == 200


def test_usernames_are_not_case_sensitive_at_log_in(client, trainee):
    assert post_login(client, f"  {trainee.username.upper()} ", PASSWORD).status_code == 302


@pytest.mark.parametrize("case", ["wrong password", "unknown username"])
def test_a_failed_log_in_says_so_and_keeps_the_username_but_not_the_password(client, trainee, case):
    username = trainee.username if case == "wrong password" else "nobody.here"
    response = post_login(client, username, WRONG_PASSWORD)
    assert response.status_code == 400
    assert "That username and password do not match" in field_error(response.text, "password")
    assert field_value(response.text, "username") == username
    assert field_value(response.text, "password") == ""
    assert WRONG_PASSWORD not in response.text
    assert client.get("/training").status_code == 302


def test_log_out_ends_the_session(client, trainee):
    log_in(client, who(trainee.username))
    response = post_logout(client)
    assert response.status_code == 302
    assert "You have logged out" in client.get(response.headers["Location"]).text
    after = client.get("/training")
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/login")


def test_a_copied_session_cookie_stops_working_after_log_out(app, client, trainee):
    log_in(client, who(trainee.username))
    copied = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/training").status_code == 200  # the copy works while logged in

    post_logout(client)
    response = thief.get("/training")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    with app.app_context():
        sessions = db.session.scalars(sa.select(LoginSession)).all()
        assert [s.revoked_at is not None for s in sessions] == [True]


def _session_set_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_the_session_ends_with_the_browser_unless_remember_is_ticked(client, trainee):
    response = post_login(client, trainee.username, PASSWORD)
    assert response.status_code == 302
    cookie = _session_set_cookie(response)
    assert "Expires=" not in cookie
    assert "Max-Age=" not in cookie


def test_remember_me_keeps_the_session_cookie(client, trainee):
    response = post_login(client, trainee.username, PASSWORD, data={"remember": "y"})
    assert response.status_code == 302
    assert "Expires=" in _session_set_cookie(response)


def test_remember_me_is_not_ticked_on_the_form(client):
    assert (
        "checked"
        not in re.search(r'<input[^>]*name="remember"[^>]*>', client.get("/login").text)[0]
    )


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/training", "/training"),
        ("//evil.example", "/dashboard"),
        ("https://evil.example", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
    ],
)
def test_next_after_log_in_only_follows_local_paths(client, trainee, target, landing):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": trainee.username, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == landing


def test_a_page_that_needs_a_log_in_sends_you_back_after_it(client, trainee):
    response = client.get("/account")
    assert response.headers["Location"] == "/login?next=%2Faccount"
    token = csrf_token(client, response.headers["Location"])
    page = client.get(response.headers["Location"]).text
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    logged_in = client.post(
        action, data={"username": trainee.username, "password": PASSWORD, "csrf_token": token}
    )
    assert logged_in.headers["Location"] == "/account"


# --- throttling ---


def test_five_failures_for_one_username_block_it_from_every_address(client, trainee):
    for n in range(5):
        assert post_login(
            client, trainee.username, WRONG_PASSWORD, f"198.51.100.{n}"
        ).status_code == (400)
    assert post_login(client, trainee.username, WRONG_PASSWORD, "203.0.113.77").status_code == 429


def test_a_correct_password_is_refused_while_throttled(client, trainee):
    for n in range(5):
        post_login(client, trainee.username, WRONG_PASSWORD, f"198.51.100.{n}")
    response = post_login(client, trainee.username, PASSWORD, "203.0.113.77")
    assert response.status_code == 429
    assert client.get("/training").status_code == 302


def test_five_failures_from_one_address_block_it_for_every_username(app, client, trainee):
    for n in range(5):
        assert post_login(client, f"guess{n}", WRONG_PASSWORD, "198.51.100.7").status_code == 400
    response = post_login(client, trainee.username, PASSWORD, "198.51.100.7")
    assert response.status_code == 429


def test_throttling_leaves_other_people_alone(app, client, trainee):
    with app.app_context():
        other = make_user().username
    for n in range(5):
        post_login(client, trainee.username, WRONG_PASSWORD, f"198.51.100.{n}")
    assert post_login(client, other, PASSWORD, "203.0.113.8").status_code == 302


def test_x_forwarded_for_is_not_trusted_by_default(client, trainee):
    for n in range(5):
        response = post_login(
            client, f"guess{n}", WRONG_PASSWORD, headers={"X-Forwarded-For": f"192.0.2.{n}"}
        )
        assert response.status_code == 400
    response = post_login(
        client, trainee.username, PASSWORD, headers={"X-Forwarded-For": "192.0.2.200"}
    )
    assert response.status_code == 429


def test_successful_log_ins_do_not_count(client, trainee):
    for _ in range(4):
        assert post_login(client, trainee.username, WRONG_PASSWORD).status_code == 400
    for _ in range(3):
        assert post_login(client, trainee.username, PASSWORD).status_code == 302
        post_logout(client)
    assert post_login(client, trainee.username, WRONG_PASSWORD).status_code == 400  # fifth failure
    assert post_login(client, trainee.username, WRONG_PASSWORD).status_code == 429


def _throttle(client, username):
    for n in range(5):
        post_login(client, username, WRONG_PASSWORD, f"198.51.100.{n}")
    return post_login(client, username, WRONG_PASSWORD, "203.0.113.77")


def test_the_throttled_page_says_when_to_try_again(client, trainee):
    response = _throttle(client, trainee.username)
    assert response.status_code == 429
    minutes = re.search(r"try again in (\d+) minutes?", response.text)
    assert minutes, f"no 'try again in N minutes' in: {response.text[:2000]}"
    assert 1 <= int(minutes.group(1)) <= 15


def test_the_throttled_log_in_form_keeps_the_username_but_not_the_password(client, trainee):
    response = _throttle(client, trainee.username)
    assert response.status_code == 429
    assert field_value(response.text, "username") == trainee.username
    assert field_value(response.text, "password") == ""
    assert WRONG_PASSWORD not in response.text


# --- changing your password ---


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "password": new,
            "confirm": new if confirm is None else confirm,
            "csrf_token": csrf_token(client, "/account/password"),
        },
    )


def test_changing_password_logs_out_other_browsers_but_not_this_one(app, client, trainee):
    phone = app.test_client()
    log_in(client, who(trainee.username))
    log_in(phone, who(trainee.username))
    assert phone.get("/training").status_code == 200

    response = change_password(client)
    assert response.status_code == 302
    assert client.get("/training").status_code == 200
    assert phone.get("/training").status_code == 302


def test_after_a_change_only_the_new_password_works(app, client, trainee):
    log_in(client, who(trainee.username))
    change_password(client)
    fresh = app.test_client()
    assert post_login(fresh, trainee.username, PASSWORD).status_code == 400
    assert post_login(fresh, trainee.username, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("field", "kwargs", "message"),
    [
        ("current_password", {"current": WRONG_PASSWORD}, "That is not your current password."),
        ("password", {"new": "tiny pass"}, "Use at least 10 characters."),
        ("password", {"new": "qwertyuiop"}, "That password is too common."),
        ("confirm", {"confirm": "kelpie lighthouse"}, "The two passwords do not match."),
    ],
)
def test_change_password_problems_are_shown_and_nothing_changes(
    app, client, trainee, field, kwargs, message
):
    log_in(client, who(trainee.username))
    response = change_password(client, **kwargs)
    assert response.status_code == 400
    assert message in field_error(response.text, field)
    assert post_login(app.test_client(), trainee.username, PASSWORD).status_code == 302


def test_a_new_password_may_not_contain_the_username(client, trainee):
    log_in(client, who(trainee.username))
    response = change_password(client, new=f"my name is {trainee.username}")
    assert response.status_code == 400
    assert "must not contain your username" in field_error(response.text, "password")


# --- reset links made by trainers and admins ---


@pytest.fixture
def trainer(app, programme):
    with app.app_context():
        user = make_user("trainer", trainer_of=[db.session.get(Programme, programme.id)])
        return SimpleNamespace(id=user.id, username=user.username)


def trainer_makes_link(client, programme_id, trainee_id):
    return client.post(
        f"/programmes/{programme_id}/trainees/{trainee_id}/reset-link",
        data={"csrf_token": csrf_token(client, "/account")},
    )


def set_new_password(client, path, password=NEW_PASSWORD):
    return client.post(
        path,
        data={"password": password, "confirm": password, "csrf_token": csrf_token(client, path)},
    )


def test_a_trainer_makes_a_reset_link_for_their_own_trainee(
    app, client, programme, trainer, trainee
):
    log_in(client, who(trainer.username))
    response = trainer_makes_link(client, programme.id, trainee.id)
    assert response.status_code == 200
    token = reset_path(response.text).rsplit("/", 1)[1]
    assert "It is only shown now" in response.text
    with app.app_context():
        [reset] = db.session.scalars(sa.select(PasswordReset)).all()
        assert (reset.user_id, reset.created_by_id) == (trainee.id, trainer.id)
        assert reset.expires_at - reset.created_at == pytest.approx(
            timedelta(hours=48), abs=timedelta(minutes=1)
        )
        assert token not in reset.token_hash  # only a hash of the token is kept


def test_the_reset_link_cannot_be_fetched_again(client, programme, trainer, trainee):
    log_in(client, who(trainer.username))
    trainer_makes_link(client, programme.id, trainee.id)
    response = client.get(f"/programmes/{programme.id}/trainees/{trainee.id}/reset-link")
    assert response.status_code == 405


def test_a_reset_link_sets_a_new_password_once(app, client, programme, trainer, trainee):
    log_in(client, who(trainer.username))
    path = reset_path(trainer_makes_link(client, programme.id, trainee.id).text)
    person = app.test_client()
    assert trainee.username in person.get(path).text
    response = set_new_password(person, path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert post_login(app.test_client(), trainee.username, PASSWORD).status_code == 400
    assert post_login(app.test_client(), trainee.username, NEW_PASSWORD).status_code == 302

    again = person.get(path)
    assert again.status_code == 410
    assert "This link has already been used" in again.text


def test_a_used_link_cannot_set_a_password_again(app, client, programme, trainer, trainee):
    log_in(client, who(trainer.username))
    path = reset_path(trainer_makes_link(client, programme.id, trainee.id).text)
    person = app.test_client()
    token = csrf_token(person, path)
    set_new_password(person, path)
    response = person.post(
        path,
        data={
            "password": "another good phrase",
            "confirm": "another good phrase",
            "csrf_token": token,
        },
    )
    assert response.status_code == 410
    assert post_login(app.test_client(), trainee.username, NEW_PASSWORD).status_code == 302


def test_an_expired_link_says_so(app, client, programme, trainer, trainee):
    log_in(client, who(trainer.username))
    path = reset_path(trainer_makes_link(client, programme.id, trainee.id).text)
    with app.app_context():
        db.session.execute(
            sa.update(PasswordReset).values(expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.text


def test_an_unknown_link_says_so(client):
    response = client.get("/reset/not-a-real-token")
    assert response.status_code == 410
    assert "This link does not work" in response.text


def test_a_new_link_stops_the_earlier_one_working(app, client, programme, trainer, trainee):
    log_in(client, who(trainer.username))
    first = reset_path(trainer_makes_link(client, programme.id, trainee.id).text)
    second = reset_path(trainer_makes_link(client, programme.id, trainee.id).text)
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_a_reset_link_still_applies_the_password_rules(app, client, programme, trainer, trainee):
    log_in(client, who(trainer.username))
    path = reset_path(trainer_makes_link(client, programme.id, trainee.id).text)
    person = app.test_client()
    response = set_new_password(person, path, "password123")
    assert response.status_code == 400
    assert "too common" in field_error(response.text, "password")
    assert set_new_password(person, path).status_code == 302  # the link was not used up


@pytest.mark.parametrize("route", ["own programme, their trainee", "their programme"])
def test_a_trainer_cannot_make_a_link_for_another_programmes_trainee(
    app, client, programme, trainer, route
):
    with app.app_context():
        elsewhere = make_programme()
        stranger = make_user(programme=elsewhere)
        ids = (programme.id if route.startswith("own") else elsewhere.id, stranger.id)
    log_in(client, who(trainer.username))
    response = trainer_makes_link(client, *ids)
    assert response.status_code in (403, 404)
    assert "/reset/" not in response.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PasswordReset.id))) == 0


@pytest.mark.parametrize("role", ["trainee", "evaluator"])
def test_trainees_and_evaluators_cannot_make_reset_links(app, client, programme, trainee, role):
    with app.app_context():
        username = make_user(role, programme=None).username
    log_in(client, who(username))
    assert trainer_makes_link(client, programme.id, trainee.id).status_code == 403


def test_an_admin_makes_a_reset_link_for_anyone(app, client, trainer):
    with app.app_context():
        admin = make_user("admin").username
    log_in(client, who(admin))
    response = client.post(
        f"/admin/users/{trainer.id}/reset-link", data={"csrf_token": csrf_token(client, "/admin")}
    )
    assert response.status_code == 200
    path = reset_path(response.text)
    person = app.test_client()
    assert set_new_password(person, path).status_code == 302
    assert post_login(person, trainer.username, NEW_PASSWORD).status_code == 302


# --- self-service /forgot, with mail printed to the console ---


class TestForgotPassword:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "MAIL_TO_CONSOLE": True, "MAIL_SERVER": ""}

    def ask(self, client, username):
        return client.post(
            "/forgot", data={"username": username, "csrf_token": csrf_token(client, "/forgot")}
        )

    def test_a_trainee_with_an_email_gets_a_link_that_works(self, app, client, programme, capsys):
        with app.app_context():
            username = make_user(email="skye@example.org").username
        capsys.readouterr()
        response = self.ask(client, username)
        assert response.status_code == 200
        mail = capsys.readouterr().out
        assert "To: skye@example.org" in mail
        path = reset_path(mail)
        assert set_new_password(client, path).status_code == 302
        assert post_login(client, username, NEW_PASSWORD).status_code == 302

    @pytest.mark.parametrize("who_asks", ["unknown username", "account without email"])
    def test_the_answer_is_the_same_whoever_asks(self, app, client, capsys, who_asks):
        with app.app_context():
            known = make_user(email="skye@example.org").username
            no_email = make_user().username
        expected = self.ask(app.test_client(), known)
        capsys.readouterr()

        username = "nobody.at.all" if who_asks == "unknown username" else no_email
        response = self.ask(client, username)
        assert (response.status_code, response.text) == (expected.status_code, expected.text)
        assert "/reset/" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("jo.smith", True), ("jo-smith", True), ("jo_smith2", True), ("abc", True),
     ("jo smith", False), (".jo", False), ("jo", False), ("a" * 41, False), ("jo@home", False)],
)  # fmt: skip
def test_the_username_hint_says_what_the_rule_allows(username, allowed):
    """The hint beside every username field is the rule in words: dots, dashes and
    underscores are allowed after the first character, spaces never, 3 to 40 long."""
    from mentorhub.accounts.users import USERNAME_HINT, username_problem

    assert "Dots, dashes and underscores are fine after the first one" in USERNAME_HINT
    assert "3 to 40" in USERNAME_HINT and "No spaces" in USERNAME_HINT
    assert (username_problem(username) is None) is allowed


def test_the_sign_up_and_staff_forms_show_the_same_username_hint(client):
    from mentorhub.accounts.users import USERNAME_HINT

    assert USERNAME_HINT in client.get("/register").get_data(as_text=True)
