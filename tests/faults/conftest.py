"""Fixtures for the fault tests: a private PostgreSQL cluster they may stop, restart
and pause; the app served by gunicorn as in production on top of it; and the same
database in-process, to seed data and read what the server wrote.

Reusable for any test that needs a real multi-process server: ask for `served`
(the default server) or `serve` (start one with your own settings), then
`served.browser().log_in(username, PASSWORD)` for a logged-in visitor with CSRF.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from mentorhub import create_app
from mentorhub.extensions import db
from tests.conftest import ROOT, config_class, empty_tables, skip_or_fail
from tests.factories import make_programme, make_user
from tests.faults.cluster import PrivateCluster, missing_tools
from tests.faults.server import Gunicorn, start_gunicorn

DATABASE = "mentorhub_faults"
SECRET_KEY = "faults-suite-secret-key-not-used-anywhere-else"


def pytest_collection_modifyitems(config, items):
    """Everything in this folder carries the `faults` marker (`pytest -m faults`), and
    runs in one pytest-xdist worker (`--dist loadgroup`): there is one private cluster.
    (Without pytest-xdist, e.g. `-p no:xdist`, its marker is unknown: not added.)"""
    here = Path(__file__).parent
    xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)
            if xdist:
                item.add_marker(pytest.mark.xdist_group("faults"))


@pytest.fixture(scope="session")
def private_cluster() -> Iterator[PrivateCluster]:
    """A PostgreSQL cluster of our own (never the shared one), created for the session
    and dropped after it; one that already existed is only started and stopped."""
    problem = missing_tools()
    if problem:
        skip_or_fail(problem)
    cluster = PrivateCluster(PrivateCluster.newest_version())
    created = not cluster.exists()
    if created:
        cluster.create()
    was_online = cluster.is_online()
    if not was_online:
        cluster.start()
    try:
        cluster.ensure_role()
        yield cluster
    finally:
        with contextlib.suppress(OSError, ValueError):
            cluster.resume()  # never leave it paused
        if created:
            cluster.drop()
        elif not was_online:
            cluster.stop()


@pytest.fixture(scope="session")
def faults_database_url(private_cluster: PrivateCluster) -> str:
    """A fresh database in the private cluster, migrated by the Alembic revisions."""
    url = private_cluster.fresh_database(DATABASE)
    app = create_app(config_class(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def faults_content() -> Path:
    """The content folder of `faults_app` and `serve`: the shipped content. A test module
    may override this fixture to serve content of its own."""
    return ROOT / "content"


@pytest.fixture
def faults_app(
    faults_database_url: str, faults_content: Path, tmp_path: Path, private_cluster
) -> Iterator[Flask]:
    """The app in-process on the faults database, to seed data and check rows; the
    tables are emptied afterwards. Use it inside `with faults_app.app_context():`."""
    app = create_app(
        config_class(
            SQLALCHEMY_DATABASE_URI=faults_database_url,
            CONTENT_DIR=str(faults_content),
            INSTANCE_PATH=str(tmp_path / "seed-instance"),
        )
    )
    try:
        yield app
    finally:
        if not private_cluster.is_online():
            private_cluster.start()
        private_cluster.resume()
        with app.app_context():
            empty_tables()
            db.engine.dispose()


def production_env(database_url: str, instance: Path, **overrides: str) -> dict[str, str]:
    """Settings as a production deployment has them, over plain HTTP on 127.0.0.1."""
    env = {
        "MENTORHUB_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "CONTENT_DIR": str(ROOT / "content"),
        "INSTANCE_PATH": str(instance),
        "MIGRATIONS_DIR": str(ROOT / "migrations"),
        "SESSION_COOKIE_SECURE": "false",  # the tests speak HTTP, not HTTPS
        "DATABASE_CONNECT_TIMEOUT": "2",
        "DATABASE_STATEMENT_TIMEOUT_MS": "2000",
    }
    env.update(overrides)
    return env


@pytest.fixture
def serve(
    faults_database_url: str, faults_app, faults_content: Path, tmp_path: Path
) -> Iterator[Callable[..., Gunicorn]]:
    """Start gunicorn (2 workers, production settings) on the faults database, with
    settings overridden by keyword (environment variable names); stopped after the test."""
    started: list[Gunicorn] = []

    def start(**overrides: str) -> Gunicorn:
        instance = tmp_path / f"instance-{len(started)}"
        overrides = {"CONTENT_DIR": str(faults_content), **overrides}
        env = production_env(faults_database_url, instance, **overrides)
        server = start_gunicorn(env, tmp_path / f"gunicorn-{len(started)}.log")
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def trainee(faults_app) -> str:
    """A trainee in a programme with the shipped curriculum; their username."""
    with faults_app.app_context():
        modules = faults_app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name="Faults Programme", focus=["core"])
        return make_user("trainee", programme=programme).username


@pytest.fixture
def served(serve) -> Gunicorn:
    """gunicorn with the default fault-test settings (2 s connect, 2 s statement timeout)."""
    return serve()
