"""The readiness checklist written by requests at the same moment (a double tap, two
trainers saving together): a tick, a sign-off, a decision or the objectives to sign off
are stored once; lines added together each get a place of their own; lines removed
together never leave an empty checklist. No request gets a 500."""

from __future__ import annotations

from datetime import date
from functools import partial

import sqlalchemy as sa
from flask import Flask

from mentorhub.extensions import db
from mentorhub.models import (
    ObjectiveSignOff,
    ReadinessCheck,
    ReadinessDecision,
    ReadinessItem,
    SignOffObjective,
)
from tests.app.concurrency.helpers import ROUNDS, count, no_errors, staffed_programme, the_same
from tests.live_server import at_once

TAPS = 3
LAST_TWO = ["References received", "Induction meeting held"]


def items(app: Flask, programme_id: int) -> dict[str, int]:
    """Title -> id of the programme's checklist lines."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(ReadinessItem.title, ReadinessItem.id).where(
                ReadinessItem.programme_id == programme_id
            )
        )
        return dict(rows.all())


def opened(app: Flask, place) -> dict[str, int]:
    """The checklist, stored by a trainer opening it."""
    assert place.trainers[0].get(f"/programmes/{place.id}/readiness").status == 200
    return items(app, place.id)


def test_a_tick_sent_three_times_at_once_is_one_tick(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server, trainees=1, trainers=1)
        item_id = opened(app, place)["Induction meeting held"]
        url = f"/programmes/{place.id}/readiness/trainees/{place.trainee_ids[0]}/items/{item_id}"
        form = {f"check-{item_id}-done_on": date.today().isoformat(), "csrf_token": place.token}
        answer = the_same(at_once(*[partial(place.trainers[0].post, url, form)] * TAPS))
        assert answer.status == 302
        assert count(app, ReadinessCheck, item_id=item_id) == 1
    no_errors(server)


def test_a_sign_off_sent_three_times_at_once_is_one_sign_off(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server, trainees=1, trainers=1)
        trainer = place.trainers[0]
        base = f"/programmes/{place.id}/readiness"
        assert (
            trainer.post(
                f"{base}/objectives", {"objectives": "alpha:1", "csrf_token": place.token}
            ).status
            == 302
        )
        url = f"{base}/trainees/{place.trainee_ids[0]}/objectives/alpha/1"
        form = {"sign-alpha-1-session": "0", "sign-alpha-1-note": "Well done",
                "csrf_token": place.token}  # fmt: skip
        answer = the_same(at_once(*[partial(trainer.post, url, form)] * TAPS))
        assert answer.status == 302
        assert count(app, ObjectiveSignOff, user_id=place.trainee_ids[0]) == 1
    no_errors(server)


def test_a_decision_sent_three_times_at_once_is_one_decision(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server, trainees=1, trainers=1)
        url = f"/programmes/{place.id}/readiness/trainees/{place.trainee_ids[0]}/decision"
        form = {"decision": "left", "reason": "", "csrf_token": place.token}
        answers = at_once(*[partial(place.trainers[0].post, url, form)] * TAPS)
        # The first is recorded; the others, once it is, are told it was.
        assert sorted(a.status for a in answers) == [302] + [400] * (TAPS - 1), answers
        assert all("already marked as withdrawn" in a.text for a in answers if a.status == 400)
        assert count(app, ReadinessDecision, user_id=place.trainee_ids[0]) == 1
    no_errors(server)


def test_the_objectives_saved_twice_at_once_are_stored_once(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server)
        url = f"/programmes/{place.id}/readiness/objectives"
        sends = [partial(browser.post, url, {"objectives": "alpha:1", "csrf_token": token})
                 for browser, token in zip(place.trainers, place.tokens, strict=True)]  # fmt: skip
        assert the_same(at_once(*sends)).status == 302
        assert count(app, SignOffObjective, programme_id=place.id) == 1
    no_errors(server)


def test_lines_added_together_each_get_a_place(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server)
        before = len(opened(app, place))
        url = f"/programmes/{place.id}/readiness/items"
        sends = [partial(browser.post, url, {"title": f"Course {n}", "csrf_token": token})
                 for n, (browser, token) in enumerate(zip(place.trainers, place.tokens,
                                                          strict=True))]  # fmt: skip
        assert the_same(at_once(*sends)).status == 302
        assert {"Course 0", "Course 1"} <= set(items(app, place.id))
        assert count(app, ReadinessItem, programme_id=place.id) == before + 2
    no_errors(server)


def keep_only(app: Flask, programme_id: int, titles: list[str]) -> None:
    """Remove every other line of the checklist (straight in the database)."""
    with app.app_context():
        db.session.execute(
            sa.delete(ReadinessItem).where(
                ReadinessItem.programme_id == programme_id, ReadinessItem.title.not_in(titles)
            )
        )
        db.session.commit()


def test_the_last_two_lines_removed_together_leave_one(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server)
        found = opened(app, place)
        keep_only(app, place.id, LAST_TWO)
        base = f"/programmes/{place.id}/readiness/items"
        ids = [found[title] for title in LAST_TWO]
        sends = [partial(browser.post, f"{base}/{item_id}/remove", {"csrf_token": token})
                 for item_id, browser, token in zip(ids, place.trainers, place.tokens,
                                                    strict=True)]  # fmt: skip
        assert the_same(at_once(*sends)).status == 302
        assert len(items(app, place.id)) == 1
    no_errors(server)


def test_one_line_removed_three_times_at_once_is_removed_once(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server, trainers=1)
        found = opened(app, place)
        url = f"/programmes/{place.id}/readiness/items/{found['References received']}/remove"
        send = partial(place.trainers[0].post, url, {"csrf_token": place.token})
        assert the_same(at_once(*[send] * TAPS)).status == 302
        assert set(items(app, place.id)) == set(found) - {"References received"}
    no_errors(server)


def test_the_checklist_opened_by_two_trainers_at_once_is_stored_once(app, server):
    for _ in range(ROUNDS):
        place = staffed_programme(app, server)
        url = f"/programmes/{place.id}/readiness"
        answer = the_same(at_once(*[partial(browser.get, url) for browser in place.trainers]))
        assert answer.status == 200 and "Induction meeting held" in answer.text
        assert count(app, ReadinessItem, programme_id=place.id) == 7
    no_errors(server)


def test_a_line_ticked_while_another_trainer_removes_it(app, server):
    """The tick waits for the removal (or the removal for the tick): never a tick of a
    line that is gone, never a 500."""
    for _ in range(ROUNDS * 2):
        place = staffed_programme(app, server, trainees=1)
        item_id = opened(app, place)["Induction meeting held"]
        (remover, ticker), (remover_token, ticker_token) = place.trainers, place.tokens
        base = f"/programmes/{place.id}/readiness"
        tick = f"{base}/trainees/{place.trainee_ids[0]}/items/{item_id}"
        form = {f"check-{item_id}-done_on": date.today().isoformat(), "csrf_token": ticker_token}
        removed, ticked = at_once(
            partial(remover.post, f"{base}/items/{item_id}/remove", {"csrf_token": remover_token}),
            partial(ticker.post, tick, form),
        )
        assert removed.status == 302 and ticked.status in (302, 404), (removed, ticked)
        assert "Induction meeting held" not in items(app, place.id)
        assert count(app, ReadinessCheck, item_id=item_id) == 0
    no_errors(server)


def test_a_line_renamed_while_another_trainer_removes_it(app, server):
    for _ in range(ROUNDS * 2):
        place = staffed_programme(app, server)
        item_id = opened(app, place)["Induction meeting held"]
        (remover, renamer), (remover_token, renamer_token) = place.trainers, place.tokens
        url = f"/programmes/{place.id}/readiness/items/{item_id}"
        form = {f"item-{item_id}-title": "Induction held", "csrf_token": renamer_token}
        removed, renamed = at_once(
            partial(remover.post, f"{url}/remove", {"csrf_token": remover_token}),
            partial(renamer.post, f"{url}/rename", form),
        )
        assert removed.status == 302 and renamed.status in (302, 404), (removed, renamed)
        assert not {"Induction meeting held", "Induction held"} & set(items(app, place.id))
    no_errors(server)
