"""Seminar events: `content/seminar/<event>/` holds `index.md`, Markdown materials
and other files described in `materials.yml`. Loading is pure: files in, typed
events and every problem out."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError
from .render import render_markdown
from .slugs import is_slug
from .source import Source, load_yaml, read_source, read_text

MATERIAL_TYPES: dict[str, str] = {
    "agenda": "Agenda",
    "slides": "Slides",
    "handout": "Handout",
    "report-summary": "Report summary",
    "discussion-guide": "Discussion guide",
    "form": "Form",
    "other": "Other",
}
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
INDEX, MATERIALS_FILE = "index.md", "materials.yml"


@dataclass(frozen=True)
class Material:
    id: str
    title: str
    type: str
    summary: str
    path: Path
    order: int = 100
    html: str = ""  # Markdown materials only
    is_markdown: bool = False

    @property
    def format(self) -> str:
        """What the download is: 'PDF' for Markdown materials, else the file's extension."""
        return "PDF" if self.is_markdown else self.path.suffix.lstrip(".").upper() or "FILE"

    @property
    def type_label(self) -> str:
        return MATERIAL_TYPES[self.type]


@dataclass(frozen=True)
class AgendaItem:
    time: str
    title: str
    speaker: str | None
    materials: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    slug: str
    folder: Path
    title: str
    date: dt.date
    start_time: str
    end_time: str
    venue: str
    address: str
    organisers: tuple[str, ...]
    summary: str
    body_html: str
    agenda: tuple[AgendaItem, ...]
    materials: tuple[Material, ...] = field(default_factory=tuple)

    def material(self, material_id: str) -> Material | None:
        return next((m for m in self.materials if m.id == material_id), None)

    def file_material(self, filename: str) -> Material | None:
        return next(
            (m for m in self.materials if not m.is_markdown and m.path.name == filename), None
        )

    @property
    def is_past(self) -> bool:
        return self.date < dt.date.today()


@dataclass
class LoadResult:
    event: Event | None
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)


def _text(meta: dict, key: str, source: Source, errors: list, required: bool = True) -> str:
    value = meta.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        errors.append(
            ContentError(source.path, "must be a non-empty piece of text", source.line_of(key), key)
        )
        return ""
    return value.strip()


def _inside(path: Path, folder: Path) -> bool:
    """True if `path`, with links followed, is within `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _agenda(meta: dict, source: Source, errors: list) -> tuple[AgendaItem, ...]:
    raw = meta.get("agenda")
    line = source.line_of("agenda")
    if not isinstance(raw, list) or not raw:
        errors.append(ContentError(source.path, "must list the agenda items", line, "agenda"))
        return ()
    items = []
    for n, entry in enumerate(raw, 1):
        where = f"agenda item {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            errors.append(ContentError(source.path, f"{where} needs a title", line, "agenda"))
            continue
        time = str(entry.get("time", ""))
        if not TIME_RE.match(time):
            errors.append(
                ContentError(
                    source.path, f"{where}: time must be HH:MM, not {time!r}", line, "agenda"
                )
            )
        materials = entry.get("materials") or []
        if not isinstance(materials, list) or not all(isinstance(m, str) for m in materials):
            errors.append(
                ContentError(
                    source.path, f"{where}: materials must be a list of ids", line, "agenda"
                )
            )
            materials = []
        speaker = entry.get("speaker")
        items.append(
            AgendaItem(
                time,
                entry["title"],
                speaker if isinstance(speaker, str) else None,
                tuple(materials),
            )
        )
    return tuple(items)


def _markdown_material(path: Path, errors: list) -> Material | None:
    try:
        source = read_source(path)
    except ContentError as error:
        errors.append(error)
        return None
    meta, problems = source.meta, []
    title = _text(meta, "title", source, problems)
    summary = _text(meta, "summary", source, problems)
    material_type = meta.get("type")
    if material_type not in MATERIAL_TYPES:
        problems.append(
            ContentError(
                path,
                f"unknown type {material_type!r}; use one of: {', '.join(MATERIAL_TYPES)}",
                source.line_of("type"),
                "type",
            )
        )
    if meta.get("id") != path.stem:
        problems.append(
            ContentError(
                path, f"must equal the file name {path.stem!r}", source.line_of("id"), "id"
            )
        )
    order = meta.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        problems.append(
            ContentError(path, "must be a whole number", source.line_of("order"), "order")
        )
        order = 100
    if not source.body.strip():
        problems.append(ContentError(path, "the material has no text", source.body_line))
    if problems:
        errors.extend(problems)
        return None
    return Material(
        id=path.stem,
        title=title,
        type=material_type,
        summary=summary,
        path=path,
        order=order,
        html=render_markdown(source.body),
        is_markdown=True,
    )


def _file_materials(folder: Path, errors: list, warnings: list) -> list[Material]:
    listing = folder / MATERIALS_FILE
    if not listing.exists():
        return []
    data, _lines = load_yaml(read_text(listing), listing)
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(ContentError(listing, "must be a list of files (- file: …)", 1))
        return []
    materials = []
    for n, entry in enumerate(data, 1):
        where = f"entry {n}"
        if not isinstance(entry, dict):
            errors.append(ContentError(listing, f"{where} must have file, title, type, summary", 1))
            continue
        name = entry.get("file")
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            errors.append(
                ContentError(listing, f"{where}: file must be a plain file name", 1, "file")
            )
            continue
        path = folder / name
        if not path.is_file():
            errors.append(
                ContentError(listing, f"{where}: {name} is listed but missing", 1, "file")
            )
            continue
        if path.is_symlink() or not _inside(path, folder):
            warnings.append(
                ContentError(listing, f"{where}: {name} is a link, so it is not offered", 1, "file")
            )
            continue
        if entry.get("type") not in MATERIAL_TYPES:
            errors.append(
                ContentError(listing, f"{where}: unknown type {entry.get('type')!r}", 1, "type")
            )
            continue
        if not isinstance(entry.get("title"), str) or not isinstance(entry.get("summary"), str):
            errors.append(ContentError(listing, f"{where}: needs a title and a summary", 1))
            continue
        materials.append(
            Material(
                id=Path(name).stem,
                title=entry["title"],
                type=entry["type"],
                summary=entry["summary"],
                path=path,
                order=int(entry.get("order", 100)),
            )
        )
    return materials


def load_event(folder: Path) -> LoadResult:
    """Load one event folder; the event is None if anything stops it being shown."""
    result = LoadResult(event=None)
    errors, warnings = result.errors, result.warnings
    if not is_slug(folder.name):
        errors.append(
            ContentError(folder, "the folder name must be lower-case letters, digits and hyphens")
        )
        return result
    try:
        source = read_source(folder / INDEX)
    except ContentError as error:
        errors.append(error)
        return result
    meta = source.meta
    date = meta.get("date")
    if not isinstance(date, dt.date):
        errors.append(
            ContentError(
                source.path, "must be a date like 2027-02-18", source.line_of("date"), "date"
            )
        )
    times = {}
    for key in ("start_time", "end_time"):
        times[key] = str(meta.get(key, ""))
        if not TIME_RE.match(times[key]):
            errors.append(
                ContentError(source.path, "must be a time like 09:30", source.line_of(key), key)
            )
    texts = {
        key: _text(meta, key, source, errors) for key in ("title", "venue", "address", "summary")
    }
    organisers = meta.get("organisers") or []
    if not isinstance(organisers, list) or not all(isinstance(o, str) for o in organisers):
        errors.append(
            ContentError(
                source.path, "must be a list of names", source.line_of("organisers"), "organisers"
            )
        )
        organisers = []
    agenda = _agenda(meta, source, errors)

    markdown = [p for p in sorted(folder.glob("*.md")) if p.name != INDEX and not p.is_symlink()]
    materials = [m for p in markdown if (m := _markdown_material(p, errors))]
    materials += _file_materials(folder, errors, warnings)
    _check_materials(folder, source, agenda, materials, errors, warnings)
    if errors:
        return result
    result.event = Event(
        slug=folder.name,
        folder=folder,
        date=date,
        start_time=times["start_time"],
        end_time=times["end_time"],
        organisers=tuple(organisers),
        agenda=agenda,
        body_html=render_markdown(source.body) if source.body.strip() else "",
        materials=tuple(sorted(materials, key=lambda m: (m.order, m.title))),
        **texts,
    )
    return result


def _check_materials(folder, source, agenda, materials, errors, warnings) -> None:
    ids = [m.id for m in materials]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(ContentError(folder, f"two materials have the id {duplicate!r}"))
    for item in agenda:
        for material_id in item.materials:
            if material_id not in ids:
                errors.append(
                    ContentError(
                        source.path,
                        f"agenda item {item.title!r} names material {material_id!r}, "
                        "which does not exist",
                        source.line_of("agenda"),
                        "agenda",
                    )
                )
    described = {m.path.name for m in materials} | {INDEX, MATERIALS_FILE}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in described:
            continue
        if path.is_symlink() or not _inside(path, folder):
            warnings.append(ContentError(path, "a link, so it is never offered"))
        elif path.is_file():
            warnings.append(
                ContentError(path, f"not described in {MATERIALS_FILE}, so it is not offered")
            )


def load_events(
    seminar_dir: Path,
) -> tuple[dict[str, Event], list[ContentError], list[ContentError]]:
    """Every event under `seminar_dir`, with all errors and warnings."""
    events, errors, warnings = {}, [], []
    try:
        folders = sorted(
            p for p in seminar_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    except (FileNotFoundError, NotADirectoryError):
        return events, errors, warnings
    for folder in folders:
        try:
            result = load_event(folder)
        except FileNotFoundError:
            continue  # the folder was removed while it was being read
        errors += result.errors
        warnings += result.warnings
        if result.event:
            events[result.event.slug] = result.event
    return events, errors, warnings


def stamps(seminar_dir: Path) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every file under `seminar_dir`: a change in any means reload."""
    found: dict[Path, Any] = {}
    # os.walk skips folders that vanish while it walks (Path.rglob raises).
    for folder, subfolders, files in os.walk(seminar_dir):
        for name in sorted(subfolders + files):
            path = Path(folder) / name
            try:
                stat = path.lstat()
            except OSError:
                continue  # deleted since the folder was listed
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found
