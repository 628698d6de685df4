"""Seminar downloads: a PDF of each Markdown material and one ZIP of everything.

Each is built once per content version and kept on disk under the instance
folder, named by a hash of what went into it, so every app worker (and every
restart) reuses it, and a changed file gets a new name. Files are written to a
temporary name and renamed, so a half-written download is never served.

When the cache folder cannot be written (read-only, full, missing rights), a
download is built and sent from memory instead, and the problem is logged once
(again only after the folder has worked in between).
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..content.seminar import Event, Material
from ..kept_files import write_atomically

BUILD_VERSION = "1"  # bump when the PDF or ZIP layout changes
log = logging.getLogger(__name__)
_unwritable: set[Path] = set()  # cache folders whose failure has been logged
_unwritable_lock = threading.Lock()

Render = Callable[[Event, Material], bytes]


@dataclass(frozen=True)
class Download:
    """A built file: kept in the cache (`path`), or only in memory (`data`)."""

    key: str  # a hash of what went into it: the same content gives the same key
    path: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{path.name}:{stat.st_mtime_ns}:{stat.st_size}"


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join((BUILD_VERSION, *parts)).encode()).hexdigest()[:24]


def _keep(target: Path, key: str, data: bytes) -> Download:
    """Write `data` to the cache if it can be; either way, a download to send."""
    folder = target.parent
    try:
        write_atomically(target, data)
    except OSError as error:
        with _unwritable_lock:
            first = folder not in _unwritable
            _unwritable.add(folder)
        if first:
            log.warning(
                "Seminar downloads cannot be cached in %s (%s); building them in memory "
                "on every request until it can be written.",
                folder,
                error.strerror or error,
            )
        return Download(key, data=data)
    with _unwritable_lock:
        _unwritable.discard(folder)
    return Download(key, path=target)


def _material_target(event: Event, material: Material, cache_dir: Path) -> tuple[Path, str]:
    key = _key(event.slug, material.id, _stamp(material.path), _stamp(event.folder / "index.md"))
    return cache_dir / f"{event.slug}-{material.id}-{key}.pdf", key


def cached_pdf_size(event: Event, material: Material, cache_dir: Path) -> int | None:
    """The size of a material's PDF if it is built already; None if not (never builds)."""
    try:
        target, _key = _material_target(event, material, cache_dir)
        return target.stat().st_size
    except OSError:
        return None


def material_pdf(event: Event, material: Material, cache_dir: Path, render: Render) -> Download:
    """The PDF of a Markdown material, built by `render` the first time it is asked for."""
    target, key = _material_target(event, material, cache_dir)
    if target.is_file():
        return Download(key, path=target)
    return _keep(target, key, render(event, material))


def readme_text(event: Event) -> str:
    lines = [
        event.title,
        f"{event.date:%-d %B %Y}, {event.venue}",
        "",
        "What is in this folder:",
        "",
    ]
    for material in event.materials:
        lines.append(f"- {download_name(material)}: {material.title} ({material.type_label})")
        lines.append(f"  {material.summary}")
    return "\n".join(lines) + "\n"


def download_name(material: Material) -> str:
    return f"{material.id}.pdf" if material.is_markdown else material.path.name


def event_zip(event: Event, cache_dir: Path, render: Render) -> Download:
    """Every material in one ZIP (Markdown ones as PDFs) with a README."""
    stamps = [_stamp(event.folder / "index.md")] + [_stamp(m.path) for m in event.materials]
    key = _key(event.slug, *stamps)
    target = cache_dir / f"{event.slug}-all-{key}.zip"
    if target.is_file():
        return Download(key, path=target)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("README.txt", event.folder / "index.md"), readme_text(event))
        for material in event.materials:
            if material.is_markdown:
                pdf = material_pdf(event, material, cache_dir, render)
                archive.writestr(_entry(download_name(material), material.path), pdf.read())
            else:
                archive.write(material.path, arcname=download_name(material))
    return _keep(target, key, buffer.getvalue())


def _entry(name: str, dated_like: Path) -> zipfile.ZipInfo:
    """A ZIP entry dated like the file it comes from (not "now")."""
    entry = zipfile.ZipInfo.from_file(dated_like, arcname=name)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry
