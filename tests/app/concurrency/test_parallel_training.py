"""A trainee's progress and reflections, written by requests that arrive together (a
double tap, two tabs, every part marked done at once): one row each, the module's
completion always recorded, and every request answered as a single one would be."""

from __future__ import annotations

from functools import partial

from mentorhub.models import ModuleCompletion, Reflection, SectionProgress
from tests.app.concurrency.helpers import (
    MANY_PARTS,
    ROUNDS,
    count,
    no_errors,
    the_same,
    trainees,
)
from tests.live_server import at_once

TAPS = 3


def test_a_part_marked_done_three_times_at_once_is_done_once(app, server):
    for person in trainees(app, server):
        done = {"csrf_token": person.token}
        first = person.browser.post("/training/alpha/getting-started/done", done)
        assert (first.status, first.location) == (302, "/training/alpha#part-two")
        answers = at_once(
            *[partial(person.browser.post, "/training/alpha/part-two/done", done)] * TAPS
        )
        # The last part finishes the module: each tap is told so, as one tap would be.
        assert the_same(answers).location == "/training/alpha#module-end"
        assert the_same(answers).status == 302
        mine = {"learner_key": person.learner_key, "module_id": "alpha"}
        assert count(app, SectionProgress, section_id="part-two", **mine) == 1
        assert count(app, ModuleCompletion, **mine) == 1
    no_errors(server)


def test_every_part_marked_done_at_once_leaves_the_completion(app, server):
    # More tries than the others: with gunicorn's 2 workers only two parts are written at
    # a time, and a round without the learner's lock lost the completion 1 time in 4.
    for person in trainees(app, server, count=3 * ROUNDS):
        done = {"csrf_token": person.token}
        post = person.browser.post
        answers = at_once(
            *[partial(post, f"/training/many/{part}/done", done) for part in MANY_PARTS]
        )
        # Each answer is one a single request gets: on to the next part, or, for the one
        # that found every part done (and for the last part), to the module's end.
        end = "/training/many#module-end"
        nexts = [f"/training/many#{part}" for part in MANY_PARTS[1:]] + [end]
        for answer, next_part in zip(answers, nexts, strict=True):
            assert answer.status == 302 and answer.location in (next_part, end), answer
        assert sum(answer.location == end for answer in answers[:-1]) <= 1
        mine = {"learner_key": person.learner_key, "module_id": "many"}
        assert count(app, SectionProgress, **mine) == len(MANY_PARTS)
        assert count(app, ModuleCompletion, **mine) == 1
    no_errors(server)


def test_a_reflection_saved_from_three_requests_at_once_is_one_answer(app, server):
    url = "/training/alpha/part-two/reflections/think-about-it"
    for person in trainees(app, server):
        texts = [f"Tab {n}: I noticed I listen better." for n in range(TAPS)]
        token = {"part-two--think-about-it-csrf_token": person.token}
        forms = [{"part-two--think-about-it-text": text, **token} for text in texts]
        answers = at_once(*[partial(person.browser.post, url, form) for form in forms])
        assert the_same(answers).status == 302
        assert the_same(answers).location == "/training/alpha#reflection-part-two-think-about-it"
        assert count(app, Reflection, user_id=person.id) == 1
        page = person.browser.get("/training/alpha").text
        assert sum(text in page for text in texts) == 1  # one of them, whole
    no_errors(server)
