"""Forms on trainee pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import Length, Optional

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


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for buttons that POST."""
