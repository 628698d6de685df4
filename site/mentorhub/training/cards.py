"""My training's module cards, each rendered once per state and kept.

A card (training/_module_card.html) shows one module with one trainee's progress in
it, and depends on nothing but the module as their programme serves it (the Module
object), whether it is required, their state in it (status, parts done, new parts,
feedback given), and the next group session on it (its id, title, and date in words).
Cards with the same inputs are the same HTML, so they are kept in an LRU per app keyed
by exactly those inputs, and a trainee's list is a join of their cards. An entry is
used only for the very Module object it was rendered from (a content change or a new
adaptation revision gives a new object).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import current_app
from markupsafe import Markup

from ..formatting import when
from ..learning.progress import STATUS_LABELS, ModuleProgress, Status
from ..lru import LRU, app_cache
from ..models import GroupSession

CACHE_SIZE = 4096  # cards are about 1 KB: a few states of every module, many programmes
EXTENSION_KEY = "mentorhub.module_cards"


def module_cards(
    progress: Sequence[ModuleProgress],
    sessions_by_module: Mapping[str, Sequence[GroupSession]],
    feedback: Mapping[str, str],
) -> Markup:
    """The `<li>` of each module, in order. `sessions_by_module` holds the sessions not
    yet started, in time order: a card names the first."""
    cache: LRU[tuple, tuple[object, str]] = app_cache(EXTENSION_KEY, lambda: LRU(CACHE_SIZE))
    cards = []
    for p in progress:
        module = p.module
        coming = sessions_by_module.get(module.id)
        session = coming[0] if coming else None
        given = feedback.get(module.id) if p.status is Status.COMPLETE else None
        key = (
            id(module),  # with the check below: this very object
            p.required,
            p.status,
            p.done,
            p.new_sections,
            given,
            (session.id, session.title, when(session)) if session else None,
        )
        found = cache.get(key)
        if found is None or found[0] is not module:
            macro = current_app.jinja_env.get_template("training/_module_card.html").module
            found = (module, str(macro.module_card(p, session, given, STATUS_LABELS)))
            cache.put(key, found)
        cards.append(found[1])
    return Markup("".join(cards))
