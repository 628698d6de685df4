"""The trainer's feedback dashboard for one programme."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..accounts.permissions import require, roles_required, sees_programme_aggregates
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.progress_records import curriculum_modules
from ..models import LENGTH_QUESTION, LIKERT_ITEMS, Programme, Role
from . import bp
from .aggregates import programme_feedback
from .forms import AGREE


@bp.get("/programmes/<int:programme_id>/feedback")
@roles_required(Role.TRAINER, Role.ADMIN, Role.EVALUATOR)
def programme_dashboard(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    require(sees_programme_aggregates(current_user, programme))
    modules = [module for module, _required in curriculum_modules(programme, get_catalogue())]
    per_objective = {m.id for m in modules if m.feedback.confidence == "per-objective"}
    figures = programme_feedback(programme.id, [m.id for m in modules], per_objective)
    return render_template(
        "evaluation/programme.html",
        programme=programme,
        rows=list(zip(modules, figures, strict=True)),
        item_labels=LIKERT_ITEMS,
        answer_labels=AGREE,
        length_question=LENGTH_QUESTION,
    )
