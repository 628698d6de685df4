"""Scored reflections (`!!! reflection score`) answered offline, with the shipped
welcome module: the score is kept where the prompt asks for one, and only there."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from tests.app.offline.conftest import send
from tests.app.test_training import reflections
from tests.conftest import ROOT
from tests.factories import csrf_token, log_in, make_programme, make_user

SECTION = "where-you-are-starting-from"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CONTENT_DIR": str(ROOT / "content")}


@pytest.fixture
def trainee(app, client) -> SimpleNamespace:
    with app.app_context():
        programme = make_programme()
        set_curriculum(programme, [("welcome", True)])
        db.session.commit()
        username = make_user(programme=programme).username
    log_in(client, SimpleNamespace(username=username))
    return SimpleNamespace(token=csrf_token(client, "/training"))


def blocks(app) -> tuple[str, str]:
    """The first scored prompt's block and the first plain one's, in the welcome module."""
    section = app.extensions["mentorhub.catalogue"].get("welcome").section(SECTION)
    scored = next(key for key, block in section.reflections if block.score)
    plain = next(key for key, block in section.reflections if not block.score)
    return scored.split("/")[1], plain.split("/")[1]


def answer(ref: int, block: str, score, text: str = "") -> dict:
    return {"ref": ref, "kind": "reflection", "module": "welcome", "section": SECTION,
            "block": block, "text": text, "score": score}  # fmt: skip


def test_a_score_given_offline_is_saved_for_a_prompt_that_asks_for_one(app, client, trainee):
    scored, plain = blocks(app)
    response = send(client, trainee.token, answer(1, scored, 4), answer(2, plain, 5, "Why"))
    assert [a["status"] for a in response.get_json()["answers"]] == ["saved", "saved"]
    saved = {r.block_key.split("/")[1]: (r.score, r.text) for r in reflections(app)}
    assert saved == {scored: (4, ""), plain: (None, "Why")}  # no score where none is asked


def test_a_score_out_of_range_is_refused_and_nothing_saved(app, client, trainee):
    scored, _plain = blocks(app)
    response = send(client, trainee.token, answer(1, scored, 9))
    assert response.get_json()["answers"][0]["status"] == "invalid"
    assert reflections(app) == []
