"""The README's backup and restore commands, run as written against a scratch
PostgreSQL: into a new database, over a database with data (the app stopped), and
into an empty one (which is where `--clean` without `--if-exists` fails)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from mentorhub import create_app
from mentorhub.extensions import db
from tests.conftest import ROOT, config_class, skip_or_fail
from tests.factories import PASSWORD, log_in, make_programme, make_user
from tests.pages import who

# One private PostgreSQL cluster: make test runs these in one process, after the rest.
pytestmark = pytest.mark.faults

# The commands exactly as the README gives them (the URL and file name aside).
DUMP = ["pg_dump", "--format=custom"]
RESTORE_NEW = ["pg_restore", "--no-owner", "--single-transaction"]
RESTORE_OVER = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        skip_or_fail(f"PostgreSQL's client tools ({', '.join(missing)})")


def plain(url: str) -> str:
    """The URL as libpq tools take it: without SQLAlchemy's `+psycopg`."""
    return url.replace("+psycopg", "")


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def row_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
            return {
                table: connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in sorted(tables)
            }
    finally:
        engine.dispose()


def names(url: str) -> list[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(sa.text("SELECT display_name FROM users ORDER BY id")))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def source(private_cluster, tools, tmp_path_factory) -> tuple[str, Path]:
    """A migrated database with a programme, people and progress, and its dump."""
    url = private_cluster.fresh_database("mentorhub_backup_source")
    app = create_app(config_class(SQLALCHEMY_DATABASE_URI=url, CONTENT_DIR=str(ROOT / "content")))
    with app.app_context():
        upgrade()
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules, name="Backed up")
        make_user("trainee", programme=programme, username="restored.trainee")
        make_user("trainer", trainer_of=[programme])
        db.engine.dispose()
    dump = tmp_path_factory.mktemp("backup") / "mentorhub.dump"
    done = run(*DUMP, f"--file={dump}", plain(url))
    assert done.returncode == 0, done.stderr
    return url, dump


def test_the_readme_gives_these_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (DUMP, RESTORE_NEW, RESTORE_OVER):
        assert " ".join(command) in readme, f"README lacks: {' '.join(command)}"


def test_a_restore_into_a_new_database_has_everything(private_cluster, source):
    url, dump = source
    target = private_cluster.fresh_database("mentorhub_restored")
    done = run(*RESTORE_NEW, f"--dbname={plain(target)}", str(dump))
    assert done.returncode == 0, done.stderr
    assert row_counts(target) == row_counts(url)
    assert row_counts(target)["users"] == 2

    # The restored database is one the app can run on: a log-in works.
    app = create_app(
        config_class(SQLALCHEMY_DATABASE_URI=target, CONTENT_DIR=str(ROOT / "content"))
    )
    try:
        with app.app_context():
            upgrade()  # nothing to do: the dump has the schema at head
        log_in(app.test_client(), who("restored.trainee"), PASSWORD)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_restore_over_a_changed_database_puts_it_back(private_cluster, source):
    url, dump = source
    target = private_cluster.fresh_database("mentorhub_restored_over")
    assert run(*RESTORE_NEW, f"--dbname={plain(target)}", str(dump)).returncode == 0
    engine = sa.create_engine(target, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:  # what happened after the backup, to be undone
        connection.execute(sa.text("DELETE FROM curriculum_items"))
        connection.execute(sa.text("UPDATE users SET display_name = 'Changed later'"))
    engine.dispose()
    assert row_counts(target) != row_counts(url)
    done = run(*RESTORE_OVER, f"--dbname={plain(target)}", str(dump))
    assert done.returncode == 0, done.stderr
    assert row_counts(target) == row_counts(url)
    assert names(target) == names(url) and "Changed later" not in names(target)


def test_a_clean_restore_into_an_empty_database_needs_if_exists(private_cluster, source):
    _url, dump = source
    empty = private_cluster.fresh_database("mentorhub_restored_empty")
    without = [part for part in RESTORE_OVER if part != "--if-exists"]
    failed = run(*without, f"--dbname={plain(empty)}", str(dump))
    assert failed.returncode == 1 and "does not exist" in failed.stderr  # the old README's way
    done = run(*RESTORE_OVER, f"--dbname={plain(empty)}", str(dump))
    assert done.returncode == 0, done.stderr
    assert row_counts(empty)["users"] == 2
