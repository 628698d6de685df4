"""Fixtures for the kept programme page's tests."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

import mentorhub.programmes.views as programme_views
from tests.app.programme_page.helpers import programme_with
from tests.factories import FIXTURES


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The programme ids whose page body was rendered (not taken from the kept ones)."""
    seen: list[int] = []
    real = programme_views._detail_body

    def spy(programme, catalogue, sort):
        seen.append(programme.id)
        return real(programme, catalogue, sort)

    monkeypatch.setattr(programme_views, "_detail_body", spy)
    return seen


@pytest.fixture
def fife(app) -> SimpleNamespace:
    return programme_with(app, "Fife Peer Mentors", ["Aileen Brodie", "Bruce Kerr"])
