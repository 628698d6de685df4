"""Forms on programme pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField


class ActionForm(FlaskForm):
    """Buttons that POST: only the CSRF token."""


class MoveTraineeForm(FlaskForm):
    programme = SelectField("Move to programme", coerce=int)
