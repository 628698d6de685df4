"""Reading the attendance screen's form: one group of choices per trainee, plus a
date and a way for "caught up later". Plain function: what was typed in, marks and
messages out, so the page can show each message beside its box with the value kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..learning.attendance import Mark
from ..models import AttendanceStatus, CatchUp


@dataclass
class Typed:
    """What was typed for one trainee, and any problems with it, by field."""

    status: str = ""
    caught_up_on: str = ""
    caught_up_how: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def field_names(user_id: int) -> dict[str, str]:
    return {
        "status": f"status-{user_id}",
        "caught_up_on": f"caught-up-on-{user_id}",
        "caught_up_how": f"caught-up-how-{user_id}",
    }


def read_marks(
    form: Mapping[str, str], user_ids: Sequence[int], session_day: date, today: date
) -> tuple[list[Mark], dict[int, Typed]]:
    """Marks for the trainees given a choice (no choice: left as it is), and what was
    typed for everyone. Any error in `typed` means nothing should be saved."""
    marks, typed = [], {}
    for user_id in user_ids:
        names = field_names(user_id)
        entry = Typed(
            status=form.get(names["status"], "").strip(),
            caught_up_on=form.get(names["caught_up_on"], "").strip()[:20],
            caught_up_how=form.get(names["caught_up_how"], "").strip()[:20],
        )
        typed[user_id] = entry
        if not entry.status:
            continue
        if entry.status not in set(AttendanceStatus):
            entry.errors["status"] = "Choose one of the options."
            continue
        status = AttendanceStatus(entry.status)
        if status is not AttendanceStatus.CAUGHT_UP:
            marks.append(Mark(user_id, status))
            continue
        when = _catch_up_day(entry, session_day, today)
        how = entry.caught_up_how if entry.caught_up_how in set(CatchUp) else None
        if how is None:
            entry.errors["caught_up_how"] = "Choose how they caught up."
        if when is not None and how is not None:
            marks.append(Mark(user_id, status, when, CatchUp(how)))
    return marks, typed


def _catch_up_day(entry: Typed, session_day: date, today: date) -> date | None:
    if not entry.caught_up_on:
        entry.errors["caught_up_on"] = "Enter the date they caught up."
        return None
    try:
        when = date.fromisoformat(entry.caught_up_on)
    except ValueError:
        entry.errors["caught_up_on"] = "Enter a real date, for example 3 March 2027."
        return None
    if when < session_day:
        entry.errors["caught_up_on"] = "They can only catch up on or after the session's date."
        return None
    if when > today:
        entry.errors["caught_up_on"] = "That date has not come yet."
        return None
    return when


def has_errors(typed: Mapping[int, Typed]) -> bool:
    return any(entry.errors for entry in typed.values())
