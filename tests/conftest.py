"""Shared fixtures: the app, its test client and CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import TestingConfig
from mentorhub import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_config(tmp_path: Path) -> dict:
    """Overrides for the app under test: the shipped content, a throwaway instance folder."""
    return {"CONTENT_DIR": str(ROOT / "content"), "INSTANCE_PATH": str(tmp_path)}


def config_class(base: type = TestingConfig, **overrides: object) -> type:
    """A config class for one test: `base` with some settings overridden."""
    return type(f"Test{base.__name__}", (base,), overrides)


@pytest.fixture
def app(app_config: dict):
    app = create_app(config_class(**app_config))
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
