"""Readiness to mentor: a programme's checklist, what is done for each trainee, the
objectives a trainer signs off, and the trainer's "ready to be matched" decisions.

A PVG check is stored as "confirmed on DATE by WHOM": there is no column for a
disclosure or its number, on purpose.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class ItemKind(enum.StrEnum):
    PVG = "pvg"
    REFERENCES = "references"
    INDUCTION = "induction"
    MODULES = "modules"  # filled in by the site
    SESSIONS = "sessions"  # filled in by the site
    OBJECTIVES = "objectives"  # from the sign-offs
    SUPERVISION = "supervision"
    CUSTOM = "custom"


class Decision(enum.StrEnum):
    READY = "ready"  # ready to be matched
    NOT_READY = "not-ready"  # "ready" withdrawn, with a reason
    LEFT = "left"  # withdrew from the training
    RETURNED = "returned"  # back in training


class ReadinessItem(db.Model):
    """One line of a programme's checklist."""

    __tablename__ = "readiness_items"
    __table_args__ = (sa.UniqueConstraint("programme_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReadinessCheck(db.Model):
    """A checklist item done for one trainee: when, who checked (PVG) or who supervises,
    how often (supervision), and a note only trainers see."""

    __tablename__ = "readiness_checks"
    __table_args__ = (sa.UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    done_on: Mapped[date]
    who: Mapped[str] = mapped_column(sa.String(80), default="")
    how_often: Mapped[str] = mapped_column(sa.String(80), default="")
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_by_name: Mapped[str] = mapped_column(sa.String(80))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignOffObjective(db.Model):
    """A module objective the programme asks a trainer to sign off for each trainee."""

    __tablename__ = "sign_off_objectives"
    __table_args__ = (sa.UniqueConstraint("programme_id", "module_id", "objective"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(sa.String(80))
    objective: Mapped[int]  # 1-based, in the module's list of objectives


class ObjectiveSignOff(db.Model):
    """A trainer's sign-off that a trainee showed an objective, in a session or not."""

    __tablename__ = "objective_sign_offs"
    __table_args__ = (sa.UniqueConstraint("user_id", "programme_id", "module_id", "objective"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[str] = mapped_column(sa.String(80))
    objective: Mapped[int]
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("group_sessions.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    signed_by_name: Mapped[str] = mapped_column(sa.String(80))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReadinessDecision(db.Model):
    """A trainer's decision about a trainee, kept as history: the latest one counts.

    Keeps `learner_key`, so programme figures stay right after an account is deleted."""

    __tablename__ = "readiness_decisions"
    __table_args__ = (sa.Index("ix_readiness_decisions_programme_learner", "programme_id",
                               "learner_key"),)  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    learner_key: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    decided_on: Mapped[date]
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_by_name: Mapped[str] = mapped_column(sa.String(80))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
