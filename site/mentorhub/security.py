"""Security headers and the settings production refuses to run without."""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def check_production_settings(app: Flask) -> None:
    """Refuse to start in production with a missing or development secret key."""
    from config import DEV_SECRET_KEY

    if app.config.get("ENV_NAME") != "production":
        return
    if app.config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY):
        raise SystemExit(
            "mentorhub: set SECRET_KEY to a long random value before running in production "
            '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
        )


SECURITY_HEADERS: list[tuple[str, str]] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]
HSTS_HEADER = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def add_missing_headers(response: Response, wanted: list[tuple[str, str]]) -> Response:
    """Add each header the response does not already set (a view may set its own)."""
    present = {key.lower() for key, _value in response.headers.items()}
    response.headers.extend([(k, v) for k, v in wanted if k.lower() not in present])
    return response


def set_security_headers(response: Response) -> Response:
    return add_missing_headers(response, SECURITY_HEADERS)


def init_app(app: Flask) -> None:
    wanted = SECURITY_HEADERS + ([HSTS_HEADER] if app.config.get("HSTS") else [])
    app.after_request(lambda response: add_missing_headers(response, wanted))
    app.session_interface = CookieSessionWithoutWork()

    if app.config.get("PROXY_COUNT"):
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count
        )


class CookieSessionWithoutWork(SecureCookieSessionInterface):
    """Flask's signed-cookie session, minus building a signer for visitors who send
    no session cookie (most anonymous page views), and minus building it again for
    every request that does: Flask makes a new serializer per request (and itsdangerous
    test-serializes an empty dict to make one), though it changes only with the keys.
    The serializer keeps no state between calls, so one per set of keys is shared."""

    _serializer: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_for, serializer = self._serializer
        if made_for != keys:
            serializer = super().get_signing_serializer(app)
            self._serializer = (keys, serializer)  # one assignment: safe across threads
        return serializer
