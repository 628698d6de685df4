"""Readiness to mentor: the checklist from defaults, trainers' own items, ticks with
who and when, objective sign-offs, "ready to be matched" only when all is done, and
what the trainee sees (plain words, no trainer notes)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import (
    CurriculumItem,
    ReadinessCheck,
    ReadinessDecision,
    ReadinessItem,
    SignOffObjective,
)
from tests.app.groupwork.helpers import add_session
from tests.pages import field_error, field_value


def items(app, programme_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(ReadinessItem).where(ReadinessItem.programme_id == programme_id)
        )
        return {row.title: row.id for row in rows}


def base(world, name: str = "jo") -> str:
    return f"/programmes/{world.a}/readiness/trainees/{world.ids[name]}"


def tick(trainer, world, item_id: int, name: str = "jo", **fields):
    prefix = f"check-{item_id}-"
    data = {"csrf_token": trainer.token, prefix + "done_on": date.today().isoformat()}
    data.update({prefix + key: value for key, value in fields.items()})
    return trainer.post(f"{base(world, name)}/items/{item_id}", data=data)


def test_the_checklist_starts_from_the_defaults(app, world, trainer):
    assert items(app, world.a) == {}
    page = trainer.get(f"/programmes/{world.a}/readiness").get_data(as_text=True)
    assert "PVG scheme membership confirmed for the role" in page
    assert len(items(app, world.a)) == 7
    trainer.get(f"/programmes/{world.a}/readiness")
    assert len(items(app, world.a)) == 7  # stored once


def test_trainers_add_rename_and_remove_items(app, world, trainer):
    trainer.get(f"/programmes/{world.a}/readiness")
    url = f"/programmes/{world.a}/readiness/items"
    assert trainer.post(url, data={"csrf_token": trainer.token, "title": "First-aid course"}
                        ).status_code == 302  # fmt: skip
    item_id = items(app, world.a)["First-aid course"]
    rename = f"{url}/{item_id}/rename"
    response = trainer.post(rename, data={"csrf_token": trainer.token,
                                          f"item-{item_id}-title": "x" * 300})  # fmt: skip
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Keep the item under 120 characters." in page and "x" * 300 in page
    trainer.post(rename, data={"csrf_token": trainer.token,
                               f"item-{item_id}-title": "Emergency first-aid course"})  # fmt: skip
    assert "Emergency first-aid course" in items(app, world.a)
    trainer.post(f"{url}/{item_id}/remove", data={"csrf_token": trainer.token})
    assert "Emergency first-aid course" not in items(app, world.a)


def test_an_empty_title_is_refused_beside_the_box(app, world, trainer):
    response = trainer.post(f"/programmes/{world.a}/readiness/items",
                            data={"csrf_token": trainer.token, "title": "  "})  # fmt: skip
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "title") == "Enter the item's words."


def test_the_last_item_cannot_be_removed(app, world, trainer):
    trainer.get(f"/programmes/{world.a}/readiness")
    ids = list(items(app, world.a).values())
    for item_id in ids:
        trainer.post(f"/programmes/{world.a}/readiness/items/{item_id}/remove",
                     data={"csrf_token": trainer.token})  # fmt: skip
    assert len(items(app, world.a)) == 1


def test_pvg_records_the_date_and_who_checked_never_a_number(app, world, trainer):
    trainer.get(base(world))
    pvg = items(app, world.a)["PVG scheme membership confirmed for the role"]
    response = tick(trainer, world, pvg, who="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert field_error(page, f"check-{pvg}-who") == "Enter who checked the PVG membership."
    assert "Never write the disclosure or its number." in page
    assert tick(trainer, world, pvg, who="Aisha Trainer").status_code == 302
    with app.app_context():
        (check,) = db.session.scalars(sa.select(ReadinessCheck)).all()
        assert (check.who, check.recorded_by_name, check.done_on) == (
            "Aisha Trainer",
            "Aisha Trainer",
            date.today(),
        )
    columns = set(ReadinessCheck.__table__.columns.keys())
    assert not columns & {"disclosure", "certificate_number", "disclosure_number"}


def test_a_date_in_the_future_or_1900_is_refused(app, world, trainer):
    trainer.get(base(world))
    references = items(app, world.a)["References received"]
    for typed in ("1900-01-01", (date.today() + timedelta(days=3)).isoformat()):
        response = trainer.post(f"{base(world)}/items/{references}", data={
            "csrf_token": trainer.token, f"check-{references}-done_on": typed})  # fmt: skip
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert field_error(page, f"check-{references}-done_on").startswith("Enter a date between")
        assert field_value(page, f"check-{references}-done_on") == typed


def test_ready_only_when_all_is_done_and_withdrawn_with_a_reason(app, world, trainer, jo):
    trainer.get(base(world))
    found = items(app, world.a)
    response = trainer.post(f"{base(world)}/decision",
                            data={"csrf_token": trainer.token, "decision": "ready"})  # fmt: skip
    assert response.status_code == 400
    assert "Everything on the checklist must be done first." in response.get_data(as_text=True)
    # Make everything done: ticks, modules (none required here), a session attended.
    with app.app_context():
        db.session.execute(sa.update(CurriculumItem).values(required=False))
        db.session.commit()
    session_id = add_session(app, world.a, days=-2)
    trainer.post(
        f"/programmes/{world.a}/sessions/{session_id}/attendance",
        data={"csrf_token": trainer.token, f"status-{world.ids['jo']}": "attended"},
    )
    for title, item_id in found.items():
        if "PVG" in title:
            tick(trainer, world, item_id, who="Aisha Trainer", note="TRAINER-ONLY note")
        elif "Supervision" in title:
            tick(trainer, world, item_id, who="Sam", how_often="every two weeks")
        elif "References" in title or "Induction" in title:
            tick(trainer, world, item_id)
    page = trainer.get(base(world)).get_data(as_text=True)
    assert "Everything is done." in page and "TRAINER-ONLY note" in page
    assert (
        trainer.post(
            f"{base(world)}/decision", data={"csrf_token": trainer.token, "decision": "ready"}
        ).status_code
        == 302
    )
    mine = jo.get("/training/readiness").get_data(as_text=True)
    assert "You are ready to be matched with a young person." in mine
    assert "TRAINER-ONLY" not in mine
    # Taking it back needs a reason.
    response = trainer.post(
        f"{base(world)}/decision", data={"csrf_token": trainer.token, "decision": "not-ready"}
    )
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "reason") == (
        "Say why they are no longer ready."
    )
    trainer.post(
        f"{base(world)}/decision",
        data={
            "csrf_token": trainer.token,
            "decision": "not-ready",
            "reason": "Needs more practice",
        },
    )
    with app.app_context():
        kinds = db.session.scalars(sa.select(ReadinessDecision.kind).order_by(ReadinessDecision.id))
        assert list(kinds) == ["ready", "not-ready"]
    assert "ready to be matched" not in jo.get("/training/readiness").get_data(as_text=True)


def test_the_trainee_sees_what_is_left_and_who_does_it_in_plain_words(app, world, trainer, jo):
    trainer.get(base(world))
    pvg = items(app, world.a)["PVG scheme membership confirmed for the role"]
    tick(trainer, world, pvg, who="Aisha Trainer", note="SECRET-NOTE about Jo")
    page = jo.get("/training/readiness").get_data(as_text=True)
    # Left: references, induction, modules, supervision. Done: PVG, and (none planned yet)
    # sessions and objectives.
    assert "Still to do (4)" in page and "Done (3)" in page
    assert "Your PVG check." in page
    assert "You do this." in page and "Your trainer" in page
    assert "SECRET-NOTE" not in page and "Aisha Trainer" not in page


def test_objectives_marked_for_sign_off_are_signed_per_objective(app, world, trainer):
    url = f"/programmes/{world.a}/readiness/objectives"
    assert "Explain in your own words what a peer mentor does" in trainer.get(url).get_data(
        as_text=True
    )
    trainer.post(url, data={"csrf_token": trainer.token,
                            "objectives": ["what-is-peer-mentoring:1"]})  # fmt: skip
    session_id = add_session(app, world.a, days=-1, module_ids=("what-is-peer-mentoring",))
    page = trainer.get(base(world)).get_data(as_text=True)
    assert "Explain in your own words what a peer mentor does" in page
    sign = f"{base(world)}/objectives/what-is-peer-mentoring/1"
    prefix = "sign-what-is-peer-mentoring-1-"
    response = trainer.post(sign, data={"csrf_token": trainer.token, prefix + "session": "0",
                                        prefix + "note": "n" * 300})  # fmt: skip
    assert response.status_code == 400
    assert "Keep the note under 200 characters." in response.get_data(as_text=True)
    trainer.post(sign, data={"csrf_token": trainer.token, prefix + "session": str(session_id),
                             prefix + "note": "Explained it clearly"})  # fmt: skip
    page = trainer.get(base(world)).get_data(as_text=True)
    assert re.search(r"Signed off by Aisha Trainer, .*shown in “Session -1”", page)
    # An objective not marked is not found.
    other = f"{base(world)}/objectives/what-is-peer-mentoring/2"
    assert trainer.post(other, data={"csrf_token": trainer.token}).status_code == 404


def test_withdrawn_and_back_and_counts_on_the_programme_page(app, world, trainer):
    trainer.post(
        f"{base(world, 'lee')}/decision",
        data={"csrf_token": trainer.token, "decision": "left", "reason": "Moved to Aberdeen"},
    )
    page = trainer.get(f"/programmes/{world.a}").get_data(as_text=True)
    counts = re.search(r'<section id="group".*?</dl>', page, re.S).group(0)
    assert re.search(r"<dt>Withdrawn</dt><dd>1</dd>", counts)
    assert re.search(r"<dt>In training</dt><dd>2</dd>", counts)
    trainer.post(
        f"{base(world, 'lee')}/decision", data={"csrf_token": trainer.token, "decision": "returned"}
    )
    page = trainer.get(f"/programmes/{world.a}").get_data(as_text=True)
    assert re.search(r"<dt>In training</dt><dd>3</dd>", page)


def test_an_unknown_decision_is_a_bad_request(app, world, trainer):
    response = trainer.post(
        f"{base(world)}/decision", data={"csrf_token": trainer.token, "decision": "promoted"}
    )
    assert response.status_code == 400


def test_another_programmes_trainee_is_not_found(app, world, trainer):
    url = f"/programmes/{world.a}/readiness/trainees/{world.ids['trainee_b']}"
    assert trainer.get(url).status_code == 404


def test_a_refused_post_stores_nothing(app, world, trainer):
    """Only opening a page stores the default checklist: a POST sent back with a problem
    (here before anyone opened the checklist) answers without saving anything."""
    response = trainer.post(f"/programmes/{world.a}/readiness/items",
                            data={"csrf_token": trainer.token, "title": ""})  # fmt: skip
    assert response.status_code == 400
    assert "PVG scheme membership confirmed for the role" in response.get_data(as_text=True)
    response = trainer.post(f"{base(world)}/decision",
                            data={"csrf_token": trainer.token, "decision": "ready"})  # fmt: skip
    assert response.status_code == 400
    assert items(app, world.a) == {}
    assert trainer.get(base(world)).status_code == 200
    assert len(items(app, world.a)) == 7


def test_objectives_no_longer_offered_are_refused_beside_the_ticks(app, world, trainer):
    url = f"/programmes/{world.a}/readiness/objectives"
    response = trainer.post(url, data={"csrf_token": trainer.token, "objectives": [
        "what-is-peer-mentoring:2", "no-such-module:1"]})  # fmt: skip
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = ("Some of what you ticked is no longer in the curriculum. "
               "Check the ticks below and save again.")  # fmt: skip
    assert field_error(page, "objectives") == message
    assert 'href="#objectives-0"' in page and 'id="objectives-0"' in page
    assert "no-such-module" not in page
    # What was ticked and is still offered stays ticked.
    assert re.search(r'value="what-is-peer-mentoring:2" checked', page)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SignOffObjective)) == 0


def test_a_line_removed_already_is_said_so(app, world, trainer):
    trainer.get(f"/programmes/{world.a}/readiness")
    item_id = items(app, world.a)["References received"]
    url = f"/programmes/{world.a}/readiness/items/{item_id}/remove"
    assert trainer.post(url, data={"csrf_token": trainer.token}).status_code == 302
    response = trainer.post(url, data={"csrf_token": trainer.token})
    assert (response.status_code, response.location) == (
        302, f"/programmes/{world.a}/readiness#items")  # fmt: skip
    page = trainer.get(f"/programmes/{world.a}/readiness").get_data(as_text=True)
    assert "That item is no longer on the checklist." in page
    assert len(items(app, world.a)) == 6
