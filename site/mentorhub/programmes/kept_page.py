"""The trainer's programme page, rendered once and kept until something it shows changes.

The page's body (programmes/_detail_body.html: the readiness and attendance figures,
the join code, the trainees' progress grid, the curriculum) is the same for everyone
who manages the programme, and costs about 25 ms to build for 30 trainees and 19
modules. It is kept in an LRU per app, keyed by programme, sort order, the address the
page is served at (the join link is absolute), the library's generation and today's
date (session dates are written relative to the year), and used only while the
programme's fingerprint (learning/programme_fingerprint.py: every row the page is made
from, read in one query) is the one it was rendered with. On SQLite that query is
skipped while the database's stamp (learning/database_stamp.py: nothing committed by
anyone since) is the one read before the fingerprint was last found to match. Per
request: the CSRF token (kept as a placeholder), the layout with the viewer's name,
and flashed messages. The evaluators' aggregate page is not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from flask import request
from markupsafe import Markup

from ..catalogue import get_catalogue
from ..csrf_tokens import with_token, without_token
from ..learning.database_stamp import database_stamp
from ..learning.programme_fingerprint import programme_fingerprint
from ..learning.session_times import london_today
from ..lru import LRU, app_cache

CACHE_SIZE = 32  # about 100 KB each with 30 trainees
EXTENSION_KEY = "mentorhub.programme_pages"


class Kept(NamedTuple):
    """A body, the fingerprint of the rows it was made from, and the database's stamp
    read before that fingerprint was last found to be the rows' (None: none to trust)."""

    fingerprint: str
    body: str
    stamp: Hashable | None


def _cache() -> LRU[Hashable, Kept]:
    return app_cache(EXTENSION_KEY, lambda: LRU(CACHE_SIZE))


def kept_body(programme_id: int, sort: str, render: Callable[[], Any]) -> Markup:
    """The page's body for this programme: the kept one while the programme's rows are
    as they were when it was rendered, otherwise `render()`'s (and kept)."""
    catalogue = get_catalogue()
    catalogue.refresh()
    key = (programme_id, sort, request.host_url, catalogue.generation, london_today())
    stamp = database_stamp()  # before any row is read: a commit after it moves the next
    kept = _cache().get(key)
    if kept is not None and stamp is not None and kept.stamp == stamp:
        return _with_token(kept.body)  # nothing committed since its rows were checked
    fingerprint = programme_fingerprint(programme_id)
    if kept is not None and kept.fingerprint == fingerprint:
        _cache().put(key, kept._replace(stamp=stamp))
        return _with_token(kept.body)
    body = without_token(str(render()))
    # Kept only if nothing changed while it was built (each query may see a newer
    # commit): a page with newer rows than its fingerprint could outlive an undo.
    if stamp is not None and database_stamp() == stamp:
        _cache().put(key, Kept(fingerprint, body, stamp))  # nothing committed at all
    elif programme_fingerprint(programme_id) == fingerprint:
        _cache().put(key, Kept(fingerprint, body, None))
    return _with_token(body)


def _with_token(body: str) -> Markup:
    return Markup(with_token(body))
