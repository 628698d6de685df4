"""Calendar files (RFC 5545, built with `icalendar`): one session to download, and
each trainee's private feed a phone calendar subscribes to. Feed addresses hold a
random token the trainee can reset; services flush, never commit."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import UTC, date, timedelta

import icalendar
import sqlalchemy as sa

from ..extensions import db
from ..models import CalendarFeed, GroupSession, Programme, User
from ..models.base import utcnow
from ..models.writes import insert_or_ignore
from .session_times import LONDON, to_london

PRODID = "-//mentorhub//group sessions//EN"


def _location(session: GroupSession) -> str:
    if session.online:
        return "Online"
    return session.venue


def _description(session: GroupSession) -> str:
    parts = []
    if session.online and session.joining_note:
        parts.append(f"How to join: {session.joining_note}")
    if session.trainee_note:
        parts.append(session.trainee_note)
    if session.facilitators:
        parts.append(f"With {session.facilitators}")
    if session.cancelled:
        parts.insert(
            0,
            "This session is cancelled."
            + (f" {session.cancel_note}" if session.cancel_note else ""),
        )
    return "\n\n".join(parts)


def session_event(session: GroupSession, host: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{session.uid}@{host}")
    event.add("dtstamp", (session.updated_at or utcnow()).replace(tzinfo=UTC))
    event.add("dtstart", to_london(session.starts_at))
    event.add("dtend", to_london(session.ends_at))
    event.add("summary", ("Cancelled: " if session.cancelled else "") + session.title)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    location = _location(session)
    if location:
        event.add("location", location)
    description = _description(session)
    if description:
        event.add("description", description)
    return event


def calendar_bytes(sessions: Sequence[GroupSession], name: str, host: str) -> bytes:
    """An .ics file with these sessions, their times in Europe/London (with its VTIMEZONE)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(LONDON))
    for session in sessions:
        calendar.add_component(session_event(session, host))
    if sessions:
        # Only the years the sessions need: the full 1970-2038 history is 40 KB.
        first = min(s.starts_at for s in sessions).date() - timedelta(days=366)
        last = max(s.ends_at for s in sessions).date() + timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=first, last_date=max(last, date(first.year + 2, 1, 1))
        )
    return calendar.to_ical()


def feed_name(programme: Programme) -> str:
    return f"{programme.name}: group sessions"


# --- private feed addresses -----------------------------------------------------------


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def ensure_feed(user: User) -> CalendarFeed:
    """This trainee's feed address, made the first time they ask for it (asked twice at
    once: one address, the one made first)."""
    feed = feed_of(user)
    if feed is None:
        values = {"user_id": user.id, "token": secrets.token_urlsafe(24), "created_at": utcnow()}
        insert_or_ignore(CalendarFeed, values, key=("user_id",))
        feed = db.session.scalars(
            sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id)
        ).one()
    return feed


def reset_feed(user: User) -> CalendarFeed:
    """A new secret address: the old one stops working at once."""
    feed = ensure_feed(user)
    feed.token = secrets.token_urlsafe(24)
    feed.created_at = utcnow()
    db.session.flush()
    return feed


TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def user_for_token(token: str) -> User | None:
    """The trainee whose feed this is; None for anything that is not one of our tokens
    (checked first: PostgreSQL refuses some characters, such as NUL, in a query)."""
    if not TOKEN_RE.fullmatch(token):
        return None
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token == token))
    return db.session.get(User, feed.user_id) if feed else None
