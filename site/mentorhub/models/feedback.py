"""Trainees' feedback on modules: the evidence for evaluating the training.

A response records what was evaluated (module, version, programme, adaptation
revision) and the answers. Who gave it is held apart, in `FeedbackAuthor`:
deleting an account deletes that link and keeps the response, anonymous.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

LIKERT_ITEMS = {
    "relevant": "This was relevant to me",
    "clear": "It was clear",
    "right_length": "It was the right length",
    "recommend": "I would recommend it to another peer mentor",
}


class FeedbackResponse(db.Model):
    __tablename__ = "feedback_responses"
    __table_args__ = (
        sa.Index("ix_feedback_responses_module_version", "module_id", "module_version"),
        # Covers the dashboards' GROUP BY queries, so they read the index, not the table
        # (bench/evaluation.py: the evaluator page at 1M responses 1.93 s -> 0.6 s).
        sa.Index(
            "ix_feedback_responses_summary",
            "programme_id",
            "module_id",
            "module_version",
            "adaptation_revision",
            "relevant",
            "clear",
            "right_length",
            "recommend",
            "confidence_before",
            "confidence_after",
            "submitted_at",
        ),  # fmt: skip
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    adaptation_revision: Mapped[int | None]  # None: the library module as it stands
    relevant: Mapped[int]
    clear: Mapped[int]
    right_length: Mapped[int]
    recommend: Mapped[int]
    confidence_before: Mapped[int | None]  # the module-level pair
    confidence_after: Mapped[int | None]
    helped_most: Mapped[str] = mapped_column(sa.Text, default="")
    would_change: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    answers: Mapped[list[FeedbackAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class FeedbackAnswer(db.Model):
    """An answer beyond the standard items: a per-objective confidence pair, or a
    question the module adds in its front-matter."""

    __tablename__ = "feedback_answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("feedback_responses.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(120))
    number: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")


class FeedbackAuthor(db.Model):
    """Who gave a response: kept apart so that it can go while the response stays."""

    __tablename__ = "feedback_authors"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("feedback_responses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)


class FeedbackSkip(db.Model):
    """A trainee chose not to give feedback on this version of a module."""

    __tablename__ = "feedback_skips"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "module_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]
    skipped_at: Mapped[datetime] = mapped_column(default=utcnow)
