"""Who may do what. Every view checks on the server; templates only hide links."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Programme, Role, User, trainer_programmes


def roles_required(*roles: Role) -> Callable:
    """Log-in required (302 to log-in), and one of `roles` (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def manages_programme(user: User, programme: Programme) -> bool:
    """Admins, and trainers of this programme."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.TRAINER and any(p.id == programme.id for p in user.trainer_of)


def sees_programme_aggregates(user: User, programme: Programme) -> bool:
    """Evaluators see every programme's figures; trainers their own; admins all."""
    return user.role == Role.EVALUATOR or manages_programme(user, programme)


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def managed_programme(programme_id: int) -> Programme:
    """The programme in the URL, for its trainers and admins: 404 if there is none,
    403 for anyone else."""
    programme = db.get_or_404(Programme, programme_id)
    require(manages_programme(current_user, programme))
    return programme


@cache
def _programme_and_theirs() -> sa.Select:
    """Built once; the trainer's and the programme's ids are bound per call."""
    theirs = (
        sa.exists()
        .where(trainer_programmes.c.user_id == sa.bindparam("user_id"))
        .where(trainer_programmes.c.programme_id == Programme.id)
    )
    return sa.select(Programme, theirs).where(Programme.id == sa.bindparam("programme_id"))


def seen_programme(user: User, programme_id: int) -> tuple[Programme, bool]:
    """The programme in the URL and whether `user` manages it (`manages_programme`), in
    one query for a trainer (no loading their programmes): 404 if there is none, 403 if
    they may not see even its figures (`sees_programme_aggregates`)."""
    if user.role != Role.TRAINER:
        programme = db.get_or_404(Programme, programme_id)
        manages = user.role == Role.ADMIN
    else:
        values = {"user_id": user.id, "programme_id": programme_id}
        row = db.session.execute(_programme_and_theirs(), values).first()
        if row is None:
            abort(404)
        programme, manages = row
    require(manages or user.role == Role.EVALUATOR)
    return programme, manages
