"""My training, kept per trainee while nothing it shows changes.

The page is drawn from: who is signed in (their name and programme: the `SignedIn`
row), the curriculum and their records (one query's rows), their programme's group
sessions with their attendance and "I can't come" (every column of each session),
the library (its generation: a content change, or a rebuilt adaptation, moves it on),
whether each session has started, and today's date in London (dates in words). Kept
pages sit in an LRU per app under a key made of exactly those, read afresh on every
request: any write to a row it shows gives a new key, so a kept page is never stale,
and the key holds the trainee, so a page is never anyone else's. The CSRF token goes
in per request. A page with a message to show (a flash) is drawn afresh and not
kept: showing a message is what removes it. Its static addresses (`?v=` of each file)
are checked on each use too (static_files.py `still_current`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import fields
from datetime import datetime

from flask import request, session

from ..catalogue import get_catalogue
from ..csrf_tokens import with_token, without_token
from ..learning.attendance import SessionSeen
from ..learning.group_sessions import has_started
from ..learning.session_times import london_today
from ..lru import LRU, app_cache
from ..static_files import Seen, still_current, versions_seen

CACHE_SIZE = 512  # about 20 KB each: every trainee of a large pilot, a state or two each
EXTENSION_KEY = "mentorhub.kept_index"
_SESSION_COLUMNS = tuple(field.name for field in fields(SessionSeen))  # the table's


def _kept() -> LRU[Hashable, tuple[str, Seen]]:
    return app_cache(EXTENSION_KEY, lambda: LRU(CACHE_SIZE))


def _session_state(group_session: SessionSeen, now: datetime) -> tuple:
    values = (getattr(group_session, name) for name in _SESSION_COLUMNS)
    return (
        *(tuple(value) if isinstance(value, list) else value for value in values),
        has_started(group_session, now),
    )


def page_key(
    who: Hashable,
    rows: tuple,
    sessions: Sequence[SessionSeen],
    sessions_mine: Hashable,
    now: datetime,
) -> tuple:
    """Everything My training shows, as read for this request."""
    catalogue = get_catalogue()
    catalogue.refresh()
    return (
        who,
        rows,
        tuple(_session_state(s, now) for s in sessions),
        sessions_mine,
        catalogue.generation,
        london_today(now),
        request.script_root,  # the site's addresses start with it
    )


def my_training_html(key: tuple, render: Callable[[], str]) -> str:
    """The page for this key: kept, or drawn by `render` (and kept, unless it shows a
    message)."""
    if session.get("_flashes"):
        return render()
    kept = _kept()
    found = kept.get(key)
    if found is None or not still_current(found[1]):  # a static file changed: its address
        with versions_seen() as seen:
            text = without_token(render())
        found = (text, tuple(seen))
        kept.put(key, found)
    return with_token(found[0])
