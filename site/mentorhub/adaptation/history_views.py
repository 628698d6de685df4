"""Revision history, comparing two revisions, restoring one, and reviewing a library update."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..extensions import db
from ..inputs import query_int
from ..learning.adaptation_build import library_sections_snapshot, sections_from_snapshot
from ..learning.adaptations import doc_of, revision, revisions_of, save_revision
from ..models import REVISION_KIND_LABELS, RevisionKind
from .access import Target, target
from .blueprint import EDITOR, bp, staff
from .diff import diff_docs
from .review import rebase, review_items


def _back_to_history(found: Target):
    return redirect(
        url_for(
            "adaptation.history", programme_id=found.programme.id, module_id=found.library_module.id
        )
    )


@bp.get(EDITOR + "/history")
@staff
def history(programme_id: int, module_id: str):
    found = target(programme_id, module_id)
    revisions = revisions_of(found.adaptation)
    return render_template(
        "adaptation/history.html",
        target=found,
        module=found.library_module,
        revisions=revisions,
        kind_labels=REVISION_KIND_LABELS,
    )


@bp.get(EDITOR + "/compare")
@staff
def compare(programme_id: int, module_id: str):
    """What changed between two revisions (`?from=1&to=3`), section by section.
    Revision 0 means the library module with no changes."""
    found = target(programme_id, module_id)
    numbers = query_int("from"), query_int("to")
    if None in numbers:
        abort(404)
    old, new = (_revision_or_404(found, n) for n in numbers)
    changes = diff_docs(doc_of(old), doc_of(new), found.library_module.sections)
    return render_template(
        "adaptation/compare.html",
        target=found,
        module=found.library_module,
        changes=changes,
        old=old,
        new=new,
        numbers=numbers,
    )


def _revision_or_404(found: Target, number: int):
    if number == 0:
        return None
    shown = revision(found.adaptation, number)
    if shown is None:
        abort(404)
    return shown


@bp.post(EDITOR + "/revisions/<int:number>/restore")
@staff
def restore(programme_id: int, module_id: str, number: int):
    """Restore an earlier revision as a new one (history is never rewritten)."""
    found = target(programme_id, module_id)
    old = _revision_or_404(found, number)
    if old is None:
        abort(404)
    saved = save_revision(
        found.programme,
        found.library_module,
        doc_of(old),
        current_user,
        message=f"Restored revision {number}",
        kind=RevisionKind.RESTORE,
        base_version=old.base_version,
        base_sections=old.base_sections,
    )
    db.session.commit()
    flash(f"Revision {number} is back, saved as revision {saved.number}.", "success")
    if saved.base_version < found.library_module.meta.version:
        flash("It was made for an older version of the library module: please review it.", "info")
    return _back_to_history(found)


@bp.get(EDITOR + "/review")
@staff
def review(programme_id: int, module_id: str):
    found = target(programme_id, module_id)
    if not found.needs_review:
        flash("This adaptation is up to date with the library. There is nothing to review.", "info")
        return _back_to_history(found)
    items = review_items(
        sections_from_snapshot(found.current.base_sections),
        found.library_module.sections,
        found.doc,
    )
    return render_template(
        "adaptation/review.html", target=found, module=found.library_module, items=items
    )


@bp.post(EDITOR + "/review")
@staff
def accept_update(programme_id: int, module_id: str):
    """Rebase the adaptation on the library's new version. For each section the
    library changed and the programme overrides, the trainer chose to keep their own
    version or take the library's new text (`take-<id>`)."""
    found = target(programme_id, module_id)
    if not found.needs_review:
        return _back_to_history(found)
    library = found.library_module
    take = {s.id for s in library.sections if request.form.get(f"take-{s.id}") == "library"}
    base = sections_from_snapshot(found.current.base_sections)
    doc, messages = rebase(found.doc, [s.id for s in library.sections], take, base=base)
    saved = save_revision(
        found.programme,
        library,
        doc,
        current_user,
        message=f"Reviewed library version {library.meta.version}",
        kind=RevisionKind.REVIEW,
        base_version=library.meta.version,
        base_sections=library_sections_snapshot(library),
    )
    db.session.commit()
    flash(
        f"Done: your adaptation now builds on version {library.meta.version} of the library "
        f"module (revision {saved.number}).",
        "success",
    )
    for message in messages:
        flash(message, "info")
    return _back_to_history(found)
