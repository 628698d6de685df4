"""Reading and writing adaptations, and the adapted modules trainees are served.

Built modules are cached per revision and library generation: the merge and the
Markdown rendering run once per change, not once per page view.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping

import sqlalchemy as sa

from ..catalogue import get_catalogue
from ..content import Catalogue, Module
from ..extensions import db
from ..lru import app_cache
from ..models import Adaptation, AdaptationRevision, Programme, RevisionKind, User
from ..models.base import utcnow
from ..models.writes import insert_or_ignore
from .adaptation_build import build_module, library_sections_snapshot, sections_from_snapshot
from .adaptation_doc import AdaptationDoc

CACHE_SIZE = 512
EXTENSION_KEY = "mentorhub.adapted_modules"


class BuiltModules:
    """Adapted modules by (revision id, library generation), least recently used
    dropped first. One per app: revision ids mean nothing across databases."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._modules: OrderedDict[tuple[int, str, int], Module] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str, int]) -> Module | None:
        with self._lock:
            module = self._modules.get(key)
            if module is not None:
                self._modules.move_to_end(key)
            return module

    def put(self, key: tuple[int, str, int], module: Module) -> None:
        with self._lock:
            self._modules[key] = module
            while len(self._modules) > self.size:
                self._modules.popitem(last=False)


def _built_modules() -> BuiltModules:
    return app_cache(EXTENSION_KEY, BuiltModules)


def adaptation_for(programme_id: int, module_id: str) -> Adaptation | None:
    return db.session.scalar(
        sa.select(Adaptation).where(
            Adaptation.programme_id == programme_id, Adaptation.module_id == module_id
        )
    )


def revision(adaptation: Adaptation | None, number: int | None = None) -> AdaptationRevision | None:
    """The numbered revision, or the current one."""
    if adaptation is None:
        return None
    number = adaptation.current_number if number is None else number
    return db.session.scalar(
        sa.select(AdaptationRevision).where(
            AdaptationRevision.adaptation_id == adaptation.id, AdaptationRevision.number == number
        )
    )


def doc_of(found: AdaptationRevision | None) -> AdaptationDoc:
    return AdaptationDoc.from_json(found.document if found else None)


def _current(*columns) -> sa.Select:
    """SELECT `columns` from each adaptation joined to its current revision."""
    return sa.select(Adaptation.module_id, *columns).join(
        AdaptationRevision,
        sa.and_(
            AdaptationRevision.adaptation_id == Adaptation.id,
            AdaptationRevision.number == Adaptation.current_number,
        ),
    )


def current_revisions(programme_id: int) -> dict[str, tuple[int, int, int]]:
    """Module id -> (revision id, number, base version) of each adapted module's current
    revision: small columns only, so pages that hit the cache load no documents."""
    rows = db.session.execute(
        _current(
            AdaptationRevision.id, AdaptationRevision.number, AdaptationRevision.base_version
        ).where(Adaptation.programme_id == programme_id)
    )
    return {module_id: (rev_id, number, base) for module_id, rev_id, number, base in rows}


def current_by_module(programme_id: int) -> dict[str, AdaptationRevision]:
    """Module id -> the current revision, for every module the programme adapted."""
    rows = db.session.execute(
        _current(AdaptationRevision).where(Adaptation.programme_id == programme_id)
    )
    return {module_id: found for module_id, found in rows}


def current_number(programme_id: int, module_id: str) -> int | None:
    """The adaptation revision trainees of the programme see now, if any."""
    found = current_revisions(programme_id).get(module_id)
    return found[1] if found else None


def built(library_module: Module, found: AdaptationRevision, generation: int) -> Module:
    """The adapted module for one revision, from the cache when it can be."""
    key = (found.id, library_module.id, generation)
    cache = _built_modules()
    module = cache.get(key)
    if module is None:
        module = build_module(
            library_module, doc_of(found), sections_from_snapshot(found.base_sections)
        )
        cache.put(key, module)
    return module


def adapted_modules(programme: Programme, catalogue: Catalogue) -> Mapping[str, Module]:
    """Module id -> what this programme's trainees see, for every adapted module. Only
    revisions not built yet are read from the database."""
    revisions = {
        module_id: rev_id for module_id, (rev_id, _n, _b) in current_revisions(programme.id).items()
    }
    return modules_for_revisions(revisions, catalogue)


def modules_for_revisions(revisions: Mapping[str, int], catalogue: Catalogue) -> dict[str, Module]:
    """Module id -> the module built for that revision id (module id -> revision id in),
    from the cache where it can be; the revisions not built yet are read in one query.
    Modules no longer in the library are left out."""
    cache = _built_modules()
    adapted: dict[str, Module] = {}
    missing: dict[int, Module] = {}
    for module_id, rev_id in revisions.items():
        library_module = catalogue.get(module_id)
        if library_module is None:
            continue
        module = cache.get((rev_id, module_id, catalogue.generation))
        if module is None:
            missing[rev_id] = library_module
        else:
            adapted[module_id] = module
    if missing:
        rows = db.session.scalars(
            sa.select(AdaptationRevision).where(AdaptationRevision.id.in_(missing))
        )
        for found in rows:
            library_module = missing[found.id]
            adapted[library_module.id] = built(library_module, found, catalogue.generation)
    return adapted


def programme_module(programme: Programme, module_id: str, catalogue: Catalogue) -> Module | None:
    """The module as this programme's trainees see it (the library's if not adapted)."""
    library_module = catalogue.get(module_id)
    if library_module is None:
        return None
    return adapted_modules(programme, catalogue).get(module_id, library_module)


class RevisionConflict(Exception):
    """Someone saved a revision after the one this save started from."""


def save_revision(
    programme: Programme,
    library_module: Module,
    doc: AdaptationDoc,
    author: User,
    *,
    based_on: int | None = None,
    message: str = "",
    kind: RevisionKind = RevisionKind.EDIT,
    base_version: int | None = None,
    base_sections: list[dict] | None = None,
) -> AdaptationRevision | None:
    """Add a revision; None if it would be the same as the current one. Flushes, never
    commits.

    `based_on`: the revision number (0: none yet) the author started from. If another
    revision was saved since, even by a request running at the same moment, raises
    RevisionConflict and writes nothing. None: add on top of whatever is newest.

    The base defaults to the library module as it is now: an edit is made by
    someone looking at the current library text."""
    adaptation = adaptation_for(programme.id, library_module.id)
    current = revision(adaptation)
    if based_on is not None and based_on != (current.number if current else 0):
        raise RevisionConflict
    base_version = library_module.meta.version if base_version is None else base_version
    document = doc.to_json()
    if current is None and doc.is_empty and kind is RevisionKind.EDIT:
        return None  # nothing to record: trainees see the library version anyway
    if (
        current is not None
        and current.document == document
        and current.base_version == base_version
        and kind is RevisionKind.EDIT
    ):
        return None
    if adaptation is None:
        adaptation = _adaptation_row(programme.id, library_module.id)
    number = _next_number(adaptation, based_on)
    new = AdaptationRevision(
        adaptation_id=adaptation.id,
        number=number,
        kind=kind,
        author_id=author.id,
        author_name=author.display_name,
        message=message.strip()[:200],
        base_version=base_version,
        base_sections=(
            library_sections_snapshot(library_module) if base_sections is None else base_sections
        ),
        document=document,
    )
    db.session.add(new)
    db.session.flush()
    # Imported here: `progress` needs the training package, which imports this module.
    from .adaptation_completions import record_new_completions

    record_new_completions(
        programme, programme_module(programme, library_module.id, get_catalogue())
    )
    return new


def _adaptation_row(programme_id: int, module_id: str) -> Adaptation:
    """The module's adaptation, made now unless another request has just made it."""
    insert_or_ignore(
        Adaptation,
        {"programme_id": programme_id, "module_id": module_id, "current_number": 0,
         "created_at": utcnow()},
        key=["programme_id", "module_id"],
    )  # fmt: skip
    return db.session.scalar(
        sa.select(Adaptation)
        .where(Adaptation.programme_id == programme_id, Adaptation.module_id == module_id)
        .execution_options(populate_existing=True)
    )


def _next_number(adaptation: Adaptation, based_on: int | None) -> int:
    """Claim the next revision number in one conditional UPDATE: of two saves based on
    the same revision, the database lets exactly one move the number on (the other
    waits for it to commit, then finds the number moved and matches nothing)."""
    table = Adaptation.__table__
    statement = (
        sa.update(table)
        .where(table.c.id == adaptation.id)
        .values(current_number=table.c.current_number + 1)
        .returning(table.c.current_number)
    )
    if based_on is not None:
        statement = statement.where(table.c.current_number == based_on)
    number = db.session.scalar(statement)
    db.session.expire(adaptation, ["current_number"])
    if number is None:
        raise RevisionConflict
    return number


def revisions_of(adaptation: Adaptation | None) -> list[AdaptationRevision]:
    """Newest first."""
    if adaptation is None:
        return []
    return list(
        db.session.scalars(
            sa.select(AdaptationRevision)
            .where(AdaptationRevision.adaptation_id == adaptation.id)
            .order_by(AdaptationRevision.number.desc())
        )
    )


def outdated_modules(programme: Programme, catalogue: Catalogue) -> set[str]:
    """Ids of the programme's adapted modules whose library version has moved on."""
    outdated = set()
    for module_id, (_rev_id, _number, base_version) in current_revisions(programme.id).items():
        module = catalogue.get(module_id)
        if module is not None and base_version < module.meta.version:
            outdated.add(module_id)
    return outdated
