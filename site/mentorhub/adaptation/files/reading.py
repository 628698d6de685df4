"""Reading an uploaded adaptation file into its settings and its entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

from ...content.errors import ContentError
from ...content.sections import EXPLICIT_ID_RE, FENCE_RE, H1_RE, HEADING_RE
from ...content.slugs import is_slug, slugify
from ...content.source import load_yaml
from .grammar import (
    ALLOWED_KEYS,
    KIND_RE,
    MAX_IMPORT_BYTES,
    MAX_SETTINGS_CHARS,
    NEW_SECTION_ID_PREFIX,
    Kind,
    normalise_newlines,
)


@dataclass
class Entry:
    """One `## ` header and the lines under it."""

    kind: Kind
    id: str | None
    title: str
    line: int
    header: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()

    @property
    def label(self) -> str:
        return f"'{self.header}'"


class Reader:
    """Raises trainer-readable `ContentError`s located in the uploaded file."""

    def __init__(self, path_label: str) -> None:
        self.path = Path(path_label)

    def error(self, message: str, line: int | None = None) -> ContentError:
        return ContentError(self.path, message, line=line)


def decode(text: str | bytes, reader: Reader) -> str:
    """Size first (before any parsing), then UTF-8; line endings become `\\n`."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if len(data) > MAX_IMPORT_BYTES:
        raise reader.error(
            f"the file is too big ({-(-len(data) // 1024)} KB): "
            f"an adaptation file can be at most {MAX_IMPORT_BYTES // 1024} KB"
        )
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise reader.error(
            "the file is not plain text saved as UTF-8: save it again as UTF-8 text "
            "(in most editors: 'Save as' and choose 'UTF-8')",
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from exc
    return normalise_newlines(decoded.removeprefix("\ufeff"))


def split_front_matter(text: str, reader: Reader) -> tuple[Any, dict[str, int], str, int]:
    """(meta, key lines, body, line of the body's first line), as `content.source` does."""
    boundaries = list(frontmatter.YAMLHandler.FM_BOUNDARY.finditer(text))
    if not boundaries or boundaries[0].start() != 0:
        raise reader.error(
            "the file must start with the settings block: a line '---', the settings "
            "(extends, base_version, ...), then another line '---'",
            line=1,
        )
    if len(boundaries) < 2:
        raise reader.error("the settings block at the top has no closing '---' line", line=1)
    opening, closing = boundaries[0], boundaries[1]
    first_line = text.count("\n", 0, opening.end()) + 1
    try:
        meta, key_lines = load_yaml(
            text[opening.end() : closing.start()],
            reader.path,
            first_line=first_line,
            max_chars=MAX_SETTINGS_CHARS,
        )
    except ContentError as exc:
        raise reader.error(
            f"the settings at the top could not be read ({exc.message})", line=exc.line
        ) from exc
    closing_line = text.count("\n", 0, closing.start()) + 1
    line_end = text.find("\n", closing.start())
    body = "" if line_end == -1 else text[line_end + 1 :]
    return meta, key_lines, body, closing_line + 1


def check_meta(
    meta: Any, key_lines: dict[str, int], module_id: str, reader: Reader
) -> tuple[int, int | None, str]:
    """(base_version, revision, programme) from the front-matter."""
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise reader.error("the settings at the top must be 'name: value' lines", line=2)
    for key in meta:
        if key not in ALLOWED_KEYS:
            raise reader.error(
                f"unknown setting '{key}': the settings are {', '.join(ALLOWED_KEYS)}",
                line=key_lines.get(str(key), 1),
            )
    extends = meta.get("extends")
    if extends is None:
        raise reader.error(
            f"the settings at the top need 'extends: {module_id}' "
            "(the library module this file adapts)",
            line=1,
        )
    if str(extends) != module_id:
        raise reader.error(f"This file adapts '{extends}', not '{module_id}'", key_lines["extends"])
    if meta.get("base_version") is None:
        raise reader.error(
            "the settings at the top need 'base_version' (the library version this "
            "adaptation was made against, like 'base_version: 3')",
            line=1,
        )
    base_version = _whole_number(meta, "base_version", key_lines, reader)
    revision = (
        None if meta.get("revision") is None else _whole_number(meta, "revision", key_lines, reader)
    )
    programme = meta.get("programme")
    return base_version, revision, "" if programme is None else str(programme)


def _whole_number(meta: dict, key: str, key_lines: dict[str, int], reader: Reader) -> int:
    value = meta[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise reader.error(f"'{key}' must be a whole number, 1 or more", line=key_lines[key])
    return value


def read_entries(body: str, first_line: int, reader: Reader) -> list[Entry]:
    """Split the body into entries at header lines outside code fences."""
    lines = body.split("\n")
    entries: list[Entry] = []
    fence_line: int | None = None
    for offset in range(_skip_help_comment(lines, first_line, reader), len(lines)):
        text, line = lines[offset], first_line + offset
        if fence_line is None and HEADING_RE.match(text):
            entries.append(_parse_header(HEADING_RE.match(text)["text"], line, reader))
            continue
        if fence_line is None and H1_RE.match(text):
            raise reader.error(
                "lines starting with '# ' are not allowed: use '### ' for a heading", line
            )
        if not entries and text.strip():
            raise reader.error(
                "there is text before the first '## ' line: put your introduction under "
                "'## Programme introduction'",
                line,
            )
        if FENCE_RE.match(text):
            fence_line = line if fence_line is None else None
        if entries:
            entries[-1].lines.append(text)
    if fence_line is not None:
        raise reader.error(
            "the code block that starts with ``` or ~~~ on this line is never closed: "
            "add a closing line",
            fence_line,
        )
    return entries


def _skip_help_comment(lines: list[str], first_line: int, reader: Reader) -> int:
    """Index of the first line after the leading `<!-- ... -->` comment, if there is one."""
    start = next((i for i, text in enumerate(lines) if text.strip()), len(lines))
    if start == len(lines) or not lines[start].lstrip().startswith("<!--"):
        return 0
    for index in range(start, len(lines)):
        text = lines[index]
        where = text.find("-->", text.find("<!--") + 4 if index == start else 0)
        if where != -1:
            if text[where + 3 :].strip():
                raise reader.error(
                    "put nothing after '-->' on the line that ends the comment",
                    first_line + index,
                )
            return index + 1
    raise reader.error(
        "the comment that starts with '<!--' on this line is never closed with '-->'",
        first_line + start,
    )


def _parse_header(text: str, line: int, reader: Reader) -> Entry:
    explicit = EXPLICIT_ID_RE.search(text)
    words = text[: explicit.start()].strip() if explicit else text.strip()
    match = KIND_RE.match(words)
    if not match:
        raise reader.error(
            f"'## {text}' is not a line this file understands. Lines starting with '## ' "
            "must be one of: Programme introduction, Keep:, Replace:, Hide:, Note before, "
            "Note after, New section:, Local box:. For a heading in your own text, "
            "use '### '",
            line,
        )
    kind = _kind_of(match)
    title = (match["title"] or match["note_title"] or "").strip()
    entry_id = explicit["id"] if explicit else None
    entry = Entry(kind=kind, id=entry_id, title=title, line=line, header=f"## {text}")
    return _complete_id(entry, reader)


def _kind_of(match: re.Match[str]) -> Kind:
    if match["intro"]:
        return Kind.INTRO
    words = " ".join((match["word"] or match["note"]).lower().split())
    return next(kind for kind in Kind if kind.value.lower() == words)


def _complete_id(entry: Entry, reader: Reader) -> Entry:
    """Fill in an id that may be left out, and check the id's form."""
    if entry.kind is Kind.INTRO:
        if entry.id is not None:
            raise reader.error("'## Programme introduction' takes no {#id}", entry.line)
        return entry
    if entry.id is None:
        entry.id = _default_id(entry, reader)
    if not is_slug(entry.id):
        raise reader.error(
            f"the id {{#{entry.id}}} must be lower-case letters, digits and hyphens, "
            "like {#our-office}",
            entry.line,
        )
    return entry


def _default_id(entry: Entry, reader: Reader) -> str:
    slug = slugify(entry.title)
    if entry.kind is Kind.NEW and slug:
        return NEW_SECTION_ID_PREFIX + slug
    if entry.kind is Kind.LOCAL and slug:
        return slug
    example = f"{{#{slug or 'our-office'}}}"
    if entry.kind in (Kind.NEW, Kind.LOCAL):
        raise reader.error(
            f"{entry.label} needs a title or an id at the end, like {example}", entry.line
        )
    raise reader.error(
        f"{entry.label} needs the section's id at the end of the line, like {example}: "
        "copy it from the library module",
        entry.line,
    )
