"""The feedback form at the end of each module."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.adaptations import programme_module
from ..learning.feedback import existing_response, record_skip, save_response
from ..learning.progress_records import curriculum_item
from ..models import Role
from . import bp
from .forms import answers_from_form, feedback_form_for

trainee_only = roles_required(Role.TRAINEE)


def _module_in_curriculum(module_id: str):
    programme = current_user.programme
    if programme is None:
        abort(403, "You are not part of a programme at the moment.")
    module = (
        programme_module(programme, module_id, get_catalogue())
        if curriculum_item(programme, module_id)
        else None
    )
    if module is None:
        abort(404)
    return programme, module


@bp.route("/training/<module_id>/feedback", methods=["GET", "POST"])
@trainee_only
def feedback(module_id: str):
    programme, module = _module_in_curriculum(module_id)
    response = existing_response(current_user, module)
    form = feedback_form_for(module, response)
    if form.validate_on_submit():
        save_response(current_user, programme, module, answers_from_form(form, module))
        db.session.commit()
        flash("Thank you. Your feedback helps make the training better.", "success")
        return redirect(url_for("training.index"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "evaluation/feedback.html", module=module, form=form, editing=response is not None
    ), status


@bp.post("/training/<module_id>/feedback/skip")
@trainee_only
def skip(module_id: str):
    _programme, module = _module_in_curriculum(module_id)
    record_skip(current_user, module)
    db.session.commit()
    flash("No problem. You can give feedback later from My training.", "success")
    return redirect(url_for("training.index"))
