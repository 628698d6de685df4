"""Admin forms: programmes and staff accounts."""

from __future__ import annotations

from wtforms import (
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..accounts.users import USERNAME_HINT, find_user, username_problem
from ..content.vocab import FOCUS_TAGS
from ..form_fields import CheckboxesField
from ..forms import PlainName, SiteForm
from ..local_authorities import LOCAL_AUTHORITIES
from ..models import Role


class ProgrammeForm(SiteForm):
    name = StringField(
        "Programme name",
        validators=[
            DataRequired("Give the programme a name."),
            PlainName("Give the programme a name."),
            Length(max=120),
        ],
    )
    local_authority = SelectField(
        "Local authority",
        choices=[SelectChoice("", "Choose a council area")]
        + [SelectChoice(key, name) for key, name in LOCAL_AUTHORITIES.items()],
        validators=[DataRequired("Choose the council area the programme works in.")],
    )
    partner_organisation = StringField(
        "Partner organisation",
        validators=[
            DataRequired("Name the organisation that runs the programme."),
            PlainName("Name the organisation that runs the programme."),
            Length(max=120),
        ],
    )
    focus = CheckboxesField(
        "Focus", choices=[SelectChoice(k, v) for k, v in FOCUS_TAGS.items() if k != "core"]
    )
    support_contacts = TextAreaField(
        "Support contacts",
        validators=[Length(max=5000)],
        description="Shown to this programme's trainees on every training page. "
        "Markdown is allowed.",
    )
    trainers = CheckboxesField("Trainers", coerce=int)

    def __init__(self, *args, existing_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing_id = existing_id


STAFF_ROLES = [
    SelectChoice(Role.TRAINER.value, "Trainer"),
    SelectChoice(Role.EVALUATOR.value, "Evaluator"),
    SelectChoice(Role.ADMIN.value, "Administrator"),
]


class StaffForm(SiteForm):
    display_name = StringField(
        "Name",
        validators=[
            DataRequired("Enter their name."),
            PlainName("Enter their name."),
            Length(max=80),
        ],
    )
    username = StringField(
        "Username",
        validators=[DataRequired("Choose a username.")],
        description=USERNAME_HINT + " They use it to log in.",
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    email = EmailField(
        "Email (optional)",
        validators=[Optional(), Email("Enter a valid email address."), Length(max=254)],
    )
    role = SelectField("Role", choices=STAFF_ROLES)
    programmes = CheckboxesField("Programmes (trainers only)", coerce=int)

    def validate_username(self, field) -> None:
        if problem := username_problem(field.data or ""):
            raise ValidationError(problem)
        if find_user(field.data):
            raise ValidationError("That username is taken.")
