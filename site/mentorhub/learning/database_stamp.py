"""A stamp that stays the same exactly as long as nothing is committed to the database,
by anyone, so that something read from it can be trusted again without reading it
again (the kept programme page skips its fingerprint query with it).

SQLite: this connection's `PRAGMA data_version`, which SQLite moves on whenever another
connection (in this process or any other) commits, together with the number of rows
this connection has itself inserted, changed or deleted (`total_changes`: SQLite does
not move `data_version` for a connection's own commits), and a number naming the
connection (each has its own `data_version`). SQLite keeps both figures on every write,
so no write can forget them.

PostgreSQL: the statement's snapshot, `pg_current_snapshot()` as text (xmin:xmax:the
transactions in progress, 64-bit ids that never wrap). A snapshot is what decides which
rows a statement sees: every transaction below xmax and not in the list has finished,
and a finished transaction's outcome never changes. Two snapshots with the same text
therefore see the very same committed rows, everywhere in the database. And a later
one cannot match an earlier one once anything has finished since: a transaction that
was in progress leaves the list, and one that began after raises xmax. Transaction ids
are shared by every database of the server, so a write to another database (or
autovacuum's ANALYZE) moves the stamp too: a page is checked again, never trusted more.
The server's start time goes with it, so a restart (a restore, a fail-over) never meets
an old stamp again. No stamp inside a transaction that has written
(`pg_current_xact_id_if_assigned()` is not NULL: its own rows are not in the snapshot's
text, and may yet be rolled back).

Either way a stamp is read before the rows it vouches for, or in the same statement
(`read_with_stamp`, which costs no round trip of its own): a commit after it makes
the next stamp differ, so a reader may do more work, never less. In READ COMMITTED each
statement has its own snapshot, so "before" is what matters: a stamp read after the
rows could vouch for rows it never saw.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from itertools import count
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import PoolProxiedConnection

from ..extensions import db
from ..reading import current_reader

_NAMES = count()
NAME_KEY = "mentorhub.connection_name"  # in the pooled connection's `info`
_NONE = object()  # no stamp to trust (a transaction that has written)


def _sqlite_version() -> sa.ColumnElement:
    """SQLite's `PRAGMA data_version` as a column (the pragma's table-valued form)."""
    version = sa.select(sa.literal_column("data_version")).select_from(
        sa.text("pragma_data_version()")
    )
    return version.scalar_subquery()


def _postgresql_snapshot() -> sa.ColumnElement:
    """The statement's snapshot and the server's start, as text; NULL once this
    transaction has written."""
    snapshot = sa.cast(sa.func.pg_current_snapshot(), sa.Text)
    started = sa.cast(sa.func.pg_postmaster_start_time(), sa.Text)
    unwritten = sa.func.pg_current_xact_id_if_assigned().is_(None)
    return sa.case((unwritten, snapshot + sa.literal_column("' '") + started))


_COLUMNS = {"sqlite": _sqlite_version, "postgresql": _postgresql_snapshot}


def _before(pooled: PoolProxiedConnection, dialect: str) -> Any:
    """What is read in Python before the statement: on SQLite the connection's name and
    own changes (before the version: a write after them moves the next stamp), or
    _NONE inside a transaction that has written; None elsewhere."""
    if dialect != "sqlite":
        return None
    sqlite = pooled.dbapi_connection
    if sqlite.in_transaction:
        return _NONE
    name = pooled.info.get(NAME_KEY)
    if name is None:
        name = pooled.info[NAME_KEY] = next(_NAMES)
    return (name, sqlite.total_changes)


def _stamp(before: Any, value: Any) -> Hashable | None:
    if before is _NONE or value is None:
        return None
    return value if before is None else (before[0], value, before[1])


@cache
def _with_stamp(query: sa.Select, dialect: str) -> sa.Select:
    """`query` with the stamp as its last column (built once per query and database)."""
    return query.add_columns(_COLUMNS[dialect]().label("database_stamp"))


def read_with_stamp(
    query: sa.Select, values: Mapping[str, Any]
) -> tuple[Sequence[Any] | None, Hashable | None]:
    """`query`'s first row and the database's stamp, read in the same statement. `query`
    must be built once (it is a key of a cache of the query with the stamp).

    On the request's reader (reading.py) when it has one and the ORM session has not
    begun: what the page then reads through the session (after this) cannot hold a
    write of this request's own. Else on the session's connection."""
    reader = current_reader()
    if reader is not None and not (db.session.registry.has() and db.session().in_transaction()):
        dialect = reader.dialect.name
        if dialect not in _COLUMNS:
            found = reader.rows(query, values)
            return (found[0] if found else None), None
        before = _before(reader.connection, dialect)
        found = reader.rows(_with_stamp(query, dialect), values)
        row = found[0] if found else None
    else:
        connection = db.session.connection()
        dialect = connection.dialect.name
        if dialect not in _COLUMNS:
            return connection.execute(query, values).first(), None
        before = _before(connection.connection, dialect)
        row = connection.execute(_with_stamp(query, dialect), values).first()
    if row is None:
        return None, None
    return tuple(row[:-1]), _stamp(before, row[-1])


def database_stamp() -> Hashable | None:
    """This connection's view of 'what has been committed', or None (see above)."""
    connection = db.session.connection()
    dialect = connection.dialect.name
    if dialect not in _COLUMNS:
        return None
    before = _before(connection.connection, dialect)
    if before is _NONE:
        return None
    return _stamp(before, connection.execute(sa.select(_COLUMNS[dialect]())).scalar())
