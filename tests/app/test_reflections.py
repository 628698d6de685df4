"""Reflections on a trainee's module page: each answer box right under its question,
a score from 1 to 5 where the question asks for one, and "saved" said beside the box."""

from __future__ import annotations

import html
import re
import shutil
from datetime import datetime

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.formatting import saved_when
from mentorhub.models import Reflection
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user, write_module

SCORED = """## How you feel {#feel}

Some words first.

!!! reflection score "How sure are you about listening?"
    Score yourself from 1 to 5.

Between the two questions.

!!! reflection "Why do you want to mentor?"
    Write a few words.

!!! local "Who to call"
    Your coordinator.
"""
URL = "/training/delta"
SCORE_POST = "/training/delta/feel/reflections/how-sure-are-you-about-listening"
PREFIX = "feel--how-sure-are-you-about-listening"


@pytest.fixture
def app_config(app_config, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    write_module(content, "delta", SCORED, title="Delta", focus=["core"], order=5)
    return {**app_config, "CONTENT_DIR": str(content)}


@pytest.fixture
def trainee(app, client):
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules)
        person = make_user(programme=programme)
        user_id = person.id
    log_in(client, person)
    return user_id, csrf_token(client, URL)


def saved(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Reflection.block_key, Reflection.score, Reflection.text)
        )
        return sorted(tuple(row) for row in rows)


def post_score(client, token, score=None, text=""):
    data = {f"{PREFIX}-csrf_token": token, f"{PREFIX}-text": text}
    if score is not None:
        data[f"{PREFIX}-score"] = score
    return client.post(SCORE_POST, data=data)


def test_each_answer_box_comes_right_after_its_question(client, trainee):
    markup = client.get(URL).get_data(as_text=True)
    order = [
        markup.index("How sure are you about listening?</h3>"),
        markup.index(f'action="{SCORE_POST}"'),
        markup.index("Between the two questions."),
        markup.index("Why do you want to mentor?</h3>"),
        markup.index('action="/training/delta/feel/reflections/why-do-you-want-to-mentor"'),
        markup.index('data-block="local"'),
    ]
    assert order == sorted(order)


def test_a_scored_question_has_five_radio_buttons_and_an_optional_note(client, trainee):
    markup = client.get(URL).get_data(as_text=True)
    form = re.search(rf'<form method="post" action="{SCORE_POST}".*?</form>', markup, re.S)[0]
    radios = re.findall(rf'<input[^>]*name="{PREFIX}-score"[^>]*type="radio"|'
                        rf'<input[^>]*type="radio"[^>]*name="{PREFIX}-score"', form)  # fmt: skip
    assert len(radios) == 5
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", form)).split())
    assert "Your score for “How sure are you about listening?”" in text
    assert "Your note to “How sure are you about listening?” (if you like)" in text
    unscored = markup.split('action="/training/delta/feel/reflections/why-do-you-want-to-mentor"')
    assert 'type="radio"' not in unscored[1].split("</form>")[0]


def test_a_score_and_a_note_are_saved_and_shown_checked(app, client, trainee):
    _user, token = trainee
    response = post_score(client, token, "4", "I let people finish.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/training/delta#reflection-feel-how-sure-are-you-about-listening"
    )
    assert saved(app) == [("feel/how-sure-are-you-about-listening", 4, "I let people finish.")]
    markup = client.get(URL).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="4"|<input[^>]*value="4"[^>]*checked', markup)


def test_a_score_alone_is_an_answer_and_clearing_both_removes_it(app, client, trainee):
    _user, token = trainee
    post_score(client, token, "2")
    assert saved(app) == [("feel/how-sure-are-you-about-listening", 2, "")]
    post_score(client, token)
    assert saved(app) == []


@pytest.mark.parametrize("bad", ["0", "6", "four", "-1"])
def test_a_score_outside_1_to_5_comes_back_with_a_message_and_the_note_kept(
    app, client, trainee, bad
):
    _user, token = trainee
    response = post_score(client, token, bad, "Kept words")
    assert response.status_code == 400
    markup = response.get_data(as_text=True)
    assert "Choose a score from 1 to 5, or none." in markup
    assert f'id="{PREFIX}-score-error"' in markup
    assert "Kept words</textarea>" in markup
    assert saved(app) == []


def test_a_score_sent_to_a_question_without_one_is_ignored(app, client, trainee):
    _user, token = trainee
    prefix = "feel--why-do-you-want-to-mentor"
    client.post(
        "/training/delta/feel/reflections/why-do-you-want-to-mentor",
        data={f"{prefix}-csrf_token": token, f"{prefix}-text": "To help", f"{prefix}-score": "5"},
    )
    assert saved(app) == [("feel/why-do-you-want-to-mentor", None, "To help")]


def test_saving_the_same_answer_again_moves_the_saved_time_on(app, client, trainee):
    _user, token = trainee
    post_score(client, token, "3", "Same")
    assert "Saved today at" in client.get(URL).get_data(as_text=True)  # said once, just after
    with app.app_context():
        row = db.session.scalar(sa.select(Reflection))
        row.updated_at = datetime(2026, 1, 5, 9, 0)
        db.session.commit()
    assert "Last saved on 5 January 2026 at 09:00" in client.get(URL).get_data(as_text=True)
    post_score(client, token, "3", "Same")
    markup = client.get(URL).get_data(as_text=True)
    assert "Last saved on 5 January 2026" not in markup
    assert re.search(r"Saved today at \d\d:\d\d", markup)


def test_a_visitor_on_the_public_page_is_told_how_to_save_answers(client):
    markup = client.get("/modules/delta").get_data(as_text=True)
    hints = re.findall(r'<p class="reflection-hint">.*?</p>', markup, re.S)
    assert len(hints) == 2
    assert 'href="/register">Join your programme</a>' in hints[0]
    assert markup.index("How sure are you about listening?</h3>") < markup.index(hints[0])


@pytest.mark.parametrize(
    ("stored", "now", "said"),
    [
        (datetime(2026, 12, 1, 14, 5), datetime(2026, 12, 1, 20, 0), "today at 14:05"),
        # British Summer Time: 13:05 UTC is 14:05 on the clock in Scotland.
        (datetime(2026, 7, 1, 13, 5), datetime(2026, 7, 1, 13, 6), "today at 14:05"),
        (datetime(2026, 7, 1, 23, 30), datetime(2026, 7, 2, 9, 0), "today at 00:30"),
        (datetime(2026, 3, 3, 9, 5), datetime(2026, 3, 4, 9, 0), "on 3 March 2026 at 09:05"),
    ],
)
def test_saved_when_reads_the_clock_in_scotland(stored, now, said):
    assert saved_when(stored, now) == said
