"""A trainee's group sessions: one session's page, "I can't come", calendar files
(one session, or a private feed a phone subscribes to), and their readiness checklist."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.attendance import statuses_of
from ..learning.calendar_files import (
    calendar_bytes,
    ensure_feed,
    feed_name,
    feed_of,
    reset_feed,
    user_for_token,
)
from ..learning.cohort import trainee_state
from ..learning.group_sessions import (
    has_started,
    notices_of,
    send_notice,
    session_in,
    sessions_of,
    take_back_notice,
)
from ..learning.readiness_rules import STAGE_LABELS, trainee_words
from ..models import ATTENDANCE_LABELS, GroupSession, Role
from . import bp
from .forms import CantComeForm, EmptyForm
from .views import own_programme

trainee_only = roles_required(Role.TRAINEE)


def _own_session(session_id: int) -> GroupSession:
    """A session of the trainee's own programme; 404 for any other."""
    session = session_in(own_programme(), session_id)
    if session is None:
        abort(404)
    return session


def _render_session(session: GroupSession, form: CantComeForm | None = None, status: int = 200):
    programme = own_programme()
    titles = {m.id: m.meta.title for m in get_catalogue().modules}
    attendance = statuses_of(current_user, programme.id).get(session.id)
    return render_template(
        "training/session.html",
        programme=programme,
        session=session,
        titles=titles,
        notice=notices_of(current_user).get(session.id),
        started=has_started(session),
        attendance=attendance,
        labels=ATTENDANCE_LABELS,
        form=form or CantComeForm(formdata=None),
        button=EmptyForm(),
    ), status


@bp.get("/sessions/<int:session_id>")
@trainee_only
def session(session_id: int):
    return _render_session(_own_session(session_id))


@bp.post("/sessions/<int:session_id>/cant-come")
@trainee_only
def cant_come(session_id: int):
    found = _own_session(session_id)
    form = CantComeForm()
    if found.cancelled or has_started(found):
        form.reason.errors = ["This session has already started or was cancelled."]
        return _render_session(found, form, 400)
    if not form.validate_on_submit():
        return _render_session(found, form, 400)
    send_notice(current_user, found, form.reason.data or "")
    db.session.commit()
    flash("Thanks for letting us know. Your trainer can see your message.", "success")
    return redirect(url_for("training.session", session_id=found.id))


@bp.post("/sessions/<int:session_id>/can-come")
@trainee_only
def can_come(session_id: int):
    found = _own_session(session_id)
    take_back_notice(current_user, found)
    db.session.commit()
    flash("Great, see you there!", "success")
    return redirect(url_for("training.session", session_id=found.id))


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-cache",
        },
    )


@bp.get("/sessions/<int:session_id>.ics")
@trainee_only
def session_ics(session_id: int):
    found = _own_session(session_id)
    body = calendar_bytes([found], feed_name(own_programme()), request.host)
    return _ics(body, f"session-{found.id}.ics")


@bp.get("/calendar")
@trainee_only
def calendar():
    feed = feed_of(current_user)
    address = url_for("training.calendar_feed", token=feed.token, _external=True) if feed else None
    return render_template(
        "training/calendar.html", programme=own_programme(), address=address, form=EmptyForm()
    )


@bp.post("/calendar/address")
@trainee_only
def calendar_address():
    """Make the private address, or a new one (the old one stops working)."""
    own_programme()
    if feed_of(current_user) is None:
        ensure_feed(current_user)
        flash("Here is your calendar address. Keep it to yourself.", "success")
    else:
        reset_feed(current_user)
        flash("You have a new calendar address. The old one no longer works.", "success")
    db.session.commit()
    return redirect(url_for("training.calendar"))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """The private feed: no log-in (a phone's calendar cannot log in), only the token."""
    user = user_for_token(token)
    if user is None or user.role != Role.TRAINEE or user.programme is None:
        abort(404)
    body = calendar_bytes(sessions_of(user.programme.id), feed_name(user.programme), request.host)
    return _ics(body, "group-sessions.ics")


@bp.get("/readiness")
@trainee_only
def readiness():
    """Their own checklist in plain words: what is left and who does it. No trainer notes."""
    programme = own_programme()
    state = trainee_state(current_user, programme, get_catalogue())
    return render_template(
        "training/readiness.html",
        programme=programme,
        state=state,
        words=trainee_words,
        stage_labels=STAGE_LABELS,
    )
