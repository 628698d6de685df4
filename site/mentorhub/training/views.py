"""Trainee pages: My training, a module with progress, reflections."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..accounts.signed_in import ProgrammeSeen, signed_in_only
from ..catalogue import get_catalogue
from ..content import Module
from ..extensions import db
from ..learning.attendance import (
    TraineeSessions,
    trainee_sessions_from,
    trainee_sessions_read,
)
from ..learning.attendance_figures import sessions_done
from ..learning.group_sessions import has_started, sessions_by_module
from ..learning.progress import (
    continue_target,
    curriculum_progress,
    module_progress,
    required_complete,
)
from ..learning.progress_records import (
    mark_done,
    reflection_prompt,
    save_answer,
    trainee_progress,
    undo_done,
)
from ..learning.trainee_records import (
    ModuleRecords,
    ServedModule,
    TrainingPage,
    module_page_read,
    module_records,
    served_module,
    served_module_and_records,
    served_modules,
    training_page,
    training_page_read,
)
from ..models import Programme, Role
from ..models.base import utcnow
from ..reading import Read, rows_together
from . import bp
from .cards import module_cards
from .forms import reflection_form
from .kept_index import my_training_html, page_key
from .module_page import SAVED_CATEGORY, FailedBox, module_page_html, support_box

trainee_only = roles_required(Role.TRAINEE)


def own_programme() -> Programme | ProgrammeSeen:
    """The logged-in trainee's programme; 403 if they are not in one now."""
    if current_user.programme is None:
        abort(403, "You are not part of a programme at the moment.")
    return current_user.programme


def _curriculum_module(module_id: str) -> ServedModule:
    """The module as the trainee's programme serves it; 404 if not in the curriculum."""
    served = served_module(own_programme().id, module_id, get_catalogue())
    if served is None:
        abort(404)
    return served


def _my_training_reads(user_id: int, _args: Mapping[str, Any] | None = None) -> list[Read]:
    return [training_page_read(user_id), trainee_sessions_read(user_id)]


def _module_reads(user_id: int, args: Mapping[str, Any]) -> list[Read]:
    return [module_page_read(user_id, args["module_id"])]


@bp.get("")
@signed_in_only(ahead=_my_training_reads)
@trainee_only
def index():
    """Three queries in one round trip on PostgreSQL: the log-in (with the programme),
    the curriculum with the trainee's records, and the group sessions with their side
    of each (`ahead`: sent with the log-in, used only if it holds). The page is kept
    while all of that reads the same (kept_index.py)."""
    programme = own_programme()
    rows, session_rows = rows_together(*_my_training_reads(current_user.id))
    mine = trainee_sessions_from(session_rows)
    now = utcnow()
    key = page_key(
        current_user._get_current_object(),
        tuple(rows),
        mine.sessions,
        (tuple(sorted(mine.statuses.items())), frozenset(mine.notices)),
        now,
    )
    return my_training_html(key, lambda: _my_training(programme, training_page(rows), mine, now))


def _my_training(
    programme: ProgrammeSeen, found: TrainingPage, mine: TraineeSessions, now: datetime
) -> str:
    served = served_modules(found.entries, get_catalogue())
    records = found.records
    progress = curriculum_progress(
        [(s.module, s.required) for s in served], records.done, records.finished
    )
    sessions = mine.sessions
    group = sessions_done(sessions, mine.statuses)
    coming = [s for s in sessions if not has_started(s, now)]
    return render_template(
        "training/index.html",
        programme=programme,
        progress=progress,
        cards=module_cards(progress, sessions_by_module(coming), records.feedback),
        continue_at=continue_target(progress),
        certificate_ready=required_complete(progress) and group.complete,
        group=group,
        coming=coming,
        past=[s for s in sessions if has_started(s, now)],
        notices=mine.notices,
    )


@bp.get("/continue")
@trainee_only
def continue_training():
    progress = trainee_progress(current_user, own_programme(), get_catalogue())
    target = continue_target(progress)
    if target is None:
        return redirect(url_for("training.index"))
    module_id, section_id = target
    return redirect(url_for("training.module", module_id=module_id, _anchor=section_id))


def _module_page(
    served: ServedModule, records: ModuleRecords, failed: FailedBox | None = None, status: int = 200
):
    """The module page: rendered once per module (module_page.py), the trainee's state
    laid over it."""
    module = served.module
    progress = module_progress(module, served.required, records.done, records.finished_version)
    support = support_box(own_programme())
    return module_page_html(served, progress, records.answers, support, failed), status


@bp.get("/<module_id>")
@signed_in_only(ahead=_module_reads)
@trainee_only
def module(module_id: str):
    """Two queries in one round trip on PostgreSQL: the log-in (with the programme), and
    the module's curriculum entry with its adaptation revision and the trainee's
    records of it (`ahead`: sent with the log-in, used only if it holds)."""
    own_programme()  # 403 if they are not in one now
    found = served_module_and_records(current_user, module_id, get_catalogue())
    if found is None:
        abort(404)
    return _module_page(*found)


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
    found = _curriculum_module(module_id).module
    _section_or_404(found, section_id)  # CSRF is checked for every POST by CSRFProtect
    completed = mark_done(current_user, own_programme(), found, section_id)
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
    found = _curriculum_module(module_id).module
    _section_or_404(found, section_id)
    undo_done(current_user, own_programme(), module_id, section_id)
    db.session.commit()
    return redirect(url_for("training.module", module_id=module_id, _anchor=section_id))


@bp.post("/<module_id>/<section_id>/reflections/<block>")
@trainee_only
def save_reflection_answer(module_id: str, section_id: str, block: str):
    served = _curriculum_module(module_id)
    prompt = reflection_prompt(_section_or_404(served.module, section_id), block)
    if prompt is None:
        abort(404)
    form = reflection_form(prompt.block.score, prompt.key)
    if not form.validate_on_submit():
        records = module_records(current_user, own_programme().id, module_id)
        return _module_page(served, records, FailedBox(prompt.key, form), status=400)
    # A prompt without a score has a form without one: form.data has no "score" then.
    save_answer(current_user, module_id, prompt, form.text.data or "", form.data.get("score"))
    db.session.commit()
    flash(prompt.key, SAVED_CATEGORY)  # shown beside the box, not at the top of the page
    return redirect(
        url_for("training.module", module_id=module_id, _anchor=f"reflection-{section_id}-{block}")
    )
