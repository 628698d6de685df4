"""Feedback exports: pseudonymous, complete, limited to what each role may see."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from mentorhub.extensions import db
from mentorhub.models import FeedbackAnswer, FeedbackAuthor, FeedbackResponse
from tests.factories import FIXTURES, log_in, make_programme, make_user
from tests.pages import who


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def world(app):
    with app.app_context():
        a = make_programme(None, name="Programme A")
        b = make_programme(None, name="Programme B")
        trainee = make_user("trainee", programme=a, display_name="Zara Unique",
                            email="zara@example.org")  # fmt: skip
        people = {
            "trainee": trainee,
            "trainer_a": make_user("trainer", trainer_of=[a]),
            "evaluator": make_user("evaluator"),
        }
        # One response per trainee per module version: B's is to an earlier version.
        for programme, version, text in ((a, 2, "=SUM(A1)"), (b, 1, "From B")):
            response = FeedbackResponse(
                module_id="alpha", module_version=version, programme_id=programme.id,
                relevant=4, clear=5, right_length=3, recommend=4,
                confidence_before=2, confidence_after=4, helped_most=text, would_change="",
                answers=[FeedbackAnswer(key="extra-format", text="Phone")],
            )  # fmt: skip
            db.session.add(response)
            db.session.flush()
            db.session.add(
                FeedbackAuthor(
                    response_id=response.id,
                    user_id=trainee.id,
                    module_id="alpha",
                    module_version=version,
                )
            )
        db.session.commit()
        return {name: (user.id, user.username) for name, user in people.items()}


def download(app, username, url):
    client = app.test_client()
    log_in(client, who(username))
    response = client.get(url)
    return response, response.get_data(as_text=True)


def test_evaluator_csv_has_every_response_and_the_dictionary_columns(app, world):
    response, body = download(app, world["evaluator"][1], "/evaluation/exports/responses.csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert response.mimetype == "text/csv"
    assert {r["programme"] for r in rows} == {"Programme A", "Programme B"}
    _dict_response, dictionary = download(
        app, world["evaluator"][1], "/evaluation/exports/data-dictionary.csv"
    )
    columns = [line.split(",")[0] for line in dictionary.strip().splitlines()[1:]]
    assert list(rows[0].keys()) == columns
    assert json.loads(rows[0]["other_answers"]) == {"extra-format": "Phone"}


def test_no_name_username_or_email_in_any_export(app, world):
    for url in ("/evaluation/exports/responses.csv", "/evaluation/exports/responses.json"):
        _response, body = download(app, world["evaluator"][1], url)
        for personal in ("Zara", "zara@example.org", world["trainee"][1]):
            assert personal not in body


def test_the_pseudonym_is_stable_and_not_the_user_id(app, world):
    _r, first = download(app, world["evaluator"][1], "/evaluation/exports/responses.csv")
    _r, second = download(app, world["evaluator"][1], "/evaluation/exports/responses.csv")
    ids = {r["trainee_pseudonym"] for r in csv.DictReader(io.StringIO(first))}
    assert len(ids) == 1  # the same trainee in both programmes
    [pseudonym] = ids
    assert len(pseudonym) == 16 and pseudonym != str(world["trainee"][0])
    assert first == second


def test_trainers_export_only_their_own_programmes(app, world):
    _r, body = download(app, world["trainer_a"][1], "/evaluation/exports/responses.csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["programme"] for r in rows] == ["Programme A"]


def test_typed_formulas_are_neutralised_in_csv(app, world):
    _r, body = download(app, world["evaluator"][1], "/evaluation/exports/responses.csv")
    assert "'=SUM(A1)" in body


def test_json_export_is_one_object_per_response(app, world):
    response, body = download(app, world["evaluator"][1], "/evaluation/exports/responses.json")
    data = json.loads(body)
    assert response.mimetype == "application/json"
    assert len(data["responses"]) == 2
    assert data["responses"][0]["relevant"] == 4
    assert data["columns"][0] == "response_id"


@pytest.mark.parametrize(
    ("right_length", "length", "exported"),
    [
        (5, None, ("5", "", "about_right")),
        (4, None, ("4", "", "about_right")),
        (3, None, ("3", "", "")),  # "not sure" has no counterpart
        (2, None, ("2", "", "not_about_right")),
        (1, None, ("1", "", "not_about_right")),
        (None, 1, ("", "too_short", "not_about_right")),
        (None, 2, ("", "about_right", "about_right")),
        (None, 3, ("", "too_long", "not_about_right")),
    ],
)
def test_older_and_newer_length_answers_export_on_one_comparable_measure(
    app, world, right_length, length, exported
):
    with app.app_context():
        db.session.query(FeedbackResponse).delete()
        db.session.add(FeedbackResponse(
            module_id="alpha", module_version=2, programme_id=make_programme(None).id,
            relevant=4, clear=5, right_length=right_length, length=length, recommend=4,
        ))  # fmt: skip
        db.session.commit()
    _r, body = download(app, world["evaluator"][1], "/evaluation/exports/responses.csv")
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert (row["right_length"], row["length"], row["length_comparable"]) == exported


def test_the_data_dictionary_says_how_the_length_answers_map(app, world):
    _r, body = download(app, world["evaluator"][1], "/evaluation/exports/data-dictionary.csv")
    rows = {row["column"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows["length"]["allowed values"] == "too_short, about_right, too_long, or empty"
    mapping = rows["length_comparable"]["meaning"]
    for words in ("right_length 4 or 5", "about_right", "right_length 1 or 2",
                  "not_about_right", "right_length 3"):  # fmt: skip
        assert words in mapping


def test_the_exports_page_title_is_its_name_and_the_three_dictionaries_follow(app, world):
    _r, body = download(app, world["evaluator"][1], "/evaluation/exports")
    title = body.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and len(title) < 80
    assert title.startswith("Feedback exports")
    for table in ("responses-dictionary", "attendance-dictionary", "readiness-dictionary"):
        assert body.count(f'<table class="data-table" id="{table}">') == 1
