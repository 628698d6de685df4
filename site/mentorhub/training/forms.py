"""Forms on trainee pages."""

from __future__ import annotations

from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import SiteForm
from ..learning.progress_records import REFLECTION_MAX


class ReflectionForm(SiteForm):
    text = TextAreaField(
        "Your answer (only you can see this)",
        validators=[
            Length(
                max=REFLECTION_MAX, message=f"Please keep it under {REFLECTION_MAX:,} characters."
            )
        ],
    )


class ScoredReflectionForm(ReflectionForm):
    """For a prompt that asks for a score from 1 to 5: the score, and a note if they like."""

    score = RadioField(
        "Your score",
        choices=[SelectChoice(n, str(n)) for n in range(1, 6)],
        coerce=int,
        validators=[Optional()],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.score.errors:  # one plain message, whatever was sent
            self.score.errors[:] = ["Choose a score from 1 to 5, or none."]
        return valid


def reflection_form(scored: bool, key: str, **kwargs) -> ReflectionForm:
    """The answer box for the prompt with this key (its fields named after the key)."""
    form_class = ScoredReflectionForm if scored else ReflectionForm
    return form_class(prefix=key.replace("/", "--"), **kwargs)


class EmptyForm(SiteForm):
    """A form with only the CSRF token: for buttons that POST."""


class CantComeForm(SiteForm):
    reason = TextAreaField(
        "Anything your trainer should know? (optional)",
        validators=[Length(max=500, message="Please keep it under 500 characters.")],
    )
