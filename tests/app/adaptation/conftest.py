"""Fixtures for the adaptation tests: the `delta` module beside the fixture content,
programmes A and B with their people, and a trainer and a trainee of A logged in."""

from __future__ import annotations

import pytest

from tests.app.adaptation.helpers import build_world, client_for, content_with_delta


@pytest.fixture
def content_dir(tmp_path):
    return content_with_delta(tmp_path)


@pytest.fixture
def app_config(app_config, content_dir):
    return {**app_config, "CONTENT_DIR": str(content_dir)}


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.fixture
def trainer(app, world):
    return client_for(app, world["trainer_a"])


@pytest.fixture
def trainee(app, world):
    return client_for(app, world["trainee_a"])
