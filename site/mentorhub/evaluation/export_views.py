"""Downloads of feedback responses and their data dictionary."""

from __future__ import annotations

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..models import Role
from . import bp
from .exports import COLUMNS, dictionary_csv, responses_csv, responses_json
from .group_exports import (
    ATTENDANCE_COLUMNS,
    DICTIONARIES,
    READINESS_COLUMNS,
    attendance_rows,
    dictionary_of,
    readiness_rows,
    rows_csv,
)

exporters = roles_required(Role.TRAINER, Role.EVALUATOR, Role.ADMIN)


def _programme_ids() -> list[int] | None:
    """Trainers export their own programmes; evaluators and admins every programme."""
    if current_user.role == Role.TRAINER:
        return [p.id for p in current_user.trainer_of]
    return None


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/evaluation/exports")
@exporters
def exports():
    return render_template(
        "evaluation/exports.html",
        columns=COLUMNS,
        attendance_columns=ATTENDANCE_COLUMNS,
        readiness_columns=READINESS_COLUMNS,
    )


@bp.get("/evaluation/exports/responses.csv")
@exporters
def export_csv():
    rows = stream_with_context(responses_csv(_programme_ids()))
    return _download(rows, "text/csv", "feedback-responses.csv")


@bp.get("/evaluation/exports/responses.json")
@exporters
def export_json():
    rows = stream_with_context(responses_json(_programme_ids()))
    return _download(rows, "application/json", "feedback-responses.json")


@bp.get("/evaluation/exports/data-dictionary.csv")
@exporters
def export_dictionary():
    """The feedback export's dictionary; ?export=attendance or readiness for those."""
    name = request.args.get("export", "")
    if not name:
        return _download(dictionary_csv(), "text/csv", "feedback-data-dictionary.csv")
    if name not in DICTIONARIES:
        abort(404)
    return _download(dictionary_of(DICTIONARIES[name]), "text/csv", f"{name}-data-dictionary.csv")


@bp.get("/evaluation/exports/attendance.csv")
@exporters
def export_attendance():
    body = rows_csv(ATTENDANCE_COLUMNS, attendance_rows(_programme_ids()))
    return _download(body, "text/csv", "attendance.csv")


@bp.get("/evaluation/exports/readiness.csv")
@exporters
def export_readiness():
    body = rows_csv(READINESS_COLUMNS, readiness_rows(_programme_ids()))
    return _download(body, "text/csv", "readiness.csv")
