"""The adaptation pages, under a programme: /programmes/<id>/modules/<module>/adapt/..."""

from flask import Blueprint

from ..accounts.permissions import roles_required
from ..models import Role

bp = Blueprint("adaptation", __name__, url_prefix="/programmes/<int:programme_id>")
staff = roles_required(Role.TRAINER, Role.ADMIN)  # and then: manages this programme
EDITOR = "/modules/<module_id>/adapt"

from . import file_views, history_views, views  # noqa: E402,F401
