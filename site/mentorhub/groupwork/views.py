"""Scheduling group sessions: the list, one session, a plan from the curriculum,
editing, moving, cancelling. Each POST commits once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ..accounts.permissions import managed_programme, roles_required
from ..catalogue import get_catalogue
from ..extensions import db
from ..formatting import duration
from ..learning.attendance import programme_statuses
from ..learning.attendance_figures import session_figures
from ..learning.group_sessions import (
    EndsAfterMidnight,
    cancel_session,
    create_session,
    has_started,
    notices_by_session,
    plan_from_curriculum,
    reinstate_session,
    session_in,
    sessions_of,
    update_session,
)
from ..learning.progress_records import curriculum_modules
from ..learning.session_times import to_london
from ..models import GroupSession, Programme, Role
from . import bp
from .forms import CancelForm, PlanForm, SessionForm

staff = roles_required(Role.TRAINER, Role.ADMIN)


def _session_or_404(programme: Programme, session_id: int) -> GroupSession:
    session = session_in(programme, session_id)
    if session is None:
        abort(404)
    return session


def _module_choices(programme: Programme) -> list[SelectChoice]:
    return [
        SelectChoice(module.id, module.meta.title)
        for module, _required in curriculum_modules(programme, get_catalogue())
    ]


def _titles(programme: Programme) -> dict[str, str]:
    return {m.id: m.meta.title for m, _r in curriculum_modules(programme, get_catalogue())}


@bp.get("")
@staff
def index(programme_id: int):
    programme = managed_programme(programme_id)
    sessions = sessions_of(programme.id)
    figures = session_figures(sessions, programme_statuses(programme.id))
    return render_template(
        "groupwork/index.html",
        programme=programme,
        rows=list(zip(sessions, figures, strict=True)),
        titles=_titles(programme),
        started={s.id for s in sessions if has_started(s)},
        notices=notices_by_session(programme.id),
        form=CancelForm(),
    )


def _render_form(programme, form, session=None, status=200):
    return render_template(
        "groupwork/session_form.html", programme=programme, form=form, session=session
    ), status


@bp.route("/new", methods=["GET", "POST"])
@staff
def new(programme_id: int):
    programme = managed_programme(programme_id)
    form = SessionForm() if request.method == "POST" else SessionForm(data={"required": True})
    form.modules.choices = _module_choices(programme)
    if form.validate_on_submit():
        session = create_session(programme, form.values())
        db.session.commit()
        flash(f"“{session.title}” is scheduled.", "success")
        return redirect(url_for("groupwork.index", programme_id=programme.id))
    return _render_form(programme, form, status=400 if request.method == "POST" else 200)


def _form_data(session: GroupSession) -> dict:
    start, end = to_london(session.starts_at), to_london(session.ends_at)
    return {
        "title": session.title,
        "day": start.date(),
        "start": start.time(),
        "end": end.time(),
        "online": session.online,
        "venue": session.venue,
        "joining_note": session.joining_note,
        "facilitators": session.facilitators,
        "modules": session.module_ids,
        "capacity": session.capacity,
        "trainee_note": session.trainee_note,
        "required": session.required,
    }


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@staff
def edit(programme_id: int, session_id: int):
    programme = managed_programme(programme_id)
    session = _session_or_404(programme, session_id)
    form = SessionForm() if request.method == "POST" else SessionForm(data=_form_data(session))
    form.modules.choices = _module_choices(programme)
    if form.validate_on_submit():
        update_session(session, form.values())
        db.session.commit()
        flash(f"“{session.title}” is saved. Trainees' calendars will update.", "success")
        return redirect(url_for("groupwork.index", programme_id=programme.id))
    return _render_form(programme, form, session, 400 if request.method == "POST" else 200)


@bp.post("/<int:session_id>/cancel")
@staff
def cancel(programme_id: int, session_id: int):
    programme = managed_programme(programme_id)
    session = _session_or_404(programme, session_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(form.note.errors[0] if form.note.errors else "Please try again.", "error")
        return redirect(url_for("groupwork.index", programme_id=programme.id))
    cancel_session(session, form.note.data or "")
    db.session.commit()
    flash(f"“{session.title}” is cancelled. It stays on the list, marked cancelled.", "success")
    return redirect(url_for("groupwork.index", programme_id=programme.id, _anchor=f"s{session.id}"))


@bp.post("/<int:session_id>/reinstate")
@staff
def reinstate(programme_id: int, session_id: int):
    programme = managed_programme(programme_id)
    session = _session_or_404(programme, session_id)
    reinstate_session(session)
    db.session.commit()
    flash(f"“{session.title}” is back on.", "success")
    return redirect(url_for("groupwork.index", programme_id=programme.id, _anchor=f"s{session.id}"))


@bp.route("/plan", methods=["GET", "POST"])
@staff
def plan(programme_id: int):
    """A session for each module with a group session, weekly, in one step."""
    programme = managed_programme(programme_id)
    form = PlanForm()
    modules = [
        (m, r)
        for m, r in curriculum_modules(programme, get_catalogue())
        if m.meta.face_to_face_minutes
    ]
    if form.validate_on_submit():
        try:
            result = plan_from_curriculum(
                programme,
                get_catalogue(),
                form.first_day.data,
                form.start.data,
                form.venue.data or "",
            )
        except EndsAfterMidnight as late:
            form.start.errors.append(
                f"The longest session lasts {duration(late.minutes)}, so starting then it "
                "would end after midnight. Choose an earlier start time."
            )
        else:
            db.session.commit()
            message = f"{len(result.created)} sessions added, a week apart."
            if result.skipped:
                message += f" {len(result.skipped)} modules already had a session."
            flash(message, "success")
            return redirect(url_for("groupwork.index", programme_id=programme.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "groupwork/plan.html", programme=programme, form=form, modules=modules
    ), status
