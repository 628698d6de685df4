"""Trainer pages: programmes, join codes, curriculum, trainees' progress."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from ..auth.permissions import manages_programme, require, roles_required, sees_programme_aggregates
from ..auth.resets import new_reset_link
from ..catalogue import get_catalogue
from ..extensions import db
from ..models import Programme, Role, User
from ..training.progress import STATUS_LABELS, Status
from ..training.records import trainee_progress
from . import bp
from .curriculum import move_trainee, set_curriculum, unique_join_code
from .forms import ActionForm, MoveTraineeForm
from .grid import grid_csv, progress_grid

staff_or_evaluator = roles_required(Role.TRAINER, Role.ADMIN, Role.EVALUATOR)
staff = roles_required(Role.TRAINER, Role.ADMIN)


def _programme_or_404(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        abort(404)
    return programme


def _managed(programme_id: int) -> Programme:
    programme = _programme_or_404(programme_id)
    require(manages_programme(current_user, programme))
    return programme


def _visible_programmes() -> list[Programme]:
    if current_user.role == Role.TRAINER:
        return list(current_user.trainer_of)
    return list(db.session.scalars(sa.select(Programme).order_by(Programme.name)))


def _trainee_counts() -> dict[int, int]:
    rows = db.session.execute(
        sa.select(User.programme_id, sa.func.count(User.id))
        .where(User.role == Role.TRAINEE)
        .group_by(User.programme_id)
    )
    return dict(rows.all())


@bp.get("")
@staff_or_evaluator
def index():
    return render_template(
        "programmes/index.html", programmes=_visible_programmes(), trainee_counts=_trainee_counts()
    )


@bp.get("/<int:programme_id>")
@staff_or_evaluator
def detail(programme_id: int):
    programme = _programme_or_404(programme_id)
    require(sees_programme_aggregates(current_user, programme))
    catalogue = get_catalogue()
    sort = "activity" if request.args.get("sort") == "activity" else "name"
    grid = progress_grid(programme, catalogue, sort)
    if not manages_programme(current_user, programme):
        return render_template(
            "programmes/aggregates.html", programme=programme, summary=_module_summary(grid)
        )
    return render_template(
        "programmes/detail.html",
        programme=programme,
        grid=grid,
        sort=sort,
        status_labels=STATUS_LABELS,
        library=catalogue.modules,
        in_curriculum={item.module_id: item.required for item in programme.curriculum},
        form=ActionForm(),
    )


def _module_summary(grid) -> list[tuple]:
    """Per module: how many learners have not started, are in progress, are complete.

    Counts everyone with a record here, including trainees who moved on or deleted
    their account, so the figures do not drop when someone leaves."""
    summary = []
    for index, (module, required) in enumerate(grid.modules):
        counts = dict.fromkeys(Status, 0)
        for learner in grid.learners:
            counts[learner[index].status] += 1
        summary.append((module, required, counts))
    return summary


@bp.post("/<int:programme_id>/join-code")
@staff
def join_code(programme_id: int):
    programme = _managed(programme_id)
    action = request.form.get("action")
    if action == "regenerate":
        programme.join_code = unique_join_code()
        programme.join_code_enabled = True
        flash(f"New join code: {programme.join_code}. The old code no longer works.", "success")
    elif action == "disable":
        programme.join_code_enabled = False
        flash(
            "The join code is switched off. Nobody new can join until you switch it on.", "success"
        )
    elif action == "enable":
        if not programme.join_code:
            programme.join_code = unique_join_code()
        programme.join_code_enabled = True
        flash("The join code is switched on.", "success")
    else:
        abort(400)
    db.session.commit()
    return redirect(url_for("programmes.detail", programme_id=programme.id, _anchor="join"))


@bp.post("/<int:programme_id>/curriculum")
@staff
def curriculum(programme_id: int):
    programme = _managed(programme_id)
    library = get_catalogue().modules
    chosen = [
        (m.id, request.form.get(f"required-{m.id}") != "optional")
        for m in library
        if request.form.get(f"include-{m.id}")
    ]
    set_curriculum(programme, chosen)
    db.session.commit()
    flash(f"Curriculum saved: {len(chosen)} modules.", "success")
    return redirect(url_for("programmes.detail", programme_id=programme.id, _anchor="curriculum"))


@bp.get("/<int:programme_id>/progress.csv")
@staff
def progress_csv(programme_id: int):
    programme = _managed(programme_id)
    body = grid_csv(progress_grid(programme, get_catalogue()))
    filename = f"progress-programme-{programme.id}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _trainee_of(programme: Programme, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.TRAINEE or user.programme_id != programme.id:
        abort(404)
    return user


def _move_form(programme: Programme) -> MoveTraineeForm:
    form = MoveTraineeForm()
    form.programme.choices = [
        SelectChoice(p.id, p.name) for p in _managed_programmes() if p.id != programme.id
    ]
    return form


def _managed_programmes() -> list[Programme]:
    return [p for p in _visible_programmes() if manages_programme(current_user, p)]


@bp.get("/<int:programme_id>/trainees/<int:user_id>")
@staff
def trainee(programme_id: int, user_id: int):
    programme = _managed(programme_id)
    user = _trainee_of(programme, user_id)
    return render_template(
        "programmes/trainee.html",
        programme=programme,
        trainee=user,
        progress=trainee_progress(user, programme, get_catalogue()),
        status_labels=STATUS_LABELS,
        move_form=_move_form(programme),
        form=ActionForm(),
    )


@bp.post("/<int:programme_id>/trainees/<int:user_id>/reset-link")
@staff
def reset_link(programme_id: int, user_id: int):
    programme = _managed(programme_id)
    user = _trainee_of(programme, user_id)
    link, hours = new_reset_link(user, current_user)
    return render_template(
        "programmes/reset_link.html", programme=programme, trainee=user, link=link, hours=hours
    )


@bp.post("/<int:programme_id>/trainees/<int:user_id>/move")
@staff
def move(programme_id: int, user_id: int):
    programme = _managed(programme_id)
    user = _trainee_of(programme, user_id)
    form = _move_form(programme)
    if not form.validate_on_submit():
        abort(400)
    target = _managed(form.programme.data)
    copied = move_trainee(user, target)
    db.session.commit()
    flash(
        f"{user.display_name} has moved to {target.name}. "
        f"{copied} finished parts on shared modules came with them.",
        "success",
    )
    return redirect(url_for("programmes.detail", programme_id=programme.id))
