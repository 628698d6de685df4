"""Public seminar pages, downloads and the expression-of-interest form."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, send_file, url_for

from ..caching import content_page
from ..catalogue import get_catalogue
from ..content.seminar import Event, Material
from ..extensions import db, limiter
from ..models import InterestExpression
from . import bp
from .downloads import download_name, event_zip, material_pdf
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


def _send(path: Path, download: str, mimetype: str):
    """Send a file with a safe download name, length, ETag, 304s and Range requests."""
    return send_file(
        path,
        mimetype=mimetype,
        as_attachment=True,
        download_name=download,
        conditional=True,
        etag=True,
        max_age=3600,
    )


@bp.get("")
@content_page()
def index():
    return render_template("seminar/index.html", events=get_catalogue().events)


@bp.get("/<event_slug>")
@content_page()
def event(event_slug: str):
    found = _event_or_404(event_slug)
    sizes = {
        m.id: (
            material_pdf(found, m, _cache_dir(), render_material_pdf) if m.is_markdown else m.path
        )
        .stat()
        .st_size
        for m in found.materials
    }
    by_id = {m.id: m for m in found.materials}
    return render_template(
        "seminar/event.html", event=found, sizes=sizes, by_id=by_id, download_name=download_name
    )


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
    path = material_pdf(found, chosen, _cache_dir(), render_material_pdf)
    return _send(path, download_name(chosen), "application/pdf")


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
    path = event_zip(found, _cache_dir(), render_material_pdf)
    return _send(path, f"{found.slug}-materials.zip", "application/zip")


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
