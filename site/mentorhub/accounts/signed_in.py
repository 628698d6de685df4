"""Who is signed in, as plain values, for the pages trainees open most.

Every logged-in request checks its log-in session in the database, so that logging out
on one app server ends the session on all of them at once. For most pages that check
loads the ORM `User` with their `Programme` (`users.load_user`). The pages a trainee
opens most (My training, a module) only read, and only a few fields: for a GET to a
view marked `signed_in_only`, the same check is one Core query whose row becomes a
`SignedIn` and its `ProgrammeSeen`, at under half the ORM's cost (bench/README.md,
"What limits the logged-in pages"). The check itself is the same: the session's
token, not revoked, for that user.

Anything else such a page asks of `current_user` is an AttributeError, so a page that
starts to need more fails its tests instead of loading the ORM user behind our back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, TypeVar

import sqlalchemy as sa
from flask import current_app, request

from ..models import LoginSession, Programme, User
from ..models.accounts import RoleChecks
from ..reading import Read, start_reading

_MARK = "mentorhub_signed_in_only"
View = TypeVar("View", bound=Callable)
ReadsAhead = Callable[[int, Mapping[str, Any]], list[Read]]


@dataclass(frozen=True, slots=True)
class ProgrammeSeen:
    """What the trainee's own pages show of their programme."""

    id: int
    name: str
    partner_organisation: str
    support_contacts: str


@dataclass(frozen=True, slots=True)
class SignedIn(RoleChecks):
    """The signed-in person, as Flask-Login's `current_user` on a `signed_in_only` page."""

    id: int
    username: str
    display_name: str
    role: str
    learner_key: str
    programme: ProgrammeSeen | None

    is_authenticated: ClassVar[bool] = True
    is_active: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    def get_id(self) -> str:
        return str(self.id)


def signed_in_only(
    view: View | None = None, *, ahead: ReadsAhead | None = None
) -> View | Callable[[View], View]:
    """Mark a view whose GET needs no more of `current_user` than `SignedIn` holds.

    `ahead(user_id, view_args)`: the statements the view will read, given only the
    user's id from the session (reading.py `Read`s). They are sent with the log-in
    check, in one round trip on PostgreSQL, and their rows serve the view's own reads
    of the very same statements and values, if the log-in holds; if it does not, they
    are never used (the request is sent to the log-in page).

    Put it directly under the route decorator (it marks the function Flask calls)."""

    def mark(view: View) -> View:
        setattr(view, _MARK, ahead or _nothing_ahead)
        return view

    return mark(view) if view is not None else mark


def _nothing_ahead(_user_id: int, _args: Mapping[str, Any]) -> list[Read]:
    return []


def wants_signed_in_only() -> ReadsAhead | None:
    """For a GET (or HEAD) to a view marked `signed_in_only`, what it reads ahead (a
    function, perhaps of nothing); None for any other request."""
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return None
    return getattr(current_app.view_functions.get(request.endpoint), _MARK, None)


@cache
def _signed_in_query() -> sa.Select:
    """Built once: it runs on nearly every trainee request."""
    user, programme = User.__table__.c, Programme.__table__.c
    login = LoginSession.__table__.c
    return (
        sa.select(
            user.id,
            user.username,
            user.display_name,
            user.role,
            user.learner_key,
            programme.id,
            programme.name,
            programme.partner_organisation,
            programme.support_contacts,
        )
        .select_from(User.__table__)
        .join(LoginSession.__table__, login.user_id == user.id)
        .outerjoin(Programme.__table__, programme.id == user.programme_id)
        .where(
            user.id == sa.bindparam("user_id"),
            login.token == sa.bindparam("token"),
            login.revoked_at.is_(None),
        )
    )


def signed_in(user_id: int, token: str, ahead: Sequence[Read] = ()) -> SignedIn | None:
    """The user of this log-in session if it is still open, with their programme.

    The first query of the request, on the request's own reading connection (no ORM
    session: `reading.start_reading`), which the page's own reads then use too."""
    reader = start_reading()
    found, *rows_ahead = reader.rows_together(
        [(_signed_in_query(), {"user_id": user_id, "token": token}), *ahead]
    )
    if not found:
        return None
    reader.keep_ahead(ahead, rows_ahead)
    row = found[0]
    programme = None
    if row[5] is not None:
        programme = ProgrammeSeen(row[5], row[6], row[7], row[8] or "")
    return SignedIn(row[0], row[1], row[2], row[3], row[4], programme)
