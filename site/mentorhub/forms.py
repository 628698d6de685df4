"""The base of every form on the site, and the check every name field makes.

Control characters never get this far: the request drops them from every form and
query value (`inputs.CleanRequest`). What a form adds, for every one-line text field
(StringField and its kinds, but not text areas or passwords), is that a tab or a
line break typed or pasted into it becomes a space. A test checks that every form
class in the package derives from `SiteForm` (or `SiteSubform` inside a FormField).
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form, PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from .text import has_direction_override, is_blank, single_line

OVERRIDE_MESSAGE = (
    "This has hidden characters that reverse the direction of the text. "
    "Please type it again without them."
)


def _one_line(value: Any) -> Any:
    return single_line(value) if isinstance(value, str) else value


class _TextMeta:
    """Adds the one-line filter to every one-line text field as the form binds it."""

    def bind_field(self, form: Form, unbound_field: Any, options: dict) -> Any:
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(
            field_class, (TextAreaField, PasswordField)
        ):
            filters = (_one_line, *unbound_field.kwargs.get("filters", ()))
            options = {**options, "filters": filters}
        return super().bind_field(form, unbound_field, options)  # type: ignore[misc]


class SiteForm(FlaskForm):
    """Every form on the site derives from this."""

    class Meta(_TextMeta):
        pass


class SiteSubform(Form):
    """A group of fields repeated inside a SiteForm (a FormField in a FieldList)."""

    class Meta(_TextMeta):
        pass


class PlainName:
    """A person's or an organisation's name: something to see, that reads the way it
    was typed. Put it after DataRequired."""

    def __init__(self, blank_message: str) -> None:
        self.blank_message = blank_message

    def __call__(self, form: Form, field: Any) -> None:
        value = field.data or ""
        if is_blank(value):
            raise StopValidation(self.blank_message)
        if has_direction_override(value):
            raise ValidationError(OVERRIDE_MESSAGE)
