"""Fixtures for the parallel-request tests: the fixture content plus `many` (a module of
six parts), and the app served by a real threaded server (tests/live_server.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.factories import FIXTURES, write_module
from tests.live_server import LiveServer, serve

MANY_PARTS = [f"part-{n}" for n in range(1, 7)]


@pytest.fixture
def app_config(app_config, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    body = "".join(f"## Part {n} {{#{part}}}\n\nText {n}.\n\n" for n, part in
                   enumerate(MANY_PARTS, 1))  # fmt: skip
    write_module(content, "many", body, title="Many parts", order=30)
    return {**app_config, "CONTENT_DIR": str(content)}


@pytest.fixture
def server(app) -> Iterator[LiveServer]:
    with serve(app) as live:
        yield live
