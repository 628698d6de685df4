"""Forms for scheduling sessions."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..form_fields import CheckboxesField, DateWithin, PlainDateField, PlainTimeField
from ..forms import SiteForm
from ..learning.group_sessions import SessionValues

# Sessions are planned up to three years ahead, and recorded up to two years back.
WITHIN = DateWithin(before=2 * 366, after=3 * 366)


def _max(n: int, what: str) -> Length:
    return Length(max=n, message=f"Keep the {what} under {n:,} characters.")


class SessionForm(SiteForm):
    title = StringField(
        "Title", validators=[DataRequired("Give the session a title."), _max(120, "title")]
    )
    day = PlainDateField("Date", validators=[InputRequired("Enter the date."), WITHIN])
    start = PlainTimeField("Starts at", validators=[InputRequired("Enter when it starts.")])
    end = PlainTimeField("Ends at", validators=[InputRequired("Enter when it ends.")])
    online = BooleanField("It is online")
    venue = StringField(
        "Venue",
        validators=[_max(200, "venue")],
        description="Where it happens, with the address. Leave empty for an online session.",
    )
    joining_note = TextAreaField(
        "How to join (online sessions)", validators=[_max(500, "joining note")]
    )
    facilitators = StringField("Facilitators", validators=[_max(200, "list of facilitators")])
    modules = CheckboxesField("Modules it covers")
    capacity = IntegerField(
        "Places (optional)",
        validators=[Optional(), NumberRange(1, 500, "Enter a number from 1 to 500.")],
    )
    trainee_note = TextAreaField(
        "Note for trainees",
        validators=[_max(1000, "note")],
        description="For example what to bring, and that travel is paid in advance.",
    )
    required = BooleanField("Trainees need this session for their certificate")

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("The end must be after the start.")

    def validate_venue(self, field) -> None:
        if not self.online.data and not (field.data or "").strip():
            raise ValidationError("Enter where the session happens, or tick “It is online”.")

    def values(self) -> SessionValues:
        return SessionValues(
            title=self.title.data,
            day=self.day.data,
            start=self.start.data,
            end=self.end.data,
            venue=self.venue.data or "",
            online=self.online.data,
            joining_note=self.joining_note.data or "",
            facilitators=self.facilitators.data or "",
            module_ids=tuple(self.modules.data or ()),
            capacity=self.capacity.data,
            trainee_note=self.trainee_note.data or "",
            required=self.required.data,
        )


class PlanForm(SiteForm):
    first_day = PlainDateField(
        "Date of the first session", validators=[InputRequired("Enter the first date."), WITHIN]
    )
    start = PlainTimeField("Start time", validators=[InputRequired("Enter the start time.")])
    venue = StringField("Venue (optional)", validators=[_max(200, "venue")])


class CancelForm(SiteForm):
    note = StringField("Why (optional, trainees see it)", validators=[_max(200, "reason")])
