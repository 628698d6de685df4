"""The public training library: the list of modules and each module's page."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_login import current_user

from ..caching import content_page
from ..catalogue import get_catalogue
from ..content.vocab import FOCUS_TAGS
from . import bp
from .listing import filter_by_focus, focus_counts, total_face_to_face_minutes, total_minutes


def _show_content_problems() -> bool:
    """Everyone in development; trainers and admins always."""
    return bool(current_app.config["SHOW_CONTENT_ERRORS"]) or _is_staff()


def _in_my_training(module_id: str) -> bool:
    """Whether a logged-in trainee has this module in their curriculum."""
    if not (current_user.is_authenticated and current_user.is_trainee):
        return False
    programme = current_user.programme
    return programme is not None and any(i.module_id == module_id for i in programme.curriculum)


def _is_staff() -> bool:
    return current_user.is_authenticated and current_user.is_staff


@bp.get("")
@content_page("focus")
def index():
    catalogue = get_catalogue()
    modules = catalogue.modules
    focus = request.args.get("focus", "").strip()
    if focus and focus not in FOCUS_TAGS:
        abort(404)
    shown = filter_by_focus(modules, focus)
    return render_template(
        "library/index.html",
        modules=shown,
        focus=focus,
        focus_label=FOCUS_TAGS.get(focus),
        focus_options=focus_counts(modules),
        total_minutes=total_minutes(shown),
        face_to_face_minutes=total_face_to_face_minutes(shown),
        problems=catalogue.problems if _show_content_problems() else [],
    )


@bp.get("/<module_id>")
@content_page("start")
def module(module_id: str):
    found = get_catalogue().get(module_id)
    if found is None:
        abort(404)
    warning_passed = request.args.get("start") == "1"
    if found.meta.content_warning and not warning_passed:
        return render_template("library/content_warning.html", module=found)
    # (id, module) for each prerequisite; None where that module is not available now.
    prerequisites = [(p, get_catalogue().get(p)) for p in found.meta.prerequisites]
    return render_template(
        "library/module.html",
        in_my_training=_in_my_training(found.id),
        module=found,
        prerequisites=prerequisites,
        show_trainer_notes=_is_staff(),
    )
