"""When each module was last checked: the "Last checked" line and Sources list on
module pages and PDFs, and `flask content check` warning (or, with --strict,
failing) about modules due for review."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template

from mentorhub import create_app
from tests.conftest import config_class
from tests.factories import log_in, make_programme, make_user, write_module

SOURCES = [
    {
        "title": "Domestic Abuse (Scotland) Act 2018",
        "url": "https://www.legislation.gov.uk/asp/2018/5",
    },
    {"title": "When to phone 111", "url": "https://www.nhs24.scot/111/"},
]


@pytest.fixture
def app_config(app_config, tmp_path):
    """A content folder with one module checked in March 2026 and one never checked."""
    content = tmp_path / "content"
    write_module(content, "checked", reviewed=dt.date(2026, 3, 15), sources=SOURCES)
    write_module(content, "unchecked", order=20)
    return {**app_config, "CONTENT_DIR": str(content)}


def sources_section(html: str) -> str:
    match = re.search(r'<section class="module-sources".*?</section>', html, re.S)
    assert match, "no Sources section on the page"
    return match.group()


def assert_checked_and_sourced(html: str) -> None:
    section = sources_section(html)
    assert "Last checked: March 2026" in section
    assert '<a href="https://www.legislation.gov.uk/asp/2018/5">Domestic Abuse' in section
    assert '<a href="https://www.nhs24.scot/111/">When to phone 111</a>' in section
    # At the end: after the module's last part.
    assert html.index("Some text.") < html.index('class="module-sources"')


def test_library_page_ends_with_last_checked_and_sources(client):
    html = client.get("/modules/checked").get_data(as_text=True)
    assert_checked_and_sourced(html)
    assert html.index('class="module-sources"') < html.index('class="module__footer"')


def test_a_module_never_checked_shows_no_sources_section(client):
    html = client.get("/modules/unchecked").get_data(as_text=True)
    assert "Some text." in html
    assert "module-sources" not in html and "Last checked" not in html


def test_trainee_page_ends_with_last_checked_and_sources(app, client):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, focus=["core"])
        trainee = make_user(programme=programme)
        log_in(client, trainee)
    response = client.get("/training/checked")
    assert response.status_code == 200
    assert_checked_and_sourced(response.get_data(as_text=True))


def test_module_pdf_ends_with_last_checked_and_sources(app):
    with app.test_request_context():
        module = app.extensions["mentorhub.catalogue"].get("checked")
        html = render_template(
            "adaptation/module_pdf.html",
            programme=SimpleNamespace(name="A programme"),
            module=module,
            with_notes=False,
        )
    assert_checked_and_sourced(html)


# --- flask content check ---


def review_folder(tmp_path: Path) -> Path:
    """One module checked 400 days ago, one 40 days ago."""
    content = tmp_path / "review-content"
    today = dt.date.today()
    write_module(content, "stale", reviewed=today - dt.timedelta(days=400), sources=SOURCES)
    write_module(content, "fresh", reviewed=today - dt.timedelta(days=40), order=20)
    return content


def run_check(app_config, tmp_path, *args, **settings):
    app = create_app(config_class(**{**app_config, **settings}))
    return app.test_cli_runner().invoke(
        args=["content", "check", str(review_folder(tmp_path)), *args]
    )


def test_check_warns_about_a_stale_module_and_still_passes(app_config, tmp_path):
    result = run_check(app_config, tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    [warning] = [line for line in lines if line.startswith("warning: ")]
    assert "stale.md" in warning and "reviewed: last checked" in warning
    assert "more than 12 months ago" in warning
    assert "fresh.md" not in result.output
    assert lines[-1].startswith("OK: 2 modules")


def test_strict_makes_a_stale_module_an_error(app_config, tmp_path):
    result = run_check(app_config, tmp_path, "--strict")
    assert result.exit_code == 1
    assert "warning:" not in result.output
    assert re.search(r"stale\.md:\d+: reviewed: last checked", result.output)
    assert "1 problem(s) found." in result.output
    assert "OK:" not in result.output


def test_content_review_months_sets_how_old_is_too_old(app_config, tmp_path):
    relaxed = run_check(app_config, tmp_path, "--strict", CONTENT_REVIEW_MONTHS=24)
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning:" not in relaxed.output
    strict = run_check(app_config, tmp_path, "--strict", CONTENT_REVIEW_MONTHS=1)
    assert strict.exit_code == 1
    assert "stale.md" in strict.output and "fresh.md" in strict.output
    assert "2 problem(s) found." in strict.output


def test_a_module_without_a_review_date_is_due(runner, app_config):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0
    assert re.search(r"warning: \S*unchecked\.md: reviewed: has no review date", result.output)
    strict = runner.invoke(args=["content", "check", "--strict"])
    assert strict.exit_code == 1 and "unchecked.md" in strict.output


def test_content_review_months_defaults_to_twelve(app):
    assert app.config["CONTENT_REVIEW_MONTHS"] == 12
