"""Numbers too big for the database (or not numbers at all) in a URL, a query or a
hidden field: a 404 or a page, never a 500."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from mentorhub.inputs import MAX_INT, BoundedIntConverter, parse_int
from tests.app.adaptation.helpers import (
    build_world,
    client_for,
    content_with_delta,
    editor_url,
    form_fields,
    submit_editor,
)
from tests.factories import csrf_token

# 2^31 is one past what a PostgreSQL INTEGER column holds; 2^63 one past BIGINT.
TOO_BIG = [str(2**31), str(2**63), str(2**64), "9" * 5000]


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "CONTENT_DIR": str(content_with_delta(tmp_path))}


@pytest.fixture
def world(app):
    world = build_world(app)
    trainer = client_for(app, world["trainer_a"])
    assert submit_editor(trainer, world["a"], intro="Hello from Fife.").status_code == 302
    return world


@pytest.fixture
def admin(app, world):
    return client_for(app, world["admin"])


def _status(response) -> int:
    response.close()
    return response.status_code


@pytest.mark.parametrize("number", TOO_BIG)
def test_too_big_ids_in_a_url_are_not_found(admin, world, number):
    token = csrf_token(admin, "/accessibility")
    assert _status(admin.get(f"/programmes/{number}")) == 404
    assert _status(admin.get(f"/admin/programmes/{number}/edit")) == 404
    assert _status(admin.get(f"/programmes/{world['a']}/trainees/{number}")) == 404
    reset = f"/admin/users/{number}/reset-link"
    assert _status(admin.post(reset, data={"csrf_token": token})) == 404
    restore = editor_url(world["a"]) + f"/revisions/{number}/restore"
    assert _status(admin.post(restore, data={"csrf_token": token})) == 404


@pytest.mark.parametrize("number", [*TOO_BIG, "²", "-1", "1e3"])
def test_too_big_numbers_in_a_query_are_not_found_or_ignored(admin, world, number):
    adapt = editor_url(world["a"])
    assert _status(admin.get(f"{adapt}/view?revision={number}")) in (200, 404)
    assert _status(admin.get(f"{adapt}/compare?from={number}&to=1")) == 404
    assert _status(admin.get(f"{adapt}/compare?from=0&to={number}")) == 404
    overview = f"/evaluation?programme={number}&version={number}"
    assert _status(admin.get(overview)) == 200
    assert _status(admin.get("/evaluation/exports/aggregates.csv?" + overview[12:])) == 200


@pytest.mark.parametrize("number", TOO_BIG)
def test_a_too_big_based_on_is_a_conflict_not_a_crash(app, world, number):
    trainer = client_for(app, world["trainer_a"])
    url = editor_url(world["a"])
    fields = form_fields(trainer.get(url).get_data(as_text=True))
    fields.update(based_on=number, intro="Changed", action="save")
    fields["csrf_token"] = csrf_token(trainer, url)
    assert _status(trainer.post(url, data=fields)) == 409
    preview = {"document": "{}", "based_on": number, "csrf_token": fields["csrf_token"]}
    assert _status(trainer.post(url + "/preview/save", data=preview)) == 409
    assert _status(trainer.post(url + "/preview/edit", data=preview)) == 200


def test_every_integer_in_every_route_is_bounded(app):
    """A new route with `<int:...>` gets the bounded converter without asking for it."""
    converters = [
        converter
        for rule in app.url_map.iter_rules()
        for converter in (rule._converters or {}).values()
        if isinstance(converter, IntegerConverter)
    ]
    assert converters, "no route takes a number any more?"
    for converter in converters:
        assert isinstance(converter, BoundedIntConverter)
        assert converter.max is not None and converter.max <= MAX_INT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        (" 7 ", 7),
        (str(MAX_INT), MAX_INT),
        (str(MAX_INT + 1), None),
        ("9" * 5000, None),
        ("-1", None),
        ("+3", None),
        ("²", None),
        ("١٢", None),
        ("1_000", None),
        ("", None),
        (None, None),
        ("1\x00", None),
    ],
)
def test_parse_int_takes_plain_digits_in_range(text, expected):
    assert parse_int(text) == expected
