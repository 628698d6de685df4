"""Forms on the readiness pages."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..form_fields import CheckboxesField, DateWithin, PlainDateField
from ..forms import SiteForm
from ..learning.readiness import CheckValues
from ..models import ItemKind


def _max(n: int, what: str) -> Length:
    return Length(max=n, message=f"Keep the {what} under {n:,} characters.")


class ItemForm(SiteForm):
    title = StringField(
        "Checklist item", validators=[DataRequired("Enter the item's words."), _max(120, "item")]
    )


class CheckForm(SiteForm):
    """Ticking an item for a trainee. A PVG check records the date and who checked:
    never the disclosure or its certificate number."""

    done_on = PlainDateField(
        "Date", validators=[InputRequired("Enter the date."), DateWithin(before=10 * 366, after=0)]
    )
    who = StringField("Who", validators=[_max(80, "name")])
    how_often = StringField("How often", validators=[_max(80, "words")])
    note = TextAreaField("Note for trainers (optional)", validators=[_max(300, "note")])

    def __init__(self, *args, kind: str = ItemKind.CUSTOM, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def validate_who(self, field) -> None:
        if self.kind == ItemKind.PVG and not (field.data or "").strip():
            raise ValidationError("Enter who checked the PVG membership.")
        if self.kind == ItemKind.SUPERVISION and not (field.data or "").strip():
            raise ValidationError("Enter who will supervise them.")

    def validate_how_often(self, field) -> None:
        if self.kind == ItemKind.SUPERVISION and not (field.data or "").strip():
            raise ValidationError("Enter how often they will meet.")

    def values(self) -> CheckValues:
        return CheckValues(
            done_on=self.done_on.data,
            who=self.who.data or "",
            how_often=self.how_often.data or "",
            note=self.note.data or "",
        )


class SignOffForm(SiteForm):
    session = SelectField("Shown in", coerce=int)
    note = StringField("Short note for trainers (optional)", validators=[_max(200, "note")])


class DecisionForm(SiteForm):
    reason = TextAreaField("Reason", validators=[_max(300, "reason")])


class ObjectivesForm(SiteForm):
    objectives = CheckboxesField("Objectives to sign off")
