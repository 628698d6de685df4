"""Trainer pages: programmes, join codes, curriculum, trainees' progress."""

from __future__ import annotations

import json
from functools import partial

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from ..accounts.permissions import (
    managed_programme,
    manages_programme,
    programme_rights,
    programme_rights_query,
    roles_required,
)
from ..accounts.resets import new_reset_link
from ..accounts.signed_in import signed_in_only
from ..catalogue import get_catalogue
from ..content import Catalogue
from ..content.vocab import FOCUS_TAGS
from ..extensions import db
from ..learning.adaptations import current_by_module, outdated_modules
from ..learning.cohort import cohort
from ..learning.curriculum import (
    DIRECTIONS,
    add_module,
    addable,
    curriculum_rows,
    find_item,
    focus_options,
    move_module,
    move_trainee,
    neighbour,
    remove_module,
    set_required,
    total_time,
    unique_join_code,
)
from ..learning.database_stamp import read_with_stamp
from ..learning.progress import STATUS_LABELS, Status
from ..learning.progress_grid import grid_csv, programme_records, progress_grid
from ..learning.progress_records import trainee_progress
from ..learning.readiness_rules import STAGE_LABELS
from ..models import Programme, Role, User
from . import bp
from .forms import ActionForm, MoveTraineeForm
from .grid_cells import grid_cells
from .kept_page import kept_page

staff_or_evaluator = roles_required(Role.TRAINER, Role.ADMIN, Role.EVALUATOR)
staff = roles_required(Role.TRAINER, Role.ADMIN)
REMOVED = "inline:curriculum-removed"  # a flashed removal, shown with its undo button


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
@signed_in_only
@staff_or_evaluator
def detail(programme_id: int):
    """For its trainers and admins, the whole page kept (kept_page.py): two queries,
    the log-in and who may see it with the database's stamp, and the fingerprint when
    the stamp moved. Who may see it is read on every request, before anything of it."""
    viewer = current_user._get_current_object()
    values = {"user_id": viewer.id, "programme_id": programme_id}
    # The stamp in the same statement as who may see the page: before any row of it.
    found, stamp = read_with_stamp(programme_rights_query(), values)
    manages = programme_rights(viewer, found)
    sort = "activity" if request.args.get("sort") == "activity" else "name"
    if not manages:
        programme = db.session.get(Programme, programme_id)
        grid = progress_grid(programme, get_catalogue(), sort)
        return render_template(
            "programmes/aggregates.html", programme=programme, summary=_module_summary(grid)
        )
    return kept_page(programme_id, sort, viewer, stamp, partial(_detail_page, programme_id, sort))


def _detail_page(programme_id: int, sort: str) -> str:
    """The whole page: drawn only when the kept one is stale (kept_page.py)."""
    programme = db.session.get(Programme, programme_id)
    body = Markup(_detail_body(programme, get_catalogue(), sort))
    return render_template("programmes/detail.html", programme=programme, body=body)


def _detail_body(programme: Programme, catalogue: Catalogue, sort: str) -> str:
    """Everything on the page but the layout."""
    records = programme_records(programme, catalogue)  # for the grid and the cohort
    grid = progress_grid(programme, catalogue, sort, records)
    rows = curriculum_rows(programme, catalogue)
    return render_template(
        "programmes/_detail_body.html",
        group=cohort(programme, catalogue, records=records),
        grid_cells=grid_cells,
        stage_labels=STAGE_LABELS,
        programme=programme,
        grid=grid,
        sort=sort,
        status_labels=STATUS_LABELS,
        rows=rows,
        total=total_time(row.module for row in rows),
        form=ActionForm(),
        outdated=outdated_modules(programme, catalogue),
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
    programme = managed_programme(programme_id)
    action = request.form.get("action")
    if action == "regenerate" and request.form.get("confirmed") != "yes":
        # Only the confirmation page sends this; anything else is asked first.
        return redirect(url_for("programmes.confirm_new_code", programme_id=programme.id))
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


# --- the curriculum editor ---------------------------------------------------------
# One page lists the curriculum and the library; each change is its own small POST that
# sends the trainer back to the place on the page they acted from.


@bp.get("/<int:programme_id>/curriculum")
@staff
def curriculum(programme_id: int):
    programme = managed_programme(programme_id)
    focus = request.args.get("focus", "").strip()
    if focus and focus not in FOCUS_TAGS:
        abort(404)
    catalogue = get_catalogue()
    rows = curriculum_rows(programme, catalogue)
    chosen = [row.module_id for row in rows]
    removed = [json.loads(m) for m in get_flashed_messages(category_filter=[REMOVED])]
    return render_template(
        "programmes/curriculum.html",
        removed=removed,
        programme=programme,
        rows=rows,
        total=total_time(row.module for row in rows),
        focus=focus,
        focus_label=FOCUS_TAGS.get(focus),
        focus_options=focus_options(addable(catalogue.modules, chosen), focus),
        library=addable(catalogue.modules, chosen, focus),
        adapted=current_by_module(programme.id),
        outdated=outdated_modules(programme, catalogue),
    )


def _title(module_id: str) -> str:
    module = get_catalogue().get(module_id)
    return module.meta.title if module else module_id


def _posted_focus() -> str:
    """The library filter the trainer had when they pressed a button ('' for none)."""
    focus = request.form.get("focus", "")
    return focus if focus in FOCUS_TAGS else ""


def _back_to_editor(programme: Programme, anchor: str):
    """Back to the editor, at `anchor`, with the library filter the trainer had."""
    return redirect(
        url_for(
            "programmes.curriculum",
            programme_id=programme.id,
            focus=_posted_focus() or None,
            _anchor=anchor,
        )
    )


def _in_curriculum(programme: Programme, module_id: str) -> None:
    if find_item(programme, module_id) is None:
        abort(404)


@bp.post("/<int:programme_id>/curriculum/<module_id>/move")
@staff
def curriculum_move(programme_id: int, module_id: str):
    programme = managed_programme(programme_id)
    _in_curriculum(programme, module_id)
    direction = request.form.get("direction")
    if direction not in DIRECTIONS:
        abort(400)
    title = _title(module_id)
    if move_module(programme, module_id, direction):
        db.session.commit()
        flash(f"Moved “{title}” {direction}.", "success")
    else:
        flash(f"“{title}” is already {'first' if direction == 'up' else 'last'}.", "info")
    return _back_to_editor(programme, f"module-{module_id}")


@bp.post("/<int:programme_id>/curriculum/<module_id>/required")
@staff
def curriculum_required(programme_id: int, module_id: str):
    programme = managed_programme(programme_id)
    _in_curriculum(programme, module_id)
    choice = request.form.get("required")
    if choice not in ("yes", "no"):
        abort(400)
    set_required(programme, module_id, choice == "yes")
    db.session.commit()
    flash(
        f"“{_title(module_id)}” is now {'required' if choice == 'yes' else 'optional'}.", "success"
    )
    return _back_to_editor(programme, f"module-{module_id}")


@bp.post("/<int:programme_id>/curriculum/<module_id>/remove")
@staff
def curriculum_remove(programme_id: int, module_id: str):
    """Removing twice (a double click, an old tab) is not an error: the module is out."""
    programme = managed_programme(programme_id)
    order = [item.module_id for item in programme.curriculum]
    if module_id not in order and get_catalogue().get(module_id) is None:
        abort(404)
    title = _title(module_id)
    after = neighbour(order, module_id)
    item = find_item(programme, module_id)
    undo = {"module_id": module_id, "title": title, "position": order.index(module_id) + 1,
            "required": item.required} if item else None  # fmt: skip
    if remove_module(programme, module_id):
        db.session.commit()
        # Shown at the top of the list with a button that puts the module back.
        flash(json.dumps(undo), REMOVED)
    else:
        flash(f"“{title}” is not in the curriculum.", "info")
    return _back_to_editor(programme, f"module-{after}" if after else "modules")


@bp.post("/<int:programme_id>/curriculum/<module_id>/add")
@staff
def curriculum_add(programme_id: int, module_id: str):
    programme = managed_programme(programme_id)
    catalogue = get_catalogue()
    module = catalogue.get(module_id)
    if module is None:
        abort(404)
    choice = request.form.get("required")
    if choice not in ("yes", "no"):
        abort(400)
    chosen = [item.module_id for item in programme.curriculum]
    shown = [m.id for m in addable(catalogue.modules, chosen, _posted_focus())]
    after = neighbour(shown, module_id)  # the next card in the library list
    if add_module(programme, module_id, choice == "yes"):
        db.session.commit()
        kind = "required" if choice == "yes" else "optional"
        flash(f"Added “{module.meta.title}” at the end of the curriculum, as {kind}.", "success")
    else:
        flash(f"“{module.meta.title}” is already in the curriculum.", "info")
    return _back_to_editor(programme, f"add-{after}" if after else "library")


@bp.get("/<int:programme_id>/progress.csv")
@staff
def progress_csv(programme_id: int):
    programme = managed_programme(programme_id)
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
    programme = managed_programme(programme_id)
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
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    link, hours = new_reset_link(user, current_user)
    db.session.commit()
    return render_template(
        "programmes/reset_link.html", programme=programme, trainee=user, link=link, hours=hours
    )


@bp.post("/<int:programme_id>/trainees/<int:user_id>/move")
@staff
def move(programme_id: int, user_id: int):
    programme = managed_programme(programme_id)
    user = _trainee_of(programme, user_id)
    form = _move_form(programme)
    if not form.validate_on_submit():
        abort(400)
    target = managed_programme(form.programme.data)
    copied = move_trainee(user, target)
    db.session.commit()
    flash(
        f"{user.display_name} has moved to {target.name}. "
        f"{copied} finished parts on shared modules came with them.",
        "success",
    )
    return redirect(url_for("programmes.detail", programme_id=programme.id))
