"""Stage 2: check a module's front-matter against the schema in DESIGN.md."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .errors import ContentError
from .feedback_spec import parse_feedback
from .module import ModuleMeta, ModuleSource
from .slugs import is_slug
from .source import Source
from .vocab import FOCUS_TAGS

Check = Callable[[Any], str | None]  # returns a problem, or None when the value is fine


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty piece of text"
    return None


def _whole_number(minimum: int) -> Check:
    def check(value: Any) -> str | None:
        # bool is an int in Python; `version: yes` must not pass as 1.
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {value!r}"
        if value < minimum:
            return f"must be {minimum} or more, not {value}"
        return None

    return check


def _list_of_text(*, allow_empty: bool) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list (one '- item' per line, or [a, b])"
        if not value and not allow_empty:
            return "must list at least one item"
        if any(not isinstance(item, str) or not item.strip() for item in value):
            return "must contain only pieces of text"
        return None

    return check


def _focus(value: Any) -> str | None:
    problem = _list_of_text(allow_empty=False)(value)
    if problem:
        return problem
    unknown = [tag for tag in value if tag not in FOCUS_TAGS]
    if unknown:
        return f"unknown focus tag {unknown[0]!r}; use one of: {', '.join(FOCUS_TAGS)}"
    return None


def _slugs(value: Any) -> str | None:
    problem = _list_of_text(allow_empty=True)(value)
    if problem:
        return problem
    bad = [item for item in value if not is_slug(item)]
    return f"{bad[0]!r} is not a module id" if bad else None


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _feedback(value: Any) -> str | None:
    return parse_feedback(value)[1]


URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
SOURCE_KEYS = ("title", "url")


def review_date(value: Any) -> dt.date | None:
    """`reviewed:` as a date: YAML gives one for 2026-03-15; a quoted ISO date also works."""
    if isinstance(value, dt.datetime):  # a date with a time: not what `reviewed` means
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _reviewed(value: Any) -> str | None:
    if value is None or review_date(value) is not None:
        return None
    return f"must be a date like 2026-03-15 (year-month-day), not {value!r}"


def _sources(value: Any) -> str | None:
    if not isinstance(value, list):
        return "must be a list, one '- title: …' and 'url: …' pair per source"
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            return f"source {n} must have a title and a url"
        unknown = [key for key in item if key not in SOURCE_KEYS]
        if unknown:
            return f"source {n}: unknown key {unknown[0]!r}; use title and url"
        if _text(item.get("title")):
            return f"source {n}: title must be a non-empty piece of text"
        url = item.get("url")
        if not isinstance(url, str) or not URL_RE.match(url.strip()):
            return (
                f"source {n}: url must be a web address starting http:// or https://, not {url!r}"
            )
    return None


# Ids that would clash with the site's own addresses under /training/.
RESERVED_IDS = frozenset({"certificate", "continue"})

REQUIRED: dict[str, Check] = {
    "id": _text,
    "title": _text,
    "summary": _text,
    "version": _whole_number(1),
    "order": _whole_number(0),
    "duration_minutes": _whole_number(1),
    "focus": _focus,
    "objectives": _list_of_text(allow_empty=False),
}


def _optional_minutes(value: Any) -> str | None:
    return None if value is None else _whole_number(0)(value)


OPTIONAL: dict[str, tuple[Check, Any]] = {
    "prerequisites": (_slugs, []),
    "face_to_face_minutes": (_optional_minutes, None),
    "content_warning": (_optional_text, None),
    "feedback": (_feedback, "standard"),
    "reviewed": (_reviewed, None),
    "sources": (_sources, []),
}


def validate_meta(source: Source) -> tuple[ModuleMeta | None, list[ContentError]]:
    """Return the typed front-matter, or None and every problem found in it."""
    meta, path = source.meta, source.path
    errors: list[ContentError] = []

    def problem(key: str, message: str) -> None:
        errors.append(ContentError(path, message, line=source.line_of(key), field=key))

    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            problem(str(key), "unknown field (check the spelling)")
    for key, check in REQUIRED.items():
        if key not in meta:
            problem(key, "required field is missing")
        elif message := check(meta[key]):
            problem(key, message)
    values = {key: meta[key] for key in REQUIRED if key in meta}
    for key, (check, default) in OPTIONAL.items():
        value = meta.get(key, default)
        if message := check(value):
            problem(key, message)
        values[key] = value
    if not errors and meta["id"] != path.stem:
        problem("id", f"must equal the file name {path.stem!r}, not {meta['id']!r}")
    if not errors and not is_slug(meta["id"]):
        problem("id", "must be lower-case letters, digits and hyphens")
    if not errors and meta["id"] in RESERVED_IDS:
        problem("id", f"{meta['id']!r} is used by the site itself; choose another id")
    if not errors and meta["id"] in values["prerequisites"]:
        problem("prerequisites", "a module cannot be its own prerequisite")
    if errors:
        return None, errors
    for key in ("focus", "objectives", "prerequisites"):
        values[key] = tuple(values[key])
    values["reviewed"] = review_date(values["reviewed"])
    values["sources"] = tuple(
        ModuleSource(item["title"].strip(), item["url"].strip()) for item in values["sources"]
    )
    return ModuleMeta(**values), []
