"""One-time password reset links. Only a hash of each token is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from ..extensions import db
from ..models import PasswordReset, User
from ..models.base import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset(user: User, created_by: User | None, hours: int) -> str:
    """Make a reset link token for `user`, valid for `hours`; earlier unused ones stop
    working. The caller commits."""
    now = utcnow()
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(24)
    db.session.add(
        PasswordReset(
            token_hash=_hash(token),
            user=user,
            created_by_id=created_by.id if created_by else None,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def new_reset_link(user: User, created_by: User | None) -> tuple[str, int]:
    """A fresh one-time link for `user`, and how many hours it lasts."""
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    token = create_reset(user, created_by, hours)
    return url_for("auth.reset_password", token=token, _external=True), hours


def check_reset(token: str) -> tuple[PasswordReset | None, str | None]:
    """The reset for `token` if it can still be used; else None and the reason."""
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == _hash(token))
    )
    if reset is None:
        return None, "unknown"
    if reset.used_at is not None:
        return None, "used"
    if reset.expires_at <= utcnow():
        return None, "expired"
    return reset, None


def mark_used(reset: PasswordReset) -> None:
    reset.used_at = utcnow()
