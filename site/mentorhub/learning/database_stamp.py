"""SQLite: a stamp that stays the same exactly as long as nothing is committed to the
database, by anyone, so that something read from it can be trusted again without
reading it again (the kept programme page skips its fingerprint query with it).

The stamp is this connection's `PRAGMA data_version`, which SQLite moves on whenever
another connection (in this process or any other) commits, together with the number of
rows this connection has itself inserted, changed or deleted (`total_changes`: SQLite
does not move `data_version` for a connection's own commits), and a number naming the
connection (each has its own `data_version`). SQLite keeps both figures on every write,
so no write can forget them. A stamp is read before the rows it vouches for, so a commit
between the two makes the next stamp differ: a reader may do more work, never less.

There is no stamp (None) on PostgreSQL, where something is committed somewhere all the
time, nor inside a transaction that has written (its rows may yet be rolled back).
"""

from __future__ import annotations

from collections.abc import Hashable
from itertools import count

from ..extensions import db

_NAMES = count()
NAME_KEY = "mentorhub.connection_name"  # in the pooled connection's `info`


def database_stamp() -> Hashable | None:
    """This connection's view of 'what has been committed', or None (see above)."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return None
    pooled = connection.connection
    sqlite = pooled.dbapi_connection
    if sqlite.in_transaction:
        return None
    name = pooled.info.get(NAME_KEY)
    if name is None:
        name = pooled.info[NAME_KEY] = next(_NAMES)
    changes = sqlite.total_changes  # before the version: a write after it moves the next
    return (name, connection.exec_driver_sql("PRAGMA data_version").scalar(), changes)
