"""Home, the accessibility statement, the privacy notice and a health check."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from ..catalogue import get_catalogue
from . import bp
from .health import database_reachable, health_report


@bp.get("/")
def home():
    modules = get_catalogue().modules
    return render_template(
        "main/home.html",
        module_count=len(modules),
        minutes=sum(m.meta.duration_minutes for m in modules),
    )


@bp.get("/dashboard")
@login_required
def dashboard():
    """Where each role starts after logging in."""
    if current_user.is_trainee:
        return redirect(url_for("training.index"))
    if current_user.is_admin:
        return redirect(url_for("admin.index"))
    return redirect(url_for("programmes.index"))


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: send the SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/health")
def health():
    """For load balancers and monitoring: what works, as a small JSON body."""
    catalogue = get_catalogue()
    report = health_report(database_reachable(), len(catalogue.modules), len(catalogue.problems))
    return report.body, report.status_code, {"Cache-Control": "no-store"}
