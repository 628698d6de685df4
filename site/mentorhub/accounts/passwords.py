"""Password rules and hashing (werkzeug's scrypt)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("mentorhub").joinpath("data/common-passwords.txt").read_text()
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is not good enough, in plain words, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A few words together work well."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "That password is too common. Try a few words that mean something to you."
    if len(set(lowered)) <= 2:
        return "That password is too easy to guess. Try a few words together."
    if username and username.lower() in lowered:
        return "Your password must not contain your username."
    return None


def hash_password(password: str) -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
    return generate_password_hash(password, method=method)


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
