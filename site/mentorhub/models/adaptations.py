"""Local adaptations of library modules, one per programme and module, with revisions.

A revision is never changed once written: saving, restoring, importing and
reviewing a library update each add a new one. The revisions are also the audit
trail (who, when, which module, which number, and what kind of change).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class RevisionKind(StrEnum):
    EDIT = "edit"
    RESTORE = "restore"
    IMPORT = "import"
    REVIEW = "review"  # accepted a new library version


REVISION_KIND_LABELS = {
    RevisionKind.EDIT: "Edited",
    RevisionKind.RESTORE: "Restored an earlier revision",
    RevisionKind.IMPORT: "Imported from a file",
    RevisionKind.REVIEW: "Reviewed a library update",
}


class Adaptation(db.Model):
    __tablename__ = "adaptations"
    __table_args__ = (sa.UniqueConstraint("programme_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[str] = mapped_column(sa.String(80))
    # The newest revision's number, kept here so that pages can find the current
    # revision of every module in one indexed look-up.
    current_number: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    revisions: Mapped[list[AdaptationRevision]] = relationship(
        back_populates="adaptation",
        order_by="AdaptationRevision.number",
        cascade="all, delete-orphan",
    )


class AdaptationRevision(db.Model):
    __tablename__ = "adaptation_revisions"
    __table_args__ = (sa.UniqueConstraint("adaptation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    adaptation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("adaptations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20), default=RevisionKind.EDIT)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(sa.String(80))  # kept if the account goes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    message: Mapped[str] = mapped_column(sa.String(200), default="")
    base_version: Mapped[int]  # the library module version this revision was made against
    base_sections: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)  # that version's text
    document: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # an AdaptationDoc as JSON

    adaptation: Mapped[Adaptation] = relationship(back_populates="revisions")
