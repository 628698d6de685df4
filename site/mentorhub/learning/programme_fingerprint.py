"""A fingerprint of everything a programme's page shows that is stored in the database,
read in one query, so a rendered page can be kept until any of it changes.

For each table the page reads, the rows that belong to the programme are joined into
one string in the database (every column, cast to text), and the strings are hashed
here; on PostgreSQL the two progress tables (about 60 rows per trainee) give instead a
count and a sum over their row versions (see `_versions`). It is made from the rows
themselves, not from counters that every write would have to move on, so no write can
forget to change it: a part marked done or undone, a completion, a rename, attendance,
a readiness tick, a curriculum or adaptation change, the join code, a trainee joining
or leaving all change a row it covers. Equal fingerprints mean equal rows (the order of
rows may differ between two reads; that only makes a page be rendered again; for the
odds with row versions, see `_versions`). What is not in the database (the library's
content, today's date, the address the page is served at) is the caller's to add to
its key.

On SQLite, learning/database_stamp.py says more cheaply that nothing at all has been
committed since a fingerprint was read, so that it need not be read again.

`TABLES` lists the tables covered; tests/app/programme_page/test_own_page.py checks that
the page reads no other (besides the log-in's).
"""

from __future__ import annotations

import hashlib
from functools import cache

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Adaptation,
    AdaptationRevision,
    Attendance,
    CurriculumItem,
    GroupSession,
    ModuleCompletion,
    ObjectiveSignOff,
    Programme,
    ReadinessCheck,
    ReadinessDecision,
    ReadinessItem,
    SectionProgress,
    SignOffObjective,
    User,
)

# Columns left out: nothing the page shows depends on them, and they change often (a
# log-in), or are large and never change once written (a revision's text: its id and
# number stand for it), or are the programme the rows are chosen by, or are a progress
# row's link to an account (cleared only when the account goes, which the users rows
# show; the page goes by learner key). The two progress tables hold about 60 rows per
# trainee: every column cast and joined costs more than the rest of the query.
LEFT_OUT = {
    "users": {"password_hash", "email", "last_login_at", "created_at"},
    "adaptation_revisions": {"base_sections", "document", "message", "author_name"},
    "section_progress": {"user_id", "programme_id", "module_version"},
    "module_completions": {"user_id", "programme_id"},
}
# Control characters that text typed into the site never holds (inputs are cleaned of
# them), written into the SQL as they are: a bound parameter per column would make a
# query of some 250 parameters. PostgreSQL text cannot hold NUL, so none is NUL.
COLUMN = sa.literal_column("'\x1f'", sa.String)  # between two columns
ROW = sa.literal_column("'\x1e'", sa.String)  # between two rows
NULL = sa.literal_column("'\x1d'", sa.String)  # a NULL


def _row_text(table: sa.Table) -> sa.ColumnElement[str]:
    """Every column of a row (bar LEFT_OUT) as one string; NULL as a mark of its own."""
    skip = LEFT_OUT.get(table.name, set())
    parts = [
        sa.func.coalesce(_text(column), NULL) for column in table.columns if column.name not in skip
    ]
    text = parts[0]
    for part in parts[1:]:
        text = text + COLUMN + part
    return text


def _text(column: sa.Column) -> sa.ColumnElement[str]:
    """The column as text: cast unless it is text already."""
    return column if isinstance(column.type, sa.String) else sa.cast(column, sa.String)


def _versions(table: sa.Table, *where: sa.ColumnElement[bool]) -> sa.ScalarSelect:
    """PostgreSQL: how many of `table`'s rows match, and the sum of a 64-bit hash of each
    one's `xmin` (the transaction that wrote that version of the row), as text.

    Every INSERT or UPDATE writes a new version of the row, whose `xmin` is a
    transaction that had not committed when the earlier fingerprint was read, so it
    cannot be among the `xmin`s summed then; a DELETE alone lowers the count. Two
    different sets of rows would give the same figures only if the hashes of the new
    versions summed exactly to those of the ones they replaced (about one chance in
    2**64, and nobody chooses transaction ids). Reading a number per row instead of
    casting and joining five columns costs the server about a third as much."""
    xmin = sa.cast(sa.cast(sa.literal_column(f"{table.name}.xmin"), sa.String), sa.BigInteger)
    zero = sa.literal_column("0", sa.Integer)  # the seed, and the sum of no rows
    hashes = sa.func.coalesce(sa.func.sum(sa.func.hashint8extended(xmin, zero)), zero)
    summary = sa.cast(sa.func.count(), sa.String) + COLUMN + sa.cast(hashes, sa.String)
    return sa.select(summary).select_from(table).where(*where).scalar_subquery()


def _rows(table: sa.Table, *where: sa.ColumnElement[bool], join=None) -> sa.ScalarSelect:
    """All of `table`'s rows that match, joined into one string (NULL when none)."""
    source = table if join is None else table.join(*join)
    return (
        sa.select(sa.func.aggregate_strings(_row_text(table), ROW))
        .select_from(source)
        .where(*where)
        .scalar_subquery()
    )


@cache
def _query(dialect: str = "sqlite") -> sa.Select:
    """Built once per database kind; the programme's id is bound per call."""
    programme = sa.bindparam("programme_id")
    progress = _versions if dialect == "postgresql" else _rows
    parts = {
        "programmes": _rows(Programme.__table__, Programme.id == programme),
        "users": _rows(User.__table__, User.programme_id == programme),
        "section_progress": progress(
            SectionProgress.__table__, SectionProgress.programme_id == programme
        ),
        "module_completions": progress(
            ModuleCompletion.__table__, ModuleCompletion.programme_id == programme
        ),
        "curriculum_items": _rows(
            CurriculumItem.__table__, CurriculumItem.programme_id == programme
        ),
        "adaptations": _rows(Adaptation.__table__, Adaptation.programme_id == programme),
        "adaptation_revisions": _rows(
            AdaptationRevision.__table__,
            Adaptation.programme_id == programme,
            join=(Adaptation.__table__, Adaptation.id == AdaptationRevision.adaptation_id),
        ),
        "group_sessions": _rows(GroupSession.__table__, GroupSession.programme_id == programme),
        "attendance": _rows(
            Attendance.__table__,
            GroupSession.programme_id == programme,
            join=(GroupSession.__table__, GroupSession.id == Attendance.session_id),
        ),
        "readiness_items": _rows(ReadinessItem.__table__, ReadinessItem.programme_id == programme),
        "readiness_checks": _rows(
            ReadinessCheck.__table__,
            ReadinessItem.programme_id == programme,
            join=(ReadinessItem.__table__, ReadinessItem.id == ReadinessCheck.item_id),
        ),
        "readiness_decisions": _rows(
            ReadinessDecision.__table__, ReadinessDecision.programme_id == programme
        ),
        "objective_sign_offs": _rows(
            ObjectiveSignOff.__table__, ObjectiveSignOff.programme_id == programme
        ),
        "sign_off_objectives": _rows(
            SignOffObjective.__table__, SignOffObjective.programme_id == programme
        ),
    }
    return sa.select(*(part.label(name) for name, part in parts.items()))


TABLES = frozenset(_query.__wrapped__().selected_columns.keys())


def programme_fingerprint(programme_id: int) -> str:
    """A hash of every row the programme's page is made from (one query)."""
    query = _query(db.session.get_bind().dialect.name)
    row = db.session.execute(query, {"programme_id": programme_id}).one()
    digest = hashlib.sha256()
    for value in row:
        digest.update(b"\x1c" if value is None else value.encode())
        digest.update(b"\x1d")
    return digest.hexdigest()
