"""The Alembic revisions build exactly the schema the models describe, on SQLite and
PostgreSQL, and the newest one can be undone and redone.

On SQLite each test starts from a new, empty database file. PostgreSQL is the
session's shared test database (built by these same revisions from an empty
schema when the session started), so it is always left upgraded to head."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade

from mentorhub.extensions import db


def tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def schema() -> set[tuple[str, str]]:
    """Every table, column and index, as (table, '' or 'column NAME' or index name) pairs."""
    inspector = sa.inspect(db.engine)
    found = set()
    for table in tables():
        found.add((table, ""))
        found |= {(table, f"column {c['name']}") for c in inspector.get_columns(table)}
        found |= {(table, index["name"]) for index in inspector.get_indexes(table)}
    return found


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def scripts(app: Flask) -> ScriptDirectory:
    return ScriptDirectory(app.config["MIGRATIONS_DIR"])


def test_upgrading_builds_the_schema_the_models_describe(migration_app, database_url):
    with migration_app.app_context():
        if database_url.startswith("sqlite"):
            assert tables() == set()  # really a fresh database
        upgrade()
        assert tables() == set(db.metadata.tables)
        assert schema_differences() == []
        assert current_revision() == scripts(migration_app).get_current_head()


def test_there_is_one_line_of_revisions(migration_app):
    assert len(scripts(migration_app).get_heads()) == 1


def test_the_newest_revision_can_be_undone_and_redone(migration_app):
    head = scripts(migration_app).get_revision(scripts(migration_app).get_current_head())
    with migration_app.app_context():
        upgrade()
        at_head = schema()

        downgrade(revision="-1")
        assert current_revision() == head.down_revision
        assert schema() != at_head  # the newest revision's tables, columns or indexes are undone

        upgrade()
        assert current_revision() == head.revision
        assert schema() == at_head
        assert schema_differences() == []
