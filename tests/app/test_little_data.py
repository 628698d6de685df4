"""Little data: compressed responses, static files kept for a year at versioned
addresses, and the budgets a page on a pay-as-you-go phone must keep to."""

from __future__ import annotations

import gzip
import re
from types import SimpleNamespace

import brotli
import pytest

from mentorhub.content.check import check_content
from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from tests.conftest import ROOT
from tests.factories import log_in, make_programme, make_user, write_module

KB = 1024
MODULE_PAGE_BUDGET = 25 * KB  # compressed
STYLESHEET_BUDGET = 15 * KB  # compressed
STATIC = ROOT / "site" / "mentorhub" / "static"
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


def fetch(client, url: str, encoding: str):
    """The response as a browser that accepts `encoding` gets it, and its plain body."""
    response = client.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers.get("Content-Encoding") == encoding, url
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    return response, body, DECODE[encoding](body)


def stylesheet_url(client) -> str:
    home = client.get("/").get_data(as_text=True)
    return re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', home).group(1)


# --- compression ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_pages_and_the_stylesheet_are_compressed(client, encoding):
    plain = client.get("/modules").get_data()
    _response, body, decoded = fetch(client, "/modules", encoding)
    assert decoded == plain
    assert len(body) < len(plain) / 3
    _response, body, decoded = fetch(client, stylesheet_url(client), encoding)
    assert decoded == (STATIC / "css" / "site.css").read_bytes()


def test_without_accept_encoding_nothing_is_compressed(client):
    response = client.get("/modules")
    assert "Content-Encoding" not in response.headers


def test_a_cached_public_page_answers_304_to_its_compressed_etag(client):
    _response, _body, _decoded = fetch(client, "/modules", "br")
    etag = client.get("/modules", headers={"Accept-Encoding": "br"}).headers["ETag"]
    assert etag.endswith(':br"')
    again = client.get("/modules", headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


# --- static files --------------------------------------------------------------------


def test_static_addresses_carry_the_files_version_and_are_kept_a_year(client):
    url = stylesheet_url(client)
    response = client.get(url)
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache


@pytest.mark.parametrize("query", ["", "?v=0000000000"])
def test_a_static_file_at_another_version_is_sent_but_not_kept(client, query):
    response = client.get(f"/static/css/site.css{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_changed_static_file_gets_a_new_address(app, tmp_path):
    from mentorhub.static_files import AssetVersions

    (tmp_path / "a.css").write_text("a{}")
    versions = AssetVersions(tmp_path, recheck_after=0)
    first = versions.version("a.css")
    (tmp_path / "a.css").write_text("a{color:red}")
    assert versions.version("a.css") not in (None, first)
    assert versions.version("missing.css") is None
    assert versions.version("../etc/passwd") is None


def test_a_static_file_is_looked_at_again_only_after_a_while(app, tmp_path, monkeypatch):
    """Its size and mtime are read at most every `recheck_after` seconds: every page
    builds several static addresses."""
    from mentorhub import static_files

    now = [1000.0]
    monkeypatch.setattr(static_files.time, "monotonic", lambda: now[0])
    (tmp_path / "a.css").write_text("a{}")
    versions = static_files.AssetVersions(tmp_path, recheck_after=2)
    first = versions.version("a.css")
    (tmp_path / "a.css").write_text("a{color:red}")
    now[0] += 1
    assert versions.version("a.css") == first
    now[0] += 1.5
    assert versions.version("a.css") not in (None, first)
    assert versions.version("../etc/passwd") is None


# --- budgets -------------------------------------------------------------------------


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CONTENT_DIR": str(ROOT / "content")}


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_every_module_page_a_trainee_opens_is_within_budget(app, client, encoding):
    """The shipped modules, each as a trainee sees it (progress, reflection forms)."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules)
        set_curriculum(programme, [(m.id, True) for m in modules])
        db.session.commit()
        username = make_user(programme=programme).username
    log_in(client, SimpleNamespace(username=username))
    sizes = {}
    for module in modules:
        _response, body, _decoded = fetch(client, f"/training/{module.id}", encoding)
        sizes[module.id] = len(body)
    print(f"largest module page ({encoding}): {max(sizes.values())} bytes")
    over = {m: size for m, size in sizes.items() if size > MODULE_PAGE_BUDGET}
    assert not over, f"module pages over {MODULE_PAGE_BUDGET} bytes compressed: {over}"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_the_stylesheet_is_within_budget(client, encoding):
    _response, body, _decoded = fetch(client, stylesheet_url(client), encoding)
    print(f"stylesheet ({encoding}): {len(body)} bytes")
    assert len(body) <= STYLESHEET_BUDGET


def test_no_web_fonts():
    fonts = [
        p for p in STATIC.rglob("*") if p.suffix in {".woff", ".woff2", ".ttf", ".otf", ".eot"}
    ]
    assert fonts == []
    for stylesheet in STATIC.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        assert "@font-face" not in css and "@import" not in css, stylesheet


def test_images_in_modules_load_lazily_with_their_size(app, client, tmp_path):
    content = tmp_path / "content"
    write_module(
        content,
        "pictures",
        "## A map\n\n![Fife](fife.png){width=600 height=400}\n\n![Loose](loose.png)\n",
    )
    result = check_content(content)
    images = re.findall(r"<img\b[^>]*>", result_html := _library_html(content))
    assert images and all('loading="lazy"' in tag for tag in images), result_html
    assert ' width="600"' in images[0] and ' height="400"' in images[0]
    [warning] = [w for w in result.warnings if "width and height" in w.message]
    assert warning.path.name == "pictures.md"


def _library_html(content) -> str:
    from mentorhub.content import Catalogue

    module = Catalogue(content, check_interval=0).get("pictures")
    return "".join(section.html for section in module.sections)


def test_the_shipped_modules_have_no_image_without_a_size():
    assert [
        w for w in check_content(ROOT / "content").warnings if "width and height" in w.message
    ] == []
