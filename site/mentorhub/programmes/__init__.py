from flask import Blueprint

bp = Blueprint("programmes", __name__, url_prefix="/programmes")

from . import curriculum_views, join_views, views  # noqa: E402,F401
