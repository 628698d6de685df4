"""PostgreSQL stops or restarts under a running gunicorn: the site's own error pages
render meanwhile (never gunicorn's bare page), /health says 503 in JSON, and the app
recovers by itself when the database is back, without being restarted."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from tests.factories import PASSWORD
from tests.faults.checks import is_our_503, wait_for
from tests.faults.http import Answer, Browser

# One private PostgreSQL cluster: make test runs these in one process, after the rest.
pytestmark = pytest.mark.faults


def test_an_outage_gives_our_error_page_and_health_503_then_recovers(
    served, private_cluster, trainee
):
    browser = served.browser().log_in(trainee, PASSWORD)
    assert browser.get("/training").status == 200
    workers = served.worker_pids
    private_cluster.stop()
    try:
        for path in ("/training", "/account", "/training/welcome"):
            page = browser.get(path)
            assert is_our_503(page), (path, page.status, page.text[:300], served.log_tail())
            assert page.headers["retry-after"] == "30"
            assert "Log out" not in page.text  # drawn without asking who is logged in
        health = served.browser().get("/health")
        assert health.status == 503 and health.headers["content-type"] == "application/json"
        assert health.json()["status"] == "down" and health.json()["database"] == "down"
        assert served.browser().get("/modules").status == 200  # no database needed
    finally:
        private_cluster.start()
    _answer, took = wait_for(lambda: browser.get("/training").status == 200, seconds=10)
    assert served.browser().get("/health").json()["status"] == "ok"
    assert served.process.poll() is None and served.worker_pids == workers  # not restarted
    print(f"recovered {took:.2f} s after PostgreSQL was back")


def test_a_restart_under_load_recovers_without_restarting_the_app(served, private_cluster, trainee):
    logged_in = served.browser().log_in(trainee, PASSWORD)
    stop = threading.Event()
    answers: list[tuple[str, Answer]] = []
    failures: list[str] = []

    def load(browser: Browser, path: str) -> None:
        while not stop.is_set():
            try:
                answers.append((path, browser.get(path)))
            except OSError as error:  # no answer at all: a dead worker or a hang
                failures.append(f"{path}: {error!r}")

    threads = [
        threading.Thread(target=load, args=(logged_in.clone(), "/training")),
        threading.Thread(target=load, args=(logged_in.clone(), "/account")),
        threading.Thread(target=load, args=(served.browser(), "/health")),
        threading.Thread(target=load, args=(served.browser(), "/modules")),
    ]
    workers = served.worker_pids
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        for _ in range(2):
            private_cluster.restart()
            time.sleep(1)
        restarted_at = time.monotonic()
        wait_for(lambda: logged_in.get("/training").status == 200, seconds=10)
        recovery = time.monotonic() - restarted_at
        time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    assert not failures, failures[:5]
    by_status = Counter((path, a.status) for path, a in answers)
    print(f"{len(answers)} answers during two restarts: {dict(by_status)}")
    unexpected = [
        (path, a.status, a.text[:200])
        for path, a in answers
        if not (a.status == 200 or (path == "/health" and a.status == 503) or is_our_503(a))
    ]
    assert not unexpected, (unexpected[:5], served.log_tail(80))
    assert all(a.status == 200 for path, a in answers if path == "/modules")
    assert by_status[("/training", 200)] > 0 and by_status[("/health", 200)] > 0
    assert served.process.poll() is None and served.worker_pids == workers
    assert recovery < 5, f"took {recovery:.1f} s to serve logged-in pages again"
