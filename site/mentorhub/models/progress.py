"""What each trainee has done: sections, modules, private reflections, certificates.

Progress rows keep `learner_key` (a random id) beside `user_id`. Deleting an
account clears `user_id`; the rows stay, so programme figures remain right
without saying whose they were.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class SectionProgress(db.Model):
    """A section a trainee marked as done. Undo deletes the row."""

    __tablename__ = "section_progress"
    __table_args__ = (
        sa.UniqueConstraint("learner_key", "programme_id", "module_id", "section_id"),
        sa.Index("ix_section_progress_programme_module", "programme_id", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    learner_key: Mapped[str] = mapped_column(sa.String(32))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(sa.String(80))
    section_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]
    done_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModuleCompletion(db.Model):
    """When a trainee first finished a module (at which version), for certificates and
    for telling them why a finished module has new sections after an update."""

    __tablename__ = "module_completions"
    __table_args__ = (
        sa.UniqueConstraint("learner_key", "programme_id", "module_id"),
        # A programme's completions per module, for its feedback page (migration 0011).
        sa.Index("ix_module_completions_programme_module", "programme_id", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    learner_key: Mapped[str] = mapped_column(sa.String(32))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reflection(db.Model):
    """A trainee's private answer to a reflection prompt. Only they can read it."""

    __tablename__ = "reflections"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "block_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(sa.String(80))
    block_key: Mapped[str] = mapped_column(sa.String(170))  # "<section id>/<block key>"
    text: Mapped[str] = mapped_column(sa.Text)
    score: Mapped[int | None] = mapped_column(sa.SmallInteger)  # 1-5, where the prompt asks
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Certificate(db.Model):
    """Issued when a trainee has completed every required module of their curriculum and
    attended (or caught up on) every required group session that was not cancelled."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    module_count: Mapped[int]
    minutes: Mapped[int]  # online
    group_minutes: Mapped[int] = mapped_column(default=0, server_default="0")  # sessions attended
    show_name: Mapped[bool] = mapped_column(default=False)
    holder_name: Mapped[str | None] = mapped_column(sa.String(80))  # kept only while shown
