"""POST /offline/marks: marks made with no signal, sent later by the phone."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from mentorhub.extensions import db
from mentorhub.learning.adaptation_doc import AdaptationDoc
from mentorhub.learning.adaptations import save_revision
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.models import Programme
from mentorhub.models.base import utcnow
from tests.app.offline.conftest import answer_mark, done_mark, send
from tests.app.test_training import (
    completions,
    new_trainee,
    progress_rows,
    reflections,
    rewrite_alpha,
)
from tests.factories import csrf_token, log_in, make_user


def iso(moment) -> str:
    return moment.isoformat() + "Z"


def answers(response) -> list[tuple[int, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Cache-Control"] == "no-store"
    return [(a["ref"], a["status"]) for a in response.get_json()["answers"]]


def test_marks_made_offline_are_saved_with_the_time_they_were_made(app, client, trainee):
    made = utcnow().replace(microsecond=0) - timedelta(hours=3)
    response = send(
        client,
        trainee.token,
        done_mark(1, made_at=iso(made)),
        done_mark(2, section="part-two", made_at=iso(made + timedelta(minutes=4))),
    )
    assert answers(response) == [(1, "saved"), (2, "saved")]
    rows = progress_rows(app, learner_key=trainee.learner_key)
    assert [(r.section_id, r.done_at) for r in rows] == [
        ("getting-started", made),
        ("part-two", made + timedelta(minutes=4)),
    ]
    # The module is finished, at the time its last part was.
    [completion] = completions(app)
    assert (completion.module_id, completion.completed_at) == ("alpha", made + timedelta(minutes=4))


def test_sending_the_same_marks_again_changes_nothing(app, client, trainee):
    made = iso(utcnow() - timedelta(hours=1))
    for _ in range(3):  # the phone lost the answer, so it sends them again
        response = send(client, trainee.token, done_mark(5, made_at=made),
                        answer_mark(6, "My answer", made))  # fmt: skip
        assert answers(response) == [(5, "saved"), (6, "saved")]
    assert len(progress_rows(app)) == 1
    assert [r.text for r in reflections(app)] == ["My answer"]


def test_a_mark_already_made_online_keeps_its_first_time(app, client, trainee):
    client.post("/training/alpha/getting-started/done", data={"csrf_token": trainee.token})
    [before] = progress_rows(app)
    send(client, trainee.token, done_mark(1, made_at=iso(utcnow() - timedelta(days=2))))
    assert [r.done_at for r in progress_rows(app)] == [before.done_at]


@pytest.mark.parametrize(
    "made_at",
    [None, "not a time", "2027-01-05T12:00:00", "+days:40", "+minutes:30"],
)
def test_a_missing_or_unbelievable_time_is_recorded_as_now(app, client, trainee, made_at):
    if made_at and made_at.startswith("+"):
        unit, amount = made_at[1:].split(":")
        sign = -1 if unit == "days" else 1  # 40 days ago; 30 minutes ahead
        made_at = iso(utcnow() + sign * timedelta(**{unit: int(amount)}))
    before = utcnow() - timedelta(seconds=1)
    answers(send(client, trainee.token, done_mark(1, made_at=made_at)))
    [row] = progress_rows(app)
    assert before <= row.done_at <= utcnow() + timedelta(seconds=1)


def test_an_answer_written_offline_keeps_its_time_and_never_replaces_a_newer_one(
    app, client, trainee
):
    old, new = utcnow() - timedelta(hours=5), utcnow() - timedelta(hours=1)
    assert answers(send(client, trainee.token, answer_mark(1, "Newer", iso(new)))) == [(1, "saved")]
    response = send(client, trainee.token, answer_mark(2, "Older, from the phone", iso(old)))
    message = response.get_json()["answers"][0]["message"]
    assert message == "You saved a newer answer, so we kept that one."
    [kept] = reflections(app)
    assert (kept.text, kept.updated_at) == ("Newer", new)
    # An empty answer made offline removes only an answer older than itself.
    send(client, trainee.token, answer_mark(3, "", iso(old)))
    assert [r.text for r in reflections(app)] == ["Newer"]
    send(client, trainee.token, answer_mark(4, "", iso(utcnow())))
    assert reflections(app) == []


def test_marks_for_parts_gone_since_are_answered_and_the_rest_applied(
    app, app_config, client, trainee
):
    rewrite_alpha(app_config, 3, drop_part_two=True)  # the module changed meanwhile
    response = send(
        client,
        trainee.token,
        done_mark(1, section="part-two"),
        done_mark(2),
        answer_mark(3, "An answer to a question that went"),
        done_mark(4, module="no-such-module"),
        done_mark(5, module="alpha", section="no-such-part"),
        {"ref": 6, "kind": "mystery", "module": "alpha", "section": "getting-started"},
    )
    assert answers(response) == [(1, "gone"), (2, "saved"), (3, "gone"), (4, "gone"),
                                 (5, "gone"), (6, "invalid")]  # fmt: skip
    messages = [a["message"] for a in response.get_json()["answers"]]
    assert messages[0] == "This part is not in the module any more, so we did not need it."
    assert messages[3] == "This module is not in your training any more, so we did not need it."
    assert messages[5] == "We couldn't save this. Please do it again."
    assert [(r.section_id, r.module_version) for r in progress_rows(app)] == [
        ("getting-started", 3)
    ]
    assert reflections(app) == []


def test_a_part_the_programme_hid_is_gone_and_the_adapted_module_is_marked(app, client, trainee):
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        trainer = make_user(role="trainer", trainer_of=[programme])
        module = app.extensions["mentorhub.catalogue"].get("alpha")
        doc = AdaptationDoc.from_json({"changes": {"part-two": {"action": "hide"}}})
        assert save_revision(programme, module, doc, trainer) is not None
        db.session.commit()
    response = send(client, trainee.token, done_mark(1, section="part-two"), done_mark(2))
    assert answers(response) == [(1, "gone"), (2, "saved")]
    assert [c.module_id for c in completions(app)] == ["alpha"]  # its one part left is done


def test_a_module_taken_out_of_the_curriculum_is_gone_not_marked(app, client, trainee):
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        set_curriculum(programme, [("gamma", True)])
        db.session.commit()
    assert answers(send(client, trainee.token, done_mark(1))) == [(1, "gone")]
    assert progress_rows(app) == []


def test_marks_apply_to_the_senders_own_programme_only(app, client, trainee):
    other = new_trainee(app)  # another programme, with the same modules
    answers(send(client, trainee.token, done_mark(1)))
    assert [r.learner_key for r in progress_rows(app)] == [trainee.learner_key]
    assert progress_rows(app, learner_key=other.learner_key) == []


# --- refusals -----------------------------------------------------------------------


def test_marks_without_a_csrf_token_are_refused(app, client, trainee):
    assert send(client, None, done_mark(1)).status_code == 400
    assert send(client, "not-a-token", done_mark(1)).status_code == 400
    assert progress_rows(app) == []


@pytest.mark.parametrize(
    "body",
    [{"marks": "all"}, {"nothing": []}, {"marks": [{"kind": "done"}]},
     {"marks": [done_mark(n) for n in range(101)]}],
)  # fmt: skip
def test_a_request_that_is_not_a_batch_is_a_400_with_a_reason(app, client, trainee, body):
    response = send(client, trainee.token, **body)
    assert response.status_code == 400
    assert response.get_json()["error"]
    assert progress_rows(app) == []


def test_a_body_that_is_not_json_is_a_400(app, client, trainee):
    response = client.post("/offline/marks", data="marks=1",
                           headers={"X-CSRFToken": trainee.token})  # fmt: skip
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_nobody_logged_in_is_told_to_log_in(client):
    token = csrf_token(client, "/login")
    response = send(client, token, done_mark(1))
    assert response.status_code == 401
    assert response.get_json() == {"error": "Please log in."}


@pytest.mark.parametrize("role", ["trainer", "evaluator", "admin"])
def test_only_trainees_send_marks(app, client, role):
    with app.app_context():
        username = make_user(role=role).username
    log_in(client, SimpleNamespace(username=username))
    response = send(client, csrf_token(client, "/accessibility"), done_mark(1))
    assert response.status_code == 403
    assert progress_rows(app) == []
