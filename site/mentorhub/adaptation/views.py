"""The adaptation editor: edit, preview, save, and see the module as a trainee does."""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.permissions import managed_programme
from ..catalogue import get_catalogue
from ..extensions import db
from ..inputs import parse_int, query_int
from ..learning.adaptation_build import build_module, sections_from_snapshot
from ..learning.adaptation_doc import AdaptationDoc
from ..learning.adaptations import (
    RevisionConflict,
    current_by_module,
    doc_of,
    outdated_modules,
    revision,
    save_revision,
)
from ..models import REVISION_KIND_LABELS
from .access import Target, target
from .blueprint import EDITOR, bp, staff
from .checks import doc_problems
from .diff import diff_docs
from .forms import MESSAGE_HINT, attach_problems, doc_from_form, editor_form, section_key


def _render_editor(found: Target, form, status: int = 200):
    return render_template(
        "adaptation/editor.html",
        target=found,
        module=found.library_module,
        form=form,
        section_key=section_key,
    ), status


def _current_number(found: Target) -> int:
    return found.current.number if found.current else 0


def _started_from(value: str | None) -> int:
    """The revision the trainer started from; 0 (the library) if the field is unreadable,
    which the save then treats as a conflict with any saved revision."""
    return parse_int(value) or 0


def _conflict(found: Target, form, started_from: int):
    """Someone saved this module after this trainer opened it: say so, keep what they
    typed, and let them save again (now on top of the newer revision)."""
    newer = found.current
    if newer is None:  # a based_on from no real revision: nothing was saved to compare
        form.based_on.data = "0"
        return _render_editor(found, form, 409)
    older = revision(found.adaptation, started_from) if started_from else None
    changes = diff_docs(doc_of(older), doc_of(newer), found.library_module.sections)
    form.based_on.data = str(newer.number)
    return render_template(
        "adaptation/editor.html",
        target=found,
        module=found.library_module,
        form=form,
        section_key=section_key,
        conflict=(newer, changes),
    ), 409


@bp.get(EDITOR)
@staff
def editor(programme_id: int, module_id: str):
    found = target(programme_id, module_id)
    form = editor_form(found.library_module, found.doc)
    form.based_on.data = str(_current_number(found))
    return _render_editor(found, form)


@bp.post(EDITOR)
@staff
def submit(programme_id: int, module_id: str):
    """The editor posts here, to preview or to save."""
    found = target(programme_id, module_id)
    form = editor_form(found.library_module)
    if not form.validate_on_submit():
        return _render_editor(found, form, 400)
    doc = doc_from_form(form, found.library_module)
    problems = doc_problems(found.library_module, doc)
    if problems:
        attach_problems(form, found.library_module, problems)
        return _render_editor(found, form, 400)
    started_from = _started_from(form.based_on.data)
    if request.form.get("action") == "preview":
        return _render_preview(found, doc, form.message.data or "", started_from)
    return _save(found, doc, form, started_from)


def _base(found: Target):
    """What a saved edit is based on: the library as it is now, unless the revision
    being edited still waits for a review (then its base stays until reviewed)."""
    if found.needs_review:
        return found.current.base_version, found.current.base_sections
    return None, None


def _save(found: Target, doc: AdaptationDoc, form, started_from: int):
    """Save on top of revision `started_from`, or, if someone saved after it (even at
    this very moment), refuse and show what they changed."""
    base_version, base_sections = _base(found)
    try:
        saved = save_revision(
            found.programme,
            found.library_module,
            doc,
            current_user,
            based_on=started_from,
            message=form.message.data or "",
            base_version=base_version,
            base_sections=base_sections,
        )
    except RevisionConflict:
        db.session.rollback()
        return _conflict(target(found.programme.id, found.library_module.id), form, started_from)
    db.session.commit()
    if saved is None:
        flash("Nothing has changed since the last save, so there is no new revision.", "info")
    else:
        flash(
            f"Saved as revision {saved.number}. Trainees in {found.programme.name} "
            "now see this version.",
            "success",
        )
    return redirect(
        url_for(
            "adaptation.history", programme_id=found.programme.id, module_id=found.library_module.id
        )
    )


def _render_preview(found: Target, doc: AdaptationDoc, message: str, started_from: int):
    base_version, base_sections = _base(found)
    base = sections_from_snapshot(base_sections) if base_sections else ()
    module = build_module(found.library_module, doc, base)
    return render_template(
        "adaptation/preview.html",
        target=found,
        module=module,
        document=json.dumps(doc.to_json()),
        message=message,
        message_hint=MESSAGE_HINT,
        based_on=started_from,
    )


def _posted_doc(found: Target) -> AdaptationDoc:
    """The document a preview page carries back in a hidden field. Anything else (JSON
    of the wrong shape, or nested so deep that the parser gives up) is a 400."""
    try:
        return AdaptationDoc.from_json(json.loads(request.form.get("document", "")))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        abort(400, "The preview could not be read. Please make your changes again.")


@bp.post(EDITOR + "/preview/edit")
@staff
def edit_again(programme_id: int, module_id: str):
    """From the preview back to the editor, with the unsaved changes."""
    found = target(programme_id, module_id)
    form = editor_form(found.library_module, _posted_doc(found))
    form.message.data = request.form.get("message", "")
    form.based_on.data = str(_started_from(request.form.get("based_on")))
    return _render_editor(found, form)


@bp.post(EDITOR + "/preview/save")
@staff
def save_previewed(programme_id: int, module_id: str):
    found = target(programme_id, module_id)
    doc = _posted_doc(found)
    form = editor_form(found.library_module, doc)
    form.message.data = request.form.get("message", "")[:200]
    started_from = _started_from(request.form.get("based_on"))
    form.based_on.data = str(started_from)
    problems = doc_problems(found.library_module, doc)
    if problems:
        attach_problems(form, found.library_module, problems)
        return _render_editor(found, form, 400)
    return _save(found, doc, form, started_from)


@bp.get(EDITOR + "/view")
@staff
def view_as_trainee(programme_id: int, module_id: str):
    """The whole adapted module as a trainee of the programme sees it, or as it was at
    an earlier revision (`?revision=N`)."""
    found = target(programme_id, module_id)
    number = query_int("revision", low=1)
    if "revision" in request.args and number is None:
        abort(404)
    shown = revision(found.adaptation, number) if number else found.current
    if number and shown is None:
        abort(404)
    module = found.library_module
    if shown is not None:
        module = build_module(module, doc_of(shown), sections_from_snapshot(shown.base_sections))
    return render_template(
        "adaptation/view.html", target=found, module=module, shown=shown, number=number
    )


@bp.get("/adaptations")
@staff
def index(programme_id: int):
    """Every module of the programme with its adaptation, and the latest changes."""
    programme = managed_programme(programme_id)
    catalogue = get_catalogue()
    current = current_by_module(programme.id)
    rows = [
        (module, current.get(module.id))
        for item in programme.curriculum
        if (module := catalogue.get(item.module_id)) is not None
    ]
    return render_template(
        "adaptation/index.html",
        programme=programme,
        rows=rows,
        outdated=outdated_modules(programme, catalogue),
        kind_labels=REVISION_KIND_LABELS,
    )
