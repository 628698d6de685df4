"""Trainers' readiness pages: the programme's checklist, each trainee's progress
towards it, and "ready to be matched": /programmes/<id>/readiness/..."""

from flask import Blueprint

bp = Blueprint("readiness", __name__, url_prefix="/programmes/<int:programme_id>/readiness")

from . import trainee_views, views  # noqa: E402,F401
