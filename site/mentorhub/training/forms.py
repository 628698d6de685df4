"""Forms on trainee pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

REFLECTION_MAX = 5000


class ReflectionForm(FlaskForm):
    text = TextAreaField(
        "Your answer (only you can see this)",
        validators=[
            Length(
                max=REFLECTION_MAX, message=f"Please keep it under {REFLECTION_MAX:,} characters."
            )
        ],
    )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for buttons that POST."""


class CantComeForm(FlaskForm):
    reason = TextAreaField(
        "Anything your trainer should know? (optional)",
        validators=[Length(max=500, message="Please keep it under 500 characters.")],
    )
