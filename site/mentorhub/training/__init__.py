from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")

from . import session_views, views  # noqa: E402,F401
