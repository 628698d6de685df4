"""Forms on trainee pages."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.validators import Length

from ..forms import SiteForm

REFLECTION_MAX = 5000


class ReflectionForm(SiteForm):
    text = TextAreaField(
        "Your answer (only you can see this)",
        validators=[
            Length(
                max=REFLECTION_MAX, message=f"Please keep it under {REFLECTION_MAX:,} characters."
            )
        ],
    )


class EmptyForm(SiteForm):
    """A form with only the CSRF token: for buttons that POST."""


class CantComeForm(SiteForm):
    reason = TextAreaField(
        "Anything your trainer should know? (optional)",
        validators=[Length(max=500, message="Please keep it under 500 characters.")],
    )
