"""Keeping certificate PDFs on disk: atomic under concurrent first downloads, one file
per certificate, and removing one certificate's files touches no other's."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mentorhub.learning.certificate_files import (
    certificate_pdf,
    forget_certificate_pdfs,
    pdf_key,
)


@pytest.fixture
def stylesheet(tmp_path) -> Path:
    path = tmp_path / "certificate.css"
    path.write_text("h1 { color: black; }\n")
    return path


def drawing(tag: bytes):
    def render(html: str, stylesheet: Path) -> bytes:
        return b"%PDF " + tag + b" " + html.encode() + b" " * 50_000 + b"%%EOF"

    return render


def test_the_key_covers_the_html_and_the_stylesheet(stylesheet):
    key = pdf_key("<h1>Ann</h1>", stylesheet)
    assert pdf_key("<h1>Ann</h1>", stylesheet) == key
    assert pdf_key("<h1>Anne</h1>", stylesheet) != key
    stylesheet.write_text("h1 { color: navy; }\n")
    assert pdf_key("<h1>Ann</h1>", stylesheet) != key


def test_concurrent_first_downloads_leave_one_whole_file(tmp_path, stylesheet):
    """Eight requests draw the same certificate at once, each slightly differently (as
    two WeasyPrint runs may): every one gets a whole PDF, and the file is one of them."""
    folder = tmp_path / "kept"
    start = threading.Barrier(8)
    results: dict[int, bytes] = {}

    def download(n: int) -> None:
        render = drawing(str(n).encode())

        def slow(html: str, css: Path) -> bytes:
            start.wait()  # all drawn before any is written
            return render(html, css)

        results[n] = certificate_pdf(7, "<h1>Ann</h1>", stylesheet, folder, slow).data

    threads = [threading.Thread(target=download, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(data.startswith(b"%PDF") and data.endswith(b"%%EOF") for data in results.values())
    [kept] = folder.iterdir()  # no half-written .part file left behind
    assert kept.read_bytes() in results.values()
    again = certificate_pdf(7, "<h1>Ann</h1>", stylesheet, folder, drawing(b"never"))
    assert again.data == kept.read_bytes()


def test_a_new_version_replaces_the_old_file_of_that_certificate_only(tmp_path, stylesheet):
    folder = tmp_path / "kept"
    for certificate_id in (1, 12, 21):
        certificate_pdf(certificate_id, "<h1>v1</h1>", stylesheet, folder, drawing(b"1"))
    certificate_pdf(1, "<h1>v2</h1>", stylesheet, folder, drawing(b"2"))
    names = sorted(p.name for p in folder.iterdir())
    assert [n.split("-")[0] for n in names] == ["1", "12", "21"]
    assert b"v2" in (folder / names[0]).read_bytes()


def test_forgetting_removes_those_certificates_files_only(tmp_path, stylesheet):
    folder = tmp_path / "kept"
    for certificate_id in (1, 12, 21):
        certificate_pdf(certificate_id, "<h1>x</h1>", stylesheet, folder, drawing(b"1"))
    (folder / "1-abandoned.part").write_bytes(b"%PDF half")
    forget_certificate_pdfs([1, 21], folder)
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["12"]


def test_forgetting_with_nothing_kept_is_fine(tmp_path):
    forget_certificate_pdfs([3], tmp_path / "never-made")


def test_an_unwritable_folder_gives_the_pdf_from_memory(tmp_path, stylesheet):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    pdf = certificate_pdf(1, "<h1>x</h1>", stylesheet, blocked / "kept", drawing(b"1"))
    assert pdf.data.startswith(b"%PDF")
