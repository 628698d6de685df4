"""One trainee's readiness: what is done, by whom and when, what is missing; ticks,
objective sign-offs, and the trainer's decisions ("ready to be matched", withdrawn)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from ..accounts.permissions import managed_programme
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.cohort import trainee_state
from ..learning.group_sessions import session_in, sessions_of
from ..learning.readiness import (
    clear_check,
    ensure_checklist,
    item_in,
    lock_trainee,
    objectives_to_sign,
    record_check,
    record_decision,
    sign_off,
    sign_offs_for,
    undo_sign_off,
)
from ..learning.readiness_rules import AUTOMATIC, STAGE_LABELS, trainee_words
from ..learning.session_times import london_today
from ..models import Decision, ItemKind, Programme, Role, User
from . import bp
from .forms import CheckForm, DecisionForm, SignOffForm
from .views import staff

TRAINEE = "/trainees/<int:user_id>"


def _trainee_of(programme: Programme, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.TRAINEE or user.programme_id != programme.id:
        abort(404)
    return user


def _session_choices(programme: Programme, module_id: str) -> list[SelectChoice]:
    sessions = [s for s in sessions_of(programme.id) if not s.cancelled]
    covering = [s for s in sessions if module_id in s.module_ids] or sessions
    return [SelectChoice(0, "Not in a session")] + [SelectChoice(s.id, s.title) for s in covering]


def _render(programme: Programme, user: User, forms: dict | None = None, status: int = 200):
    """The page; `forms` holds a form that came back with a problem, by its key.
    Never commits: a POST sent back with a problem stores nothing."""
    ensure_checklist(programme)
    state = trainee_state(user, programme, get_catalogue())
    forms = forms or {}
    check_forms = {
        line.item_id: forms.get(("check", line.item_id))
        or CheckForm(formdata=None, prefix=f"check-{line.item_id}", kind=line.kind,
                     data={"done_on": london_today(), "who": current_user.display_name
                           if line.kind == ItemKind.PVG else ""})
        for line in state.checklist
        if not line.automatic
    }  # fmt: skip
    signed = sign_offs_for([user.id], programme.id).get(user.id, {})
    objectives = []
    for module_id, number, text in objectives_to_sign(programme, get_catalogue()):
        form = forms.get(("sign", module_id, number)) or SignOffForm(
            formdata=None, prefix=f"sign-{module_id}-{number}"
        )
        form.session.choices = _session_choices(programme, module_id)
        objectives.append((module_id, number, text, signed.get((module_id, number)), form))
    return render_template(
        "readiness/trainee.html",
        programme=programme,
        trainee=user,
        state=state,
        check_forms=check_forms,
        objectives=objectives,
        sessions={s.id: s for s in sessions_of(programme.id)},
        decision_form=forms.get("decision") or DecisionForm(formdata=None),
        automatic=AUTOMATIC,
        stage_labels=STAGE_LABELS,
        trainee_words=trainee_words,
    ), status


def _back(programme: Programme, user: User, anchor: str = ""):
    return redirect(
        url_for("readiness.trainee", programme_id=programme.id, user_id=user.id, _anchor=anchor)
    )


@bp.get(TRAINEE)
@staff
def trainee(programme_id: int, user_id: int):
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    ensure_checklist(programme)
    db.session.commit()  # the default checklist, stored the first time it is opened
    return _render(programme, user)


@bp.post(TRAINEE + "/items/<int:item_id>")
@staff
def tick(programme_id: int, user_id: int, item_id: int):
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    item = item_in(programme, item_id)
    if item is None or item.kind in AUTOMATIC:
        abort(404)
    form = CheckForm(prefix=f"check-{item.id}", kind=item.kind)
    if not form.validate_on_submit():
        return _render(programme, user, {("check", item.id): form}, status=400)
    title = item.title  # read before the commit: the line may be removed just after it
    if record_check(item, user, form.values(), current_user) is None:
        flash(f"“{title}” was just taken off the checklist, so it was not ticked.", "info")
        return _back(programme, user)
    db.session.commit()
    flash(f"“{title}” is done for {user.display_name}.", "success")
    return _back(programme, user, f"item-{item_id}")


@bp.post(TRAINEE + "/items/<int:item_id>/clear")
@staff
def untick(programme_id: int, user_id: int, item_id: int):
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    item = item_in(programme, item_id)
    if item is None:
        abort(404)
    clear_check(item, user)
    db.session.commit()
    flash(f"“{item.title}” is no longer ticked for {user.display_name}.", "success")
    return _back(programme, user, f"item-{item.id}")


def _objective_or_404(programme: Programme, module_id: str, number: int) -> tuple[str, int]:
    marked = {(m, n) for m, n, _t in objectives_to_sign(programme, get_catalogue())}
    if (module_id, number) not in marked:
        abort(404)
    return module_id, number


@bp.post(TRAINEE + "/objectives/<module_id>/<int:number>")
@staff
def sign(programme_id: int, user_id: int, module_id: str, number: int):
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    objective = _objective_or_404(programme, module_id, number)
    form = SignOffForm(prefix=f"sign-{module_id}-{number}")
    form.session.choices = _session_choices(programme, module_id)
    if not form.validate_on_submit():
        return _render(programme, user, {("sign", module_id, number): form}, status=400)
    session = session_in(programme, form.session.data) if form.session.data else None
    sign_off(user, programme, objective, session, form.note.data or "", current_user)
    db.session.commit()
    flash("Signed off.", "success")
    return _back(programme, user, f"objective-{module_id}-{number}")


@bp.post(TRAINEE + "/objectives/<module_id>/<int:number>/undo")
@staff
def unsign(programme_id: int, user_id: int, module_id: str, number: int):
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    undo_sign_off(user, programme, _objective_or_404(programme, module_id, number))
    db.session.commit()
    flash("Sign-off taken back.", "success")
    return _back(programme, user, f"objective-{module_id}-{number}")


DECISION_WORDS = {
    Decision.READY: "{name} is ready to be matched.",
    Decision.NOT_READY: "{name} is no longer marked ready to be matched.",
    Decision.LEFT: "{name} is marked as withdrawn from the training.",
    Decision.RETURNED: "{name} is back in training.",
}


def _decision_problem(kind: Decision, state, reason: str) -> str | None:
    where = state.standing
    if kind is Decision.READY and not state.all_done:
        return "Everything on the checklist must be done first."
    if kind is Decision.READY and (where.ready or where.withdrawn):
        return "They are already ready to be matched." if where.ready else "They have withdrawn."
    if kind is Decision.NOT_READY and not where.ready:
        return "They are not marked ready to be matched."
    if kind is Decision.NOT_READY and not reason.strip():
        return "Say why they are no longer ready."
    if kind is Decision.LEFT and where.withdrawn:
        return "They are already marked as withdrawn."
    if kind is Decision.RETURNED and not where.withdrawn:
        return "They are in training already."
    return None


@bp.post(TRAINEE + "/decision")
@staff
def decide(programme_id: int, user_id: int):
    """Record a decision. "Ready" only when every item is done; taking it back needs
    a reason. The site never decides by itself."""
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    if request.form.get("decision") not in set(Decision):
        abort(400)
    kind = Decision(request.form["decision"])
    form = DecisionForm()
    if form.validate_on_submit():
        lock_trainee(user)  # a second press waits, then reads this one's decision
        state = trainee_state(user, programme, get_catalogue())
        if problem := _decision_problem(kind, state, form.reason.data or ""):
            form.reason.errors.append(problem)
        else:
            record_decision(
                programme, user, kind, current_user, london_today(), form.reason.data or ""
            )
            db.session.commit()
            flash(DECISION_WORDS[kind].format(name=user.display_name), "success")
            return _back(programme, user, "decision")
    return _render(programme, user, {"decision": form}, status=400)
