"""Writes that stay right when two requests make them at the same moment.

- `insert_or_ignore` and `upsert`: INSERT ... ON CONFLICT on SQLite and PostgreSQL, one
  atomic statement where "look, then insert" would let two requests both insert (and
  one of them fail on the unique constraint).
- `lock_person`, `lock_programme`: queue this transaction behind any other that is
  writing about the same person (or programme), until it commits, for a write that must
  first read what is there.

They run on the session's connection and never commit: the request (or the CLI
command) commits once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from .accounts import User
from .programmes import Programme

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def dialect_insert(model: type[db.Model]) -> sqlite.Insert | postgresql.Insert:
    """An INSERT into `model`'s table that can say ON CONFLICT, for the database in use.
    Core, not ORM: nothing is added to the session (column defaults still apply)."""
    return _INSERTS[_dialect()](model.__table__)


def insert_or_ignore(model: type[db.Model], values: Mapping[str, Any], key: Iterable[str]) -> bool:
    """Insert a row unless one with the same `key` (the columns of a unique constraint)
    is there already. True if this statement inserted it."""
    table = model.__table__
    statement = (
        dialect_insert(model)
        .values(dict(values))
        .on_conflict_do_nothing(index_elements=list(key))
        # Whether a row came back says whether it was inserted: rowcount would not do,
        # as psycopg reports -1 for an INSERT ... RETURNING.
        .returning(*table.primary_key.columns)
    )
    return db.session.execute(statement).first() is not None


def upsert(
    model: type[db.Model],
    values: Mapping[str, Any],
    key: Iterable[str],
    update: Iterable[str],
    *,
    only_if: sa.ColumnElement[bool] | None = None,
) -> None:
    """Insert a row, or, when one with the same `key` is there, set its `update` columns
    to the values given (`only_if`: a condition on the stored row, else leave it be).
    `values` must include the update columns; onupdate defaults do not apply here."""
    statement = dialect_insert(model).values(dict(values))
    statement = statement.on_conflict_do_update(
        index_elements=list(key),
        set_={name: statement.excluded[name] for name in update},
        where=only_if,
    )
    db.session.execute(statement)


def _lock_row(table: sa.Table, row_id: int, column: sa.Column) -> None:
    """PostgreSQL: a row lock that does not block foreign-key checks (FOR NO KEY UPDATE).
    SQLite has one writer at a time: a write that changes nothing (`column` set to
    itself) takes the database's write lock now, instead of at the first real write."""
    if _dialect() == "postgresql":
        db.session.execute(
            sa.select(table.c.id).where(table.c.id == row_id).with_for_update(key_share=True)
        )
    else:
        db.session.execute(sa.update(table).where(table.c.id == row_id).values({column: column}))


def lock_person(user_id: int) -> None:
    """Hold this person's lock until the transaction ends: another request writing about
    them (a double tap, two tabs) waits here, then reads what this one wrote."""
    users = User.__table__
    _lock_row(users, user_id, users.c.learner_key)


def lock_programme(programme_id: int) -> None:
    """Hold this programme's lock until the transaction ends: another request writing
    about the programme as a whole (its sessions, its attendance, its checklist: a double
    tap, two trainers saving together) waits here, then reads what this one wrote."""
    programmes = Programme.__table__
    _lock_row(programmes, programme_id, programmes.c.name)
