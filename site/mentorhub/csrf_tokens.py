"""The CSRF token a page carries: signed once per browser session every few minutes,
not on every page.

Flask-WTF's `generate_csrf` signs the session's secret token afresh (with a
timestamp) on every request that shows a form: a serializer built, JSON, an HMAC and
base64, about a tenth of a trainee's module page. A token signed a minute ago is as
good: CSRFProtect checks every POST as before, and accepts a token signed up to
WTF_CSRF_TIME_LIMIT ago (no limit here: a form left open on a phone still posts).
So the signed token is kept per session token and secret for `SIGNED_FOR` seconds
(a tenth of the time limit, if one is set) and put where Flask-WTF looks first
(`g.csrf_token`), so the forms and `csrf_token()` in templates use the same one.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf

from .lru import LRU, app_cache

#: Stands for the CSRF token in a page kept between requests (`without_token`). Text
#: typed into the site never holds a control character (text.py), and nh3 drops NUL
#: from content. Made of characters no page holds, so that finding it in a 40 KB page
#: skips ahead its whole length at each step (str.replace: 15 µs, against 30 for
#: "\x00csrf-token\x00", whose letters are everywhere).
PLACEHOLDER = "\x00" + "".join(map(chr, range(1, 9))) + "".join(map(chr, range(14, 26)))
SIGNED_FOR = 300.0  # seconds
CACHE_SIZE = 4096  # browser sessions active within SIGNED_FOR, per worker
EXTENSION_KEY = "mentorhub.csrf_tokens"
_clock = time.monotonic


def csrf_token() -> str:
    """This request's signed CSRF token (Flask-WTF's, signed at most SIGNED_FOR ago)."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    if token is not None:
        return token
    secret = session.get(field)
    if not isinstance(secret, str):
        return generate_csrf()  # the session's first form: Flask-WTF makes its secret
    config = current_app.config
    key = (secret, config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key)
    kept: LRU[tuple, tuple[str, float]] = app_cache(EXTENSION_KEY, lambda: LRU(CACHE_SIZE))
    found = kept.get(key)
    now = _clock()
    limit = config.get("WTF_CSRF_TIME_LIMIT")
    signed_for = min(SIGNED_FOR, limit / 10) if limit else SIGNED_FOR
    if found is None or now - found[1] >= signed_for:
        found = (generate_csrf(), now)
        kept.put(key, found)
    setattr(g, field, found[0])
    return found[0]


def without_token(rendered: str) -> str:
    """Rendered text to keep: this request's CSRF token becomes the placeholder."""
    return rendered.replace(csrf_token(), PLACEHOLDER)


def with_token(kept: str) -> str:
    """Kept text to send: the placeholder becomes this request's CSRF token."""
    return kept.replace(PLACEHOLDER, csrf_token())


def init_app(app: Flask) -> None:
    """After CSRFProtect: templates' `csrf_token()` becomes this one."""
    app.jinja_env.globals["csrf_token"] = csrf_token
