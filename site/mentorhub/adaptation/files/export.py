"""Writing an adaptation as one Markdown file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import yaml

from ...learning.adaptation_doc import AdaptationDoc
from .grammar import HELP_COMMENT, KIND_OF_ACTION, Kind, normalise_newlines


class SectionLike(Protocol):
    """What the export needs from a library section (`content.module.Section` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


def export_adaptation(
    doc: AdaptationDoc,
    *,
    module_id: str,
    programme: str,
    base_version: int,
    revision: int | None,
    library_sections: Sequence[SectionLike],
) -> str:
    """The adaptation as one Markdown file (see the package docstring for the grammar)."""
    doc = doc.normalised()
    titles = {section.id: section.title for section in library_sections}
    boxes = local_boxes_by_section(library_sections)
    parts = [
        _front_matter(module_id, programme, base_version, revision),
        HELP_COMMENT.format(module_id=module_id),
        _entry(Kind.INTRO.value, doc.intro),
    ]
    parts += _new_sections_after(doc, None)
    for section_id in _exported_section_ids(doc, library_sections):
        parts += _section_entries(doc, section_id, titles.get(section_id, section_id))
        parts += _local_boxes(doc, section_id, boxes.get(section_id, ()))
        parts += _new_sections_after(doc, section_id)
    placed = {key for section_boxes in boxes.values() for key, _title in section_boxes}
    for key, text in doc.local_blocks.items():
        if key not in placed:
            parts.append(_entry(f"{Kind.LOCAL}: {key} {{#{key}}}", text))
    return "\n\n".join(parts) + "\n"


def local_boxes_by_section(sections: Iterable[object]) -> dict[str, list[tuple[str, str]]]:
    """(key, title) of each `!!! local` box, by section id, for sections that have
    `blocks` (library `Section`s do; plain id/title objects simply have none)."""
    boxes: dict[str, list[tuple[str, str]]] = {}
    for section in sections:
        for block in getattr(section, "blocks", ()):
            if block.kind == "local" and block.key:
                boxes.setdefault(section.id, []).append((block.key, block.title))
    return boxes


def _front_matter(module_id: str, programme: str, base_version: int, revision: int | None) -> str:
    lines = [
        _yaml_line("extends", module_id, "the library module this file adapts"),
        _yaml_line("programme", programme, ""),
        _yaml_line("base_version", base_version, "the library version this was made against"),
    ]
    if revision is not None:
        lines.append(_yaml_line("revision", revision, "this adaptation's revision"))
    return "---\n" + "\n".join(lines) + "\n---"


def _yaml_line(key: str, value: Any, comment: str) -> str:
    text = yaml.safe_dump({key: value}, allow_unicode=True, width=10**9).rstrip("\n")
    if yaml.safe_load(normalise_newlines(text)) != {key: value}:
        # Odd characters (such as U+0085, a YAML line break) survive only when escaped.
        text = yaml.safe_dump(
            {key: value}, allow_unicode=True, default_style='"', width=10**9
        ).rstrip("\n")
    if comment and "\n" not in text:
        text += f"  # {comment}"
    return text


def _entry(header: str, text: str) -> str:
    return f"## {header}\n\n{text}" if text else f"## {header}"


def _exported_section_ids(doc: AdaptationDoc, library_sections: Sequence[SectionLike]) -> list[str]:
    """Library ids in order, then any ids the document uses that the library lacks."""
    ids = [section.id for section in library_sections]
    known = set(ids)
    extra = sorted(sid for sid in doc.changes if sid not in known)
    extra += [new.after for new in doc.new_sections if new.after and new.after not in known]
    return ids + list(dict.fromkeys(extra))


def _section_entries(doc: AdaptationDoc, section_id: str, title: str) -> list[str]:
    change = doc.change(section_id)
    kind = KIND_OF_ACTION[change.action]
    entries = []
    if change.note_before:
        entries.append(_entry(f"{Kind.NOTE_BEFORE} {{#{section_id}}}", change.note_before))
    entries.append(_entry(f"{kind}: {title} {{#{section_id}}}", change.text))
    if change.note_after:
        entries.append(_entry(f"{Kind.NOTE_AFTER} {{#{section_id}}}", change.note_after))
    return entries


def _local_boxes(
    doc: AdaptationDoc, section_id: str, boxes: Iterable[tuple[str, str]]
) -> list[str]:
    """The section's boxes; empty ones only where the trainee sees the library text."""
    show_empty = not doc.change(section_id).overrides
    return [
        _entry(f"{Kind.LOCAL}: {title} {{#{key}}}", doc.local_blocks.get(key, ""))
        for key, title in boxes
        if show_empty or doc.local_blocks.get(key)
    ]


def _new_sections_after(doc: AdaptationDoc, anchor: str | None) -> list[str]:
    return [
        _entry(f"{Kind.NEW}: {new.title} {{#{new.id}}}", new.text)
        for new in doc.new_sections
        if new.after == anchor
    ]
