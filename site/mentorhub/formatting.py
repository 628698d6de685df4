"""Small text helpers shared by templates and exports."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import Flask
from markupsafe import Markup

from .content import render_markdown
from .content.placement import split_after_reflections
from .content.vocab import FOCUS_TAGS
from .icons import icon, symbols, used
from .learning.session_times import clock, london_today, to_london, when_text
from .local_authorities import LOCAL_AUTHORITIES

if TYPE_CHECKING:
    from .models import GroupSession


def duration(minutes: int) -> str:
    """75 -> '1 hour 15 minutes'; 40 -> '40 minutes'."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def group_session(minutes: int) -> str:
    """120 -> 'a 2-hour group session'; 45 -> 'a 45-minute group session';
    100 -> 'a group session of 1 hour 40 minutes' (where no short form reads well)."""
    minutes = int(minutes)
    if minutes % 60 == 0:
        return f"a {minutes // 60}-hour group session"
    if minutes < 60:
        return f"a {minutes}-minute group session"
    return f"a group session of {duration(minutes)}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """(3, 'module') -> '3 modules'."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def filesize(size: int) -> str:
    """1536 -> '1.5 KB'; sizes as people read them on a download button."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def markdown(text: str | None) -> Markup:
    """Markdown typed into the site (by trainers, admins), rendered and sanitised. Short
    texts shown on many pages (a programme's support contacts) are rendered once."""
    text = text or ""
    if len(text) > MARKDOWN_CACHE_LENGTH:
        return Markup(render_markdown(text))
    return Markup(_short_markdown(text))


MARKDOWN_CACHE_LENGTH = 2000  # characters: at most 256 of these are kept


@lru_cache(maxsize=256)
def _short_markdown(text: str) -> str:
    """The same text always gives the same HTML: it can be kept, keyed by the text."""
    return render_markdown(text)


def when(session: GroupSession) -> str:
    """A session's date and times as people write them: Tuesday 3 March, 6pm to 8pm."""
    return when_text(session.starts_at, session.ends_at, london_today())


def london(stored: datetime) -> str:
    """A stored (UTC) moment in UK time: 3 March 2027 at 8:05pm."""
    moment = to_london(stored)
    return f"{moment.day} {moment:%B %Y} at {clock(moment.time())}"


def saved_when(value: datetime, now: datetime | None = None) -> str:
    """'today at 14:32', or 'on 3 March 2027 at 09:05' for another day (UK time)."""
    moment = to_london(value)
    today = london_today(now)
    stamp = moment.strftime("%H:%M")
    if moment.date() == today:
        return f"today at {stamp}"
    return f"on {moment.day} {moment.strftime('%B %Y')} at {stamp}"


def inline_message(category: str) -> bool:
    """A flashed message the page shows beside what it is about, not at the top."""
    return category.startswith("inline:")


def register(app: Flask) -> None:
    app.add_template_filter(duration)
    app.add_template_filter(plural)
    app.add_template_filter(group_session)
    app.add_template_filter(markdown)
    app.add_template_filter(filesize)
    app.add_template_filter(when)
    app.add_template_filter(london)
    app.add_template_filter(saved_when)
    app.add_template_filter(split_after_reflections)
    app.add_template_test(inline_message)
    app.jinja_env.globals["focus_labels"] = FOCUS_TAGS
    app.jinja_env.globals["icon"] = icon
    app.jinja_env.globals["icon_symbols"] = symbols
    app.jinja_env.globals["icon_used"] = used
    app.jinja_env.globals["local_authorities"] = LOCAL_AUTHORITIES
