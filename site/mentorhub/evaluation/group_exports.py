"""Attendance and readiness exports: one row per trainee per session, and one row per
trainee per programme, with the same pseudonymous ids as the feedback export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlalchemy as sa

from ..catalogue import get_catalogue
from ..csvfile import csv_text
from ..extensions import db
from ..learning.cohort import cohort
from ..learning.session_times import to_london
from ..models import Attendance, GroupSession, Programme
from .exports import pseudonym

# (column, type, meaning, allowed values), as in the feedback data dictionary.
ATTENDANCE_COLUMNS: list[tuple[str, str, str, str]] = [
    ("session_id", "integer", "Identifies the group session within this site", "1 and up"),
    ("programme_id", "integer", "The programme that ran the session", "1 and up"),
    ("programme", "text", "The programme's name", "any"),
    ("session_title", "text", "The session's title", "any"),
    ("session_starts", "date-time", "When it started, UK time, with the offset from UTC",
     "YYYY-MM-DDTHH:MM+HH:MM"),
    ("session_minutes", "integer", "How long it was planned to last", "1 and up"),
    ("module_ids", "text", "The curriculum modules it covered, separated by spaces", "module ids"),
    ("session_required", "boolean", "Whether trainees need it for a certificate", "true, false"),
    ("session_cancelled", "boolean", "Whether it was cancelled", "true, false"),
    ("trainee_pseudonym", "text", "The same as in the feedback export for the same trainee; "
     "empty once their account is deleted", "16 hex digits, or empty"),
    ("status", "text", "Attendance", "attended, apologies, absent, caught-up"),
    ("caught_up_on", "date", "For caught-up: the day they caught up", "YYYY-MM-DD, or empty"),
    ("caught_up_how", "text", "For caught-up: how", "one-to-one, other-group, or empty"),
]  # fmt: skip

READINESS_COLUMNS: list[tuple[str, str, str, str]] = [
    ("programme_id", "integer", "The programme", "1 and up"),
    ("programme", "text", "The programme's name", "any"),
    ("trainee_pseudonym", "text", "As in the other exports; empty once the account is deleted",
     "16 hex digits, or empty"),
    ("stage", "text", "Where the trainee is now; each trainee has one",
     "in-training, completed, ready, withdrawn"),
    ("required_modules_done", "boolean", "Every required online module complete", "true, false"),
    ("required_sessions", "integer", "Required sessions, not cancelled", "0 and up"),
    ("required_sessions_done", "integer", "Of those, attended or caught up", "0 and up"),
    ("group_minutes_attended", "integer", "Minutes of sessions attended (not caught up)",
     "0 and up"),
    ("sessions_marked", "integer", "Sessions where attendance was taken for them", "0 and up"),
    ("sessions_attended", "integer", "Sessions attended", "0 and up"),
    ("missed_in_a_row", "integer", "Latest sessions in a row marked absent or apologies",
     "0 and up"),
    ("checklist_items", "integer", "Lines on the programme's readiness checklist", "1 and up"),
    ("checklist_done", "integer", "Of those, done for this trainee (empty once deleted)",
     "0 and up, or empty"),
    ("ready_on", "date", "When a trainer recorded “ready to be matched”, if they are now",
     "YYYY-MM-DD, or empty"),
    ("withdrawn_on", "date", "When they withdrew from the training, if they have",
     "YYYY-MM-DD, or empty"),
]  # fmt: skip

DICTIONARIES = {"attendance": ATTENDANCE_COLUMNS, "readiness": READINESS_COLUMNS}


def attendance_rows(programme_ids: list[int] | None) -> Iterator[dict]:
    query = (
        sa.select(Attendance, GroupSession, Programme)
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .join(Programme, Programme.id == GroupSession.programme_id)
        .order_by(GroupSession.starts_at, GroupSession.id, Attendance.id)
    )
    if programme_ids is not None:
        query = query.where(GroupSession.programme_id.in_(programme_ids))
    for mark, session, programme in db.session.execute(query):
        yield {
            "session_id": session.id,
            "programme_id": programme.id,
            "programme": programme.name,
            "session_title": session.title,
            "session_starts": to_london(session.starts_at).isoformat(timespec="minutes"),
            "session_minutes": session.minutes,
            "module_ids": " ".join(session.module_ids),
            "session_required": session.required,
            "session_cancelled": session.cancelled,
            "trainee_pseudonym": pseudonym(mark.user_id),
            "status": mark.status,
            "caught_up_on": mark.caught_up_on.isoformat() if mark.caught_up_on else None,
            "caught_up_how": mark.caught_up_how,
        }


def readiness_rows(programme_ids: list[int] | None) -> Iterator[dict]:
    query = sa.select(Programme).order_by(Programme.id)
    if programme_ids is not None:
        query = query.where(Programme.id.in_(programme_ids))
    for programme in db.session.scalars(query):
        for t in cohort(programme, get_catalogue()).everyone:
            yield {
                "programme_id": programme.id,
                "programme": programme.name,
                "trainee_pseudonym": pseudonym(t.user.id if t.user else None),
                "stage": str(t.stage),
                "required_modules_done": t.modules_done,
                "required_sessions": t.sessions.required,
                "required_sessions_done": t.sessions.done,
                "group_minutes_attended": t.sessions.group_minutes,
                "sessions_marked": t.figures.marked,
                "sessions_attended": t.figures.attended,
                "missed_in_a_row": t.figures.missed_in_a_row,
                "checklist_items": len(t.checklist),
                "checklist_done": sum(1 for line in t.checklist if line.done) if t.user else None,
                "ready_on": t.standing.ready_on.isoformat() if t.standing.ready_on else None,
                "withdrawn_on": t.standing.left_on.isoformat() if t.standing.left_on else None,
            }


def rows_csv(columns: list[tuple[str, str, str, str]], rows: Iterable[dict]) -> str:
    return csv_text([c[0] for c in columns], ([row[c[0]] for c in columns] for row in rows))


def dictionary_of(columns: list[tuple[str, str, str, str]]) -> str:
    return csv_text(["column", "type", "meaning", "allowed values"], columns)
