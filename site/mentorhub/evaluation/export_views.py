"""Downloads of feedback responses and their data dictionary."""

from __future__ import annotations

from flask import Response, render_template, stream_with_context
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..models import Role
from . import bp
from .exports import COLUMNS, dictionary_csv, responses_csv, responses_json

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
    return render_template("evaluation/exports.html", columns=COLUMNS)


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
    return _download(dictionary_csv(), "text/csv", "feedback-data-dictionary.csv")
