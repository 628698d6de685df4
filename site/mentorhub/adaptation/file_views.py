"""An adaptation as a file: export and import Markdown, and the adapted module as a PDF."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..content.errors import ContentError
from ..content.slugs import slugify
from ..extensions import db
from ..learning.adaptation_build import (
    build_module,
    library_sections_snapshot,
    sections_from_snapshot,
)
from ..learning.adaptations import revisions_of, save_revision
from ..models import RevisionKind
from .access import target
from .blueprint import EDITOR, bp, staff
from .checks import doc_problems
from .files import export_adaptation, import_adaptation
from .forms import ImportForm
from .pdf import render_module_pdf


def _file_stem(found) -> str:
    number = found.current.number if found.current else 0
    return f"{slugify(found.programme.name)}-{found.library_module.id}-r{number}"


@bp.get(EDITOR + "/export.md")
@staff
def export(programme_id: int, module_id: str):
    found = target(programme_id, module_id)
    library = found.library_module
    text = export_adaptation(
        found.doc,
        module_id=library.id,
        programme=found.programme.name,
        base_version=found.current.base_version if found.current else library.meta.version,
        revision=found.current.number if found.current else None,
        library_sections=library.sections,
    )
    return Response(
        text,
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="{_file_stem(found)}.md"'},
    )


def _render_import(found, form, status=200):
    return render_template(
        "adaptation/import.html", target=found, module=found.library_module, form=form
    ), status


@bp.get(EDITOR + "/import")
@staff
def import_page(programme_id: int, module_id: str):
    return _render_import(target(programme_id, module_id), ImportForm())


@bp.post(EDITOR + "/import")
@staff
def import_file(programme_id: int, module_id: str):
    """Save an uploaded adaptation file as a new revision, or say what is wrong with it."""
    found = target(programme_id, module_id)
    form = ImportForm()
    if not form.validate_on_submit():
        return _render_import(found, form, 400)
    library = found.library_module
    upload = form.file.data
    try:
        imported = import_adaptation(
            upload.read(),
            module_id=library.id,
            library_section_ids=[s.id for s in library.sections],
            path_label=upload.filename or "upload",
        )
    except ContentError as error:
        form.file.errors = [str(error)]
        return _render_import(found, form, 400)
    problems = doc_problems(library, imported.doc)
    if problems:
        form.file.errors = [message for _key, message in problems]
        return _render_import(found, form, 400)
    saved = save_revision(
        found.programme,
        library,
        imported.doc,
        current_user,
        message=f"Imported {upload.filename or 'a file'}",
        kind=RevisionKind.IMPORT,
        **_import_base(found, imported.base_version),
    )
    db.session.commit()
    flash(f"Imported as revision {saved.number}.", "success")
    if saved.base_version < library.meta.version:
        flash("The file was made for an older version of the module: please review it.", "info")
    return redirect(url_for("adaptation.history", programme_id=programme_id, module_id=module_id))


def _import_base(found, base_version: int) -> dict:
    """The library text the file was made against: ours if we have that version."""
    library = found.library_module
    if base_version >= library.meta.version:
        return {"base_version": library.meta.version, "base_sections": None}
    for earlier in revisions_of(found.adaptation):
        if earlier.base_version == base_version:
            return {"base_version": base_version, "base_sections": earlier.base_sections}
    return {"base_version": base_version, "base_sections": library_sections_snapshot(library)}


@bp.get(EDITOR + "/module.pdf")
@staff
def pdf(programme_id: int, module_id: str):
    """The adapted module for a face-to-face session; `?notes=1` adds trainer notes."""
    found = target(programme_id, module_id)
    module = found.library_module
    if found.current is not None:
        base = sections_from_snapshot(found.current.base_sections)
        module = build_module(module, found.doc, base)
    with_notes = request.args.get("notes") == "1"
    body = render_module_pdf(found.programme, module, with_notes=with_notes)
    suffix = "-with-trainer-notes" if with_notes else ""
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{_file_stem(found)}{suffix}.pdf"'},
    )
