"""Session times: stored in UTC, entered and shown in Europe/London, written the way
people write them ("Tuesday 3 March, 6pm to 8pm").

Pure: no Flask, no database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def to_utc(day: date, at: time) -> datetime:
    """A London wall-clock time as naive UTC (how timestamps are stored).

    A time that does not exist (the hour skipped when the clocks go forward) moves on
    by the gap, as the clocks on the wall do; an hour that happens twice means the first."""
    local = datetime.combine(day, at, tzinfo=LONDON)
    return local.astimezone(UTC).replace(tzinfo=None)


def to_london(stored: datetime) -> datetime:
    """A stored naive-UTC timestamp as an aware London time."""
    return stored.replace(tzinfo=UTC).astimezone(LONDON)


def clock(at: time) -> str:
    """6pm, 6:30pm, 12pm (noon), 12am (midnight)."""
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour}{suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d}{suffix}"


def day_text(day: date, today: date | None = None) -> str:
    """Tuesday 3 March; with the year when it is not this year."""
    text = f"{day:%A} {day.day} {day:%B}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def when_text(starts_at: datetime, ends_at: datetime, today: date | None = None) -> str:
    """Tuesday 3 March, 6pm to 8pm (stored UTC in, London out)."""
    start, end = to_london(starts_at), to_london(ends_at)
    text = f"{day_text(start.date(), today)}, {clock(start.time())} to {clock(end.time())}"
    if end.date() != start.date():
        text += f" on {day_text(end.date(), today)}"
    return text


def weekly(first: date, count: int) -> list[date]:
    """`count` dates a week apart from `first` (the wall-clock time stays the same
    across a change of the clocks, because each is converted on its own)."""
    return [first + timedelta(weeks=n) for n in range(count)]


def london_today(now: datetime | None = None) -> date:
    """Today's date in London (`now` is naive UTC, default: the real now)."""
    moment = now.replace(tzinfo=UTC) if now else datetime.now(UTC)
    return moment.astimezone(LONDON).date()
