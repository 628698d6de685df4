"""Small text helpers shared by templates and exports."""

from __future__ import annotations

from flask import Flask

from .content.vocab import FOCUS_TAGS


def duration(minutes: int) -> str:
    """75 -> '1 hour 15 minutes'; 40 -> '40 minutes'."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """(3, 'module') -> '3 modules'."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def register(app: Flask) -> None:
    app.add_template_filter(duration)
    app.add_template_filter(plural)
    app.jinja_env.globals["focus_labels"] = FOCUS_TAGS
