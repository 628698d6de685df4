"""Progress follows what a trainee sees: hide, add, replace and library updates."""

from __future__ import annotations

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import ModuleCompletion
from tests.app.adaptation.helpers import (
    DELTA_BODY,
    editor_url,
    submit_editor,
    write_delta,
)
from tests.factories import csrf_token


def mark(client, *sections: str) -> None:
    for section in sections:
        token = csrf_token(client, "/training/delta")
        response = client.post(f"/training/delta/{section}/done", data={"csrf_token": token})
        assert response.status_code == 302


def progress_text(client) -> str:
    html = client.get("/training/delta").get_data(as_text=True)
    start = html.index('<p class="progress-text">')
    return html[start + len('<p class="progress-text">') : html.index("</p>", start)]


def completions(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleCompletion))


def test_hiding_the_section_left_finishes_the_module(app, world, trainer, trainee):
    mark(trainee, "welcome", "staying-safe")
    assert progress_text(trainee) == "2 of 3 parts done"
    submit_editor(trainer, world["a"], s_wrapping_up_action="hide")
    assert progress_text(trainee) == "2 of 2 parts done"
    assert completions(app) == 1  # dated, for the certificate


def test_a_done_section_later_hidden_does_not_count_against_them(app, world, trainer, trainee):
    mark(trainee, "staying-safe")
    submit_editor(trainer, world["a"], s_staying_safe_action="hide")
    assert progress_text(trainee) == "0 of 2 parts done"
    mark(trainee, "welcome", "wrapping-up")
    assert progress_text(trainee) == "2 of 2 parts done"
    assert completions(app) == 1


def test_a_new_section_is_one_more_part_to_do(app, world, trainer, trainee):
    mark(trainee, "welcome")
    submit_editor(trainer, world["a"], add_title="Our office", add_text="High street.")
    assert progress_text(trainee) == "1 of 4 parts done"
    mark(trainee, "our-office")
    assert progress_text(trainee) == "2 of 4 parts done"


def test_replacing_a_section_keeps_what_was_done(app, world, trainer, trainee):
    mark(trainee, "staying-safe")
    submit_editor(
        trainer, world["a"], s_staying_safe_action="replace", s_staying_safe_text="Our own text."
    )
    assert progress_text(trainee) == "1 of 3 parts done"


def test_progress_survives_a_review_of_a_library_update(app, world, trainer, trainee, content_dir):
    mark(trainee, "welcome", "staying-safe")
    submit_editor(trainer, world["a"], s_staying_safe_action="hide")
    body = DELTA_BODY + "\n## Extra part {#extra}\n\nA new library section.\n"
    write_delta(content_dir, version=2, body=body)
    assert progress_text(trainee) == "1 of 3 parts done"  # welcome; wrapping-up and extra to do
    token = csrf_token(trainer, editor_url(world["a"]))
    trainer.post(editor_url(world["a"]) + "/review", data={"csrf_token": token})
    assert progress_text(trainee) == "1 of 3 parts done"


def test_the_trainer_grid_counts_the_adapted_sections(app, world, trainer, trainee):
    mark(trainee, "welcome", "staying-safe")
    submit_editor(trainer, world["a"], s_wrapping_up_action="hide")
    csv_text = trainer.get(f"/programmes/{world['a']}/progress.csv").get_data(as_text=True)
    header, row = csv_text.splitlines()[:2]
    assert row.split(",")[header.split(",").index("delta")] == "Complete (2/2)"
