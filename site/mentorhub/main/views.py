"""Home, the accessibility statement, the privacy notice and a health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from ..catalogue import get_catalogue
from ..extensions import db
from . import bp


@bp.get("/")
def home():
    modules = get_catalogue().modules
    return render_template(
        "main/home.html",
        module_count=len(modules),
        minutes=sum(m.meta.duration_minutes for m in modules),
    )


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/health")
def health():
    """For load balancers: the app answers and can reach its database."""
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok", "modules": len(get_catalogue().modules)}
