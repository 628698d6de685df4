"""What a request brings in, read within what the site can store and show.

Text: every query and form value (and an uploaded file's name) loses its control
characters as the request parses it (`CleanRequest`), so no view, form or query
sees a NUL, whichever way it reads the request. Tabs and line breaks stay.

Route parts: a `<name>` holds no control character and at most MAX_SEGMENT
characters, or the route does not match (a 404).

Numbers: every id and number the site stores is an INTEGER column, which on
PostgreSQL holds at most 2^31-1: a bigger value sent in a query is an error there
(a 500), and SQLite fails too past 2^63-1. So a number from outside is read here,
as plain ASCII digits within bounds, or not at all.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, request
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter, ValidationError

from .text import clean_text

MAX_INT = 2**31 - 1  # the largest value of a PostgreSQL INTEGER column
MAX_SEGMENT = 200  # characters in one `<name>` of a route: no id, slug or code is longer
_MAX_DIGITS = len(str(MAX_INT))


def parse_int(text: str | None, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """`text` as a whole number from `low` to `high`, or None. Only ASCII digits count:
    no sign, no underscores, no other scripts' digits (which `int()` would accept)."""
    if text is None:
        return None
    text = text.strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def query_int(name: str, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """The number in the query string's `name`, or None if absent or out of bounds."""
    return parse_int(request.args.get(name), low=low, high=high)


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in a route, but never past MAX_INT: a bigger number is a 404."""

    regex = rf"\d{{1,{_MAX_DIGITS}}}"

    def __init__(
        self,
        url_map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        low = -MAX_INT - 1 if min is None else min
        high = MAX_INT if max is None else max
        if low < -MAX_INT - 1 or high > MAX_INT:
            raise ValueError(f"an <int> in a route must stay within ±{MAX_INT}")
        super().__init__(url_map, fixed_digits, low, high, signed)


class CleanStringConverter(UnicodeConverter):
    """`<name>` in a route: one path segment of at most MAX_SEGMENT characters, and no
    control characters (none names anything here; PostgreSQL refuses NUL). Anything
    else is a 404."""

    def __init__(
        self,
        url_map: Map,
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(url_map, minlength, maxlength or MAX_SEGMENT, length)

    def to_python(self, value: str) -> str:
        if clean_text(value) != value:
            raise ValidationError()
        return value


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = clean_text(value.filename)
    return value


class CleanMultiDict(ImmutableMultiDict):
    """Werkzeug's store for query and form values, holding them without control
    characters."""

    def __init__(self, mapping: Any = None) -> None:
        pairs = MultiDict(mapping).items(multi=True) if mapping is not None else ()
        super().__init__([(clean_text(key), _clean_value(value)) for key, value in pairs])


class CleanRequest(Request):
    """Flask's request, with `args`, `form`, `values` and `files` kept in a CleanMultiDict."""

    parameter_storage_class = CleanMultiDict


def init_app(app: Flask) -> None:
    """Clean every request's values, and make every `<int:...>` and `<name>` in every
    route the bounded one (called before the blueprints add their routes)."""
    app.request_class = CleanRequest
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = CleanStringConverter
    app.url_map.converters["string"] = CleanStringConverter
