"""Numbers from URLs, queries and hidden fields, read within what the database holds.

Every id and number the site stores is an INTEGER column, which on PostgreSQL holds
at most 2^31-1: a bigger value sent in a query is an error there (a 500), and SQLite
fails too past 2^63-1. So a number from outside is read here, as plain ASCII digits
within bounds, or not at all.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter, Map

MAX_INT = 2**31 - 1  # the largest value of a PostgreSQL INTEGER column
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


def init_app(app: Flask) -> None:
    """Make every `<int:...>` in every route the bounded one (before routes are added)."""
    app.url_map.converters["int"] = BoundedIntConverter
