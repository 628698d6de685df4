"""Making a new join code: a page that says what will happen, then the button that does it.
The old code stops working at once, so nothing changes from a single stray tap."""

from __future__ import annotations

from flask import render_template

from ..accounts.permissions import managed_programme
from . import bp
from .views import staff


@bp.get("/<int:programme_id>/join-code/new")
@staff
def confirm_new_code(programme_id: int):
    programme = managed_programme(programme_id)
    return render_template("programmes/confirm_new_code.html", programme=programme)
