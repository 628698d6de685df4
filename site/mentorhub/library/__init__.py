from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/modules")

from . import views  # noqa: E402,F401
