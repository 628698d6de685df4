"""A trainee with data of every kind, for the data-rights tests."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import Certificate
from tests.app.account.helpers import DISPLAY_NAME, EMAIL, REFLECTION, USERNAME, post
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def person(app, client) -> SimpleNamespace:
    """A trainee who has finished alpha, written a reflection, got a certificate that
    shows their name, and had a reset link made for them by their trainer; logged in
    on `client`. Another trainee in the same programme has done a part too."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name="Angus Peer Mentors")
        user = make_user(
            programme=programme, username=USERNAME, display_name=DISPLAY_NAME, email=EMAIL
        )
        other = make_user(programme=programme, display_name="Other Trainee")
        trainer = make_user(role="trainer", trainer_of=[programme])
        evaluator = make_user(role="evaluator")
        found = SimpleNamespace(
            id=user.id,
            username=USERNAME,
            learner_key=user.learner_key,
            programme_id=programme.id,
            other_id=other.id,
            other_username=other.username,
            trainer=trainer.username,
            evaluator=evaluator.username,
        )
    log_in(client, found)
    found.token = token = csrf_token(client, "/training")
    for section_id in ("getting-started", "part-two"):
        assert post(client, f"/training/alpha/{section_id}/done", token).status_code == 302
    reflection = client.post(
        "/training/alpha/part-two/reflections/think-about-it",
        data={
            "part-two--think-about-it-csrf_token": token,
            "part-two--think-about-it-text": REFLECTION,
        },
    )
    assert reflection.status_code == 302
    assert client.get("/training/certificate").status_code == 200
    assert (
        post(client, "/training/certificate/visibility", token, show_name="yes").status_code == 302
    )
    with app.app_context():
        found.code = db.session.scalar(sa.select(Certificate.code))
    other_client = app.test_client()
    log_in(other_client, SimpleNamespace(username=found.other_username))
    other_token = csrf_token(other_client, "/training")
    assert (
        post(other_client, "/training/alpha/getting-started/done", other_token).status_code == 302
    )
    trainer_client = app.test_client()
    log_in(trainer_client, SimpleNamespace(username=found.trainer))
    reset = post(
        trainer_client,
        f"/programmes/{found.programme_id}/trainees/{found.id}/reset-link",
        csrf_token(trainer_client, "/programmes"),
    )
    assert reset.status_code == 200
    return found
