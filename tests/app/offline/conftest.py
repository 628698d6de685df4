"""Fixtures for the offline tests: the fixture content (alpha, beta) plus gamma, and a
trainee logged in with a CSRF token for the JSON endpoints."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from tests.app.test_training import GAMMA, new_trainee
from tests.factories import FIXTURES, csrf_token, log_in, write_module


@pytest.fixture
def app_config(app_config, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    write_module(content, "gamma", GAMMA, title="Gamma module", focus=["transitions"], order=30)
    return {**app_config, "CONTENT_DIR": str(content)}


@pytest.fixture
def trainee(app, client) -> SimpleNamespace:
    """A trainee (alpha required; beta, gamma optional), logged in on `client`."""
    person = new_trainee(app)
    log_in(client, person)
    person.token = csrf_token(client, "/training")
    return person


def send(client, token: str | None, *marks: dict, **payload):
    """POST marks to /offline/marks as the phone does (JSON, token in a header)."""
    headers = {"X-CSRFToken": token} if token else {}
    body = payload or {"marks": list(marks)}
    return client.post("/offline/marks", json=body, headers=headers)


def done_mark(ref: int, module: str = "alpha", section: str = "getting-started", **more):
    return {"ref": ref, "kind": "done", "module": module, "section": section, **more}


def answer_mark(ref: int, text: str, made_at: str | None = None, **more):
    return {"ref": ref, "kind": "reflection", "module": "alpha", "section": "part-two",
            "block": "think-about-it", "text": text, "made_at": made_at, **more}  # fmt: skip
