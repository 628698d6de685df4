"""Limits on what a content file may hold: a size (CONTENT_MAX_BYTES) and no YAML
aliases. A file past them is reported with its path and left out; the rest serve."""

from __future__ import annotations

import shutil

import pytest

from config import Config
from tests.factories import FIXTURES, write_module


@pytest.fixture
def content_dir(tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def app_config(app_config, content_dir):
    return {**app_config, "CONTENT_DIR": str(content_dir), "CONTENT_MAX_BYTES": 20_000}


def test_the_default_limit_is_200_kb():
    assert Config.CONTENT_MAX_BYTES == 200 * 1024


def test_a_module_over_the_size_limit_is_reported_and_left_out(app, client, runner, content_dir):
    path = write_module(content_dir, "huge", "## Part\n\n" + "Words and more words. " * 1_500)
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert f"{path}: the file is too big (33 KB" in result.output
    assert "CONTENT_MAX_BYTES" in result.output
    assert client.get("/modules/huge").status_code == 404
    assert client.get("/modules/alpha").status_code == 200


def test_a_module_within_the_limit_loads(runner, content_dir):
    write_module(content_dir, "fine", "## Part\n\n" + "Words and more words. " * 500)
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output


def test_the_check_of_another_folder_uses_the_same_limit(runner, content_dir, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(content_dir, other)
    write_module(other, "huge", "## Part\n\n" + "x " * 20_000)
    result = runner.invoke(args=["content", "check", str(other)])
    assert result.exit_code == 1 and "too big" in result.output


def test_yaml_aliases_in_front_matter_are_reported_with_the_line(runner, content_dir):
    path = content_dir / "modules" / "aliased.md"
    path.write_text(
        "---\nid: aliased\ntitle: &t Aliased\nsummary: *t\nversion: 1\norder: 1\n"
        "duration_minutes: 5\nfocus: [core]\nobjectives: [x]\nprerequisites: []\n---\n\n"
        "## Part\n\nText.\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert f"{path}:4:" in result.output and "alias" in result.output
