"""Fixtures shared by the app tests of several files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade

from mentorhub import create_app
from mentorhub.extensions import db
from tests.conftest import config_class, empty_tables


@pytest.fixture
def migration_app(app_config: dict, database_url: str, tmp_path) -> Iterator[Flask]:
    """An app for moving between revisions: on SQLite a new, empty database file (nothing
    upgraded yet); on PostgreSQL the session's shared database, left upgraded to head and
    empty afterwards, whatever happened, as the other tests expect."""
    fresh = database_url.startswith("sqlite")
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}" if fresh else database_url
    app = create_app(config_class(**{**app_config, "SQLALCHEMY_DATABASE_URI": url}))
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()  # PostgreSQL: no open transaction may hold a table
            if not fresh:
                upgrade()
                empty_tables()
            db.engine.dispose()
