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
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, make_response, request, session
from flask_login import current_user

from .catalogue import get_catalogue

CACHE_KEY = "mentorhub.page_cache"
MAX_PAGES = 512


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str
    mimetype: str


class PageCache:
    """A thread-safe LRU of rendered pages."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


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
            catalogue = get_catalogue()
            catalogue.refresh()
            key = (
                request.endpoint,
                tuple(sorted(kwargs.items())),
                tuple(request.args.get(name, "") for name in vary_args),
                catalogue.generation,
            )
            cache: PageCache = current_app.extensions[CACHE_KEY]
            page = cache.get(key)
            if page is None:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                body = response.get_data()
                page = CachedPage(body, hashlib.sha256(body).hexdigest()[:32], response.mimetype)
                cache.put(key, page)
            return _conditional_response(page)

        return wrapper

    return decorator


def _conditional_response(page: CachedPage) -> Response:
    response = Response(page.body, mimetype=page.mimetype)
    response.set_etag(page.etag)
    response.vary.add("Cookie")
    # Browsers may keep the page but must check it is current before using it.
    response.cache_control.no_cache = True
    return response.make_conditional(request)


def init_app(app) -> None:
    app.extensions[CACHE_KEY] = PageCache()
