"""Web images in PDFs: every PDF still builds, shows the image's alt text, and never
fetches anything over the network."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mentorhub import pdf
from tests.app.adaptation.helpers import (
    DELTA_BODY,
    build_world,
    client_for,
    editor_url,
    submit_editor,
    write_delta,
)
from tests.factories import FIXTURES

EVENT = "/seminar/spring-event"


class _Recorder(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        self.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that records every request it gets."""
    asked: list[str] = []
    handler = type("Recorder", (_Recorder,), {"asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def app_config(app_config, tmp_path, web_server):
    """Fixture content whose seminar material and module show a web image."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    base, _asked = web_server
    findings = content / "seminar" / "spring-event" / "findings.md"
    findings.write_text(
        findings.read_text() + f"\n\n![Our findings chart]({base}/chart.png)\n", encoding="utf-8"
    )
    write_delta(content, body=DELTA_BODY + f"\n![Delta diagram]({base}/delta.png)\n")
    return {**app_config, "CONTENT_DIR": str(content)}


def _get(client, url: str):
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def test_a_seminar_material_with_a_web_image_still_makes_its_pdf(client, web_server):
    _base, asked = web_server
    assert _get(client, EVENT).status_code == 200
    response = _get(client, f"{EVENT}/findings.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    zipped = _get(client, f"{EVENT}/all-materials.zip")
    assert zipped.status_code == 200
    assert asked == []


def test_a_module_and_an_adaptation_with_web_images_still_make_their_pdfs(app, web_server):
    base, asked = web_server
    world = build_world(app)
    trainer = client_for(app, world["trainer_a"])
    saved = submit_editor(trainer, world["a"], intro=f"Hello ![Our team]({base}/team.png)")
    assert saved.status_code == 302
    for query in ("", "?notes=1"):
        response = _get(trainer, editor_url(world["a"]) + "/module.pdf" + query)
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert asked == []


def _rendered_text(html: str) -> str:
    """The text WeasyPrint lays out for `html` (with the site's fetcher)."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=pdf.shared_fetcher()).render()
    boxes = document.pages[0]._page_box.descendants()
    return " ".join(box.text for box in boxes if hasattr(box, "text"))


def test_a_web_image_is_shown_as_its_alt_text(web_server):
    base, asked = web_server
    text = _rendered_text(f'<p>Before <img src="{base}/a.png" alt="A map of Fife"> after</p>')
    assert "A map of Fife" in text
    assert pdf.render_pdf(f'<img src="{base}/b.png" alt="x">', "").startswith(b"%PDF")
    assert asked == []


def test_every_pdf_in_the_site_uses_the_one_fetcher():
    assert pdf.shared_fetcher() is pdf.shared_fetcher()
    site = Path(pdf.__file__).parent
    makers = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*.py")
        if "write_pdf" in path.read_text(encoding="utf-8")
    ]
    assert makers == ["pdf.py"]
