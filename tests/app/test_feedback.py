"""The feedback form at the end of a module: answers, editing, skipping, privacy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import FeedbackAnswer, FeedbackAuthor, FeedbackResponse, FeedbackSkip
from tests.factories import FIXTURES, csrf_token, edit_file, log_in, make_programme, make_user
from tests.pages import field_value

GOOD = {
    "relevant": "5",
    "clear": "4",
    "length": "3",
    "recommend": "5",
    "confidence_before": "2",
    "confidence_after": "4",
    "helped_most": "The stories.",
    "would_change": "More time to talk.",
}


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def trainee(app, client):
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules, focus=["housing"])
        user = make_user("trainee", programme=programme)
        ids = {"user": user.id, "programme": programme.id, "username": user.username}
        log_in(client, user)
    return ids


def send(client, module="alpha", **changes):
    data = {**GOOD, **changes, "csrf_token": csrf_token(client, "/account")}
    return client.post(f"/training/{module}/feedback", data=data)


def responses(app) -> list[FeedbackResponse]:
    with app.app_context():
        rows = db.session.scalars(sa.select(FeedbackResponse)).all()
        for row in rows:
            _ = row.answers  # load before the context closes
        return rows


def test_the_form_has_every_standard_question_labelled(client, trainee):
    html = client.get("/training/alpha/feedback").get_data(as_text=True)
    for label in (
        "This was relevant to me",
        "It was clear",
        "The length was",
        "Too short",
        "About right",
        "Too long",
        "I would recommend it to another peer mentor",
        "Before this module: how confident",
        "Now: how confident",
        "What helped you most?",
        "What would you change?",
    ):
        assert label in html
    assert html.count('type="radio"') == 5 * 5 + 3  # five 1-5 scales and the length
    assert "<legend" in html  # each scale is a labelled group


def test_a_response_records_what_was_evaluated(client, app, trainee):
    response = send(client)
    assert response.status_code == 302
    [row] = responses(app)
    assert (row.module_id, row.module_version, row.programme_id) == (
        "alpha",
        2,
        trainee["programme"],
    )
    assert row.adaptation_revision is None
    assert (row.relevant, row.clear, row.length, row.recommend) == (5, 4, 3, 5)
    assert row.right_length is None  # the earlier statement is no longer asked
    assert (row.confidence_before, row.confidence_after) == (2, 4)
    assert row.helped_most == "The stories."
    assert row.submitted_at is not None


def test_the_link_to_the_person_is_held_apart(client, app, trainee):
    send(client)
    with app.app_context():
        assert "user_id" not in FeedbackResponse.__table__.columns
        [author] = db.session.scalars(sa.select(FeedbackAuthor)).all()
        assert author.user_id == trainee["user"]


def test_missing_answers_come_back_with_messages_and_what_was_typed(client, app, trainee):
    response = send(client, clear="", helped_most="Kept text")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and "Choose one answer." in html
    assert "Kept text" in html
    assert 'value="5" checked' in html or 'checked value="5"' in html or "checked" in html
    assert responses(app) == []


def test_free_text_is_limited_to_2000_characters(client, app, trainee):
    response = send(client, would_change="x" * 2001)
    assert response.status_code == 400
    assert "Please keep it under 2,000 characters." in response.get_data(as_text=True)


def test_resubmitting_edits_the_same_response(client, app, trainee):
    send(client)
    form = client.get("/training/alpha/feedback").get_data(as_text=True)
    assert "You gave feedback on this module before" in form
    assert "The stories." in form
    send(client, relevant="1")
    [row] = responses(app)
    assert row.relevant == 1


def test_a_new_module_version_starts_a_new_response(client, app, trainee, app_config):
    send(client)
    edit_file(Path(app_config["CONTENT_DIR"]) / "modules" / "alpha.md", "version: 2", "version: 3")
    send(client, relevant="2")
    rows = sorted(responses(app), key=lambda r: r.module_version)
    assert [(r.module_version, r.relevant) for r in rows] == [(2, 5), (3, 2)]


def test_skipping_is_recorded_and_the_module_still_counts(client, app, trainee):
    token = csrf_token(client, "/account")
    response = client.post("/training/alpha/feedback/skip", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(FeedbackSkip.id))) == 1
    assert responses(app) == []


def test_per_objective_pairs_and_extra_questions(client, app, trainee, app_config):
    path = Path(app_config["CONTENT_DIR"]) / "modules" / "beta.md"
    text = path.read_text().replace(
        "objectives: [Find a flat]",
        "objectives: [Find a flat, Pay the rent]\n"
        "feedback:\n  confidence: per-objective\n  questions:\n"
        "    - {id: useful-tips, type: likert, label: The tips were useful}\n"
        "    - {id: format, type: choice, label: 'How did you read it?',\n"
        "       options: [Phone, Computer]}\n"
        "    - {id: missing, type: text, label: 'What was missing?'}\n",
    )
    path.write_text(text)
    page = client.get("/training/beta/feedback")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html[html.find("<main") :][:600]
    assert "how confident did you feel about Find a flat" in html
    assert "how confident did you feel about Pay the rent" in html
    assert "The tips were useful" in html and "Phone" in html and "What was missing?" in html
    response = send(
        client,
        module="beta",
        confidence_before="",
        confidence_after="",
        **{
            "objective-1_before": "1",
            "objective-1_after": "3",
            "objective-2_before": "2",
            "objective-2_after": "5",
            "extra_useful_tips": "4",
            "extra_format": "Phone",
            "extra_missing": "Bills",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    [row] = responses(app)
    answers = {a.key: (a.number, a.text) for a in row.answers}
    assert answers == {
        "objective-1_before": (1, None),
        "objective-1_after": (3, None),
        "objective-2_before": (2, None),
        "objective-2_after": (5, None),
        "extra-useful-tips": (4, None),
        "extra-format": (None, "Phone"),
        "extra-missing": (None, "Bills"),
    }
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(FeedbackAnswer.id))) == 7


def test_feedback_needs_csrf(client, trainee):
    assert client.post("/training/alpha/feedback", data=GOOD).status_code == 400


def test_deleting_the_account_keeps_the_response_detached(client, app, trainee):
    send(client, helped_most="Unique words 12345")
    token = csrf_token(client, "/account")
    from tests.factories import PASSWORD

    client.post("/account/delete", data={"password": PASSWORD, "csrf_token": token})
    [row] = responses(app)
    assert row.helped_most == "Unique words 12345"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAuthor)) == 0


def test_my_training_links_to_feedback_once_a_module_is_complete(client, app, trainee):
    token = csrf_token(client, "/account")
    for section in ("getting-started", "part-two"):
        client.post(f"/training/alpha/{section}/done", data={"csrf_token": token})
    html = client.get("/training").get_data(as_text=True)
    assert 'href="/training/alpha/feedback"' in html and "Give feedback" in html
    send(client)
    assert "Thank you for your feedback" in client.get("/training").get_data(as_text=True)


def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, app, trainee):
    send(client, helped_most="<script>alert(1)</script>")
    html = client.get("/training/alpha/feedback").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_feedback_front_matter_is_reported(runner, app_config):
    path = Path(app_config["CONTENT_DIR"]) / "modules" / "beta.md"
    path.write_text(path.read_text().replace(
        "objectives: [Find a flat]",
        "objectives: [Find a flat]\nfeedback:\n  - {id: q, type: slider, label: Hm}",
    ))  # fmt: skip
    result = runner.invoke(args=["content", "check", app_config["CONTENT_DIR"]])
    assert result.exit_code == 1
    assert "feedback: question 1: type must be one of likert, choice, text" in result.output


def test_only_the_trainee_of_the_programme_can_see_the_form(app, client):
    with app.app_context():
        other = make_programme(None, name="Empty programme")
        user = make_user("trainee", programme=other)
        log_in(client, user)
    assert client.get("/training/alpha/feedback").status_code == 404
    assert field_value  # helper imported for other tests


@pytest.mark.parametrize("bad", ["", "0", "4", "long"])
def test_the_length_question_needs_one_of_its_three_answers(client, app, trainee, bad):
    response = send(client, length=bad)
    assert response.status_code == 400
    assert responses(app) == []


def test_editing_a_response_from_before_the_length_question_asks_it_and_drops_the_old(
    client, app, trainee
):
    """An older response (the 1-5 statement) edited now: it gets the length answer, and
    keeps one length answer, not both, so the comparison counts it once."""
    send(client)
    with app.app_context():
        row = db.session.scalar(sa.select(FeedbackResponse))
        row.length, row.right_length = None, 2
        db.session.commit()
    form = client.get("/training/alpha/feedback").get_data(as_text=True)
    assert 'name="length"' in form and 'name="right_length"' not in form
    assert send(client, length="2").status_code == 302
    [row] = responses(app)
    assert (row.length, row.right_length) == (2, None)
