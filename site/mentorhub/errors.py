"""Error pages in the site's own look: never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

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
}


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    title, message = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    return (
        render_template("errors/error.html", status=status, title=title, message=detail or message),
        status,
    )


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
