"""Fixtures for the group-work tests: the real content, programmes A and B."""

from __future__ import annotations

import pytest

from tests.app.groupwork.helpers import build_world, client_for


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.fixture
def trainer(app, world):
    return client_for(app, world.names["trainer_a"])


@pytest.fixture
def jo(app, world):
    return client_for(app, world.names["jo"])
