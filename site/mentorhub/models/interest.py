"""Expressions of interest in piloting, sent from the public seminar form."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

INTEREST_CHOICES = {
    "develop": "Developing peer mentoring",
    "pilot": "Running a pilot programme",
    "both": "Both",
    "informed": "Keep me informed",
}


class InterestExpression(db.Model):
    __tablename__ = "interest_expressions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(sa.String(160))
    local_authority: Mapped[str] = mapped_column(sa.String(40), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[str] = mapped_column(sa.String(120))
    interest: Mapped[str] = mapped_column(sa.String(20), index=True)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
