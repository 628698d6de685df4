from flask import Blueprint

bp = Blueprint("evaluation", __name__)

from . import dashboard, evaluator_views, export_views, views  # noqa: E402,F401
from .stats import is_suppressed  # noqa: E402

# In templates: {% if value is suppressed %}fewer than 5{% endif %}
bp.add_app_template_test(is_suppressed, "suppressed")
