"""A trainee's certificate, and the public page that checks one is genuine."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.attendance import sessions_done_by
from ..learning.certificate_files import certificate_folder, certificate_pdf
from ..learning.progress import required_complete
from ..learning.progress_records import trainee_progress
from ..models import Certificate, Programme, Role
from ..pdf import render_pdf
from . import bp
from .issue import (
    certificate_for,
    completed_required,
    completion_dates,
    issue_certificate,
)


def _earned():
    """Earned when the required modules and the required group sessions are done."""
    programme = current_user.programme
    if programme is None:
        abort(403)
    progress = trainee_progress(current_user, programme, get_catalogue())
    modules = completed_required(progress, completion_dates(current_user, programme))
    return (
        programme,
        required_complete(progress),
        modules,
        sessions_done_by(current_user, programme),
    )


@bp.get("/training/certificate")
@roles_required(Role.TRAINEE)
def mine():
    programme, modules_done, modules, sessions = _earned()
    earned = modules_done and sessions.complete
    certificate = (
        issue_certificate(current_user, programme, modules, sessions.group_minutes)
        if earned
        else None
    )
    db.session.commit()
    return render_template(
        "certificates/mine.html",
        programme=programme,
        earned=earned,
        modules=modules,
        sessions=sessions,
        modules_done=modules_done,
        certificate=certificate,
    )


@bp.get("/training/certificate.pdf")
@roles_required(Role.TRAINEE)
def pdf():
    programme, modules_done, modules, sessions = _earned()
    if not (modules_done and sessions.complete):
        abort(404)
    certificate = issue_certificate(current_user, programme, modules, sessions.group_minutes)
    db.session.commit()
    html = render_template(
        "certificates/pdf.html",
        certificate=certificate,
        programme=programme,
        modules=modules,
        name=current_user.display_name,
        verify_url=url_for("certificates.verify", code=certificate.code, _external=True),
    )
    stylesheet = Path(current_app.static_folder) / "css" / "certificate.css"
    kept = certificate_pdf(certificate.id, html, stylesheet, certificate_folder(), render_pdf)
    response = Response(
        kept.data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificate-{certificate.code}.pdf"'
        },
    )
    # Hers alone: no shared cache may keep it; her browser asks again each time and is
    # told "not modified" while nothing printed on it has changed.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.set_etag(kept.key, weak=True)
    return response.make_conditional(request)


@bp.post("/training/certificate/visibility")
@roles_required(Role.TRAINEE)
def visibility():
    certificate = (
        certificate_for(current_user, current_user.programme) if current_user.programme else None
    )
    if certificate is None:
        abort(404)
    certificate.show_name = request.form.get("show_name") == "yes"
    certificate.holder_name = current_user.display_name if certificate.show_name else None
    db.session.commit()
    flash(
        "Your name now shows when someone checks your certificate."
        if certificate.show_name
        else "Your name is now hidden when someone checks your certificate.",
        "success",
    )
    return redirect(url_for("certificates.mine"))


@bp.get("/certificates/<code>")
def verify(code: str):
    certificate = db.session.scalar(
        sa.select(Certificate).where(Certificate.code == code.strip().upper())
    )
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None, code=code), 404
    programme = db.session.get(Programme, certificate.programme_id)
    return render_template(
        "certificates/verify.html", certificate=certificate, programme=programme, code=code
    )
