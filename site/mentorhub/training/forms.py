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
