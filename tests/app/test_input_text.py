"""NUL and other control characters, direction overrides and blank names, typed into
the real forms (valid sessions and CSRF tokens): a message or cleaned text, never a
500, and nothing raw printed back."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import (
    AdaptationRevision,
    FeedbackResponse,
    InterestExpression,
    Programme,
    Reflection,
    User,
)
from tests.app.adaptation.helpers import (
    build_world,
    client_for,
    content_with_delta,
    editor_url,
    submit_editor,
)
from tests.factories import PASSWORD, csrf_token, log_in, make_programme, make_user
from tests.pages import field_error, who

NUL = "\x00"
CONTROLS = "\x00\x01\x08\x0b\x1b\x7f\x85"
OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Sam\u202ekcab" reads "Sambac k"


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "CONTENT_DIR": str(content_with_delta(tmp_path))}


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.fixture
def programme(app):
    with app.app_context():
        made = make_programme(app.extensions["mentorhub.catalogue"].modules, join_code="ABCD2345")
        return SimpleNamespace(id=made.id, code=made.join_code)


def rows(app, model, *where):
    with app.app_context():
        found = db.session.scalars(sa.select(model).where(*where)).all()
        db.session.expunge_all()
        return found


def no_control_characters(page: str) -> None:
    assert not any(char in page for char in CONTROLS), "a control character was printed back"


def register(client, code: str, **changes):
    data = {
        "join_code": code,
        "display_name": "Skye Morgan",
        "username": "skye.m",
        "email": "",
        "password": "kelpie lighthouse tattie scone",
        "confirm": "kelpie lighthouse tattie scone",
        "csrf_token": csrf_token(client, "/register"),
    }
    return client.post("/register", data={**data, **changes})


def test_control_characters_are_dropped_from_a_registration(app, client, programme):
    response = register(client, programme.code, display_name=f"Skye{CONTROLS} Morgan")
    assert response.status_code == 302
    (user,) = rows(app, User, User.username == "skye.m")
    assert user.display_name == "Skye Morgan"


@pytest.mark.parametrize("name", [NUL * 3, "\u200b\u200d", f"{NUL} \u2060 "])
def test_a_name_that_is_blank_once_cleaned_is_refused(app, client, programme, name):
    response = register(client, programme.code, display_name=name)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "display_name")
    assert rows(app, User, User.username == "skye.m") == []


def test_a_direction_override_in_a_name_is_refused(app, client, programme):
    response = register(client, programme.code, display_name=f"Sam{OVERRIDE}kcab")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "reverse" in field_error(page, "display_name")
    assert rows(app, User, User.username == "skye.m") == []


def test_a_line_break_in_a_one_line_field_becomes_a_space(app, client, programme):
    assert register(client, programme.code, display_name="Skye\r\nMorgan").status_code == 302
    (user,) = rows(app, User, User.username == "skye.m")
    assert user.display_name == "Skye Morgan"


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login", {"username": f"nobody{NUL}", "password": f"pass{NUL}word"}),
        ("/forgot", {"username": f"nobody{NUL}"}),
    ],
)
def test_nul_in_log_in_and_forgot_is_not_a_crash(client, url, data):
    response = client.post(url, data={**data, "csrf_token": csrf_token(client)})
    assert response.status_code in (200, 400)
    no_control_characters(response.get_data(as_text=True))


def test_a_line_break_in_next_is_refused_after_log_in(app, client, world):
    token = csrf_token(client)
    data = {"username": world["trainee_a"], "password": PASSWORD, "csrf_token": token}
    response = client.post("/login?next=/training%0D%0ASet-Cookie:%20x=1", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_interest_text_is_cleaned_and_names_are_checked(app, client):
    data = {
        "organisation": f"Kingdom{NUL} Youth Trust",
        "local_authority": "fife",
        "name": "Sam Smith",
        "email": "sam@example.org",
        "role": "Project worker",
        "interest": "pilot",
        "message": f"Line one{CONTROLS}\nLine two\ttabbed",
        "csrf_token": csrf_token(client, "/seminar/interest"),
    }
    refused = client.post("/seminar/interest", data={**data, "name": f"Sam{OVERRIDE}htims"})
    assert refused.status_code == 400 and field_error(refused.get_data(as_text=True), "name")
    assert client.post("/seminar/interest", data=data).status_code == 302
    (stored,) = rows(app, InterestExpression)
    assert stored.organisation == "Kingdom Youth Trust"
    assert stored.message == "Line one\nLine two\ttabbed"


def test_staff_names_and_programme_names_are_checked(app, client, world):
    log_in(client, who(world["admin"]))
    token = csrf_token(client, "/admin/users/new")
    staff = {"display_name": f"Ali{OVERRIDE}", "username": "ali.k", "role": "evaluator"}
    response = client.post("/admin/users/new", data={**staff, "csrf_token": token})
    assert response.status_code == 400 and field_error(
        response.get_data(as_text=True), "display_name"
    )
    programme = {"name": f"{NUL}\u200b", "local_authority": "fife", "partner_organisation": "P"}
    response = client.post("/admin/programmes/new", data={**programme, "csrf_token": token})
    assert response.status_code == 400 and field_error(response.get_data(as_text=True), "name")
    assert rows(app, Programme, Programme.name == "") == []


def test_feedback_and_reflections_keep_line_breaks_but_drop_control_characters(app, world):
    trainee = client_for(app, world["trainee_a"])
    token = csrf_token(trainee, "/account")
    scores = {"relevant": "5", "clear": "4", "length": "2", "recommend": "5",
              "confidence_before": "2", "confidence_after": "4"}  # fmt: skip
    answers = {
        **scores,
        "helped_most": f"The{CONTROLS} stories.\nAll of them.",
        "csrf_token": token,
    }
    assert trainee.post("/training/delta/feedback", data=answers).status_code == 302
    (response,) = rows(app, FeedbackResponse)
    assert response.helped_most == "The stories.\nAll of them."
    url = "/training/delta/wrapping-up/reflections/what-next"
    data = {"wrapping-up--what-next-text": f"One{NUL}\nTwo", "csrf_token": token}
    assert trainee.post(url, data=data).status_code == 302
    (reflection,) = rows(app, Reflection)
    assert reflection.text == "One\nTwo"
    no_control_characters(trainee.get("/training/delta").get_data(as_text=True))


def test_adaptation_text_from_the_editor_the_preview_and_a_file_is_cleaned(app, world):
    trainer = client_for(app, world["trainer_a"])
    url = editor_url(world["a"])
    assert submit_editor(trainer, world["a"], intro=f"Hi{CONTROLS}\nthere").status_code == 302
    token = csrf_token(trainer, url)
    document = json.dumps({"intro": f"From JSON{NUL}\u0001 text", "local_blocks": {}})
    preview = {"document": document, "based_on": "1", "message": f"msg{NUL}", "csrf_token": token}
    assert trainer.post(url + "/preview/save", data=preview).status_code == 302
    upload = (
        f"---\nextends: delta\nbase_version: 1\n---\n## Programme introduction\n\n"
        f"From a file{CONTROLS}\n"
    ).encode()
    data = {"csrf_token": token, "file": (io.BytesIO(upload), f"ours{NUL}.md")}
    imported = trainer.post(url + "/import", data=data, content_type="multipart/form-data")
    assert imported.status_code == 302
    saved = rows(app, AdaptationRevision)
    intros = [revision.document["intro"] for revision in saved]
    assert intros == ["Hi\nthere", "From JSON text", "From a file"]
    assert all(NUL not in (revision.message or "") for revision in saved)
    no_control_characters(trainer.get(url + "/history").get_data(as_text=True))


@pytest.mark.parametrize(
    "url",
    [
        "/evaluation?module=a%00b&start=%00&chart=%00",
        "/evaluation/exports/aggregates.csv?module=a%00b",
        "/admin/interest?interest=%00&local_authority=%01",
        "/modules?focus=%00",
    ],
)
def test_control_characters_in_a_query_reach_no_database(app, world, url):
    admin = client_for(app, world["admin"])
    response = admin.get(url)
    assert response.status_code == 200
    no_control_characters(response.get_data(as_text=True))


def test_a_password_is_never_changed_by_cleaning(app, world):
    """Cleaning is for text that is stored or shown; a password is only hashed."""
    with app.app_context():
        user = make_user("trainee", password=f"tab\tinside {PASSWORD}")
        name = user.username
    client = app.test_client()
    data = {"username": name, "password": f"tab\tinside {PASSWORD}"}
    response = client.post("/login", data={**data, "csrf_token": csrf_token(client)})
    assert response.status_code == 302


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found)) if found else found


def test_every_form_in_the_site_derives_from_the_site_form():
    import importlib
    import pkgutil

    import wtforms

    import mentorhub
    from mentorhub.forms import SiteForm, SiteSubform

    for module in pkgutil.walk_packages(mentorhub.__path__, "mentorhub."):
        importlib.import_module(module.name)
    forms = [
        form
        for form in _subclasses(wtforms.Form)
        if form.__module__.startswith("mentorhub.") and form.__module__ != "mentorhub.forms"
    ]
    assert len(forms) > 10
    strays = [
        f"{f.__module__}.{f.__name__}" for f in forms if not issubclass(f, (SiteForm, SiteSubform))
    ]
    assert strays == []


@pytest.mark.parametrize(
    "url", ["/certificates/AB%00CD", "/join/%1B%5B2J", "/certificates/" + "A" * 201, "/reset/x%7F"]
)
def test_a_route_part_with_a_control_character_or_too_long_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_every_named_route_part_is_checked(app):
    from werkzeug.routing import IntegerConverter, PathConverter

    from mentorhub.inputs import CleanStringConverter

    for rule in app.url_map.iter_rules():
        for name, converter in (rule._converters or {}).items():
            if not isinstance(converter, IntegerConverter | PathConverter):
                assert isinstance(converter, CleanStringConverter), (rule.rule, name)
