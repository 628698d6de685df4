"""A cache folder that cannot be written: the seminar pages and downloads still work
(built and sent from memory), and the problem is logged once."""

from __future__ import annotations

import io
import logging
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.factories import FIXTURES

EVENT = "/seminar/spring-event"


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def blocked_cache(app) -> Path:
    """The cache folder's place is taken by a file, so nothing can be written there
    (what a read-only or full disk does to every write; root ignores chmod)."""
    cache = Path(app.instance_path) / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "seminar").write_text("not a folder")
    return cache / "seminar"


def fetch(client, url: str):
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def test_pages_and_downloads_work_without_a_writable_cache(app, blocked_cache, caplog):
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="mentorhub"):
        page = fetch(client, EVENT)
        pdf = fetch(client, f"{EVENT}/findings.pdf")
        again = fetch(client, f"{EVENT}/findings.pdf")
        bundle = fetch(client, f"{EVENT}/all-materials.zip")
    assert page.status_code == 200 and "The findings" in page.get_data(as_text=True)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == "attachment; filename=findings.pdf"
    assert int(pdf.headers["Content-Length"]) == len(pdf.data)
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
    assert bundle.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    assert sorted(archive.namelist()) == ["README.txt", "findings.pdf", "planner.csv"]
    assert archive.read("findings.pdf").startswith(b"%PDF")
    cache_warnings = [r for r in caplog.records if "cannot be cached" in r.getMessage()]
    assert len(cache_warnings) == 1, [r.getMessage() for r in cache_warnings]
    assert blocked_cache.is_file()  # nothing was written


def test_the_cache_is_used_again_once_it_can_be_written(app, blocked_cache, caplog):
    client = app.test_client()
    assert fetch(client, f"{EVENT}/findings.pdf").status_code == 200
    blocked_cache.unlink()
    response = fetch(client, f"{EVENT}/findings.pdf")
    assert response.status_code == 200 and response.headers.get("ETag")
    assert len(list(blocked_cache.glob("*.pdf"))) == 1
