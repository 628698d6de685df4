"""Fixtures for the parallel-request tests: the fixture content plus `many` (a module of
six parts), and the app served by a real threaded server (tests/live_server.py).

Every test here takes just `app` and `server`: tests/faults/test_parallel_gunicorn.py
runs each of them again against gunicorn (2 worker processes) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app.concurrency.helpers import race_content
from tests.live_server import LiveServer, serve


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "CONTENT_DIR": str(race_content(tmp_path / "content"))}


@pytest.fixture
def server(app) -> Iterator[LiveServer]:
    with serve(app) as live:
        yield live
