"""Programmes, their trainers and their curriculum."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .base import utcnow

trainer_programmes = sa.Table(
    "trainer_programmes",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
)


class Programme(db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    local_authority: Mapped[str] = mapped_column(sa.String(40))  # a key of LOCAL_AUTHORITIES
    partner_organisation: Mapped[str] = mapped_column(sa.String(120))
    focus: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    support_contacts: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    join_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    join_code_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainers: Mapped[list[User]] = relationship(
        secondary=trainer_programmes, back_populates="trainer_of", order_by="User.display_name"
    )
    curriculum: Mapped[list[CurriculumItem]] = relationship(
        back_populates="programme",
        order_by="CurriculumItem.position",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Programme {self.name}>"


class CurriculumItem(db.Model):
    """One library module in a programme's curriculum, in order."""

    __tablename__ = "curriculum_items"
    __table_args__ = (sa.UniqueConstraint("programme_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int]
    required: Mapped[bool] = mapped_column(default=True)

    programme: Mapped[Programme] = relationship(back_populates="curriculum")
