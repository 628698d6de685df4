"""Checking the entries of an uploaded file and building the adaptation document from them."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass

from ...learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange
from .grammar import NOTE_KINDS, SECTION_KINDS, Kind
from .reading import Entry, Reader, check_meta, decode, read_entries, split_front_matter


@dataclass(frozen=True)
class ImportedAdaptation:
    doc: AdaptationDoc  # normalised
    base_version: int
    revision: int | None
    programme: str


def import_adaptation(
    text: str | bytes,
    *,
    module_id: str,
    library_section_ids: Collection[str],
    path_label: str = "upload",
) -> ImportedAdaptation:
    """Read a file written by `export_adaptation` (and perhaps edited by hand)."""
    reader = Reader(path_label)
    text = decode(text, reader)
    meta, key_lines, body, body_line = split_front_matter(text, reader)
    base_version, revision, programme = check_meta(meta, key_lines, module_id, reader)
    entries = read_entries(body, body_line, reader)
    doc = _Assembler(reader, module_id, library_section_ids).build(entries)
    return ImportedAdaptation(
        doc=doc, base_version=base_version, revision=revision, programme=programme
    )


class _Assembler:
    """Checks the entries against each other and the library, then builds the document."""

    def __init__(self, reader: Reader, module_id: str, library_ids: Collection[str]) -> None:
        self.reader = reader
        self.module_id = module_id
        self.order = {sid: index for index, sid in enumerate(library_ids)}
        self.seen: dict[tuple[Kind | str, str | None], Entry] = {}

    def build(self, entries: list[Entry]) -> AdaptationDoc:
        for entry in entries:
            self._check_library_id(entry)
            self._check_not_duplicate(entry)
        for index, entry in enumerate(entries):
            self._check_note_place(entries, index)
            self._check_empty(entry)
        self._check_order(entries)
        return self._document(entries).normalised()

    def _check_library_id(self, entry: Entry) -> None:
        if entry.kind in SECTION_KINDS or entry.kind in NOTE_KINDS:
            if entry.id not in self.order:
                close = difflib.get_close_matches(entry.id or "", list(self.order), n=1)
                hint = f" Did you mean {{#{close[0]}}}?" if close else ""
                raise self.reader.error(
                    f"the library module '{self.module_id}' has no section {{#{entry.id}}}: "
                    f"the id at the end of the line must match the library's.{hint}",
                    entry.line,
                )
        elif entry.kind is Kind.NEW and entry.id in self.order:
            raise self.reader.error(
                f"{{#{entry.id}}} is already the id of a library section: give your new "
                "section another id",
                entry.line,
            )

    def _check_not_duplicate(self, entry: Entry) -> None:
        """Each entry once; a section id once across Keep/Replace/Hide."""
        group: Kind | str = "section" if entry.kind in SECTION_KINDS else entry.kind
        first = self.seen.setdefault((group, entry.id), entry)
        if first is entry:
            return
        raise self.reader.error(_duplicate_message(entry, first), entry.line)

    def _check_note_place(self, entries: list[Entry], index: int) -> None:
        entry = entries[index]
        if entry.kind not in NOTE_KINDS:
            return
        step = 1 if entry.kind is Kind.NOTE_BEFORE else -1
        neighbour = entries[index + step] if 0 <= index + step < len(entries) else None
        if neighbour and neighbour.kind in SECTION_KINDS and neighbour.id == entry.id:
            return
        where = "straight above" if step == 1 else "straight below"
        raise self.reader.error(
            f"{entry.label} must go {where} the Keep, Replace or Hide line for {{#{entry.id}}}",
            entry.line,
        )

    def _check_empty(self, entry: Entry) -> None:
        """Keep and Hide lines take no text: refuse it rather than drop it."""
        if entry.kind not in (Kind.KEEP, Kind.HIDE) or not entry.text:
            return
        first = entry.line + next(i for i, text in enumerate(entry.lines, 1) if text.strip())
        advice = (
            "to show your own text instead of the library's, change 'Keep' to 'Replace'"
            if entry.kind is Kind.KEEP
            else "a hidden section is not shown, so change 'Hide' to 'Replace' to show "
            "your own text"
        )
        raise self.reader.error(
            f"there is text under {entry.label}, which takes none: {advice}, or put it "
            f"in a '## Note before {{#{entry.id}}}' or '## Note after {{#{entry.id}}}'",
            first,
        )

    def _check_order(self, entries: list[Entry]) -> None:
        """Sections are shown in the library's order whatever the file says, so a line
        out of order would suggest a move that will not happen."""
        previous: Entry | None = None
        for entry in entries:
            if entry.kind not in SECTION_KINDS:
                continue
            if previous and self.order[entry.id] < self.order[previous.id]:
                raise self.reader.error(
                    f"{entry.label} is out of order: sections follow the library's order, "
                    f"so it must come before {previous.label} (line {previous.line})",
                    entry.line,
                )
            previous = entry

    def _document(self, entries: list[Entry]) -> AdaptationDoc:
        intro = ""
        changes: dict[str, SectionChange] = {}
        new_sections: list[NewSection] = []
        local_blocks: dict[str, str] = {}
        anchor: str | None = None
        for entry in entries:
            if entry.kind is Kind.INTRO:
                intro = entry.text
            elif entry.kind is Kind.LOCAL:
                local_blocks[str(entry.id)] = entry.text
            elif entry.kind is Kind.NEW:
                new = NewSection(id=str(entry.id), title=entry.title, text=entry.text, after=anchor)
                new_sections.append(new)
            else:
                sid = str(entry.id)
                changes[sid] = _updated(changes.get(sid, SectionChange()), entry)
                anchor = sid if entry.kind in SECTION_KINDS else anchor
        return AdaptationDoc(
            intro=intro,
            changes=changes,
            new_sections=tuple(new_sections),
            local_blocks=local_blocks,
        )


def _duplicate_message(entry: Entry, first: Entry) -> str:
    if entry.kind is Kind.INTRO:
        return f"there is already a '## Programme introduction' at line {first.line}: keep one"
    if entry.kind in SECTION_KINDS:
        return (
            f"section {{#{entry.id}}} already has a line at line {first.line}: each section "
            "has one Keep, Replace or Hide line"
        )
    if entry.kind in (Kind.NEW, Kind.LOCAL):
        return (
            f"{entry.label} has the same id {{#{entry.id}}} as the line at line {first.line}: "
            "give each one a different title or id"
        )
    return f"{entry.label} appears twice (first at line {first.line}): keep one"


def _updated(change: SectionChange, entry: Entry) -> SectionChange:
    if entry.kind is Kind.NOTE_BEFORE:
        return SectionChange(change.action, change.text, entry.text, change.note_after)
    if entry.kind is Kind.NOTE_AFTER:
        return SectionChange(change.action, change.text, change.note_before, entry.text)
    action = SECTION_KINDS[entry.kind]
    text = entry.text if action is Action.REPLACE else ""
    return SectionChange(action, text, change.note_before, change.note_after)
