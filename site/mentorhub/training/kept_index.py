"""My training, kept per trainee while nothing it shows changes.

The page is drawn from: who is signed in (their name and programme: the `SignedIn`
row), the curriculum and their records (one query's rows), their programme's group
sessions with their attendance and "I can't come" (every column of each session),
the library's modules as served (the Module objects), whether each session has
started, today's date in London (dates in words), and the address served at. Kept
pages sit in an LRU per app under a key made of exactly those, read afresh on every
request: any write to a row it shows gives a new key, so a kept page is never stale,
and the key holds the trainee, so a page is never anyone else's. A page is used only
with the very Module objects it was drawn from (a content or adaptation change makes
new ones). The CSRF token goes in per request. A page with a message to show (a
flash) is drawn afresh and not kept: showing a message is what removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime

from flask import request, session

from ..csrf_tokens import csrf_token
from ..learning.group_sessions import has_started
from ..learning.session_times import london_today
from ..learning.trainee_records import ServedModule
from ..lru import LRU, app_cache
from ..models import GroupSession
from .overlay import Slots

CACHE_SIZE = 512  # about 20 KB each: every trainee of a large pilot, a state or two each
EXTENSION_KEY = "mentorhub.kept_index"
_SESSION_COLUMNS = tuple(column.key for column in GroupSession.__table__.columns)


class KeptPages:
    def __init__(self) -> None:
        self.pages: LRU[Hashable, tuple[tuple, str]] = LRU(CACHE_SIZE)
        self.csrf = Slots().placeholder("csrf")


def _kept() -> KeptPages:
    return app_cache(EXTENSION_KEY, KeptPages)


def _session_state(group_session: GroupSession, now: datetime) -> tuple:
    values = (getattr(group_session, name) for name in _SESSION_COLUMNS)
    return (
        *(tuple(value) if isinstance(value, list) else value for value in values),
        has_started(group_session, now),
    )


def page_key(
    who: Hashable,
    served: Sequence[ServedModule],
    rows: tuple,
    sessions: Sequence[GroupSession],
    sessions_mine: Hashable,
    now: datetime,
) -> tuple:
    """Everything My training shows, as read for this request."""
    return (
        who,
        tuple((id(s.module), s.required, s.revision_id) for s in served),
        rows,
        tuple(_session_state(s, now) for s in sessions),
        sessions_mine,
        london_today(now),
        request.host_url,
    )


def my_training_html(key: tuple, served: Sequence[ServedModule], render: Callable[[], str]) -> str:
    """The page for this key: kept, or drawn by `render` (and kept, unless it shows a
    message)."""
    if session.get("_flashes"):
        return render()
    kept = _kept()
    modules = tuple(s.module for s in served)
    found = kept.pages.get(key)
    if found is None or any(a is not b for a, b in zip(found[0], modules, strict=True)):
        text = render().replace(csrf_token(), kept.csrf)
        found = (modules, text)
        kept.pages.put(key, found)
    return found[1].replace(kept.csrf, csrf_token())
