"""The curriculum editor's direct moves: straight to a position, and undoing a removal."""

from __future__ import annotations

from flask import abort, flash, request

from ..accounts.permissions import managed_programme
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.curriculum import add_module, find_item, move_to
from . import bp
from .views import _back_to_editor, _in_curriculum, _title, staff


def _position(count: int) -> int:
    """The posted position, 1 to `count`; anything else is a request no page makes."""
    value = request.form.get("position", "")
    if not value.isdigit() or not 1 <= int(value) <= count:
        abort(400)
    return int(value)


@bp.post("/<int:programme_id>/curriculum/<module_id>/position")
@staff
def curriculum_position(programme_id: int, module_id: str):
    programme = managed_programme(programme_id)
    _in_curriculum(programme, module_id)
    position = _position(len(programme.curriculum))
    title = _title(module_id)
    if move_to(programme, module_id, position):
        db.session.commit()
        flash(f"Moved “{title}” to number {position}.", "success")
    else:
        flash(f"“{title}” is already number {position}.", "info")
    return _back_to_editor(programme, f"module-{module_id}")


@bp.post("/<int:programme_id>/curriculum/<module_id>/restore")
@staff
def curriculum_restore(programme_id: int, module_id: str):
    """Undo a removal: the module goes back where it was, required or optional as before."""
    programme = managed_programme(programme_id)
    if get_catalogue().get(module_id) is None and find_item(programme, module_id) is None:
        abort(404)
    choice = request.form.get("required")
    if choice not in ("yes", "no"):
        abort(400)
    position = _position(len(programme.curriculum) + 1)
    title = _title(module_id)
    if add_module(programme, module_id, choice == "yes"):
        move_to(programme, module_id, position)
        db.session.commit()
        flash(f"Put “{title}” back as number {position}.", "success")
    else:
        flash(f"“{title}” is already in the curriculum.", "info")
    return _back_to_editor(programme, f"module-{module_id}")
