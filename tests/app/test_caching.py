"""Library and module pages: ETags, 304s and the page cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import FIXTURES, edit_file


@pytest.fixture
def app_config(app_config, tmp_path):
    """The fixture content in a folder the test may change."""
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.mark.parametrize("url", ["/modules", "/modules/alpha", "/modules?focus=core"])
def test_pages_send_an_etag_and_answer_a_matching_request_with_304(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert "Content-Security-Policy" in again.headers


def test_a_stale_etag_gets_the_full_page(client):
    response = client.get("/modules/alpha", headers={"If-None-Match": '"not-the-etag"'})
    assert response.status_code == 200
    assert b"Alpha module" in response.data


def test_changing_a_content_file_changes_the_page_and_its_etag(client, app_config):
    before = client.get("/modules/alpha")
    edit_file(
        Path(app_config["CONTENT_DIR"]) / "modules" / "alpha.md", "Alpha module", "Alpha, rewritten"
    )
    after = client.get("/modules/alpha", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert b"Alpha, rewritten" in after.data
    assert after.headers["ETag"] != before.headers["ETag"]


def test_query_arguments_that_do_not_matter_do_not_fill_the_cache(client, app):
    cache = app.extensions["mentorhub.page_cache"]
    client.get("/modules/alpha")
    size = len(cache)
    for n in range(20):
        assert client.get(f"/modules/alpha?junk={n}").status_code == 200
    assert len(cache) == size


def test_the_content_warning_page_and_the_module_are_cached_apart(client):
    warning = client.get("/modules/beta")
    module = client.get("/modules/beta?start=1")
    assert warning.headers["ETag"] != module.headers["ETag"]
    assert b"Only section" in module.data and b"Only section" not in warning.data


def test_not_found_is_never_cached(client, app):
    assert client.get("/modules/nope").status_code == 404
    assert "ETag" not in client.get("/modules/nope").headers


def test_a_cached_page_is_served_without_running_the_view(app, client, monkeypatch):
    client.get("/modules/alpha")  # fills the cache
    calls = []
    view = app.view_functions["library.module"]
    monkeypatch.setitem(
        app.view_functions, "library.module", lambda **kw: calls.append(kw) or view(**kw)
    )
    monkeypatch.setattr(
        app.view_functions["library.module"], "content_page_vary", ("start",), raising=False
    )
    response = client.get("/modules/alpha")
    assert response.status_code == 200 and b"Alpha module" in response.data
    assert calls == []


def test_logged_in_staff_never_get_the_shared_page(app, client):
    from tests.factories import log_in, make_user

    anonymous = client.get("/modules/alpha")
    assert b"SECRET-TRAINER-NOTE" not in anonymous.data
    trainer = app.test_client()
    with app.app_context():
        log_in(trainer, make_user("trainer"))
    page = trainer.get("/modules/alpha")
    assert b"SECRET-TRAINER-NOTE" in page.data  # trainers see trainer notes
    assert b"Log out" in page.data
    assert "private" in page.headers["Cache-Control"] and "ETag" not in page.headers
    again = client.get("/modules/alpha")
    assert b"SECRET-TRAINER-NOTE" not in again.data and b"Log out" not in again.data
