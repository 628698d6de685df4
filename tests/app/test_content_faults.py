"""Content going wrong while the site runs: one bad file takes out one module,
files that come and go never give a 500, and /health says when content is broken."""

from __future__ import annotations

import shutil
import threading
from html import unescape
from pathlib import Path

import pytest

from mentorhub import create_app
from mentorhub.extensions import db
from tests.conftest import ROOT, config_class
from tests.factories import FIXTURES, module_text

SHIPPED = ROOT / "content"
# Every shipped module needs this one, directly or through another.
FIRST = "welcome"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def app_config(app_config, content_dir):
    return {**app_config, "CONTENT_DIR": str(content_dir)}


def shipped_ids() -> list[str]:
    return sorted(p.stem for p in (SHIPPED / "modules").glob("*.md"))


def library_ids(client) -> set[str]:
    html = client.get("/modules").get_data(as_text=True)
    return {module_id for module_id in shipped_ids() if f'href="/modules/{module_id}"' in html}


def needs_first() -> str:
    """A shipped module that lists FIRST as its prerequisite."""
    for path in sorted((SHIPPED / "modules").glob("*.md")):
        if f"prerequisites: [{FIRST}]" in path.read_text(encoding="utf-8"):
            return path.stem
    raise AssertionError(f"no shipped module needs {FIRST!r}")


@pytest.mark.parametrize("fault", ["broken", "deleted"])
def test_breaking_the_first_module_takes_out_only_that_module(client, content_dir, fault):
    path = content_dir / "modules" / f"{FIRST}.md"
    if fault == "broken":
        path.write_text("---\ntitle: [unclosed\n---\n\n## Part\n\nText.\n", encoding="utf-8")
    else:
        path.unlink()
    assert library_ids(client) == set(shipped_ids()) - {FIRST}

    dependent = client.get(f"/modules/{needs_first()}")
    html = unescape(dependent.get_data(as_text=True))
    assert dependent.status_code == 200
    assert f"“{FIRST}” (not available at the moment)" in html
    assert client.get(f"/modules/{FIRST}").status_code == 404

    health = client.get("/health")
    assert health.status_code == 200
    assert health.json["status"] == "degraded" and health.json["content"] == "problems"
    assert health.json["modules"] == len(shipped_ids()) - 1


def test_content_check_warns_about_a_broken_prerequisite(app, runner, content_dir):
    (content_dir / "modules" / f"{FIRST}.md").write_text("not a module", encoding="utf-8")
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1  # the broken file itself is a problem
    lines = result.output.splitlines()
    assert any(f"{FIRST}.md" in line and "front-matter" in line for line in lines)
    warning = [line for line in lines if line.startswith("warning:") and needs_first() in line]
    assert warning and f"'{FIRST}' could not be loaded" in warning[0]


def test_health_is_degraded_when_the_library_is_empty(app_config, tmp_path):
    empty = tmp_path / "empty-content"
    (empty / "modules").mkdir(parents=True)
    bare = create_app(config_class(**{**app_config, "CONTENT_DIR": str(empty)}))
    try:
        response = bare.test_client().get("/health")
    finally:
        with bare.app_context():
            db.engine.dispose()
    assert response.status_code == 200
    assert response.json["status"] == "degraded" and response.json["content"] == "empty"


def test_files_coming_and_going_while_pages_are_served_never_give_a_500(client, content_dir):
    """An author adding, rewriting and deleting files while people read the library."""
    modules = content_dir / "modules"
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.wait(0.001):
            n += 1
            path = modules / f"churn-{n % 7}.md"
            if path.exists():
                path.unlink()
            else:
                path.write_text(module_text(f"churn-{n % 7}"), encoding="utf-8")

    author = threading.Thread(target=churn)
    author.start()
    statuses = []
    try:
        for _ in range(100):
            statuses.append(client.get("/modules").status_code)
            statuses.append(client.get(f"/modules/{needs_first()}").status_code)
    finally:
        stop.set()
        author.join()
    assert set(statuses) == {200}


def test_seminar_folders_coming_and_going_never_give_a_500(client, content_dir):
    seminar = content_dir / "seminar"
    shutil.rmtree(seminar)  # small events only: every change reloads them all
    source = FIXTURES / "content" / "seminar" / "old-event"
    shutil.copytree(source, seminar / source.name)
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.wait(0.001):
            n += 1
            folder = seminar / f"churn-{n % 3}"
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                shutil.copytree(source, folder, dirs_exist_ok=True)

    author = threading.Thread(target=churn)
    author.start()
    statuses = []
    try:
        for _ in range(60):
            statuses.append(client.get("/seminar").status_code)
            statuses.append(client.get(f"/seminar/{source.name}").status_code)
    finally:
        stop.set()
        author.join()
    assert set(statuses) == {200}
