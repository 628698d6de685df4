"""Seminar downloads: a PDF of each Markdown material and one ZIP of everything.

Each is built once per content version and kept on disk under the instance
folder, named by a hash of what went into it, so every app worker (and every
restart) reuses it, and a changed file gets a new name. Files are written to a
temporary name and renamed, so a half-written download is never served.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..content.seminar import Event, Material

BUILD_VERSION = "1"  # bump when the PDF or ZIP layout changes


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{path.name}:{stat.st_mtime_ns}:{stat.st_size}"


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join((BUILD_VERSION, *parts)).encode()).hexdigest()[:24]


def _write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def material_pdf(
    event: Event, material: Material, cache_dir: Path, render: Callable[[Event, Material], bytes]
) -> Path:
    """The PDF of a Markdown material, built by `render` the first time it is asked for."""
    key = _key(event.slug, material.id, _stamp(material.path), _stamp(event.folder / "index.md"))
    target = cache_dir / f"{event.slug}-{material.id}-{key}.pdf"
    if not target.exists():
        _write_atomically(target, lambda path: path.write_bytes(render(event, material)))
    return target


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


def event_zip(event: Event, cache_dir: Path, render: Callable[[Event, Material], bytes]) -> Path:
    """Every material in one ZIP (Markdown ones as PDFs) with a README."""
    stamps = [_stamp(event.folder / "index.md")] + [_stamp(m.path) for m in event.materials]
    target = cache_dir / f"{event.slug}-all-{_key(event.slug, *stamps)}.zip"
    if target.exists():
        return target

    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme_text(event))
            for material in event.materials:
                source = (
                    material_pdf(event, material, cache_dir, render)
                    if material.is_markdown
                    else material.path
                )
                archive.write(source, arcname=download_name(material))

    return _write_atomically(target, write)
