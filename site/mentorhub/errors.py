"""Error pages in the site's own look: never a stack trace, and never a second
failure while showing the first.

An error page may be shown because the database failed. It then must not touch the
database again: `base.html` asks `current_user` who is logged in, and loading that
person is a query. So every error page first rolls the session back, then checks
that the logged-in person can still be read; if not, the page is drawn as for a
visitor (`g.database_failed`), and the database's own errors get a 503 that says
we can't reach our records.
"""

from __future__ import annotations

import contextlib

import sqlalchemy as sa
from flask import Flask, current_app, g, render_template
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

from .extensions import db, login_manager

MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    403: ("You can't see this page", "Your account does not give you access to this page."),
    404: (
        "Page not found",
        "We can't find that page. It may have moved, or the link may have a typo.",
    ),
    405: ("That didn't work", "This page can't be used that way. Please go back and try again."),
    413: ("That file is too big", "Please try a smaller file."),
    429: ("Too many tries", "Please wait a few minutes, then try again."),
    500: (
        "Sorry, something went wrong on our side",
        "It's not your fault. Please try again in a few minutes.",
    ),
    503: (
        "We can't reach our records right now",
        "It's not your fault. Please wait a minute, then try again. "
        "If you were saving something, check it is there when the page works again.",
    ),
}
# Errors that mean the database cannot be reached or did not answer in time (a
# statement timeout is an OperationalError too); other database errors are bugs.
DATABASE_UNAVAILABLE = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.TimeoutError,
    sa.exc.DisconnectionError,
)
RETRY_AFTER_SECONDS = 30


def database_failed() -> bool:
    """True once this request has seen the database fail."""
    return bool(g.get("database_failed"))


def mark_database_failed() -> None:
    """From now on this request draws pages as for a visitor. Flask-Login keeps the
    person in `g._login_user` and loads them on first use (its template context
    processor uses them on every page): an anonymous user there means no query."""
    g.database_failed = True
    g._login_user = login_manager.anonymous_user()


def forget_database_work() -> None:
    """Roll back whatever the request did, so the error page starts clean. Rolling
    back a broken connection can fail too: then the connection is dropped."""
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        mark_database_failed()
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            db.session.close()


def _person_still_readable() -> None:
    """Load (or reload, after the rollback) the logged-in person now, so the page
    template never meets a database error half-way through."""
    if database_failed():
        return
    try:
        if current_user.is_authenticated:
            _ = current_user.role  # expired by the rollback: this reads the row again
    except DATABASE_UNAVAILABLE:
        mark_database_failed()
        forget_database_work()


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    title, message = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    forget_database_work()
    _person_still_readable()
    return (
        render_template("errors/error.html", status=status, title=title, message=detail or message),
        status,
    )


def database_unavailable(error: Exception) -> tuple[str, int, dict[str, str]]:
    """A 503 page drawn without the database, with a hint to try again soon."""
    mark_database_failed()
    current_app.logger.warning("Database unavailable: %s", str(error).splitlines()[0])
    body, status = render_error(503)
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register(app: Flask) -> None:
    # An unhandled exception reaches the HTTPException handler as a 500
    # (InternalServerError) once Flask has logged it; tests still see it raised.
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # the error already carries its own page
            return error.response
        response = error.get_response()
        # A message given to abort() is shown; werkzeug's and Flask-Limiter's own
        # texts are not (they are written for developers).
        detail = error.description if error.description != type(error).description else None
        if isinstance(error, TooManyRequests):
            detail = None
        body, status = render_error(error.code or 500, detail)
        response.set_data(body)
        response.content_type = "text/html; charset=utf-8"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            "This form was open too long or was sent from another site. "
            "Please go back, reload the page and try again.",
        )

    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, database_unavailable)
