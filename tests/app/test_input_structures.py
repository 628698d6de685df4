"""Structured input a trainer can send: the preview's JSON and an adaptation file's
YAML settings. Deep nesting, wrong shapes and YAML aliases get a clear message."""

from __future__ import annotations

import io
import json

import pytest

from tests.app.adaptation.helpers import build_world, client_for, content_with_delta, editor_url
from tests.factories import csrf_token

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "CONTENT_DIR": str(content_with_delta(tmp_path))}


@pytest.fixture
def trainer(app):
    world = build_world(app)
    client = client_for(app, world["trainer_a"])
    client.url = editor_url(world["a"])
    client.token = csrf_token(client, client.url)
    return client


@pytest.mark.parametrize(
    "document",
    [
        DEEP,
        json.dumps({"intro": "x"})[:-1] + ', "changes": ' + DEEP + "}",
        json.dumps({"intro": 5}),
        json.dumps({"intro": ["a"]}),
        json.dumps({"changes": ["welcome"]}),
        json.dumps({"changes": {"welcome": "hide"}}),
        json.dumps({"changes": {"welcome": {"action": "explode"}}}),
        json.dumps({"new_sections": {"id": "x"}}),
        json.dumps({"new_sections": [{"id": 1, "title": "t", "text": "x"}]}),
        json.dumps({"new_sections": [{"title": "no id", "text": "x"}]}),
        json.dumps({"local_blocks": {"your-coordinator": {"deep": 1}}}),
        json.dumps(["not", "an", "object"]),
        "not json at all",
    ],
    ids=lambda d: d[:30],
)
@pytest.mark.parametrize("action", ["/preview/save", "/preview/edit"])
def test_a_broken_preview_is_a_clear_400(trainer, document, action):
    response = trainer.post(
        trainer.url + action, data={"document": document, "csrf_token": trainer.token}
    )
    assert response.status_code == 400
    assert "The preview could not be read" in response.get_data(as_text=True)


ALIAS_BOMB = b"""---
extends: delta
base_version: 1
programme: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
revision: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
---
## Programme introduction

Hello.
"""


@pytest.mark.parametrize(
    ("upload", "line"),
    [
        (ALIAS_BOMB, 5),
        (b"---\nextends: &m delta\nbase_version: 1\nprogramme: *m\n---\n", 4),
    ],
)
def test_yaml_aliases_in_an_adaptation_file_are_refused(trainer, upload, line):
    data = {"csrf_token": trainer.token, "file": (io.BytesIO(upload), "ours.md")}
    response = trainer.post(trainer.url + "/import", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "alias" in page and f"ours.md:{line}:" in page
    assert len(page) < 50_000


def test_too_many_settings_lines_are_refused(trainer):
    upload = b"---\nextends: delta\nbase_version: 1\n" + b"# a comment\n" * 2000 + b"---\n"
    data = {"csrf_token": trainer.token, "file": (io.BytesIO(upload), "ours.md")}
    response = trainer.post(trainer.url + "/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "settings" in response.get_data(as_text=True)
