"""Public seminar pages, downloads and the expression-of-interest form."""

from __future__ import annotations

import io
from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, send_file, url_for

from ..caching import content_page
from ..catalogue import get_catalogue
from ..content.seminar import Event, Material
from ..extensions import db, limiter
from ..models import InterestExpression
from . import bp
from .downloads import Download, cached_pdf_size, download_name, event_zip, material_pdf
from .forms import InterestForm
from .pdf import render_material_pdf


def _cache_dir() -> Path:
    return Path(current_app.instance_path) / "cache" / "seminar"


def _event_or_404(slug: str) -> Event:
    event = get_catalogue().event(slug)
    if event is None:
        abort(404)
    return event


def _markdown_or_404(event: Event, material_id: str) -> Material:
    material = event.material(material_id)
    if material is None or not material.is_markdown:
        abort(404)
    return material


def _send(source: Path | io.BytesIO, download: str, mimetype: str, *, cacheable: bool = True):
    """Send a download with a safe name. A file is sent with its length, ETag, 304s and
    Range requests; bytes from memory (`cacheable=False`) without them: a rebuild may
    differ."""
    return send_file(
        source,
        mimetype=mimetype,
        as_attachment=True,
        download_name=download,
        conditional=cacheable,
        etag=cacheable,
        max_age=3600 if cacheable else 0,
    )


def _send_built(built: Download, download: str, mimetype: str):
    """A built download: from the cache like a static file, or from memory when the
    cache could not keep it."""
    if built.path is not None:
        return _send(built.path, download, mimetype)
    return _send(io.BytesIO(built.read()), download, mimetype, cacheable=False)


@bp.get("")
@content_page()
def index():
    return render_template("seminar/index.html", events=get_catalogue().events)


@bp.get("/<event_slug>")
@content_page()
def event(event_slug: str):
    found = _event_or_404(event_slug)
    sizes = {m.id: _size(found, m) for m in found.materials}
    by_id = {m.id: m for m in found.materials}
    return render_template(
        "seminar/event.html", event=found, sizes=sizes, by_id=by_id, download_name=download_name
    )


def _size(event: Event, material: Material) -> int | None:
    """The download's size if known without building anything (a PDF not built yet
    has none: the page never waits for, or depends on, building files)."""
    if material.is_markdown:
        return cached_pdf_size(event, material, _cache_dir())
    try:
        return material.path.stat().st_size
    except OSError:
        return None


@bp.get("/<event_slug>/<material_id>")
@content_page()
def material(event_slug: str, material_id: str):
    found = _event_or_404(event_slug)
    return render_template(
        "seminar/material.html", event=found, material=_markdown_or_404(found, material_id)
    )


@bp.get("/<event_slug>/<material_id>.pdf")
def material_pdf_download(event_slug: str, material_id: str):
    found = _event_or_404(event_slug)
    chosen = _markdown_or_404(found, material_id)
    built = material_pdf(found, chosen, _cache_dir(), render_material_pdf)
    return _send_built(built, download_name(chosen), "application/pdf")


@bp.get("/<event_slug>/files/<filename>")
def file_download(event_slug: str, filename: str):
    """Only files the event describes are ever served: the name is looked up in
    the loaded materials, never joined onto a path."""
    found = _event_or_404(event_slug)
    chosen = found.file_material(filename)
    if chosen is None:
        abort(404)
    return _send(chosen.path, chosen.path.name, _mimetype(chosen.path))


@bp.get("/<event_slug>/all-materials.zip")
def zip_download(event_slug: str):
    found = _event_or_404(event_slug)
    built = event_zip(found, _cache_dir(), render_material_pdf)
    return _send_built(built, f"{found.slug}-materials.zip", "application/zip")


def _mimetype(path: Path) -> str:
    import mimetypes

    guessed, _encoding = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


@bp.route("/interest", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def interest():
    form = InterestForm()
    if form.validate_on_submit():
        if not form.website.data:  # a person; a bot filled the hidden field
            db.session.add(
                InterestExpression(
                    organisation=form.organisation.data.strip(),
                    local_authority=form.local_authority.data,
                    name=form.name.data.strip(),
                    email=form.email.data.strip(),
                    role=form.role.data.strip(),
                    interest=form.interest.data,
                    message=(form.message.data or "").strip(),
                )
            )
            db.session.commit()
        return redirect(url_for("seminar.interest_thanks"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "seminar/interest.html",
        form=form,
        retention_days=current_app.config["INTEREST_RETENTION_DAYS"],
    ), status


@bp.get("/interest/thanks")
def interest_thanks():
    return render_template("seminar/interest_thanks.html")
