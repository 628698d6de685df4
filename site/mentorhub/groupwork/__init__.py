"""Trainers' group-session pages: scheduling, a plan from the curriculum, and
attendance, under a programme: /programmes/<id>/sessions/..."""

from flask import Blueprint

bp = Blueprint("groupwork", __name__, url_prefix="/programmes/<int:programme_id>/sessions")

from . import attendance_views, views  # noqa: E402,F401
