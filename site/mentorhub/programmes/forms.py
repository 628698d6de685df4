"""Forms on programme pages."""

from __future__ import annotations

from wtforms import SelectField

from ..forms import SiteForm


class ActionForm(SiteForm):
    """Buttons that POST: only the CSRF token."""


class MoveTraineeForm(SiteForm):
    programme = SelectField("Move to programme", coerce=int)
