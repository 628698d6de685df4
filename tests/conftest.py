"""Shared fixtures: a real database (SQLite, and PostgreSQL when configured),
the app on it, its test client and CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from config import TestingConfig
from mentorhub import create_app
from mentorhub.extensions import db

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
# pytest-xdist names its workers gw0, gw1…; each gets a database of its own.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def skip_or_fail(what_is_missing: str) -> None:
    """Skip a test that needs a real part this machine lacks; in CI, fail instead.

    Nothing may skip in CI: there the missing part is a broken set-up.
    """
    message = f"needs {what_is_missing}"
    if IN_CI:
        pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)")
    pytest.skip(message)  # only off CI: under CI the line above has already failed


def config_class(base: type = TestingConfig, **overrides: object) -> type:
    """A config class for one test: `base` with some settings overridden."""
    return type(f"Test{base.__name__}", (base,), overrides)


def worker_database_url(url: str, worker: str | None = XDIST_WORKER) -> str:
    """The PostgreSQL test database for this pytest-xdist worker (`mentorhub_test_gw0`…),
    created on first use; the URL unchanged when the suite runs in one process."""
    if not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_postgres_schema(url: str) -> None:
    """Start the PostgreSQL test database from nothing, so migrations run in full."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated database for the whole session: SQLite always, PostgreSQL when
    TEST_DATABASE_URL is set (and always in CI)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    elif TEST_DATABASE_URL:
        url = worker_database_url(TEST_DATABASE_URL)
        reset_postgres_schema(url)
    else:
        skip_or_fail("PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://user:pass@host/db")
    app = create_app(config_class(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()  # the schema comes from the Alembic revisions, not create_all
        db.engine.dispose()
    yield url


def empty_tables() -> None:
    """Delete every row, children first, so each test starts from empty tables."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app_config(tmp_path: Path, database_url: str) -> dict:
    """Settings for the app under test; a test may override this fixture."""
    return {
        "CONTENT_DIR": str(ROOT / "content"),
        "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
    }


@pytest.fixture
def app(app_config: dict) -> Iterator[Flask]:
    """The app on the session's database. No app context is left pushed: each
    test-client request gets its own, as in production (a shared one would share
    `g`, and with it Flask-Login's cached user and Flask-WTF's CSRF token). Set up
    data inside `with app.app_context():`."""
    app = create_app(config_class(**app_config))
    try:
        yield app
    finally:
        with app.app_context():
            empty_tables()
            db.engine.dispose()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()
