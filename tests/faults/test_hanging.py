"""A database that hangs rather than refuses: requests fail fast, with the site's
error page, instead of waiting for gunicorn to kill the worker after 30 s."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from tests.factories import PASSWORD
from tests.faults.checks import is_our_503, wait_for
from tests.faults.conftest import DATABASE

# One private PostgreSQL cluster: make test runs these in one process, after the rest.
pytestmark = pytest.mark.faults


def test_a_lock_held_elsewhere_fails_fast_with_the_error_page(serve, faults_database_url, trainee):
    served = serve(DATABASE_STATEMENT_TIMEOUT_MS="1000")
    browser = served.browser().log_in(trainee, PASSWORD)
    engine = sa.create_engine(faults_database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as holder:  # a stuck report or migration holding a lock
            holder.exec_driver_sql("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            page = browser.get("/training")
            assert is_our_503(page), (page.status, page.text[:300])
            assert page.seconds < 3, f"waited {page.seconds:.1f} s"
            assert served.browser().get("/modules").status == 200  # needs no database
            holder.rollback()
        assert browser.get("/training").status == 200  # at once, once the lock goes
    finally:
        engine.dispose()


def test_a_paused_database_server_fails_fast_then_recovers(served, private_cluster, trainee):
    """The server process stops answering (SIGSTOP): a new connection is accepted by
    the kernel and then hears nothing. The connect timeout (2 s here) ends the wait."""
    browser = served.browser().log_in(trainee, PASSWORD)
    assert browser.get("/training").status == 200
    # Close the app's pooled connections first, so its next request must connect anew.
    private_cluster.terminate_connections(DATABASE)
    wait_for(lambda: _connections(private_cluster) == 0, seconds=10)
    private_cluster.pause()
    try:
        page = browser.get("/training")
        health = served.browser().get("/health")
    finally:
        private_cluster.resume()
    assert is_our_503(page), (page.status, page.text[:300], served.log_tail())
    assert page.seconds < 6, f"waited {page.seconds:.1f} s for a paused database"
    assert health.status == 503 and health.json()["database"] == "down"
    assert health.seconds < 6
    started = time.monotonic()
    wait_for(lambda: browser.get("/training").status == 200, seconds=10)
    print(
        f"paused: error page in {page.seconds:.2f} s, /health in {health.seconds:.2f} s; "
        f"recovered {time.monotonic() - started:.2f} s after resuming"
    )


def _connections(cluster) -> int:
    return int(cluster.sql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}'"))
