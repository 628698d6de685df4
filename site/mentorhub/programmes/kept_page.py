"""The trainer's programme page, drawn once and kept whole until something it shows
changes.

The page (programmes/detail.html around _detail_body.html: the readiness and
attendance figures, the join code, the trainees' progress grid, the curriculum, and
the layout with the viewer's menu) costs about 25 ms to draw for 30 trainees and 19
modules; the layout alone was a third of a request served from a kept body. It is
kept in an LRU per app, keyed by what it shows that is not in the programme's rows,
as read on this request: the programme, the sort order, the address it is served at
(the join link is absolute) and the script root, the library's generation, today's date in London
(session dates are written relative to the year), and the viewer (the `SignedIn` row:
their id, name and role make the menu). What it shows of the programme's rows is
checked on every request: the kept page is used only while the programme's
fingerprint (learning/programme_fingerprint.py: every row the page is made from, in
one query) is the one it was drawn with, and that query is skipped while the
database's stamp (learning/database_stamp.py: nothing committed by anyone since) is
the one read before the fingerprint was last found to match. Its static addresses
(`?v=` of each file) are checked too (static_files.py `still_current`).

Per request: the CSRF token (kept as a placeholder). A page with a message waiting
(a flash) is drawn afresh and not kept, as showing it is what removes it. Who may see
the page is checked before, on every request (views.py). The evaluators' aggregate
page is not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import NamedTuple

from flask import request, session

from ..accounts.signed_in import SignedIn
from ..catalogue import get_catalogue
from ..csrf_tokens import with_token, without_token
from ..learning.database_stamp import database_stamp
from ..learning.programme_fingerprint import programme_fingerprint
from ..learning.session_times import london_today
from ..lru import LRU, app_cache
from ..static_files import Seen, still_current, versions_seen

CACHE_SIZE = 64  # about 100 KB each with 30 trainees; one per programme and viewer
STAMPS_KEPT = 4  # per page: more than the pooled connections a worker uses at once
EXTENSION_KEY = "mentorhub.programme_pages"


class Kept(NamedTuple):
    """A page, the fingerprint of the rows it was made from, the database's stamps read
    before that fingerprint was found to be the rows' (the latest few: on SQLite each
    pooled connection has stamps of its own, and a request may get any of them), and
    the static addresses it holds."""

    fingerprint: str
    page: str
    stamps: tuple[Hashable, ...]
    statics: Seen

    def vouched_by(self, stamp: Hashable | None) -> Kept:
        """Also trusted while the database's stamp is `stamp` (nothing committed since)."""
        if stamp is None or stamp in self.stamps:
            return self
        return self._replace(stamps=(stamp, *self.stamps[: STAMPS_KEPT - 1]))


def _cache() -> LRU[Hashable, Kept]:
    return app_cache(EXTENSION_KEY, lambda: LRU(CACHE_SIZE))


def page_key(programme_id: int, sort: str, viewer: SignedIn) -> tuple:
    """Everything the page shows that is not in the programme's rows."""
    catalogue = get_catalogue()
    catalogue.refresh()
    return (
        programme_id,
        sort,
        request.host_url,
        request.script_root,
        catalogue.generation,
        london_today(),
        viewer,
    )


def kept_page(
    programme_id: int,
    sort: str,
    viewer: object,
    stamp: Hashable | None,
    render: Callable[[], str],
) -> str:
    """The whole page for this programme and viewer: the kept one while the programme's
    rows are as they were when it was drawn, otherwise `render()`'s (and kept).

    `stamp`: the database's stamp, read before any of the page's rows (with the check
    of who may see it: views.py), or None."""
    if session.get("_flashes") or not isinstance(viewer, SignedIn):
        return render()  # a message to show once; or a viewer with no plain row to key by
    key = page_key(programme_id, sort, viewer)
    kept = _cache().get(key)
    if kept is not None and not still_current(kept.statics):
        kept = None  # a static file changed: its address did
    if kept is not None and stamp is not None and stamp in kept.stamps:
        return with_token(kept.page)  # nothing committed since its rows were checked
    fingerprint = programme_fingerprint(programme_id)
    if kept is not None and kept.fingerprint == fingerprint:
        _cache().put(key, kept.vouched_by(stamp))
        return with_token(kept.page)
    with versions_seen() as seen:
        page = without_token(render())
    # Kept only if nothing changed while it was drawn (each query may see a newer
    # commit): a page with newer rows than its fingerprint could outlive an undo.
    if stamp is not None and database_stamp() == stamp:
        _cache().put(key, Kept(fingerprint, page, (stamp,), tuple(seen)))  # nothing committed
    elif programme_fingerprint(programme_id) == fingerprint:
        _cache().put(key, Kept(fingerprint, page, (), tuple(seen)))
    return with_token(page)
