"""Feedback sent several times at once (a double tap): one response per trainee per
module version, counted once in the daily totals, every request thanked as one would be."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.feedback import totals_drift
from mentorhub.models import FeedbackAuthor, FeedbackDailyTotal, FeedbackResponse, FeedbackSkip
from tests.app.concurrency.helpers import count, no_errors, the_same, trainees
from tests.live_server import at_once

TAPS = 3
ANSWERS = {"relevant": "5", "clear": "4", "length": "2", "recommend": "5",
           "confidence_before": "2", "confidence_after": "4",
           "helped_most": "The stories"}  # fmt: skip


def test_feedback_sent_three_times_at_once_is_one_response(app, server):
    people = trainees(app, server)
    for person in people:
        form = {**ANSWERS, "csrf_token": person.token}
        answers = at_once(*[partial(person.browser.post, "/training/alpha/feedback", form)] * TAPS)
        assert (the_same(answers).status, the_same(answers).location) == (302, "/training")
        assert count(app, FeedbackAuthor, user_id=person.id) == 1
    no_errors(server)
    with app.app_context():
        assert count(app, FeedbackResponse) == len(people)
        assert db.session.scalar(sa.select(sa.func.sum(FeedbackDailyTotal.n))) == len(people)
        assert totals_drift() == []


def test_a_skip_sent_twice_at_once_is_one_skip(app, server):
    for person in trainees(app, server):
        skip = {"csrf_token": person.token}
        send = partial(person.browser.post, "/training/alpha/feedback/skip", skip)
        answers = at_once(send, send)
        assert (the_same(answers).status, the_same(answers).location) == (302, "/training")
        assert count(app, FeedbackSkip, user_id=person.id) == 1
    no_errors(server)
