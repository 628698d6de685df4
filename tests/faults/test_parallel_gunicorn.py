"""The parallel-duplicate checks of tests/app/concurrency, run again where the races were
found: gunicorn with 2 sync workers (two processes, each with its own connections) on
PostgreSQL. A double-tapped feedback is one response, counted once; every part marked
done at once leaves the module's completion; a part marked done or a reflection saved by
requests together is one row and no 500; of two trainers saving the same adaptation (or
a module's first one) together, one is accepted and the other told "saved meanwhile"
with their text kept; group sessions' attendance, plans, "I can't come" and calendar
addresses, and the readiness checklist's ticks, sign-offs, decisions and lines, each
stored once.

Each check is the test function of tests/app/concurrency itself (a new test or file there runs
here too), called with the app on the private cluster's database (to seed people and
count rows) and a gunicorn serving the same content; what that check made gunicorn log
must hold no error. One gunicorn serves every check: starting and stopping one takes
3-5 s, more than a check (the tables are emptied between checks, as for every fault test).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.app.concurrency.helpers import race_content
from tests.faults.conftest import production_env
from tests.faults.server import Gunicorn, start_gunicorn

# One private PostgreSQL cluster: make test runs these in one process, after the rest.
pytestmark = pytest.mark.faults

CONCURRENCY_DIR = Path(__file__).resolve().parent.parent / "app" / "concurrency"
# Every tests/app/concurrency/test_parallel_*.py, so a new file runs here without a list.
SUITES = [
    importlib.import_module(f"tests.app.concurrency.{path.stem}")
    for path in sorted(CONCURRENCY_DIR.glob("test_parallel_*.py"))
]
CHECKS: list[Callable] = [
    check
    for suite in SUITES
    for name, check in vars(suite).items()
    if name.startswith("test_") and inspect.isfunction(check)
]


@pytest.fixture(scope="module")
def races_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The concurrency tests' content: the fixture modules plus `many` (six parts)."""
    return race_content(tmp_path_factory.mktemp("races") / "content")


@pytest.fixture
def faults_content(races_content: Path) -> Path:
    """`faults_app` (seeding, counting) reads the content gunicorn serves."""
    return races_content


@pytest.fixture(scope="module")
def gunicorn(
    faults_database_url: str, races_content: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gunicorn]:
    """gunicorn as `serve` starts it (2 sync workers, production settings), for the module."""
    folder = tmp_path_factory.mktemp("gunicorn")
    env = production_env(faults_database_url, folder / "instance", CONTENT_DIR=str(races_content))
    server = start_gunicorn(env, folder / "gunicorn.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__.removeprefix("test_"))
def test_under_gunicorn(check: Callable, faults_app, gunicorn: Gunicorn) -> None:
    assert gunicorn.process.poll() is None and len(gunicorn.worker_pids) == 2
    check(faults_app, gunicorn.from_now_on())  # ends with no_errors: none logged meanwhile


def test_the_errors_are_read_from_gunicorns_log(tmp_path: Path) -> None:
    """What `no_errors` sees of gunicorn: an exception the app logged, with its traceback
    (whose lines may start with "["), and a worker gunicorn had to kill; after
    `from_now_on`, only what is logged later."""
    log = tmp_path / "gunicorn.log"
    log.write_text(
        "[2026-12-02 03:07:13 +0000] [1] [INFO] Starting gunicorn 27.0.1\n"
        "[2026-12-02 03:07:16,257] ERROR in app: Exception on /training [POST]\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "sqlalchemy.exc.IntegrityError: duplicate key value\n"
        "[SQL: INSERT INTO reflections ...]\n"
        "[2026-12-02 03:07:17 +0000] [1] [INFO] Worker exiting (pid: 2)\n"
        "[2026-12-02 03:07:48 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:3)\n"
    )
    server = Gunicorn(process=None, url="", log=log)  # type: ignore[arg-type]
    errors = server.errors
    assert [error.splitlines()[0] for error in errors] == [
        "[2026-12-02 03:07:16,257] ERROR in app: Exception on /training [POST]",
        "[2026-12-02 03:07:48 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:3)",
    ]
    assert "[SQL: INSERT INTO reflections ...]" in errors[0]  # the whole record
    later = server.from_now_on()
    assert later.errors == []
    with log.open("a") as more:
        more.write("[2026-12-02 03:08:00 +0000] [1] [ERROR] Worker (pid:4) was sent SIGKILL!\n")
    assert len(later.errors) == 1 and len(server.errors) == 3
