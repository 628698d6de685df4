"""Merge a library module's sections with a programme's adaptation document.

Pure: no Flask, no database, no rendering. Library sections keep their ids, so
progress and reflections recorded against them survive any adaptation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from ..content.sections import BLOCK_RE, FENCE_RE
from ..content.slugs import is_slug, slugify
from ..content.vocab import BLOCK_KINDS
from .adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange

Origin = Literal["library", "replaced", "local"]
INDENT = "    "


class LibrarySection(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def markdown(self) -> str: ...


@dataclass(frozen=True)
class PlainSection:
    """A library section as stored in a snapshot: enough to merge against."""

    id: str
    title: str
    markdown: str


@dataclass(frozen=True)
class MergedSection:
    id: str
    title: str
    markdown: str
    origin: Origin
    library_id: str | None  # None for the programme's own sections


@dataclass(frozen=True)
class Merged:
    intro: str  # the programme's introduction (Markdown), or ""
    sections: tuple[MergedSection, ...]


def merge(
    library: Sequence[LibrarySection],
    doc: AdaptationDoc,
    base: Sequence[LibrarySection] = (),
) -> Merged:
    """The sections a programme's trainees see, in order.

    `base` is the library as it was when the adaptation was made: it tells where a
    new section goes when the library section it followed has since been removed.
    """
    library_ids = [section.id for section in library]
    new_ids = _new_section_ids(doc.new_sections, library_ids)
    placed = _place_new_sections(doc.new_sections, library_ids, [s.id for s in base])
    fills = {key: normalise_newlines(text) for key, text in doc.local_blocks.items()}

    def new_at(anchor: str | None) -> list[MergedSection]:
        return [
            _merged_new(doc.new_sections[index], new_ids[index]) for index in placed.get(anchor, ())
        ]

    sections = new_at(None)
    for section in library:
        merged = _merged_library(section, doc.change(section.id), fills)
        if merged is not None:
            sections.append(merged)
        sections.extend(new_at(section.id))
    return Merged(intro=normalise_newlines(doc.intro).strip(), sections=tuple(sections))


def programme_block(text: str) -> str:
    """`text` in a "From your programme" box, or "" when there is no text."""
    text = normalise_newlines(text).strip("\n")
    if not text.strip():
        return ""
    return f'!!! programme "{BLOCK_KINDS["programme"]}"\n{indent(text)}'


def indent(text: str) -> str:
    return "\n".join(INDENT + line if line.strip() else "" for line in text.split("\n"))


def normalise_newlines(text: str) -> str:
    """Browsers send textareas with CRLF line endings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fill_local_blocks(markdown: str, fills: Mapping[str, str]) -> str:
    """Put the programme's text in each `!!! local "Title"` block it has filled in,
    keeping the block's title line (a block's key is the slug of its title)."""
    lines = markdown.split("\n")
    out: list[str] = []
    in_fence = False
    index = 0
    while index < len(lines):
        text = lines[index]
        out.append(text)
        index += 1
        if FENCE_RE.match(text):
            in_fence = not in_fence
            continue
        fill = None if in_fence else _local_fill(text, fills)
        if fill is None:
            continue
        index = _body_end(lines, index)
        out.append(indent(fill))
        if index < len(lines) and lines[index].strip():
            out.append("")  # keep the line that followed the body outside the box
    return "\n".join(out)


def _local_fill(text: str, fills: Mapping[str, str]) -> str | None:
    match = BLOCK_RE.match(text) if text.startswith("!!!") else None
    if match is None or match["kind"] != "local":
        return None
    fill = fills.get(slugify(match["title"] or ""), "").strip("\n")
    return fill if fill.strip() else None


def _body_end(lines: list[str], start: int) -> int:
    """The index just after the last indented line of a block whose body starts at
    `start`; blank lines after the body stay where they are."""
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if not line.startswith((INDENT, "\t")):
            break
        end = index + 1
    return end


def _merged_library(
    section: LibrarySection, change: SectionChange, fills: Mapping[str, str]
) -> MergedSection | None:
    if change.action is Action.HIDE:
        return None
    if change.action is Action.REPLACE:
        body, origin = normalise_newlines(change.text), "replaced"
    else:
        body, origin = fill_local_blocks(section.markdown, fills), "library"
    return MergedSection(
        id=section.id,
        title=section.title,
        markdown=join_markdown(
            programme_block(change.note_before), body, programme_block(change.note_after)
        ),
        origin=origin,
        library_id=section.id,
    )


def _merged_new(new: NewSection, section_id: str) -> MergedSection:
    return MergedSection(
        id=section_id,
        title=new.title.strip(),
        markdown=join_markdown(normalise_newlines(new.text)),
        origin="local",
        library_id=None,
    )


def join_markdown(*parts: str) -> str:
    """Parts separated by a blank line, ending in one newline, as sections are stored."""
    kept = [part.strip("\n") for part in parts if part.strip()]
    return "\n\n".join(kept) + "\n" if kept else ""


def _new_section_ids(new_sections: Sequence[NewSection], library_ids: Sequence[str]) -> list[str]:
    """A unique slug for each new section, in document order.

    Every library id is reserved, hidden or not, so hiding a section never renames
    a programme's own; an id already taken gets the first free `-2`, `-3`...
    Adding a section at the end of the document never renames an earlier one.
    """
    taken = set(library_ids)
    ids = []
    for new in new_sections:
        wanted = new.id if is_slug(new.id) else slugify(new.id) or "section"
        if wanted in taken:
            wanted = _free_id(wanted, taken)
        taken.add(wanted)
        ids.append(wanted)
    return ids


def _free_id(stem: str, taken: set[str]) -> str:
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _place_new_sections(
    new_sections: Sequence[NewSection], library_ids: Sequence[str], base_ids: Sequence[str]
) -> dict[str | None, list[int]]:
    """Indexes of the new sections to emit after each library section id (None: first).

    Sections moved from a removed anchor come after those written for the section
    they move to, in the order their anchors had in `base`; ties keep document order.
    """
    present = set(library_ids)
    ranked = [
        (*_anchor(new.after, present, base_ids), index) for index, new in enumerate(new_sections)
    ]
    placed: dict[str | None, list[int]] = {}
    for anchor, _rank, index in sorted(ranked, key=lambda item: (item[1], item[2])):
        placed.setdefault(anchor, []).append(index)
    return placed


def _anchor(
    after: str | None, present: set[str], base_ids: Sequence[str]
) -> tuple[str | None, int]:
    """(the library id to follow or None, a rank ordering sections that share it)."""
    if not after or after in present:
        return after or None, 0
    if after not in base_ids:
        return None, len(base_ids) + 1
    position = list(base_ids).index(after)
    earlier = next((sid for sid in reversed(base_ids[:position]) if sid in present), None)
    return earlier, position + 1
