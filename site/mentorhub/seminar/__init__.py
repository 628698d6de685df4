from flask import Blueprint

bp = Blueprint("seminar", __name__, url_prefix="/seminar")

from . import views  # noqa: E402,F401
