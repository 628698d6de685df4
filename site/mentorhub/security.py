"""Security headers and the settings production refuses to run without."""

from __future__ import annotations

import time

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

from .lru import LRU

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
OPENED_SESSIONS = 4096  # browsers seen lately, per worker: about 400 bytes each
# A "remember me" cookie's lifetime runs from when it was last signed. Flask signs it
# afresh on every response to slide that window; once an hour is as good for a window
# of weeks, and spares each page a signature and a Set-Cookie header.
REFRESH_AFTER_SECONDS = 3600
_PLAIN = (str, int, float, bool, type(None))
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


class SignedSession(SecureCookieSession):
    """A session that knows when its cookie was signed (0 for a new one)."""

    signed_at: float = 0.0

    def __init__(self, initial: dict | None = None, signed_at: float = 0.0) -> None:
        super().__init__(initial)
        self.signed_at = signed_at


class CookieSessionWithoutWork(SecureCookieSessionInterface):
    """Flask's signed-cookie session, minus building a signer for visitors who send
    no session cookie (most anonymous page views), and minus building it again for
    every request that does: Flask makes a new serializer per request (and itsdangerous
    test-serializes an empty dict to make one), though it changes only with the keys.
    The serializer keeps no state between calls, so one per set of keys is shared.

    And minus checking and decoding the same cookie again on every request: a browser
    sends the same cookie until the session changes, so what a cookie decoded to is
    kept (an LRU keyed by the serializer and the cookie's exact text, so a changed
    byte or a new key is checked afresh) with the time it was signed, and its age is
    checked against the session lifetime on every request as itsdangerous would. Only
    sessions of plain values are kept (each request gets its own copy of the dict);
    one holding a list or a dict (messages waiting to be shown) is decoded each time.

    And minus re-signing an unchanged "remember me" cookie on every response: it is
    signed again once it is `REFRESH_AFTER_SECONDS` old (or a tenth of the lifetime, if
    that is shorter), so the lifetime still slides with use."""

    session_class = SignedSession
    _serializer: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def __init__(self) -> None:
        self._opened: LRU[tuple, tuple[dict, float]] = LRU(OPENED_SESSIONS)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (serializer, cookie)
        known = self._opened.get(key)
        if known is not None:
            data, signed_at = known
            if 0 <= time.time() - signed_at <= max_age:
                return self.session_class(data, signed_at)
            return self.session_class()
        try:
            data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        signed_at = signed.timestamp()
        if isinstance(data, dict) and all(isinstance(v, _PLAIN) for v in data.values()):
            self._opened.put(key, (data, signed_at))
        return self.session_class(data, signed_at)

    def should_set_cookie(self, app: Flask, session: SecureCookieSession) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        lifetime = app.permanent_session_lifetime.total_seconds()
        age = time.time() - getattr(session, "signed_at", 0.0)
        return not 0 <= age < min(REFRESH_AFTER_SECONDS, lifetime / 10)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_for, serializer = self._serializer
        if made_for != keys:
            serializer = super().get_signing_serializer(app)
            self._serializer = (keys, serializer)  # one assignment: safe across threads
        return serializer
