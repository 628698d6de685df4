"""Each certificate's PDF, drawn once and kept on disk until something printed on it
changes.

WeasyPrint takes about 130 ms to draw a certificate; sending a kept one takes well under
a millisecond. The file is named by the certificate's id and a hash of everything that
goes into drawing it: the certificate's HTML exactly as rendered (the name, programme,
partner, modules and their completion dates, minutes online and in group sessions, the
issue date, the code and the address that checks it, and the template's own words), the
stylesheet, this module's BUILD_VERSION and WeasyPrint's version. Any change to any of
them gives a new name, so a changed certificate is drawn afresh, and the old file of that
certificate is removed once the new one is written: one file per certificate.

A file is only ever looked up by the id of the certificate being served, the one the
signed-in trainee holds, and its name also carries the hash of that trainee's own HTML.
When the cache folder cannot be written, the PDF is drawn and sent from memory.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..kept_files import write_atomically
from ..models import Certificate

BUILD_VERSION = "1"  # bump when how a certificate is drawn changes outside the HTML and CSS
log = logging.getLogger(__name__)

Render = Callable[[str, Path], bytes]


@dataclass(frozen=True)
class CertificatePdf:
    key: str  # the hash of what went into it: the same certificate gives the same key
    data: bytes


def certificate_folder() -> Path:
    return Path(current_app.instance_path) / "cache" / "certificates"


@cache
def _weasyprint_version() -> str:
    return version("weasyprint")


def pdf_key(html: str, stylesheet: Path) -> str:
    """A hash of everything that is drawn: the HTML, the stylesheet, how it is drawn."""
    digest = hashlib.sha256()
    for part in (BUILD_VERSION, _weasyprint_version(), html):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(stylesheet.read_bytes())
    return digest.hexdigest()[:32]


def _prefix(certificate_id: int) -> str:
    return f"{int(certificate_id)}-"


def certificate_pdf(
    certificate_id: int, html: str, stylesheet: Path, folder: Path, render: Render
) -> CertificatePdf:
    """The certificate's PDF: the kept one if it was drawn from the same HTML and
    stylesheet; otherwise drawn by `render`, kept, and the certificate's older files
    removed."""
    key = pdf_key(html, stylesheet)
    target = folder / f"{_prefix(certificate_id)}{key}.pdf"
    try:
        return CertificatePdf(key, target.read_bytes())
    except OSError:
        pass  # not drawn yet, or just replaced by a newer version: draw it
    data = render(html, stylesheet)
    try:
        write_atomically(target, data, prefix=_prefix(certificate_id))
    except OSError as error:
        log.warning("Certificates cannot be kept in %s (%s)", folder, error.strerror or error)
        return CertificatePdf(key, data)
    _remove(folder, certificate_id, "*.pdf", keep=target)
    return CertificatePdf(key, data)


def forget_certificate_pdfs(certificate_ids: Iterable[int], folder: Path) -> None:
    """Remove every kept file of these certificates (when their holder's data goes)."""
    for certificate_id in certificate_ids:
        _remove(folder, certificate_id, "*")


def prune_certificate_pdfs(folder: Path) -> int:
    """Remove the kept files of certificates that are gone or whose holder deleted their
    account; return how many certificates' files went. Deleting an account removes its
    PDFs on the app server that deletes it: this does it on every other one."""
    kept: set[int] = set()
    for path in folder.glob("*-*"):
        number = path.name.split("-", 1)[0]
        if number.isdigit():
            kept.add(int(number))
    if not kept:
        return 0
    held = set(
        db.session.scalars(
            sa.select(Certificate.id).where(
                Certificate.id.in_(kept), Certificate.user_id.is_not(None)
            )
        )
    )
    forget_certificate_pdfs(kept - held, folder)
    return len(kept - held)


def _remove(folder: Path, certificate_id: int, pattern: str, keep: Path | None = None) -> None:
    try:
        for path in folder.glob(f"{_prefix(certificate_id)}{pattern}"):
            if path != keep:
                path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("A kept certificate could not be removed from %s (%s)", folder, error)
