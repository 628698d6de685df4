"""Taking attendance on one phone screen, during or after a session. Works without
JavaScript: one form, a group of choices per trainee; "Everyone attended" first."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.permissions import managed_programme
from ..extensions import db
from ..learning.attendance import (
    attendance_for,
    changes_for,
    everyone_attended,
    record_attendance,
)
from ..learning.group_sessions import has_started, notices_for
from ..learning.progress_grid import trainees_of
from ..learning.session_times import clock, day_text, london_today, to_london
from ..models import ATTENDANCE_LABELS, CATCH_UP_LABELS, GroupSession, Programme
from . import bp
from .attendance_form import Typed, field_names, has_errors, read_marks
from .views import _session_or_404, staff


def _refusal(session: GroupSession) -> str | None:
    """Why attendance cannot be taken now, if it cannot."""
    if session.cancelled:
        return "This session was cancelled, so there is no attendance to take."
    if not has_started(session):
        start = to_london(session.starts_at)
        return (
            "This session has not started yet. You can take attendance from "
            f"{clock(start.time())} on {day_text(start.date())}."
        )
    return None


def _render(programme: Programme, session: GroupSession, typed=None, status: int = 200):
    trainees = trainees_of(programme)
    records = attendance_for(session.id)
    if typed is None:
        typed = {}
        for trainee in trainees:
            record = records.get(trainee.learner_key)
            typed[trainee.id] = Typed(
                status=record.status if record else "",
                caught_up_on=record.caught_up_on.isoformat()
                if record and record.caught_up_on
                else "",
                caught_up_how=(record.caught_up_how or "") if record else "",
            )
    names = {t.learner_key: t.display_name for t in trainees}
    return render_template(
        "groupwork/attendance.html",
        programme=programme,
        session=session,
        trainees=trainees,
        records=records,
        typed=typed,
        field_names=field_names,
        notices=notices_for(session.id),
        changes=changes_for(session.id),
        learner_names=names,
        refusal=_refusal(session),
        labels=ATTENDANCE_LABELS,
        catch_up_labels=CATCH_UP_LABELS,
        unmarked=sum(1 for t in trainees if t.learner_key not in records),
    ), status


@bp.route("/<int:session_id>/attendance", methods=["GET", "POST"])
@staff
def attendance(programme_id: int, session_id: int):
    programme = managed_programme(programme_id)
    session = _session_or_404(programme, session_id)
    if request.method == "GET":
        return _render(programme, session)
    if _refusal(session):
        return _render(programme, session, status=400)
    trainees = trainees_of(programme)
    marks, typed = read_marks(
        request.form,
        [t.id for t in trainees],
        to_london(session.starts_at).date(),
        london_today(),
    )
    if has_errors(typed):
        return _render(programme, session, typed, status=400)
    changed = record_attendance(session, trainees, marks, current_user)
    db.session.commit()
    flash(f"Attendance saved ({changed} changed).", "success")
    return redirect(
        url_for("groupwork.attendance", programme_id=programme.id, session_id=session.id)
    )


@bp.post("/<int:session_id>/attendance/everyone")
@staff
def everyone(programme_id: int, session_id: int):
    programme = managed_programme(programme_id)
    session = _session_or_404(programme, session_id)
    if _refusal(session):
        return _render(programme, session, status=400)
    trainees = trainees_of(programme)
    changed = everyone_attended(session, trainees, notices_for(session.id), current_user)
    db.session.commit()
    flash(
        f"{changed} marked as attended (or apologies, if they said they can't come). "
        "Now change anyone who was not there.",
        "success",
    )
    return redirect(
        url_for("groupwork.attendance", programme_id=programme.id, session_id=session.id)
    )
