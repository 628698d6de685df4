"""The programme feedback dashboard: figures from SQL, nothing from fewer than 5."""

from __future__ import annotations

import re
import shutil

import pytest

from mentorhub.extensions import db
from mentorhub.learning.feedback import rebuild_daily_totals
from mentorhub.models import FeedbackResponse, ModuleCompletion
from tests.factories import FIXTURES, log_in, make_programme, make_user


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def add_responses(app, programme_id, answers, comment="Good stories", lengths=None):
    """One response per (relevant, before, after) tuple for module alpha; `lengths`, one
    (length, right_length) per response, says how each answered about length."""
    with app.app_context():
        for n, (relevant, before, after) in enumerate(answers):
            length, right_length = lengths[n] if lengths else (2, None)
            db.session.add(
                FeedbackResponse(
                    module_id="alpha", module_version=2, programme_id=programme_id,
                    relevant=relevant, clear=4, length=length, right_length=right_length,
                    recommend=5,
                    confidence_before=before, confidence_after=after,
                    helped_most=f"{comment} {n}", would_change="",
                )
            )  # fmt: skip
            db.session.add(
                ModuleCompletion(
                    learner_key=f"learner{n}", programme_id=programme_id,
                    module_id="alpha", module_version=2,
                )
            )  # fmt: skip
        rebuild_daily_totals()  # written past save_response: the page reads the totals
        db.session.commit()


@pytest.fixture
def setup(app):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        a = make_programme(modules, name="A")
        b = make_programme(modules, name="B")
        trainer = make_user("trainer", trainer_of=[a])
        other = make_user("trainer", trainer_of=[b])
        return {"a": a.id, "trainer": trainer.username, "other": other.username}


def page(app, username, programme_id):
    from tests.pages import who

    client = app.test_client()
    log_in(client, who(username))
    return client.get(f"/programmes/{programme_id}/feedback")


def test_fewer_than_five_responses_show_no_figures(app, setup):
    add_responses(app, setup["a"], [(5, 1, 4)] * 4, comment="SECRET")
    response = page(app, setup["trainer"], setup["a"])
    html = response.get_data(as_text=True)
    section = html[
        html.index('id="fb-alpha"') : html.index("</section>", html.index('id="fb-alpha"'))
    ]
    assert "Fewer than 5 responses" in section
    assert "SECRET" not in html
    assert "mean" not in section and not re.search(r"\b4 responses\b", section)


def test_five_responses_show_distribution_mean_ci_change_and_comments(app, setup):
    add_responses(app, setup["a"], [(1, 1, 2), (2, 2, 2), (3, 1, 4), (4, 2, 5), (5, 3, 5)])
    html = page(app, setup["trainer"], setup["a"]).get_data(as_text=True)
    assert "5 responses, from 5 trainees who finished it (100%)" in html
    # Relevant: 1..5 once each: mean 3.0, 95% CI 3 +/- 2.776 * sqrt(2.5)/sqrt(5) = 1.0 to 5.0
    assert "This was relevant to me</strong>: mean 3.0 (95% CI 1.0 to 5.0), n = 5" in html
    # Confidence changes 1, 0, 3, 3, 2: mean +1.8
    assert "changed by <strong>+1.8</strong>" in html
    assert "Good stories 0" in html
    assert "<svg" in html and 'role="img"' in html and "<table" in html


def test_comments_are_escaped(app, setup):
    add_responses(app, setup["a"], [(5, 1, 4)] * 5, comment="<script>alert(1)</script>")
    html = page(app, setup["trainer"], setup["a"]).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_another_programmes_trainer_is_refused(app, setup):
    assert page(app, setup["other"], setup["a"]).status_code == 403


def _section(html: str) -> str:
    start = html.index('id="fb-alpha"')
    return html[start : html.index("</section>", start)]


def test_the_length_question_shows_too_short_about_right_and_too_long(app, setup):
    lengths = [(1, None), (2, None), (2, None), (3, None), (2, None), (None, 5), (None, 3)]
    add_responses(app, setup["a"], [(4, 2, 3)] * 7, lengths=lengths)
    section = _section(page(app, setup["trainer"], setup["a"]).get_data(as_text=True))
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "The length was : too short, about right or too long, n = 5" in text
    assert "Too short 1 20%" in text and "About right 3 60%" in text and "Too long 1 20%" in text
    # 3 about right and 1 agree, of 5 answers and 1 agree (the "not sure" left out).
    assert "Said the length was right: 67% of 6 answers" in text
    # Only 2 older answers to the earlier statement: not shown on their own.
    assert "the earlier question" not in text


def test_a_module_with_only_older_answers_shows_the_earlier_statement(app, setup):
    lengths = [(None, value) for value in (1, 2, 4, 5, 5)]
    add_responses(app, setup["a"], [(4, 2, 3)] * 5, lengths=lengths)
    section = _section(page(app, setup["trainer"], setup["a"]).get_data(as_text=True))
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "The length was : no answers yet." in text
    assert "It was the right length (the earlier question) : mean 3.4" in text
    assert "Said the length was right: 60% of 5 answers" in text
