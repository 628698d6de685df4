"""How the app connects to its database, so that a database that hangs makes a
request fail fast (with the site's error page) instead of hanging with it.

- `DATABASE_CONNECT_TIMEOUT` (seconds): how long to wait for a new connection,
  and for a free one from the pool. PostgreSQL counts whole seconds, at least 2.
- `DATABASE_STATEMENT_TIMEOUT_MS`: the longest one SQL statement may run,
  waiting for locks included. PostgreSQL cancels it on the server; SQLite waits
  this long for another writer to finish (its busy timeout). 0: no limit.
- `DATABASE_POOL_RECYCLE` (seconds): a pooled connection older than this is closed
  and opened anew when next taken from the pool (a firewall or proxy may drop an
  idle connection without telling either end).

A pooled connection the database server has closed (a restart, a failover, an
administrator ending sessions) must not reach a request. SQLAlchemy's `pool_pre_ping`
asks the server on every checkout, a round trip per request. Instead, when a request
takes a connection from the pool, `_closed_by_the_server` asks the kernel whether the
server has sent anything on it since it went back to the pool: an idle connection
hears nothing unless the server closed it (or said why it is about to). If it has,
the pool throws the connection away and opens a new one, as after a failed ping. A
system call instead of a round trip; SQLite has no server and needs neither.
"""

from __future__ import annotations

import math
import select
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import Flask

from .extensions import db


def engine_options(
    url: str,
    base: Mapping[str, Any],
    *,
    connect_timeout: float,
    statement_timeout_ms: int,
) -> dict[str, Any]:
    """SQLAlchemy engine options for `url`: `base` plus the timeouts. Pure."""
    options = dict(base)
    connect_args = dict(options.get("connect_args") or {})
    backend = sa.engine.make_url(url).get_backend_name()
    if backend == "postgresql":
        if connect_timeout > 0:
            connect_args["connect_timeout"] = max(2, math.ceil(connect_timeout))
            options.setdefault("pool_timeout", connect_timeout)
        if statement_timeout_ms > 0:
            setting = f"-c statement_timeout={int(statement_timeout_ms)}"
            given = connect_args.get("options")
            connect_args["options"] = f"{given} {setting}" if given else setting
    elif backend == "sqlite" and statement_timeout_ms > 0:
        connect_args["timeout"] = statement_timeout_ms / 1000
    if connect_args:
        options["connect_args"] = connect_args
    return options


def configure_engine(app: Flask) -> None:
    """Put the timeouts into SQLALCHEMY_ENGINE_OPTIONS (before the engine is made)."""
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {},
        connect_timeout=float(app.config["DATABASE_CONNECT_TIMEOUT"]),
        statement_timeout_ms=int(app.config["DATABASE_STATEMENT_TIMEOUT_MS"]),
    )


def init_app(app: Flask) -> None:
    """Call after `db.init_app`: teardown functions run last-registered first, so this
    one closes the session before Flask-SQLAlchemy's own teardown would."""
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name != "sqlite":
                sa.event.listen(engine, "checkout", _closed_by_the_server)

    @app.teardown_appcontext
    def close_session(_error: BaseException | None) -> None:
        # The database may go away after a request's last query (a restart, a
        # failover): then the ROLLBACK that ends the session fails, and left alone
        # that error escapes Flask and turns a finished page into gunicorn's bare
        # "Internal Server Error". The connection is already marked broken (the pool
        # drops it); forget the session and let the page go out.
        try:
            db.session.remove()
        except sa.exc.SQLAlchemyError as error:
            app.logger.warning("Closing a database session failed: %s", str(error).splitlines()[0])
            db.session.registry.clear()


def _closed_by_the_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pool checkout: refuse a connection with anything waiting to be read (see the
    module's docstring). DisconnectionError makes the pool open a new one. A driver
    whose connections have no `fileno()` (psycopg's have) is asked as the pre-ping would."""
    if not hasattr(dbapi_connection, "fileno"):
        _ping(dbapi_connection)
        return
    try:
        waiting, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except Exception as error:  # closed already: no file descriptor left
        raise sa.exc.DisconnectionError(f"connection unusable: {error}") from error
    if waiting:
        raise sa.exc.DisconnectionError("the database server closed this connection")


def _ping(dbapi_connection: Any) -> None:
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
    except Exception as error:
        raise sa.exc.DisconnectionError(f"connection unusable: {error}") from error
