"""Whole-page caching with ETags for pages that depend only on the content files.

Only anonymous visitors get cached pages; a logged-in person's pages are rendered
for them and marked private.

A page is rendered once per catalogue generation and set of query arguments,
kept in a small in-process LRU, and answered with 304 when the browser already
has it. The ETag is a hash of the body, so every app server behind a load
balancer gives the same ETag for the same page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps

from flask import Flask, Response, current_app, make_response, request, session
from flask_login import current_user

from .catalogue import get_catalogue
from .lru import LRU
from .security import SECURITY_HEADERS

CACHE_KEY = "mentorhub.page_cache"
MAX_PAGES = 512


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str  # quoted, as sent
    headers: tuple[tuple[str, str], ...]  # everything but the body, built once


def cached_page(body: bytes, content_type: str) -> CachedPage:
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = (
        ("Content-Type", content_type),
        ("ETag", etag),
        ("Vary", "Cookie"),
        # Browsers may keep the page but must check it is current before using it.
        ("Cache-Control", "no-cache"),
        *SECURITY_HEADERS,
    )
    return CachedPage(body, etag, headers)


def content_page(*vary_args: str) -> Callable:
    """Cache a view whose output depends only on the content and `vary_args`.

    Other query arguments are ignored, so junk in the URL cannot fill the cache.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.is_authenticated or "_flashes" in session:
                # Logged-in pages carry the person's name and role, and a flashed
                # message is for one person only: never cache or share these.
                response = make_response(view(*args, **kwargs))
                response.cache_control.private = True
                response.cache_control.no_store = True
                return response
            key = _page_key(vary_args, kwargs)
            cache: LRU[tuple, CachedPage] = current_app.extensions[CACHE_KEY]
            page = cache.get(key)
            if page is None:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                page = cached_page(response.get_data(), response.content_type)
                cache.put(key, page)
            return _conditional_response(page)

        wrapper.content_page_vary = vary_args  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _page_key(vary_args: tuple[str, ...], view_args: dict) -> tuple:
    catalogue = get_catalogue()
    catalogue.refresh()
    return (
        request.endpoint,
        tuple(sorted(view_args.items())),
        tuple(request.args.get(name, "") for name in vary_args),
        catalogue.generation,
        date.today(),  # pages may say "past event": render them afresh each day
    )


def serve_cached_page() -> Response | None:
    """Answer a cached page before any other per-request work (log-in state, rate
    limits). Only for visitors without a session cookie: they cannot be logged in
    and have no flashed message waiting, so the shared page is the right one."""
    if request.method not in ("GET", "HEAD"):
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    vary_args = getattr(view, "content_page_vary", None)
    if vary_args is None or current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return None
    page = current_app.extensions[CACHE_KEY].get(_page_key(vary_args, request.view_args or {}))
    return _conditional_response(page) if page is not None else None


def _conditional_response(page: CachedPage) -> Response:
    """The page, or 304 Not Modified when the browser already has this version."""
    # Flask-Compress sends a compressed page's ETag as "<etag>:br" (or ":gzip"): the
    # browser's copy is the same page, so answer 304 before compressing it again.
    if_none_match = re.sub(r':[a-z]+"', '"', request.headers.get("If-None-Match", ""))
    if page.etag in if_none_match or if_none_match.strip() == "*":
        return Response(status=304, headers=page.headers[1:])
    return Response(page.body, headers=page.headers)


def init_app(app: Flask) -> None:
    """Call before extensions that add per-request hooks: the cached page is
    served by the first before_request function, so theirs do not run for it."""
    app.extensions[CACHE_KEY] = LRU(MAX_PAGES)
    app.before_request(serve_cached_page)
