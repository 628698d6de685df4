"""My training's module cards are rendered once per module and state and kept
(training/cards.py): a card must never carry one trainee's or one programme's state to
another, and a change (a new revision, a new library version, new support contacts)
shows at once."""

from __future__ import annotations

import re

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.feedback import FeedbackAnswers, save_response
from mentorhub.learning.progress_records import mark_done
from mentorhub.learning.trainee_records import served_module
from mentorhub.models import Programme, User
from mentorhub.training import cards
from tests.app.adaptation.helpers import DELTA_BODY, client_for, submit_editor, write_delta
from tests.factories import make_user


def delta_card(client) -> str:
    response = client.get("/training")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = re.search(
        r'<li class="curriculum__item[^"]*">\s*<h2[^>]*><a href="/training/delta">.*?</li>',
        html,
        re.S,
    )
    assert found, "no card for delta"
    return found.group(0)


def finish_delta(app, username: str, feedback: bool = False) -> None:
    """Every part of delta done (as the trainee's programme serves it), and feedback."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        catalogue = app.extensions["mentorhub.catalogue"]
        module = served_module(user.programme_id, "delta", catalogue).module
        for section in module.sections:
            mark_done(user, user.programme, module, section.id)
        if feedback:
            answers = FeedbackAnswers(relevant=4, clear=4, recommend=4, length=2)
            save_response(user, user.programme, module, answers)
        db.session.commit()


def test_each_programme_and_each_trainee_gets_their_own_cards(app, world, trainer):
    submit_editor(trainer, world["a"], add_title="Our office", add_text="On the high street.")
    submit_editor(client_for(app, world["trainer_b"]), world["b"], s_staying_safe_action="hide")
    a = client_for(app, world["trainee_a"])
    b = client_for(app, world["trainee_b"])
    with app.app_context():
        programme = db.session.get(Programme, world["a"])
        second_a = make_user("trainee", programme=programme).username
    finish_delta(app, world["trainee_a"], feedback=True)
    finish_delta(app, second_a)
    for _ in range(2):  # rendered, then from the cache
        mine = delta_card(a)
        assert "4 of 4 parts done" in mine and "Thank you for your feedback" in mine
        theirs = delta_card(client_for(app, second_a))  # same programme, same state, no feedback
        assert "4 of 4 parts done" in theirs and "Give feedback" in theirs
        assert "Thank you" not in theirs
        other = delta_card(b)  # another programme's delta: 2 parts, none done
        assert "0 of 2 parts done" in other and "feedback" not in other.lower()
    assert trainer.get("/training").status_code == 403  # trainers have no My training


def test_a_new_revision_shows_on_the_card_at_once(app, world, trainer, trainee):
    assert "0 of 3 parts done" in delta_card(trainee)
    submit_editor(trainer, world["a"], add_title="Our office", add_text="On the high street.")
    assert "0 of 4 parts done" in delta_card(trainee)
    submit_editor(trainer, world["a"], s_staying_safe_action="hide")
    assert "0 of 3 parts done" in delta_card(trainee)


def test_a_new_library_version_shows_on_the_card_at_once(app, world, trainee, content_dir):
    assert "0 of 3 parts done" in delta_card(trainee)
    write_delta(content_dir, version=2, body=DELTA_BODY + "\n## Extra part {#extra}\n\nNew.\n")
    assert "0 of 4 parts done" in delta_card(trainee)


def test_new_support_contacts_show_on_my_training_at_once(app, world, trainee):
    for text in ("Ring **FIRST-CONTACT**.", "Ring **SECOND-CONTACT**."):
        with app.app_context():
            db.session.execute(
                sa.update(Programme).where(Programme.id == world["a"]).values(support_contacts=text)
            )
            db.session.commit()
        html = trainee.get("/training").get_data(as_text=True)
        assert f"<strong>{text[7:-3]}</strong>" in html
    assert "FIRST-CONTACT" not in html


def test_the_card_cache_is_bounded(app, world, trainee, monkeypatch):
    monkeypatch.setattr(cards, "CACHE_SIZE", 1)
    html = trainee.get("/training").get_data(as_text=True)
    assert html.count('class="curriculum__item') >= 2  # two cards, one kept
    assert len(app.extensions[cards.EXTENSION_KEY]) == 1
