"""When a module's facts were last checked, and which modules are due a fresh check.

Pure: modules and dates in, warnings out. `flask content check` prints them (and
fails on them with --strict); docs/authoring.md says how to review a module.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from .errors import ContentError
from .module import Module


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on by whole calendar months; 31 January + 1 month is 28 or 29 February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def review_is_due(reviewed: dt.date | None, today: dt.date, months: int) -> bool:
    """True if the module was never reviewed, or its review is more than `months` old."""
    return reviewed is None or add_months(reviewed, months) < today


def review_warnings(modules: Iterable[Module], today: dt.date, months: int) -> list[ContentError]:
    """One warning per module whose facts are due to be checked again."""
    warnings = []
    for module in modules:
        reviewed = module.meta.reviewed
        if not review_is_due(reviewed, today, months):
            continue
        if reviewed is None:
            message = (
                "has no review date: check its facts against their sources, then add "
                "reviewed: and sources: (docs/authoring.md)"
            )
        else:
            message = (
                f"last checked {reviewed.isoformat()}, more than {months} months ago: check its "
                "facts against its sources again and update reviewed: (docs/authoring.md)"
            )
        line = module.field_lines.get("reviewed")
        warnings.append(ContentError(module.path, message, line=line, field="reviewed"))
    return sorted(warnings, key=lambda w: str(w.path))
