"""Who may do what. Every view checks on the server; templates only hide links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Programme, Role, User, trainer_programmes
from ..models.accounts import RoleChecks


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
def programme_rights_query() -> sa.Select:
    """Core, built once: the programme's id (no row: there is none) and whether the
    user (`user_id`, bound per call) is one of its trainers."""
    programme = Programme.__table__.c
    theirs = (
        sa.exists()
        .where(trainer_programmes.c.user_id == sa.bindparam("user_id"))
        .where(trainer_programmes.c.programme_id == programme.id)
    )
    return sa.select(programme.id, theirs).where(programme.id == sa.bindparam("programme_id"))


def programme_rights(user: RoleChecks, found: Sequence | None) -> bool:
    """Whether `user` manages the programme `programme_rights_query` found (`found`, its
    row): 404 if there is none, 403 if they may not see even its figures. The rules of
    `manages_programme` and `sees_programme_aggregates`, in one query for any role (no
    loading a trainer's programmes, nor the Programme)."""
    if found is None:
        abort(404)
    manages = user.role == Role.ADMIN or (user.role == Role.TRAINER and bool(found[1]))
    require(manages or user.role == Role.EVALUATOR)
    return manages
