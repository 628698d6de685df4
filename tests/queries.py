"""Counting the SQL statements the app sends, through SQLAlchemy's engine events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import Flask

from mentorhub.extensions import db


@contextmanager
def recorded_queries(app: Flask) -> Iterator[list[str]]:
    """Every statement the app's engine executes inside the block, in order."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(" ".join(statement.split()))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def listing(statements: list[str]) -> str:
    """The statements one per line, shortened, for an assertion message."""
    return "\n".join(f"  {i}. {s[:160]}" for i, s in enumerate(statements, 1))
