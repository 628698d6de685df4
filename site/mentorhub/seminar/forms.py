"""The public form for registering interest in piloting."""

from __future__ import annotations

from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from ..forms import PlainName, SiteForm
from ..local_authorities import LOCAL_AUTHORITIES
from ..models import INTEREST_CHOICES

MESSAGE_MAX = 2000


class InterestForm(SiteForm):
    organisation = StringField(
        "Organisation",
        validators=[
            DataRequired("Enter the name of your organisation."),
            PlainName("Enter the name of your organisation."),
            Length(max=160),
        ],
        render_kw={"autocomplete": "organization"},
    )
    local_authority = SelectField(
        "Local authority area",
        choices=[SelectChoice("", "Choose a council area")]
        + [SelectChoice(key, name) for key, name in LOCAL_AUTHORITIES.items()],
        validators=[DataRequired("Choose the council area you work in.")],
    )
    name = StringField(
        "Your name",
        validators=[
            DataRequired("Enter your name."),
            PlainName("Enter your name."),
            Length(max=120),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter your email address, so we can reply."),
            Email("Enter an email address like name@example.org."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email"},
    )
    role = StringField(
        "Your role",
        validators=[DataRequired("Tell us your role."), Length(max=120)],
        description="For example: throughcare and aftercare manager, project worker, peer mentor.",
        render_kw={"autocomplete": "organization-title"},
    )
    interest = RadioField(
        "What are you interested in?",
        choices=[SelectChoice(key, label) for key, label in INTEREST_CHOICES.items()],
        validators=[DataRequired("Choose what you are interested in.")],
    )
    message = TextAreaField(
        "Anything else you would like to tell us (optional)",
        validators=[
            Length(max=MESSAGE_MAX, message=f"Please keep it under {MESSAGE_MAX:,} characters.")
        ],
    )
    # A honeypot: hidden from people (and screen readers); bots fill in every field.
    website = StringField("Leave this empty", render_kw={"autocomplete": "off", "tabindex": "-1"})
