"""Trainee pages: My training, a module with progress, reflections."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..catalogue import get_catalogue
from ..content import Module
from ..extensions import db
from ..learning.adaptations import programme_module
from ..learning.attendance import statuses_of
from ..learning.attendance_figures import sessions_done
from ..learning.feedback import feedback_state
from ..learning.group_sessions import has_started, notices_of, sessions_by_module, sessions_of
from ..learning.progress import STATUS_LABELS, continue_target, required_complete
from ..learning.progress_records import (
    curriculum_item,
    mark_done,
    one_module_progress,
    reflections_for,
    save_reflection,
    trainee_progress,
    undo_done,
)
from ..models import Programme, Role
from . import bp
from .forms import EmptyForm, reflection_form

trainee_only = roles_required(Role.TRAINEE)


def _programme() -> Programme:
    if current_user.programme is None:
        abort(403, "You are not part of a programme at the moment.")
    return current_user.programme


def _curriculum_module(module_id: str) -> tuple[Programme, Module, bool]:
    """The programme, module and whether it is required; 404 if not in the curriculum."""
    programme = _programme()
    item = curriculum_item(programme, module_id)
    module = programme_module(programme, module_id, get_catalogue()) if item else None
    if module is None:
        abort(404)
    return programme, module, item.required


@bp.get("")
@trainee_only
def index():
    programme = _programme()
    progress = trainee_progress(current_user, programme, get_catalogue())
    sessions = sessions_of(programme.id)
    attendance = {sid: row.status for sid, row in statuses_of(current_user, programme.id).items()}
    coming = [s for s in sessions if not has_started(s)]
    group = sessions_done(sessions, attendance)
    return render_template(
        "training/index.html",
        programme=programme,
        progress=progress,
        status_labels=STATUS_LABELS,
        continue_at=continue_target(progress),
        certificate_ready=required_complete(progress) and group.complete,
        group=group,
        feedback=feedback_state(current_user, [p.module.id for p in progress]),
        form=EmptyForm(),
        coming=coming,
        past=[s for s in sessions if has_started(s)],
        by_module=sessions_by_module(sessions),
        notices=notices_of(current_user),
    )


@bp.get("/continue")
@trainee_only
def continue_training():
    progress = trainee_progress(current_user, _programme(), get_catalogue())
    target = continue_target(progress)
    if target is None:
        return redirect(url_for("training.index"))
    module_id, section_id = target
    return redirect(url_for("training.module", module_id=module_id, _anchor=section_id))


def _render_module(programme, module, required, reflection_forms=None, status=200):
    progress = one_module_progress(current_user, programme, module, required)
    saved = reflections_for(current_user, module.id)
    forms = reflection_forms or {}
    for section in module.sections:
        for key, block in section.reflections:
            if key not in forms:
                answer = saved.get(key)
                forms[key] = reflection_form(block.score, key, formdata=None)
                forms[key].text.data = answer.text if answer else ""
                if block.score:
                    forms[key].score.data = answer.score if answer else None
    return render_template(
        "training/module.html",
        programme=programme,
        module=module,
        progress=progress,
        reflection_forms=forms,
        saved_reflections=saved,
        just_saved=get_flashed_messages(category_filter=["inline:reflection-saved"]),
        form=EmptyForm(),
    ), status


@bp.get("/<module_id>")
@trainee_only
def module(module_id: str):
    programme, found, required = _curriculum_module(module_id)
    return _render_module(programme, found, required)


def _section_or_404(module: Module, section_id: str):
    section = module.section(section_id)
    if section is None:
        abort(404)
    return section


def _next_anchor(module: Module, section_id: str) -> str:
    ids = [s.id for s in module.sections]
    index = ids.index(section_id)
    return ids[index + 1] if index + 1 < len(ids) else "module-end"


@bp.post("/<module_id>/<section_id>/done")
@trainee_only
def mark_section_done(module_id: str, section_id: str):
    programme, found, _required = _curriculum_module(module_id)
    _section_or_404(found, section_id)  # CSRF is checked for every POST by CSRFProtect
    completed = mark_done(current_user, programme, found, section_id)
    db.session.commit()
    if completed:
        flash(f"Well done! You have finished “{found.meta.title}”.", "success")
        return redirect(url_for("training.module", module_id=module_id, _anchor="module-end"))
    return redirect(
        url_for("training.module", module_id=module_id, _anchor=_next_anchor(found, section_id))
    )


@bp.post("/<module_id>/<section_id>/undo")
@trainee_only
def undo_section(module_id: str, section_id: str):
    programme, found, _required = _curriculum_module(module_id)
    _section_or_404(found, section_id)
    undo_done(current_user, programme, module_id, section_id)
    db.session.commit()
    return redirect(url_for("training.module", module_id=module_id, _anchor=section_id))


@bp.post("/<module_id>/<section_id>/reflections/<block>")
@trainee_only
def save_reflection_answer(module_id: str, section_id: str, block: str):
    programme, found, required = _curriculum_module(module_id)
    section = _section_or_404(found, section_id)
    key = f"{section_id}/{block}"
    prompt = dict(section.reflections).get(key)
    if prompt is None:
        abort(404)
    form = reflection_form(prompt.score, key)
    if not form.validate_on_submit():
        return _render_module(programme, found, required, {key: form}, status=400)
    score = form.score.data if prompt.score else None
    save_reflection(current_user, module_id, key, form.text.data or "", score)
    db.session.commit()
    flash(key, "inline:reflection-saved")  # shown beside the box, not at the top of the page
    return redirect(
        url_for("training.module", module_id=module_id, _anchor=f"reflection-{section_id}-{block}")
    )
