"""People and their log-ins."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

if TYPE_CHECKING:
    from .programmes import Programme


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    TRAINER = "trainer"
    EVALUATOR = "evaluator"
    ADMIN = "admin"


def new_learner_key() -> str:
    return secrets.token_hex(16)


class RoleChecks:
    """What pages ask of a person's role (`self.role`): on the ORM `User`, and on the
    plain `accounts.signed_in.SignedIn` of the pages trainees open most."""

    __slots__ = ()
    if TYPE_CHECKING:
        role: str

    @property
    def is_trainee(self) -> bool:
        return self.role == Role.TRAINEE

    @property
    def is_trainer(self) -> bool:
        return self.role == Role.TRAINER

    @property
    def is_evaluator(self) -> bool:
        return self.role == Role.EVALUATOR

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        """Trainers and admins: may see trainer notes and content problems."""
        return self.role in (Role.TRAINER, Role.ADMIN)


class User(RoleChecks, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.TRAINEE)
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="SET NULL"), index=True
    )
    # A random id that stays on progress rows after the account is deleted, so
    # programme figures still count this learner once, without saying who.
    learner_key: Mapped[str] = mapped_column(sa.String(32), default=new_learner_key, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    programme: Mapped[Programme | None] = relationship(foreign_keys=[programme_id])
    trainer_of: Mapped[list[Programme]] = relationship(
        secondary="trainer_programmes", back_populates="trainers", order_by="Programme.name"
    )

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class LoginSession(db.Model):
    """One logged-in browser. Logging out revokes it, so a copied cookie stops working."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class PasswordReset(db.Model):
    """A one-time link to set a new password. Only a hash of the token is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
