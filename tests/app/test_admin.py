"""Roles: accounts from the command line, staff and programmes made by admins,
who may see admin pages, and the demo data command."""

from __future__ import annotations

import html
import re
import shutil
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from config import ProductionConfig
from mentorhub import create_app
from mentorhub.extensions import db
from mentorhub.learning.join_codes import ALPHABET
from mentorhub.local_authorities import LOCAL_AUTHORITIES
from mentorhub.models import Programme, Role, User
from tests.conftest import config_class
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user, write_module
from tests.pages import field_error, field_value, page_scripts, reset_path, who

NEW_PASSWORD = "kelpie lighthouse tattie scone"


# --- helpers ---


def post_login(client, username, password):
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count(User.id))),
            db.session.scalar(sa.select(sa.func.count(Programme.id))),
        )


def find(app, username: str) -> SimpleNamespace | None:
    """What a test needs to know about a user, read inside an app context."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            return None
        return SimpleNamespace(
            id=user.id,
            role=user.role,
            display_name=user.display_name,
            email=user.email,
            trainer_of=[p.name for p in user.trainer_of],
        )


@pytest.fixture
def admin(app, client):
    """The test client, logged in as an admin."""
    with app.app_context():
        username = make_user("admin").username
    log_in(client, who(username))
    return client


# --- flask users create-admin / create ---


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (["--username", "Morag", "--name", "Morag Admin"], [NEW_PASSWORD, NEW_PASSWORD]),
        ([], ["Morag", "Morag Admin", NEW_PASSWORD, NEW_PASSWORD]),
    ],
    ids=["options", "prompts"],
)
def test_create_admin_makes_an_admin_who_can_log_in(app, runner, client, args, typed):
    result = runner.invoke(args=["users", "create-admin", *args], input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "Created admin morag." in result.output
    assert find(app, "morag").role == Role.ADMIN
    response = post_login(client, "morag", NEW_PASSWORD)
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).headers["Location"] == "/admin"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("tiny pass", "Use at least 10 characters."),
        ("Password123", "That password is too common."),
        ("morag-is-the-boss", "Your password must not contain your username."),
    ],
)
def test_cli_refuses_weak_passwords(app, runner, password, message):
    result = runner.invoke(
        args=["users", "create-admin", "--username", "morag", "--name", "Morag"],
        input=f"{password}\n{password}\n",
    )
    assert result.exit_code == 1
    assert message in result.output
    assert find(app, "morag") is None


def test_cli_refuses_a_taken_username(app, runner):
    with app.app_context():
        make_user("trainer", username="morag", display_name="The first Morag")
    result = runner.invoke(
        args=["users", "create-admin", "--username", "MORAG", "--name", "Morag"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 1
    assert "the username 'MORAG' is taken" in result.output
    assert find(app, "morag").display_name == "The first Morag"


def test_cli_refuses_a_bad_username(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "--username", "morag mac", "--name", "Morag"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 1
    assert "not spaces" in result.output
    assert counts(app)[0] == 0


def test_users_create_makes_a_trainer_of_the_named_programme(app, runner, client):
    with app.app_context():
        programme_id = make_programme(name="Next Steps").id
        make_programme(name="Somewhere Else")
    result = runner.invoke(
        args=[
            "users", "create", "--username", "aisha", "--name", "Aisha",
            "--role", "trainer", "--programme", "Next Steps",
        ],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    aisha = find(app, "aisha")
    assert (aisha.role, aisha.trainer_of) == (Role.TRAINER, ["Next Steps"])
    assert post_login(client, "aisha", NEW_PASSWORD).status_code == 302
    assert client.get(f"/programmes/{programme_id}").status_code == 200


def test_users_create_makes_an_evaluator(app, runner):
    result = runner.invoke(
        args=["users", "create", "--username", "priya", "--name", "Priya", "--role", "evaluator"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert find(app, "priya").role == Role.EVALUATOR


def test_users_create_with_an_unknown_programme_creates_nobody(app, runner):
    result = runner.invoke(
        args=[
            "users", "create", "--username", "aisha", "--name", "Aisha",
            "--role", "trainer", "--programme", "No Such Programme",
        ],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no programme called 'No Such Programme'" in result.output
    assert find(app, "aisha") is None


def test_users_create_refuses_weak_passwords(app, runner):
    result = runner.invoke(
        args=["users", "create", "--username", "priya", "--name", "Priya", "--role", "evaluator"],
        input="qwertyuiop\nqwertyuiop\n",
    )
    assert result.exit_code == 1
    assert "too common" in result.output
    assert find(app, "priya") is None


# --- flask seed-demo ---


def seed_demo(app):
    """Run `flask seed-demo` as the real `flask` command does: with an app context."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["seed-demo"])


def test_seed_demo_twice_changes_nothing_the_second_time(app):
    first = seed_demo(app)
    assert first.exit_code == 0, first.output
    after_first = counts(app)
    assert after_first[0] > 0 and after_first[1] > 0
    second = seed_demo(app)
    assert second.exit_code == 0, second.output
    assert counts(app) == after_first
    assert second.output == first.output


def test_seed_demo_prints_each_programme_with_its_area_and_join_code(app):
    output = seed_demo(app).output
    assert "Next Steps Peer Mentoring      Glasgow City   join code GLASGOW26" in output
    assert "Fife Care Leavers Mentoring    Fife           join code FIFEJOIN2" in output


def test_seed_demo_accounts_can_log_in(app, client):
    from mentorhub.demo import DEMO_PASSWORD

    assert seed_demo(app).exit_code == 0
    response = post_login(client, "admin", DEMO_PASSWORD)
    assert response.status_code == 302


def test_seed_demo_refuses_in_production(app, database_url, tmp_path):
    production = create_app(
        config_class(
            ProductionConfig,
            SECRET_KEY="p" * 40,
            INSTANCE_PATH=str(tmp_path),
            SQLALCHEMY_DATABASE_URI=database_url,
        )
    )
    result = seed_demo(production)
    assert result.exit_code == 1
    assert "never loaded in production" in result.output
    assert counts(app) == (0, 0)


# --- admins add trainers and evaluators ---


def staff_data(client, **overrides) -> dict:
    data = {
        "display_name": "Aisha Rahman",
        "username": "aisha.r",
        "email": "",
        "role": "trainer",
        "csrf_token": csrf_token(client, "/admin/users/new"),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["trainer", "evaluator"])
def test_admin_adds_staff_who_set_a_password_with_the_link_and_log_in(app, admin, role):
    with app.app_context():
        programme_id = make_programme(name="Next Steps").id
    response = admin.post(
        "/admin/users/new", data=staff_data(admin, role=role, programmes=[programme_id])
    )
    assert response.status_code == 200
    assert "Aisha Rahman has been added" in response.text
    path = reset_path(response.text)

    person = app.test_client()
    set_password = person.post(
        path,
        data={
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token(person, path),
        },
    )
    assert set_password.status_code == 302
    assert post_login(person, "aisha.r", NEW_PASSWORD).status_code == 302
    assert person.get("/dashboard").headers["Location"] == "/programmes"
    assert find(app, "aisha.r").role == role
    assert person.get(f"/programmes/{programme_id}").status_code == 200


def test_a_new_trainer_trains_the_programmes_ticked(app, admin):
    with app.app_context():
        ticked = make_programme(name="Next Steps").id
        make_programme(name="Somewhere Else")
    admin.post("/admin/users/new", data=staff_data(admin, programmes=[ticked]))
    assert find(app, "aisha.r").trainer_of == ["Next Steps"]


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("display_name", {"display_name": ""}, "Enter their name."),
        ("username", {"username": ""}, "Choose a username."),
        ("username", {"username": "aisha r"}, "not spaces"),
        ("role", {"role": "superuser"}, "Not a valid choice"),
        ("programmes", {"programmes": ["99999"]}, "not a valid choice"),
    ],
)
def test_staff_form_problems_come_back_beside_the_field(app, admin, field, overrides, message):
    response = admin.post("/admin/users/new", data=staff_data(admin, **overrides))
    assert response.status_code == 400
    assert message in field_error(response.text, field)
    for name in {"display_name", "username"} - {field}:
        assert field_value(response.text, name) == staff_data(admin)[name]
    assert counts(app)[0] == 1  # just the admin


def test_staff_form_refuses_a_taken_username(app, admin):
    with app.app_context():
        make_user(username="aisha.r")
    response = admin.post("/admin/users/new", data=staff_data(admin, username="Aisha.R"))
    assert response.status_code == 400
    assert "That username is taken." in field_error(response.text, "username")


def test_staff_form_refuses_a_bad_email_and_keeps_it(app, admin):
    response = admin.post("/admin/users/new", data=staff_data(admin, email="aisha-at-example"))
    assert response.status_code == 400
    assert "Enter a valid email address." in field_error(response.text, "email")
    assert field_value(response.text, "email") == "aisha-at-example"


def test_staff_form_stores_an_email(app, admin):
    response = admin.post("/admin/users/new", data=staff_data(admin, email="aisha@example.org"))
    assert response.status_code == 200
    assert find(app, "aisha.r").email == "aisha@example.org"


def test_adding_staff_commits_once_the_account_with_its_link(app, admin):
    """The account and its set-a-password link are one unit: both saved, or neither."""
    commits = []

    def count(_session):
        commits.append(1)

    data = staff_data(admin)
    sa.event.listen(db.session, "after_commit", count)
    try:
        response = admin.post("/admin/users/new", data=data)
    finally:
        sa.event.remove(db.session, "after_commit", count)
    assert response.status_code == 200
    assert "/reset/" in response.text
    assert len(commits) == 1


# --- admins create and edit programmes ---


def programme_data(client, url="/admin/programmes/new", **overrides) -> dict:
    data = {
        "name": "Highland Peer Mentoring",
        "local_authority": "highland",
        "partner_organisation": "Highland Youth Trust",
        "focus": ["wellbeing"],
        "support_contacts": "Call **Ewan** on weekdays.",
        "csrf_token": csrf_token(client, url),
    }
    data.update(overrides)
    return data


def programme_called(app, name: str) -> SimpleNamespace | None:
    with app.app_context():
        programme = db.session.scalar(sa.select(Programme).where(Programme.name == name))
        if programme is None:
            return None
        return SimpleNamespace(
            id=programme.id,
            join_code=programme.join_code,
            join_code_enabled=programme.join_code_enabled,
            local_authority=programme.local_authority,
            partner_organisation=programme.partner_organisation,
            focus=list(programme.focus),
            trainers=[u.username for u in programme.trainers],
            curriculum={item.module_id: item.required for item in programme.curriculum},
        )


def test_scotland_has_exactly_32_council_areas():
    assert len(LOCAL_AUTHORITIES) == 32
    assert len(set(LOCAL_AUTHORITIES.values())) == 32
    assert {"glasgow-city", "fife", "na-h-eileanan-siar", "shetland-islands"} <= set(
        LOCAL_AUTHORITIES
    )


def test_admin_creates_a_programme(app, admin):
    response = admin.post("/admin/programmes/new", data=programme_data(admin))
    created = programme_called(app, "Highland Peer Mentoring")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmes/{created.id}"
    assert (created.local_authority, created.partner_organisation, created.focus) == (
        "highland",
        "Highland Youth Trust",
        ["wellbeing"],
    )
    assert admin.get(response.headers["Location"]).status_code == 200


def test_a_new_programme_gets_an_open_join_code_from_the_unambiguous_alphabet(app, admin):
    admin.post("/admin/programmes/new", data=programme_data(admin))
    created = programme_called(app, "Highland Peer Mentoring")
    assert len(created.join_code) == 8
    assert set(created.join_code) <= set(ALPHABET)
    assert created.join_code_enabled
    assert app.test_client().get(f"/join/{created.join_code.lower()}").status_code == 302


def test_admin_picks_the_programmes_trainers(app, admin):
    with app.app_context():
        trainer = make_user("trainer", username="aisha.r")
        trainer_id = trainer.id
    admin.post("/admin/programmes/new", data=programme_data(admin, trainers=[trainer_id]))
    assert programme_called(app, "Highland Peer Mentoring").trainers == ["aisha.r"]


class TestDefaultCurriculum:
    """A library with a core module and two focus modules."""

    @pytest.fixture
    def app_config(self, app_config, tmp_path):
        content = tmp_path / "content"
        shutil.copytree(FIXTURES / "content", content)  # alpha (core), beta (housing, transitions)
        write_module(content, "gamma", focus=["wellbeing"], order=30)
        return {**app_config, "CONTENT_DIR": str(content)}

    @pytest.mark.parametrize(
        ("focus", "curriculum"),
        [
            (["wellbeing"], {"alpha": True, "gamma": False}),
            (["housing"], {"alpha": True, "beta": False}),
            (["housing", "wellbeing"], {"alpha": True, "beta": False, "gamma": False}),
            ([], {"alpha": True}),
        ],
    )
    def test_core_modules_are_required_and_focus_modules_optional(
        self, app, admin, focus, curriculum
    ):
        response = admin.post("/admin/programmes/new", data=programme_data(admin, focus=focus))
        assert response.status_code == 302
        assert programme_called(app, "Highland Peer Mentoring").curriculum == curriculum


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("name", {"name": ""}, "Give the programme a name."),
        ("name", {"name": "x" * 121}, "120"),
        ("local_authority", {"local_authority": ""}, "Choose the council area"),
        ("local_authority", {"local_authority": "atlantis"}, "Not a valid choice"),
        ("local_authority", {"local_authority": "Glasgow City"}, "Not a valid choice"),
        ("partner_organisation", {"partner_organisation": ""}, "Name the organisation"),
        ("focus", {"focus": ["knitting"]}, "not a valid choice"),
    ],
)
def test_programme_form_problems_come_back_beside_the_field(app, admin, field, overrides, message):
    data = programme_data(admin, **overrides)
    response = admin.post("/admin/programmes/new", data=data)
    assert response.status_code == 400
    assert message in field_error(response.text, field)
    for name in {"name", "partner_organisation"} - {field}:
        assert field_value(response.text, name) == data[name]
    assert html.escape("Call **Ewan** on weekdays.") in response.text
    assert counts(app)[1] == 0


def test_a_programme_name_must_be_new(app, admin):
    with app.app_context():
        make_programme(name="Highland Peer Mentoring")
    data = programme_data(admin, name="highland peer mentoring")
    response = admin.post("/admin/programmes/new", data=data)
    assert response.status_code == 400
    assert "There is already a programme with that name." in field_error(response.text, "name")
    assert counts(app)[1] == 1


@pytest.fixture
def existing(app):
    with app.app_context():
        trainer = make_user("trainer", username="aisha.r")
        programme = make_programme(
            name="Fife Mentoring",
            local_authority="fife",
            partner_organisation="Kingdom Futures",
            join_code="FIFEJOIN",
        )
        programme.trainers = [trainer]
        db.session.commit()
        return SimpleNamespace(id=programme.id, trainer_id=trainer.id)


def test_the_edit_form_shows_the_programme_as_it_is(admin, existing):
    page = admin.get(f"/admin/programmes/{existing.id}/edit")
    assert page.status_code == 200
    assert field_value(page.text, "name") == "Fife Mentoring"
    assert field_value(page.text, "partner_organisation") == "Kingdom Futures"
    assert re.search(r'<option selected value="fife">|<option value="fife" selected', page.text)
    assert re.search(rf'<input checked[^>]*value="{existing.trainer_id}"', page.text)


def test_admin_edits_a_programme_and_its_join_code_stays(app, admin, existing):
    url = f"/admin/programmes/{existing.id}/edit"
    data = programme_data(
        admin, url, name="Fife and Kinross Mentoring", local_authority="perth-and-kinross"
    )
    response = admin.post(url, data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmes/{existing.id}"
    edited = programme_called(app, "Fife and Kinross Mentoring")
    assert (edited.id, edited.local_authority, edited.join_code) == (
        existing.id,
        "perth-and-kinross",
        "FIFEJOIN",
    )
    assert edited.trainers == []  # none ticked: the trainer was taken off


def test_a_programme_may_keep_its_own_name_when_edited(app, admin, existing):
    url = f"/admin/programmes/{existing.id}/edit"
    response = admin.post(url, data=programme_data(admin, url, name="Fife Mentoring"))
    assert response.status_code == 302
    assert programme_called(app, "Fife Mentoring").partner_organisation == "Highland Youth Trust"


def test_editing_to_another_programmes_name_is_refused(app, admin, existing):
    with app.app_context():
        make_programme(name="Highland Peer Mentoring")
    url = f"/admin/programmes/{existing.id}/edit"
    response = admin.post(url, data=programme_data(admin, url))
    assert response.status_code == 400
    assert "There is already a programme with that name." in field_error(response.text, "name")
    assert programme_called(app, "Fife Mentoring") is not None


def test_a_bad_edit_keeps_what_was_typed_and_saves_nothing(app, admin, existing):
    url = f"/admin/programmes/{existing.id}/edit"
    data = programme_data(admin, url, name="Renamed", local_authority="atlantis")
    response = admin.post(url, data=data)
    assert response.status_code == 400
    assert "Not a valid choice" in field_error(response.text, "local_authority")
    assert field_value(response.text, "name") == "Renamed"
    assert programme_called(app, "Fife Mentoring").local_authority == "fife"


def test_editing_a_missing_programme_is_not_found(admin):
    assert admin.get("/admin/programmes/99999/edit").status_code == 404


# --- who may see admin pages ---

ADMIN_PAGES = [
    "/admin",
    "/admin/users/new",
    "/admin/programmes/new",
    "/admin/programmes/{programme_id}/edit",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["trainee", "trainer", "evaluator"])
def test_non_admins_get_403_on_admin_pages(app, client, role, url):
    with app.app_context():
        programme = make_programme()
        user = make_user(role, programme=programme if role == "trainee" else None)
        if role == "trainer":
            user.trainer_of = [programme]
            db.session.commit()
        username, programme_id = user.username, programme.id
    log_in(client, who(username))
    assert client.get(url.format(programme_id=programme_id)).status_code == 403


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/admin/programmes/new", {"name": "Sneaky", "local_authority": "fife"}),
        ("/admin/users/new", {"display_name": "Sneaky", "username": "sneaky", "role": "admin"}),
        ("/admin/users/{user_id}/reset-link", {}),
    ],
)
def test_trainers_cannot_post_to_admin_pages(app, client, url, data):
    with app.app_context():
        trainer = make_user("trainer", trainer_of=[make_programme()])
        username, user_id = trainer.username, trainer.id
    log_in(client, who(username))
    token = csrf_token(client, "/account")
    response = client.post(url.format(user_id=user_id), data={**data, "csrf_token": token})
    assert response.status_code == 403
    assert counts(app) == (1, 1)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(app, client, url):
    with app.app_context():
        path = url.format(programme_id=make_programme().id)
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [path]


def test_an_admin_sees_the_admin_page(admin):
    assert admin.get("/admin").status_code == 200


def test_the_one_time_link_is_a_field_to_copy_with_a_copy_button_for_browsers_that_can(app, admin):
    response = admin.post("/admin/users/new", data=staff_data(admin))
    page = response.text
    link = re.search(r'<input class="input copy__field"[^>]*>', page).group(0)
    assert "readonly" in link and f'value="http://localhost{reset_path(page)}"' in link
    assert '<label class="label" for="one-time-link">One-time link</label>' in page
    assert re.search(r'<button type="button"[^>]*data-copy="one-time-link" hidden>', page)
    assert "/static/js/copy.js" in page_scripts(page)  # and no inline script
