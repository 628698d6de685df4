"""`flask content new`: start a module from the template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import FIXTURES


@pytest.fixture
def app_config(app_config, tmp_path):
    """The fixture content in a folder the test may change."""
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def test_content_new_writes_a_module_that_passes_the_check(runner, app_config):
    result = runner.invoke(args=["content", "new", "gamma", "--title", "Gamma: a start"])
    assert result.exit_code == 0, result.output
    path = Path(app_config["CONTENT_DIR"]) / "modules" / "gamma.md"
    assert f"Wrote {path}" in result.output
    assert "content check" in result.output
    text = path.read_text(encoding="utf-8")
    assert 'title: "Gamma: a start"' in text
    assert "order: 30" in text  # 10 after beta, the last fixture module
    check = runner.invoke(args=["content", "check"])
    assert check.exit_code == 0, check.output
    assert "3 modules" in check.output


def test_content_new_takes_an_order(runner, app_config):
    result = runner.invoke(args=["content", "new", "gamma", "--order", "15"])
    assert result.exit_code == 0, result.output
    path = Path(app_config["CONTENT_DIR"]) / "modules" / "gamma.md"
    assert "order: 15" in path.read_text(encoding="utf-8")


def test_content_new_refuses_an_existing_module(runner, app_config):
    alpha = Path(app_config["CONTENT_DIR"]) / "modules" / "alpha.md"
    before = alpha.read_text(encoding="utf-8")
    result = runner.invoke(args=["content", "new", "alpha"])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert alpha.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("bad_id", ["Not A Slug", "certificate"])
def test_content_new_refuses_a_bad_id(runner, app_config, bad_id):
    result = runner.invoke(args=["content", "new", bad_id])
    assert result.exit_code == 1
    assert "Error:" in result.output
    modules = Path(app_config["CONTENT_DIR"]) / "modules"
    assert sorted(p.name for p in modules.iterdir()) == ["alpha.md", "beta.md"]


def test_content_new_refuses_a_negative_order(runner):
    result = runner.invoke(args=["content", "new", "gamma", "--order", "-5"])
    assert result.exit_code == 2
