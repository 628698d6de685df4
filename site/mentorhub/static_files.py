"""Static files for little data: versioned URLs, kept for a year, compressed.

Every `url_for("static", filename=...)` gets `?v=<hash of the file>`, so a browser may
keep the file for a year without asking again: a changed file has a new address. A
request whose `v` is not the file's current hash (an old page, or none at all) is
answered with `no-cache` instead, so it is never kept past a change.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response, current_app, g, request

YEAR = 365 * 24 * 3600
_HASH_LENGTH = 10
#: How long a file's version is taken as read before its size and mtime are looked at
#: again. Every page builds five static addresses; resolving and stat-ing each file
#: every time cost about a tenth of a trainee's page. A changed file gets its new
#: address within this time.
RECHECK_AFTER = 2.0
_SEEN = "mentorhub_static_versions_seen"  # in `g`, while a kept page is drawn


class AssetVersions:
    """The hash of each static file, worked out once per file and size/mtime."""

    def __init__(
        self, folder: str | os.PathLike[str], *, recheck_after: float = RECHECK_AFTER
    ) -> None:
        self.folder = Path(folder)
        self.recheck_after = recheck_after
        self._known: dict[str, tuple[tuple[int, int], str]] = {}
        self._checked: dict[str, float] = {}  # filename -> when its stamp was last read
        self._lock = threading.Lock()

    def version(self, filename: str) -> str | None:
        """The file's version, or None if there is no such file in the folder."""
        now = time.monotonic()
        if now - self._checked.get(filename, -self.recheck_after) < self.recheck_after:
            known = self._known.get(filename)
            if known is not None:
                return known[1]
        path = (self.folder / filename).resolve()
        if self.folder.resolve() not in path.parents or not path.is_file():
            return None
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._known.get(filename)
            if known is not None and known[0] == stamp:
                self._checked[filename] = now
                return known[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:_HASH_LENGTH]
        with self._lock:
            self._known[filename] = (stamp, digest)
            self._checked[filename] = now
        return digest


def asset_versions() -> AssetVersions:
    return current_app.extensions["mentorhub.asset_versions"]


def _add_version(endpoint: str, values: dict) -> None:
    """url_defaults: `?v=<hash>` on every static URL the app builds."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = asset_versions().version(values["filename"])
        seen = g.get(_SEEN)
        if seen is not None:
            seen.append((values["filename"], version))
        if version is not None:
            values["v"] = version


#: The static files a drawing addressed, with the version each address carried.
Seen = tuple[tuple[str, str | None], ...]


@contextmanager
def versions_seen() -> Iterator[list[tuple[str, str | None]]]:
    """Note every static address built inside, for a page kept between requests: it
    may be served again only while `still_current` says its addresses are."""
    seen: list[tuple[str, str | None]] = []
    outer = g.get(_SEEN)
    setattr(g, _SEEN, seen)
    try:
        yield seen
    finally:
        setattr(g, _SEEN, outer)
        if outer is not None:
            outer.extend(seen)


def still_current(seen: Seen) -> bool:
    """Whether every static address noted by `versions_seen` is still the file's own
    (a changed file has a new version, within RECHECK_AFTER)."""
    versions = asset_versions()
    return all(versions.version(filename) == version for filename, version in seen)


def _cache_headers(response: Response) -> Response:
    """A year for a static file asked for at its current version; otherwise ask again.

    The file is read whole (they are small), so that Flask-Compress, which runs after
    this, compresses it: it leaves streamed responses alone."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    if response.status_code == 200 and response.direct_passthrough:
        body = response.response
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        response.direct_passthrough = False
        response.set_data(data)
    filename = (request.view_args or {}).get("filename", "")
    current = asset_versions().version(filename)
    if current is not None and request.args.get("v") == current:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    else:
        response.cache_control.max_age = None
        response.cache_control.no_cache = True
    return response


def init_app(app: Flask) -> None:
    assert app.static_folder is not None
    app.extensions["mentorhub.asset_versions"] = AssetVersions(app.static_folder)
    app.url_defaults(_add_version)
    app.after_request(_cache_headers)
