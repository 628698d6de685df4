"""`flask content check`, configuration, and the production guard."""

from __future__ import annotations

import shutil

import pytest

from config import DEV_SECRET_KEY, ProductionConfig
from mentorhub import create_app
from tests.conftest import config_class
from tests.factories import FIXTURES


def test_shipped_content_passes_the_check(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    # Nothing but the summary, and warnings once a module's review falls due with time.
    *warnings, summary = result.output.splitlines()
    assert summary.startswith("OK: ")
    assert all(line.startswith("warning: ") and "reviewed:" in line for line in warnings)
    assert "modules" in summary and "sections" in summary


def test_check_takes_a_folder_and_reports_every_problem(runner, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    for name in ("bad-yaml.md", "unknown-focus.md"):
        shutil.copy(FIXTURES / "broken" / name, content / "modules")
    result = runner.invoke(args=["content", "check", str(content)])
    assert result.exit_code == 1
    assert f"{content / 'modules' / 'bad-yaml.md'}:4: invalid YAML" in result.output
    assert f"{content / 'modules' / 'unknown-focus.md'}:8: focus: unknown" in result.output
    assert "2 problem(s) found." in result.output


def test_check_of_a_folder_without_modules_fails(runner, tmp_path):
    result = runner.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "folder not found" in result.output


def test_check_of_the_fixture_folder_summarises(runner):
    result = runner.invoke(args=["content", "check", str(FIXTURES / "content")])
    assert result.exit_code == 0
    *warnings, summary = result.output.splitlines()
    assert summary == (
        "OK: 2 modules, 3 sections, 45 minutes online (0 h 45 min); 2 seminar events, 2 materials."
    )
    # The fixture modules were never reviewed: a warning each, not a problem.
    modules = FIXTURES / "content" / "modules"
    assert warnings == [
        f"warning: {modules / name}: reviewed: has no review date: check its facts against "
        "their sources, then add reviewed: and sources: (docs/authoring.md)"
        for name in ("alpha.md", "beta.md")
    ]


@pytest.mark.parametrize("secret", ["", DEV_SECRET_KEY])
def test_production_refuses_to_start_without_a_real_secret_key(secret, tmp_path):
    with pytest.raises(SystemExit, match="set SECRET_KEY"):
        create_app(config_class(ProductionConfig, SECRET_KEY=secret, INSTANCE_PATH=str(tmp_path)))


def test_production_starts_with_a_secret_key(tmp_path):
    app = create_app(
        config_class(ProductionConfig, SECRET_KEY="x" * 40, INSTANCE_PATH=str(tmp_path))
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not app.debug


def test_settings_come_from_the_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("CONTENT_DIR", "/srv/content")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db/mentorhub")
    monkeypatch.setenv("SUPPORT_LINKS", '[{"label": "Call us", "detail": "Any time"}]')
    monkeypatch.setenv("CONTENT_REVIEW_MONTHS", "6")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.CONTENT_REVIEW_MONTHS == 6
        assert reloaded.Config.CONTENT_DIR == "/srv/content"
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")
        assert reloaded.Config.SUPPORT_LINKS == [{"label": "Call us", "detail": "Any time"}]
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_unknown_environment_name_is_refused(monkeypatch):
    from config import config_for

    monkeypatch.setenv("MENTORHUB_ENV", "staging")
    with pytest.raises(SystemExit, match="not one of"):
        config_for()


def test_the_parsed_content_store_takes_its_size_from_the_settings(tmp_path):
    from mentorhub.content.catalogue import parsed_files

    size = parsed_files.size
    try:
        create_app(config_class(CONTENT_CACHE_FILES=7, INSTANCE_PATH=str(tmp_path)))
        assert parsed_files.size == 7
    finally:
        parsed_files.resize(size)
