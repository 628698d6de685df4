"""Two trainers saving the same adaptation at the same moment: exactly one save is
accepted, the other gets the "someone else saved this meanwhile" page with what they
typed kept; and the same when it is the module's first adaptation."""

from __future__ import annotations

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.models import Adaptation, AdaptationRevision
from tests.app.adaptation.helpers import form_fields
from tests.app.concurrency.helpers import ROUNDS, no_errors
from tests.factories import make_programme, make_user
from tests.live_server import Answer, Server, Visitor, at_once

NOTE = "s_getting_started_note_after"
CONFLICT = "Someone else saved this module while you were editing"


def editor(programme_id: int) -> str:
    return f"/programmes/{programme_id}/modules/alpha/adapt"


def two_trainers(app, server: Server) -> tuple[int, list[Visitor]]:
    """A new programme with alpha, and two of its trainers logged in."""
    with app.app_context():
        programme = make_programme(None)
        set_curriculum(programme, [("alpha", True)])
        db.session.commit()
        names = [make_user("trainer", trainer_of=[programme]).username for _ in range(2)]
        programme_id = programme.id
    return programme_id, [Visitor(server).log_in(name) for name in names]


def opened(trainer: Visitor, programme_id: int, note: str) -> dict[str, str]:
    """The editor as the trainer opened it, with a note typed in, ready to save."""
    fields = form_fields(trainer.get(editor(programme_id)).text)
    return fields | {NOTE: note, "action": "save", "csrf_token": trainer.csrf_token()}


def save_together(programme_id: int, trainers: list[Visitor], notes: list[str]) -> list[Answer]:
    forms = [opened(t, programme_id, note) for t, note in zip(trainers, notes, strict=True)]
    return at_once(
        *[
            lambda t=t, form=form: t.post(editor(programme_id), form)
            for t, form in zip(trainers, forms, strict=True)
        ]
    )


def one_accepted(answers: list[Answer], notes: list[str], programme_id: int) -> str:
    """Exactly one save went through; the other was refused with its text kept. Returns
    the note that was saved."""
    assert sorted(a.status for a in answers) == [302, 409], answers
    [(won, _)] = [(n, a) for n, a in zip(notes, answers, strict=True) if a.status == 302]
    [(lost, refusal)] = [(n, a) for n, a in zip(notes, answers, strict=True) if a.status == 409]
    history = f"/programmes/{programme_id}/modules/alpha/adapt/history"
    assert [a.location for a in answers if a.status == 302] == [history]
    assert CONFLICT in refusal.text
    assert f"{lost}</textarea>" in refusal.text  # what they typed is still there
    return won


def saved_notes(app, programme_id: int) -> list[str]:
    """The note of every revision of the programme's alpha adaptation, oldest first."""
    with app.app_context():
        documents = db.session.scalars(
            sa.select(AdaptationRevision.document)
            .join(Adaptation)
            .where(Adaptation.programme_id == programme_id)
            .order_by(AdaptationRevision.number)
        )
        return [d["changes"]["getting-started"]["note_after"] for d in documents]


def test_two_trainers_saving_the_same_revision_at_once(app, server):
    programme_id, trainers = two_trainers(app, server)
    first = trainers[0].post(editor(programme_id), opened(trainers[0], programme_id, "Start"))
    assert first.status == 302
    kept = ["Start"]
    for round_ in range(ROUNDS):
        notes = [f"Round {round_} by trainer {n}" for n in (1, 2)]
        kept.append(one_accepted(save_together(programme_id, trainers, notes), notes,
                                 programme_id))  # fmt: skip
        assert saved_notes(app, programme_id) == kept  # one new revision: the winner's
    no_errors(server)


def test_the_first_adaptation_saved_by_two_trainers_at_once(app, server):
    for round_ in range(ROUNDS):
        programme_id, trainers = two_trainers(app, server)
        notes = [f"First words {round_} by trainer {n}" for n in (1, 2)]
        won = one_accepted(save_together(programme_id, trainers, notes), notes, programme_id)
        assert saved_notes(app, programme_id) == [won]
        with app.app_context():
            rows = sa.select(sa.func.count()).where(Adaptation.programme_id == programme_id)
            assert db.session.scalar(rows) == 1
    no_errors(server)
