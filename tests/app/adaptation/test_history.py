"""Revisions: history, differences, restoring, library updates, files, PDFs."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import AdaptationRevision
from tests.app.adaptation.helpers import (
    DELTA_BODY,
    client_for,
    editor_url,
    submit_editor,
    write_delta,
)
from tests.factories import csrf_token


def numbers(app) -> list[tuple[int, str, int]]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AdaptationRevision).order_by(AdaptationRevision.number))
        return [(r.number, r.kind, r.base_version) for r in rows]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_history_lists_revisions_and_shows_differences_in_plain_words(app, world, trainer):
    submit_editor(trainer, world["a"], s_staying_safe_action="hide", message="Hide safety")
    submit_editor(trainer, world["a"], s_welcome_note_after="Ask Sam about travel costs.")
    history = page(trainer, editor_url(world["a"]) + "/history")
    assert "Hide safety" in history and "Trainees see this" in history
    changes = page(trainer, editor_url(world["a"]) + "/compare?from=1&to=2")
    assert "Welcome" in changes and "<ins>" in changes and "travel" in changes
    from_library = page(trainer, editor_url(world["a"]) + "/compare?from=0&to=1")
    assert "hidden" in from_library
    assert trainer.get(editor_url(world["a"]) + "/compare?from=1&to=9").status_code == 404


def test_restoring_an_old_revision_adds_a_new_one(app, world, trainer):
    submit_editor(trainer, world["a"], s_staying_safe_action="hide")
    submit_editor(trainer, world["a"], s_staying_safe_action="keep", s_welcome_note_after="N2")
    token = csrf_token(trainer, editor_url(world["a"]))
    response = trainer.post(
        editor_url(world["a"]) + "/revisions/1/restore", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert [n for n, _kind, _base in numbers(app)] == [1, 2, 3]
    assert numbers(app)[-1][1] == "restore"
    trainee = client_for(app, world["trainee_a"])
    assert "LIBRARY-SAFE" not in page(trainee, "/training/delta")
    old = page(trainer, editor_url(world["a"]) + "/view?revision=2")
    assert "LIBRARY-SAFE" in old and "not the one trainees see now" in old


def test_a_library_update_is_flagged_reviewed_and_rebased(app, world, trainer, content_dir):
    submit_editor(
        trainer, world["a"],
        s_staying_safe_action="replace", s_staying_safe_text="OUR-SAFE text.",
    )  # fmt: skip
    new_body = DELTA_BODY.replace("LIBRARY-SAFE text", "LIBRARY-SAFE-V2 text").replace(
        "LIBRARY-WRAP text.", "LIBRARY-WRAP-V2 text."
    )
    write_delta(content_dir, version=2, body=new_body)

    # Until reviewed: the new library text where the programme did not override it.
    trainee_page = page(client_for(app, world["trainee_a"]), "/training/delta")
    assert "LIBRARY-WRAP-V2" in trainee_page and "OUR-SAFE" in trainee_page
    assert "LIBRARY-SAFE-V2" not in trainee_page
    index = page(trainer, f"/programmes/{world['a']}/adaptations")
    assert "Library updated: review" in index
    curriculum = page(trainer, f"/programmes/{world['a']}/curriculum")
    row = curriculum[curriculum.index('id="module-delta"') :]
    row = row[: row.index("</li>")]
    assert "Library updated" in row and "Review the update" in row and "Adapt" in row
    assert "updated 1 module you adapted" in page(trainer, f"/programmes/{world['a']}")

    review = page(trainer, editor_url(world["a"]) + "/review")
    assert "The library changed this section." in review and "use your own text here" in review
    assert "<ins>LIBRARY-SAFE-V2</ins>" in review or "LIBRARY-SAFE-V2" in review
    token = csrf_token(trainer, editor_url(world["a"]))
    response = trainer.post(
        editor_url(world["a"]) + "/review",
        data={"csrf_token": token, "take-staying-safe": "library"},
    )
    assert response.status_code == 302
    assert numbers(app)[-1] == (2, "review", 2)
    trainee_page = page(client_for(app, world["trainee_a"]), "/training/delta")
    assert "LIBRARY-SAFE-V2" in trainee_page and "OUR-SAFE" not in trainee_page
    assert "Library updated" not in page(trainer, f"/programmes/{world['a']}/adaptations")


def test_keeping_an_override_through_a_review(app, world, trainer, content_dir):
    submit_editor(
        trainer, world["a"], s_staying_safe_action="replace", s_staying_safe_text="OUR-SAFE."
    )
    write_delta(content_dir, version=2, body=DELTA_BODY.replace("LIBRARY-SAFE", "LIB-SAFE-V2"))
    token = csrf_token(trainer, editor_url(world["a"]))
    trainer.post(
        editor_url(world["a"]) + "/review", data={"csrf_token": token, "take-staying-safe": "ours"}
    )
    trainee_page = page(client_for(app, world["trainee_a"]), "/training/delta")
    assert "OUR-SAFE." in trainee_page and "LIB-SAFE-V2" not in trainee_page


def test_export_then_import_gives_the_same_module(app, world, trainer):
    submit_editor(
        trainer, world["a"],
        s_staying_safe_action="hide", s_welcome_note_before="NOTE-B",
        local_your_coordinator="Sam", add_title="Our office", add_text="High street.",
        add_after="welcome", intro="Welcome to Programme A.",
    )  # fmt: skip
    before = page(client_for(app, world["trainee_a"]), "/training/delta")
    exported = trainer.get(editor_url(world["a"]) + "/export.md")
    assert exported.headers["Content-Disposition"].endswith('-delta-r1.md"')
    text = exported.get_data(as_text=True)
    assert text.startswith("---\n") and "extends: delta" in text

    submit_editor(trainer, world["a"], s_staying_safe_action="keep")  # revision 2: different
    response = import_file(trainer, world["a"], text.encode())
    assert response.status_code == 302
    assert numbers(app)[-1][:2] == (3, "import")
    after = page(client_for(app, world["trainee_a"]), "/training/delta")
    import difflib

    diff = list(
        difflib.unified_diff(
            strip_tokens(before).splitlines(), strip_tokens(after).splitlines(), lineterm="", n=0
        )
    )
    assert not diff, "\n".join(diff[:20])


def strip_tokens(html: str) -> str:
    import re

    return re.sub(r'csrf_token"(?: type="hidden")? value="[^"]+"', "", html)


def import_file(client, programme_id: int, data: bytes, name: str = "adaptation.md"):
    url = editor_url(programme_id) + "/import"
    return client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"---\nextends: alpha\nbase_version: 1\n---\n", "adapts"),
        (b"---\nextends: delta\nbase_version: 1\n---\n## Hide: X {#nope}\n", "line"),
        (b"no front matter at all", "settings block"),
        (b"x" * (200 * 1024 + 1), "200 KB"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(app, world, trainer, data, message):
    response = import_file(trainer, world["a"], data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and message in html
    assert numbers(app) == []


def test_the_merged_module_downloads_as_a_pdf(app, world, trainer):
    submit_editor(trainer, world["a"], s_staying_safe_action="hide")
    response = trainer.get(editor_url(world["a"]) + "/module.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
