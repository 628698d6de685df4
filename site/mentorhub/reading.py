"""The reads of the most-opened logged-in pages, sent straight to the database driver.

A GET to a `signed_in_only` view (My training, a module page, the trainer's programme
page) writes nothing and reads
a few statements built with SQLAlchemy Core. SQLAlchemy's execution around each one
(its connection and transaction objects, the execution context, the result object)
cost more than the driver's own work: on SQLite about 45 µs a statement against
12, on PostgreSQL about 70 µs of CPU against 30 (bench/README.md, "What limits the
logged-in pages"). So such a request takes a connection from the engine's pool
(`Engine.raw_connection`, SQLAlchemy's way to the driver) and runs each statement on
its cursor, as SQL compiled once per statement and dialect, with the same result
processing as SQLAlchemy's (each column's type, e.g. SQLite's datetimes and JSON).

What SQLAlchemy would do is still done:
- every statement is announced to the engine's `before_cursor_execute` and
  `after_cursor_execute` listeners (with no Connection), so that the query-budget tests
  and the benchmarks count it;
- a driver error becomes SQLAlchemy's (so the error pages treat it alike), and a
  connection the server has closed is dropped from the pool;
- the pool's checks on checkout (connections.py) apply, and the connection goes back
  to the pool at the end of the request.

On PostgreSQL the connection reads in autocommit: no BEGIN before the first statement,
no ROLLBACK at the end (READ COMMITTED: each statement has its own snapshot either
way). Not on SQLite: its driver begins no transaction for a SELECT anyway. And there,
statements that do not wait on each other (`rows_together`) go in one round trip, in
psycopg's pipeline mode.

Every other request reads and writes through the ORM session, in one transaction;
`rows` falls back to it when the request has no reader of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask, g

from .extensions import db
from .lru import LRU

_READER = "mentorhub_reader"  # on `g`, for the request
Read = tuple[sa.Executable, Mapping[str, Any]]  # a statement and its values
COMPILED_STATEMENTS = 256  # statements and dialects; the pages use a handful


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    given: dict[str, Any]  # the values the statement carries itself (e.g. CASE's words)
    positions: tuple[str, ...] | None  # the parameters' order, for a positional driver
    processors: tuple[Callable[[Any], Any] | None, ...]  # per column; None: as it comes


_compiled: LRU[tuple[sa.Executable, str], _Compiled] = LRU(COMPILED_STATEMENTS)


def _compile(statement: sa.Executable, dialect: sa.Dialect) -> _Compiled:
    """The statement as the driver takes it. Only parameters the driver takes as they
    are (no type of SQLAlchemy's changes them on the way in)."""
    compiled = statement.compile(dialect=dialect)
    given = {}
    for bind, name in compiled.bind_names.items():
        if bind.type.dialect_impl(dialect).bind_processor(dialect) is not None:
            raise ValueError(f"parameter {bind.key!r} needs converting: not a plain read")
        if not bind.required:
            given[name] = bind.effective_value
    processors = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns  # type: ignore[attr-defined]
    )
    positions = tuple(compiled.positiontup or ()) if compiled.positional else None
    return _Compiled(compiled.string, given, positions, processors)


def _key(statement: sa.Executable, values: Mapping[str, Any]) -> tuple:
    return (statement, tuple(sorted(values.items())))


class Reader:
    """A pooled driver connection, for one request that only reads."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect
        self.autocommit = engine.dialect.name == "postgresql"
        self.round_trips = 0  # to the database server (none on SQLite, but counted alike)
        self._ahead: dict[tuple, list[tuple]] = {}
        try:
            self.connection = engine.raw_connection()
        except self.dialect.loaded_dbapi.Error as error:  # as SQLAlchemy's own connect
            base = self.dialect.loaded_dbapi.Error
            raise sa.exc.DBAPIError.instance(
                None, None, error, base, dialect=self.dialect
            ) from error
        if self.autocommit:
            self.connection.driver_connection.autocommit = True  # type: ignore[union-attr]

    def rows(self, statement: sa.Executable, values: Mapping[str, Any]) -> list[tuple]:
        return self.rows_together([(statement, values)])[0]

    def keep_ahead(self, reads: Sequence[Read], found: Sequence[list[tuple]]) -> None:
        """Rows read ahead (with the log-in: `signed_in_only(ahead=...)`), for the
        request's own read of the same statement with the same values, once."""
        for (statement, values), rows in zip(reads, found, strict=True):
            self._ahead[_key(statement, values)] = rows

    def rows_together(self, reads: Sequence[Read]) -> list[list[tuple]]:
        """Each statement's rows; in one round trip on PostgreSQL (none for those read
        ahead)."""
        found: list[list[tuple] | None] = [
            self._ahead.pop(_key(statement, values), None) if self._ahead else None
            for statement, values in reads
        ]
        missing = [i for i, rows in enumerate(found) if rows is None]
        if missing:
            for i, rows in zip(missing, self._read([reads[i] for i in missing]), strict=True):
                found[i] = rows
        return found  # type: ignore[return-value]

    def _read(self, reads: Sequence[Read]) -> list[list[tuple]]:
        prepared = [self._prepared(statement, values) for statement, values in reads]
        together = len(prepared) > 1 and self.dialect.name == "postgresql"
        cursors = [self.connection.cursor() for _ in prepared]
        try:
            if together:
                with self.connection.driver_connection.pipeline():  # type: ignore[union-attr]
                    self._send(cursors, prepared)
            else:
                self._send(cursors, prepared)
            found = [
                self._received(cursor, compiled)
                for cursor, (compiled, _) in zip(cursors, prepared, strict=True)
            ]
        except self.dialect.loaded_dbapi.Error as error:
            sql = ";\n".join(compiled.sql for compiled, _ in prepared)
            raise self._wrapped(error, sql, [p for _, p in prepared], cursors[0]) from error
        finally:
            for cursor in cursors:
                cursor.close()
        self.round_trips += 1 if together else len(prepared)
        return found

    def _prepared(
        self, statement: sa.Executable, values: Mapping[str, Any]
    ) -> tuple[_Compiled, Sequence | Mapping]:
        """The statement as compiled for this dialect, and its parameters as the driver
        takes them."""
        key = (statement, self.dialect.name)
        compiled = _compiled.get(key)
        if compiled is None:
            compiled = _compile(statement, self.dialect)
            _compiled.put(key, compiled)
        if compiled.given:
            values = {**compiled.given, **values}
        if compiled.positions is None:
            return compiled, values
        return compiled, tuple(values[name] for name in compiled.positions)

    def _send(self, cursors: list[Any], prepared: list[tuple[_Compiled, Any]]) -> None:
        before = self.engine.dispatch.before_cursor_execute
        for cursor, (compiled, parameters) in zip(cursors, prepared, strict=True):
            for listener in before:
                listener(None, cursor, compiled.sql, parameters, None, False)
            cursor.execute(compiled.sql, parameters)

    def _received(self, cursor: Any, compiled: _Compiled) -> list[tuple]:
        rows = cursor.fetchall()
        for listener in self.engine.dispatch.after_cursor_execute:
            listener(None, cursor, compiled.sql, None, None, False)
        processors = compiled.processors
        if not any(processors):
            return rows
        return [
            tuple(
                value if p is None else p(value) for p, value in zip(processors, row, strict=True)
            )
            for row in rows
        ]

    def _wrapped(
        self, error: Exception, sql: str, parameters: Sequence | Mapping, cursor: Any
    ) -> BaseException:
        lost = self.dialect.is_disconnect(error, self.connection.dbapi_connection, cursor)
        if lost:
            self.connection.invalidate(error)
        return sa.exc.DBAPIError.instance(
            sql,
            parameters,
            error,
            self.dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=self.dialect,
        )

    def close(self) -> None:
        """Back to the pool, as it came out of it (not in autocommit)."""
        try:
            if self.autocommit and self.connection.dbapi_connection is not None:
                self.connection.driver_connection.autocommit = False  # type: ignore[union-attr]
        finally:
            self.connection.close()


def start_reading() -> Reader:
    """A connection of this request's own for reading only, without the ORM session;
    from then on `rows` runs on it. Only for a request that writes nothing (a GET to a
    `signed_in_only` view): it does not see what the session has flushed."""
    reader = g.get(_READER)
    if reader is None:
        reader = Reader(db.engine)
        setattr(g, _READER, reader)
    return reader


def current_reader() -> Reader | None:
    """This request's reader, if it has one."""
    return g.get(_READER)


def rows(statement: sa.Executable, values: Mapping[str, Any]) -> Sequence[Sequence]:
    """The statement's rows: on the request's reader if it has one (`start_reading`),
    else on the ORM session's connection (its transaction, what it has flushed)."""
    reader = g.get(_READER)
    if reader is not None:
        return reader.rows(statement, values)
    return db.session.connection().execute(statement, dict(values)).all()


def rows_together(*reads: Read) -> list[Sequence[Sequence]]:
    """`rows` of several statements that do not wait on each other: on the request's
    reader, in one round trip on PostgreSQL."""
    reader = g.get(_READER)
    if reader is not None:
        return reader.rows_together(reads)
    return [rows(statement, values) for statement, values in reads]


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def stop_reading(_error: BaseException | None) -> None:
        # As for the session (connections.py): a connection the server has dropped must
        # not turn a finished page into a bare "Internal Server Error".
        reader = g.pop(_READER, None)
        if reader is None:
            return
        try:
            reader.close()
        except Exception as error:  # the driver's own, or the pool's
            app.logger.warning("Closing a database connection failed: %s", error)
