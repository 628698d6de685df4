"""Creating accounts, checking log-ins, and the log-in sessions behind them."""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import cache

import sqlalchemy as sa
from flask import request, session
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..models import LoginSession, Programme, Role, User
from ..models.base import utcnow
from .passwords import hash_password, verify_password
from .signed_in import SignedIn, signed_in, wants_signed_in_only

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
#: What USERNAME_RE allows, in words: shown beside every username field.
USERNAME_HINT = (
    "3 to 40 letters or numbers. Dots, dashes and underscores are fine after the first "
    "one. No spaces."
)
SESSION_TOKEN_KEY = "login_token"
# Checked against when the username is unknown, so both cases take as long.
_DUMMY_HASH = hash_password(secrets.token_hex(16))


def normalise_username(username: str) -> str:
    return username.strip().lower()


def username_problem(username: str) -> str | None:
    if not USERNAME_RE.match(normalise_username(username)):
        return (
            "Use 3 to 40 letters or numbers. You can also use dots, dashes and underscores, "
            "but not spaces."
        )
    return None


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == normalise_username(username)))


def create_user(
    username: str,
    display_name: str,
    password: str,
    role: Role = Role.TRAINEE,
    *,
    email: str | None = None,
    programme: Programme | None = None,
) -> User:
    """Add a user to the session (the caller commits)."""
    user = User(
        username=normalise_username(username),
        display_name=display_name.strip(),
        email=(email or "").strip() or None,
        password_hash=hash_password(password),
        role=role,
        programme=programme,
    )
    db.session.add(user)
    return user


def authenticate(username: str, password: str) -> User | None:
    user = find_user(username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def start_session(user: User, remember: bool = False) -> None:
    """Log `user` in on this browser, with a server-side record that logout revokes.
    The caller commits (before its response goes out)."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token=token, user=user))
    user.last_login_at = utcnow()
    db.session.flush()  # a new account gets its id here, for the session cookie
    session.clear()  # a fresh session on log-in: nothing carried over from before
    session[SESSION_TOKEN_KEY] = token
    session.permanent = remember
    login_user(user)


def end_session() -> None:
    """Log out this browser and revoke its record (the caller commits)."""
    token = session.get(SESSION_TOKEN_KEY)
    if token:
        db.session.execute(
            sa.update(LoginSession)
            .where(LoginSession.token == token, LoginSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    logout_user()
    session.clear()


def revoke_other_sessions(user: User) -> None:
    """After a password change: every other browser must log in again."""
    db.session.execute(
        sa.update(LoginSession)
        .where(
            LoginSession.user_id == user.id,
            LoginSession.token != session.get(SESSION_TOKEN_KEY, ""),
            LoginSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )


def revoke_all_sessions(user: User) -> None:
    """After a password reset: every browser must log in again."""
    db.session.execute(
        sa.update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def open_programme(code: str) -> Programme | None:
    """The programme whose join code this is, if the code is switched on."""
    from ..learning.join_codes import normalise_code

    code = normalise_code(code or "")
    if not code:
        return None
    return db.session.scalar(
        sa.select(Programme).where(Programme.join_code == code, Programme.join_code_enabled)
    )


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


def browser_identifier() -> str:
    """What Flask-Login's session protection keeps in the cookie (`_id`) and compares on
    every request: a hash of the browser's address and User-Agent. A session whose
    browser changed is marked not fresh ("basic" protection). Flask-Login's own is a
    SHA-512 in hex (128 characters, in every cookie, decoded on every request) of the
    same two things, taking the address from X-Forwarded-For, which any browser can
    send; this one is 16 bytes of BLAKE2b (32 characters: guessing an input that
    matches is as hard as ever at 128 bits) of the address Flask trusts
    (`request.remote_addr`: the proxy's X-Forwarded-For only with PROXY_COUNT set)."""
    seen = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.blake2b(seen.encode(), digest_size=16).hexdigest()


login_manager._session_identifier_generator = browser_identifier


@cache
def _user_of_session() -> sa.Select:
    """Built once: it runs on every logged-in request."""
    return (
        sa.select(User)
        .options(joinedload(User.programme))
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == sa.bindparam("user_id"),
            LoginSession.token == sa.bindparam("token"),
            LoginSession.revoked_at.is_(None),
        )
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | SignedIn | None:
    """The user of this browser's log-in session, with their programme: one query. On
    the pages marked `signed_in_only`, plain values instead of ORM objects."""
    token = session.get(SESSION_TOKEN_KEY)
    if not token or not user_id.isdigit():
        return None
    ahead = wants_signed_in_only()
    if ahead is not None:
        return signed_in(int(user_id), token, ahead(int(user_id), request.view_args or {}))
    return db.session.scalar(_user_of_session(), {"user_id": int(user_id), "token": token})
