"""What a trainee's own pages read, in as few queries as they can.

- `curriculum_entries`: the programme's curriculum, each module with the id of its
  current adaptation revision, in one query; `served_modules` turns that into the
  modules the trainees see (built adaptations come from their cache).
- `module_records`: one trainee's parts done, completion and saved answers for one
  module, in one query (UNION ALL); `served_module_and_records` adds the module's
  curriculum entry to the same query (the module page: two queries with the log-in).
- `training_records`: their parts done, completions, and feedback given or skipped,
  for every module, in one query (UNION ALL).

Plain values out; nothing here writes. The statements are built once and run with
parameters, on the tables (no ORM objects), on the session's connection (`read`):
these run on nearly every trainee request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.sql.visitors import replacement_traverse

from ..content import Catalogue, Module
from ..models import (
    Adaptation,
    AdaptationRevision,
    CurriculumItem,
    FeedbackAuthor,
    FeedbackSkip,
    ModuleCompletion,
    Reflection,
    SectionProgress,
    User,
)
from ..reading import Read, rows
from .adaptations import modules_for_revisions
from .progress import DoneSections


class Learner(Protocol):
    """Whose records: an ORM `User`, or the plain `SignedIn` of a trainee's GET."""

    @property
    def id(self) -> int: ...

    @property
    def learner_key(self) -> str: ...


def read(statement: sa.Executable, values: dict) -> Sequence[Sequence]:
    """A Core statement's rows, without the ORM's handling of `Session.execute`: on a
    page that only reads, straight from the driver (`reading.py`); else on the session's
    connection (its transaction, what it has flushed)."""
    return rows(statement, values)


@dataclass(frozen=True)
class CurriculumEntry:
    module_id: str
    required: bool
    revision_id: int | None  # the current adaptation revision's id; None if not adapted


@dataclass(frozen=True)
class ServedModule:
    """A curriculum module as the programme's trainees see it."""

    module: Module
    required: bool
    revision_id: int | None  # the adaptation revision it was built from; None: the library's


@cache
def _curriculum_query(one_module: bool) -> sa.Select:
    """Built once (the pages run it on every request); values go in as parameters."""
    item = CurriculumItem.__table__.c
    adaptation = Adaptation.__table__.c
    revision = AdaptationRevision.__table__.c
    query = (
        sa.select(item.module_id, item.required, revision.id)
        .select_from(CurriculumItem.__table__)
        .outerjoin(
            Adaptation.__table__,
            sa.and_(
                adaptation.programme_id == item.programme_id,
                adaptation.module_id == item.module_id,
            ),
        )
        .outerjoin(
            AdaptationRevision.__table__,
            sa.and_(
                revision.adaptation_id == adaptation.id,
                revision.number == adaptation.current_number,
            ),
        )
        .where(item.programme_id == sa.bindparam("programme_id"))
        .order_by(item.position, item.id)
    )
    return query.where(item.module_id == sa.bindparam("module_id")) if one_module else query


def curriculum_entries(programme_id: int, module_id: str | None = None) -> list[CurriculumEntry]:
    """The curriculum in order (or only `module_id`'s entry), with current revisions."""
    values = {"programme_id": programme_id, "module_id": module_id}
    rows = read(_curriculum_query(module_id is not None), values)
    return [CurriculumEntry(*row) for row in rows]


def served_modules(entries: Sequence[CurriculumEntry], catalogue: Catalogue) -> list[ServedModule]:
    """The entries' modules, adapted where adapted. Modules missing from the library (a
    broken or removed file) are left out rather than breaking the page."""
    revisions = {e.module_id: e.revision_id for e in entries if e.revision_id is not None}
    adapted = modules_for_revisions(revisions, catalogue) if revisions else {}
    served = []
    for entry in entries:
        module = adapted.get(entry.module_id)
        revision_id = entry.revision_id if module is not None else None
        module = module or catalogue.get(entry.module_id)
        if module is not None:
            served.append(ServedModule(module, entry.required, revision_id))
    return served


def served_module(programme_id: int, module_id: str, catalogue: Catalogue) -> ServedModule | None:
    """One module of the curriculum as trainees see it; None if it is not in the
    curriculum or not in the library (no query for a module the library lacks)."""
    if catalogue.get(module_id) is None:
        return None
    found = served_modules(curriculum_entries(programme_id, module_id), catalogue)
    return found[0] if found else None


@dataclass(frozen=True)
class SavedAnswer:
    """A trainee's answer in one reflection box."""

    text: str
    score: int | None
    updated_at: datetime


@dataclass(frozen=True)
class ModuleRecords:
    done: dict[str, datetime] = field(default_factory=dict)  # section id -> when
    finished_version: int | None = None  # the version they finished it at, if they did
    answers: dict[str, SavedAnswer] = field(default_factory=dict)  # by reflection key


def _no(type_: sa.types.TypeEngine) -> sa.ColumnElement:
    """A typed NULL, so PostgreSQL can match the columns of a UNION."""
    return sa.cast(sa.null(), type_)


def _kind(name: str) -> sa.ColumnElement:
    return sa.literal_column(f"'{name}'", sa.String).label("kind")


@cache
def own_rows(statement: sa.Executable) -> sa.Executable:
    """`statement` (built once) with its `learner_key` and `programme_id` parameters read
    from the trainee's own row (the `user_id` parameter) in the statement itself: it then
    needs nothing from the log-in's answer, and can be sent with it (reading.py)."""
    users = User.__table__.c

    def own(column: sa.Column) -> sa.ScalarSelect:
        return sa.select(column).where(users.id == sa.bindparam("user_id")).scalar_subquery()

    theirs = {"learner_key": own(users.learner_key), "programme_id": own(users.programme_id)}

    def replace(element: Any) -> Any:
        if isinstance(element, sa.BindParameter) and element.key in theirs:
            return theirs[element.key]
        return None

    return replacement_traverse(statement, {}, replace)


def _module_records_query() -> sa.CompoundSelect:
    return _records_query(with_entry=False)


@cache
def _records_query(*, with_entry: bool) -> sa.CompoundSelect:
    """The trainee's records of one module; with the module's curriculum entry first
    (kind "required" or "optional", its adaptation revision's id as the number)."""
    done = SectionProgress.__table__.c
    finished = ModuleCompletion.__table__.c
    answer = Reflection.__table__.c
    learner, programme = sa.bindparam("learner_key"), sa.bindparam("programme_id")
    module = sa.bindparam("module_id")
    records = [
        sa.select(
            _kind("done"),
            done.section_id.label("key"),
            done.done_at.label("at"),
            _no(sa.Integer).label("number"),
            _no(sa.Text).label("text"),
        ).where(
            done.learner_key == learner, done.programme_id == programme, done.module_id == module
        ),
        sa.select(
            _kind("finished"),
            _no(sa.String),
            finished.completed_at,
            finished.module_version,
            _no(sa.Text),
        ).where(
            finished.learner_key == learner,
            finished.programme_id == programme,
            finished.module_id == module,
        ),
        sa.select(
            _kind("answer"),
            answer.block_key,
            answer.updated_at,
            sa.cast(answer.score, sa.Integer),
            answer.text,
        ).where(answer.user_id == sa.bindparam("user_id"), answer.module_id == module),
    ]
    if with_entry:
        entry = _curriculum_query(True).order_by(None).subquery()
        kind = sa.case((entry.c.required, "required"), else_="optional")
        records.insert(
            0,
            sa.select(kind, _no(sa.String), _no(sa.DateTime), entry.c.id, _no(sa.Text)),
        )
    return sa.union_all(*records)


def module_records(user: Learner, programme_id: int, module_id: str) -> ModuleRecords:
    """Parts done, completion and saved answers for one module, in one query."""
    values = {
        "learner_key": user.learner_key,
        "programme_id": programme_id,
        "module_id": module_id,
        "user_id": user.id,
    }
    return _records_from(read(_module_records_query(), values))[1]


def _records_from(
    rows: Iterable[sa.Row], module_id: str = ""
) -> tuple[CurriculumEntry | None, ModuleRecords]:
    entry, records = None, ModuleRecords()
    for kind, key, at, number, text in rows:
        if kind == "done":
            records.done[key] = at
        elif kind == "answer":
            records.answers[key] = SavedAnswer(text, number, at)
        elif kind == "finished":
            records = ModuleRecords(records.done, number, records.answers)
        else:  # "required" or "optional": the curriculum entry; the number, its revision
            entry = CurriculumEntry(module_id, kind == "required", number)
    return entry, records


def module_page_read(user_id: int, module_id: str) -> Read:
    """The module page's one query: the module's curriculum entry and the trainee's
    records of it, for the programme they are in now. It needs only their id, so it can
    go with the log-in (`signed_in_only(ahead=...)`)."""
    return own_rows(_records_query(with_entry=True)), {"user_id": user_id, "module_id": module_id}


def served_module_and_records(
    user: Learner, module_id: str, catalogue: Catalogue
) -> tuple[ServedModule, ModuleRecords] | None:
    """`served_module` and `module_records` in one query, in the programme the trainee
    is in now; None if the module is not in the curriculum or not in the library (no
    query for a module the library lacks)."""
    if catalogue.get(module_id) is None:
        return None
    entry, records = _records_from(read(*module_page_read(user.id, module_id)), module_id)
    if entry is None:
        return None
    served = served_modules([entry], catalogue)
    return (served[0], records) if served else None


@dataclass(frozen=True)
class TrainingRecords:
    done: DoneSections  # module id -> section id -> when
    finished: dict[str, int]  # module id -> the version they finished it at
    feedback: dict[str, str]  # module id -> "given" or "skipped" (any version)


@cache
def _training_records_query(*, with_curriculum: bool = False) -> sa.CompoundSelect:
    """The trainee's records of every module; with the curriculum's entries too (kind
    "required" or "optional", the adaptation revision's id as the number, and the
    entry's position, the one column only they fill)."""
    done = SectionProgress.__table__.c
    finished = ModuleCompletion.__table__.c
    skip = FeedbackSkip.__table__.c
    author = FeedbackAuthor.__table__.c
    learner, programme = sa.bindparam("learner_key"), sa.bindparam("programme_id")
    user = sa.bindparam("user_id")
    none = _no(sa.Integer)
    parts = [
        sa.select(
            _kind("done"),
            done.module_id.label("module_id"),
            done.section_id.label("key"),
            done.done_at.label("at"),
            _no(sa.Integer).label("number"),
            none.label("position"),
        ).where(done.learner_key == learner, done.programme_id == programme),
        sa.select(
            _kind("finished"),
            finished.module_id,
            _no(sa.String),
            finished.completed_at,
            finished.module_version,
            none,
        ).where(finished.learner_key == learner, finished.programme_id == programme),
        sa.select(
            _kind("skipped"), skip.module_id, _no(sa.String), skip.skipped_at, none, none
        ).where(skip.user_id == user),
        sa.select(
            _kind("given"), author.module_id, _no(sa.String), _no(sa.DateTime), none, none
        ).where(author.user_id == user),
    ]
    if with_curriculum:
        item, revision = CurriculumItem.__table__.c, AdaptationRevision.__table__.c
        entries = _curriculum_query(False).order_by(None)
        entries = entries.with_only_columns(
            sa.case((item.required, "required"), else_="optional"),
            item.module_id,
            _no(sa.String),
            _no(sa.DateTime),
            revision.id,
            item.position,
        )
        parts.insert(0, entries)
    return sa.union_all(*parts)


@dataclass(frozen=True)
class TrainingPage:
    """What My training shows of the curriculum and the trainee's own doing."""

    entries: list[CurriculumEntry]  # in curriculum order
    records: TrainingRecords


def training_records(user: Learner, programme_id: int) -> TrainingRecords:
    """Everything My training shows of one trainee's own doing, in one query."""
    values = {"learner_key": user.learner_key, "programme_id": programme_id, "user_id": user.id}
    return training_page(read(_training_records_query(), values)).records


def training_page_read(user_id: int) -> Read:
    """The one query for the curriculum and the trainee's records (for `training_page`),
    in the programme they are in now. It needs only their id, so it can go with the
    log-in (`signed_in_only(ahead=...)`)."""
    return own_rows(_training_records_query(with_curriculum=True)), {"user_id": user_id}


def training_page(rows: Iterable[Sequence]) -> TrainingPage:
    """The curriculum entries and records in rows of `_training_records_query`."""
    records = TrainingRecords({}, {}, {})
    entries = []
    for kind, module_id, key, at, number, position in rows:
        if kind == "done":
            records.done.setdefault(module_id, {})[key] = at
        elif kind == "finished":
            records.finished[module_id] = number
        elif kind in ("required", "optional"):
            entry = CurriculumEntry(module_id, kind == "required", number)
            entries.append((position, module_id, entry))
        elif kind == "given" or records.feedback.get(module_id) != "given":
            records.feedback[module_id] = kind  # given for any version wins over skipped
    entries.sort(key=lambda entry: entry[:2])
    return TrainingPage([entry for _, _, entry in entries], records)
