"""A trainee's module page is rendered once per module and adaptation revision and kept
(training/module_page.py), with each trainee's own state laid over it per request.
What is kept must never carry one person's page to another, trainer notes never reach
a trainee, and a change (a new revision, a new library version, new support contacts)
shows at once."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import Programme
from mentorhub.training import module_page
from tests.app.adaptation.helpers import DELTA_BODY, client_for, submit_editor, write_delta
from tests.factories import make_programme, make_user

URL = "/training/delta"
REFLECTION = "/training/delta/wrapping-up/reflections/what-next"
PREFIX = "wrapping-up--what-next"


def page(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="[^"]*csrf_token" type="hidden" value="([^"]+)"', html)) | set(
        re.findall(r'name="csrf_token" value="([^"]+)"', html)
    )


def pages_cached(app) -> list[tuple]:
    return app.extensions[module_page.EXTENSION_KEY].pages.keys()


@pytest.fixture
def library_trainee(app):
    """A trainee of a third programme, which has not adapted delta."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name="Programme C", focus=["core"])
        return client_for(app, make_user("trainee", programme=programme).username)


def test_each_programme_gets_its_own_adaptation_and_no_one_gets_trainer_notes(
    app, world, trainer, library_trainee
):
    submit_editor(trainer, world["a"], local_your_coordinator="A-ONLY coordinator")
    submit_editor(
        client_for(app, world["trainer_b"]), world["b"], local_your_coordinator="B-ONLY coordinator"
    )
    a = client_for(app, world["trainee_a"])
    b = client_for(app, world["trainee_b"])
    for _ in range(2):  # rendered, then from the cache
        for client, own, others in (
            (a, "A-ONLY", ("B-ONLY", "LIBRARY-COORDINATOR")),
            (b, "B-ONLY", ("A-ONLY", "LIBRARY-COORDINATOR")),
            (library_trainee, "LIBRARY-COORDINATOR", ("A-ONLY", "B-ONLY")),
        ):
            html = page(client)
            assert own in html
            assert not [text for text in others if text in html]
            assert "TRAINER-ONLY" not in html and "Secret plan" not in html
    assert len([key for key in pages_cached(app) if key[0] == "delta"]) == 3
    # The trainer, after them, reads the trainer notes in the library...
    assert "TRAINER-ONLY" in page(trainer, "/modules/delta")
    # ...and trainees after the trainer still never do.
    assert "TRAINER-ONLY" not in page(a) + page(library_trainee)
    assert trainer.get(URL).status_code == 403  # trainers never get the trainee's page


def test_one_trainees_answers_progress_and_token_never_reach_another(app, world, trainee):
    with app.app_context():
        other = client_for(
            app, make_user("trainee", programme=db.session.get(Programme, world["a"])).username
        )
    mine = page(trainee)
    [token] = tokens(mine)
    assert (
        trainee.post("/training/delta/welcome/done", data={"csrf_token": token}).status_code == 302
    )
    saved = trainee.post(
        REFLECTION, data={f"{PREFIX}-csrf_token": token, f"{PREFIX}-text": "PRIVATE-ANSWER"}
    )
    assert saved.status_code == 302
    mine = page(trainee)
    assert "PRIVATE-ANSWER" in mine and "You marked this part as done." in mine
    assert "Saved today at" in mine

    theirs = page(other)
    assert "PRIVATE-ANSWER" not in theirs
    assert "You marked this part as done." not in theirs and "Saved" not in theirs
    assert "0 of 3 parts done" in theirs and "1 of 3 parts done" in mine
    # Every form on each page carries that person's own token, and theirs only.
    [their_token] = tokens(theirs)
    assert their_token not in tokens(mine) | {token}
    # The head says whose page it is (a copy kept offline is shown only to its owner).
    owners = [re.findall(r'<meta name="mh-user" content="([^"]*)">', h) for h in (mine, theirs)]
    assert all(len(found) == 1 and found[0].isdigit() for found in owners)
    assert owners[0] != owners[1]
    refused = other.post("/training/delta/welcome/done", data={"csrf_token": token})
    assert refused.status_code == 400
    assert (
        other.post("/training/delta/welcome/done", data={"csrf_token": their_token}).status_code
        == 302
    )


def test_an_answer_that_did_not_save_is_shown_only_to_the_one_who_typed_it(app, world, trainee):
    with app.app_context():
        other = client_for(
            app, make_user("trainee", programme=db.session.get(Programme, world["a"])).username
        )
    [token] = tokens(page(trainee))
    typed = "TYPED-" + "x" * 5000
    failed = trainee.post(REFLECTION, data={f"{PREFIX}-csrf_token": token, f"{PREFIX}-text": typed})
    assert failed.status_code == 400
    html = failed.get_data(as_text=True)
    assert typed in html and "Please keep it under 5,000 characters." in html
    assert 'class="error-summary"' in html
    for html in (page(other), page(trainee)):
        assert "TYPED-" not in html
        assert "error-summary" not in html and "error-message" not in html


def test_a_new_revision_shows_at_once(app, world, trainer, trainee):
    assert "LIBRARY-COORDINATOR" in page(trainee)
    submit_editor(trainer, world["a"], local_your_coordinator="FIRST-REVISION")
    html = page(trainee)
    assert "FIRST-REVISION" in html and "LIBRARY-COORDINATOR" not in html
    submit_editor(trainer, world["a"], local_your_coordinator="SECOND-REVISION")
    html = page(trainee)
    assert "SECOND-REVISION" in html and "FIRST-REVISION" not in html


@pytest.mark.parametrize("adapted", [False, True])
def test_a_new_library_version_shows_at_once(app, world, trainer, trainee, content_dir, adapted):
    if adapted:
        submit_editor(trainer, world["a"], local_your_coordinator="OUR-COORDINATOR")
    assert "LIBRARY-WRAP text." in page(trainee)
    write_delta(content_dir, version=2, body=DELTA_BODY.replace("LIBRARY-WRAP", "NEW-WRAP"))
    html = page(trainee)
    assert "NEW-WRAP text." in html and "LIBRARY-WRAP" not in html
    assert ("OUR-COORDINATOR" in html) is adapted


def test_new_support_contacts_show_at_once(app, world, trainee):
    def set_contacts(text: str) -> None:
        with app.app_context():
            db.session.execute(
                sa.update(Programme).where(Programme.id == world["a"]).values(support_contacts=text)
            )
            db.session.commit()

    set_contacts("Ring **FIRST-CONTACT**.")
    assert "<strong>FIRST-CONTACT</strong>" in page(trainee)
    set_contacts("Ring **SECOND-CONTACT**.")
    html = page(trainee)
    assert "SECOND-CONTACT" in html and "FIRST-CONTACT" not in html


def test_the_cache_is_bounded(app, world, trainer, trainee, monkeypatch):
    monkeypatch.setattr(module_page, "CACHE_SIZE", 2)
    page(trainee, "/training/alpha")
    page(trainee)  # delta, the library's
    submit_editor(trainer, world["a"], local_your_coordinator="OUR-COORDINATOR")
    assert "OUR-COORDINATOR" in page(trainee)  # delta, adapted: a third page
    assert [key[0] for key in pages_cached(app)] == ["delta", "delta"]
    assert "Alpha" in page(trainee, "/training/alpha")  # rendered again, and kept
    assert [key[0] for key in pages_cached(app)] == ["delta", "alpha"]
