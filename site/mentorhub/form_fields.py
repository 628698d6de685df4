"""Form fields several page packages share: dates and times with plain error
messages, and a date range check (a date in 1900 is a typing slip, not a session)."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import DateField, SelectMultipleField, TimeField, widgets
from wtforms.validators import ValidationError


class PlainDateField(DateField):
    """A date box (type="date") whose error says what to type."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter a real date, for example 3 March 2027.") from error


class PlainTimeField(TimeField):
    """A time box (type="time"), 24-hour under the hood, e.g. 18:00."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter a time, for example 18:00 for 6pm.") from error


class CheckboxesField(SelectMultipleField):
    """Several choices shown as a list of tick boxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DateWithin:
    """The date must be within `before` days before today and `after` days after it."""

    def __init__(self, before: int, after: int, what: str = "date") -> None:
        self.before, self.after, self.what = before, after, what

    def __call__(self, form, field) -> None:
        if field.data is None:
            return
        today = date.today()
        low, high = today - timedelta(days=self.before), today + timedelta(days=self.after)
        if not low <= field.data <= high:
            raise ValidationError(
                f"Enter a {self.what} between {low:%-d %B %Y} and {high:%-d %B %Y}."
            )
