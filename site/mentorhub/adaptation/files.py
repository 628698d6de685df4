"""An adaptation as one Markdown file that a trainer can read and edit in a text editor.

The file starts with a `---` front-matter block:

    extends: <module id>        required; must be the module being imported into
    programme: <name>           optional; informational
    base_version: <n>           required; whole number >= 1: the library version adapted
    revision: <n>               optional; whole number >= 1

No other keys are allowed (a misspelt key would otherwise be ignored silently).

After it, an optional HTML comment (`<!-- ... -->`) explaining the format, then the
entries. Each entry is a header line starting with `## ` (any line matching the
library's section-heading pattern outside a code fence is a header), followed by its
Markdown, which runs to the next header. Keywords are case-insensitive; `{#id}` is
always the last thing on the line; words after the colon are a title.

    ## Programme introduction        the intro (at most once; may be empty)
    ## Keep: <title> {#id}           library section shown as it is; nothing under it
    ## Replace: <title> {#id}        library section replaced by the Markdown under it
    ## Hide: <title> {#id}           library section hidden; nothing under it
    ## Note before {#id}             Markdown shown before section id; must come directly
                                     before that section's Keep/Replace/Hide line
    ## Note after {#id}              the same, after it; must come directly after that line
    ## New section: <title> {#id}    a programme's own section; `{#id}` may be left out
                                     (the id is then `local-` + the title's slug)
    ## Local box: <title> {#key}     Markdown filling the library's `!!! local` box with
                                     that key; `{#key}` may be left out (the title's slug)

For Keep, Replace, Hide and Local box the title is informational: the id decides. A
note may carry an informational title too (`## Note before: <title> {#id}`).
Keep/Replace/Hide/Note ids must be library section ids, and the Keep/Replace/Hide
lines must follow the library's order (not every section needs a line). A New section
comes after the nearest Keep/Replace/Hide line above it, or at the start if there is
none. Local boxes and the introduction may go anywhere. Entries appear once each.
A `# ` line outside a code fence, text before the first header, and a code fence that
is never closed are errors. Line endings are read as `\\n`; texts are stripped.

The export writes entries in the order the trainee sees them: introduction, new
sections at the start, then for each library section its Note before, its
Keep/Replace/Hide line, its Note after, the local boxes inside it and the new sections
after it. Sections the document changes that the library no longer has come after the
library's sections (their titles are their ids); local boxes the library does not
have come last.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import frontmatter
import yaml

from ..content.errors import ContentError
from ..content.sections import EXPLICIT_ID_RE, FENCE_RE, H1_RE, HEADING_RE
from ..content.slugs import is_slug, slugify
from ..content.source import load_yaml
from .document import Action, AdaptationDoc, NewSection, SectionChange

MAX_IMPORT_BYTES = 200 * 1024

#: Prefix of the id given to a New section written without `{#id}`.
NEW_SECTION_ID_PREFIX = "local-"

HELP_COMMENT = """<!--
This file is your programme's version of the library module "{module_id}".
You can change it in any text editor and upload it again.

Each part starts with a line beginning "## ". These are the kinds of line:

  ## Programme introduction       your introduction, shown above the module
  ## Keep: Title {{#id}}            show the library's text for this section
  ## Replace: Title {{#id}}         show your own text, written under the line, instead
  ## Hide: Title {{#id}}            do not show this section
  ## Note before {{#id}}            your note, shown just before that section
  ## Note after {{#id}}             your note, shown just after that section
  ## New section: Title {{#id}}     a section you write yourself; it comes after
                                 the Keep, Replace or Hide line above it
  ## Local box: Title {{#id}}       what to show in one of the library's local boxes

To change what happens to a section, change the word Keep, Replace or Hide.
The {{#id}} at the end of a line says which section it is about: do not change it.
The words before it are only there to help you.
A "Note before" goes straight above the section's line, a "Note after" straight below.
Do not start any other line with "## " or "# ": use "### " for headings in your text.
The lines between the two "---" lines at the top are settings: leave them as they are.
-->"""


class SectionLike(Protocol):
    """What the export needs from a library section (`content.module.Section` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class ImportedAdaptation:
    doc: AdaptationDoc  # normalised
    base_version: int
    revision: int | None
    programme: str


class Kind(StrEnum):
    """The kinds of entry, named as a trainer reads them in the file."""

    INTRO = "Programme introduction"
    KEEP = "Keep"
    REPLACE = "Replace"
    HIDE = "Hide"
    NOTE_BEFORE = "Note before"
    NOTE_AFTER = "Note after"
    NEW = "New section"
    LOCAL = "Local box"


SECTION_KINDS = {Kind.KEEP: Action.KEEP, Kind.REPLACE: Action.REPLACE, Kind.HIDE: Action.HIDE}
KIND_OF_ACTION = {action: kind for kind, action in SECTION_KINDS.items()}
NOTE_KINDS = (Kind.NOTE_BEFORE, Kind.NOTE_AFTER)
_KIND_RE = re.compile(
    r"^(?:(?P<intro>program(?:me)?\s+introduction)\s*:?"
    r"|(?P<note>note\s+(?:before|after))\s*(?::\s*(?P<note_title>.*))?"
    r"|(?P<word>keep|replace|hide|new\s+section|local\s+box)\s*:\s*(?P<title>.*))$",
    re.IGNORECASE,
)
_ALLOWED_KEYS = ("extends", "programme", "base_version", "revision")


# --- export -------------------------------------------------------------------------


def export_adaptation(
    doc: AdaptationDoc,
    *,
    module_id: str,
    programme: str,
    base_version: int,
    revision: int | None,
    library_sections: Sequence[SectionLike],
) -> str:
    """The adaptation as one Markdown file (see the module docstring for the grammar)."""
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
    if yaml.safe_load(_normalise_newlines(text)) != {key: value}:
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


# --- import: reading the file ---------------------------------------------------------


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


class _Reader:
    """Raises trainer-readable `ContentError`s located in the uploaded file."""

    def __init__(self, path_label: str) -> None:
        self.path = Path(path_label)

    def error(self, message: str, line: int | None = None) -> ContentError:
        return ContentError(self.path, message, line=line)


def import_adaptation(
    text: str | bytes,
    *,
    module_id: str,
    library_section_ids: Collection[str],
    path_label: str = "upload",
) -> ImportedAdaptation:
    """Read a file written by `export_adaptation` (and perhaps edited by hand)."""
    reader = _Reader(path_label)
    text = _decode(text, reader)
    meta, key_lines, body, body_line = _split_front_matter(text, reader)
    base_version, revision, programme = _check_meta(meta, key_lines, module_id, reader)
    entries = _read_entries(body, body_line, reader)
    doc = _Assembler(reader, module_id, library_section_ids).build(entries)
    return ImportedAdaptation(
        doc=doc, base_version=base_version, revision=revision, programme=programme
    )


def _decode(text: str | bytes, reader: _Reader) -> str:
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
    return _normalise_newlines(decoded.removeprefix("\ufeff"))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str, reader: _Reader) -> tuple[Any, dict[str, int], str, int]:
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
            text[opening.end() : closing.start()], reader.path, first_line=first_line
        )
    except ContentError as exc:
        raise reader.error(
            f"the settings at the top could not be read ({exc.message})", line=exc.line
        ) from exc
    closing_line = text.count("\n", 0, closing.start()) + 1
    line_end = text.find("\n", closing.start())
    body = "" if line_end == -1 else text[line_end + 1 :]
    return meta, key_lines, body, closing_line + 1


def _check_meta(
    meta: Any, key_lines: dict[str, int], module_id: str, reader: _Reader
) -> tuple[int, int | None, str]:
    """(base_version, revision, programme) from the front-matter."""
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise reader.error("the settings at the top must be 'name: value' lines", line=2)
    for key in meta:
        if key not in _ALLOWED_KEYS:
            raise reader.error(
                f"unknown setting '{key}': the settings are {', '.join(_ALLOWED_KEYS)}",
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


def _whole_number(meta: dict, key: str, key_lines: dict[str, int], reader: _Reader) -> int:
    value = meta[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise reader.error(f"'{key}' must be a whole number, 1 or more", line=key_lines[key])
    return value


def _read_entries(body: str, first_line: int, reader: _Reader) -> list[Entry]:
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


def _skip_help_comment(lines: list[str], first_line: int, reader: _Reader) -> int:
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


def _parse_header(text: str, line: int, reader: _Reader) -> Entry:
    explicit = EXPLICIT_ID_RE.search(text)
    words = text[: explicit.start()].strip() if explicit else text.strip()
    match = _KIND_RE.match(words)
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


def _complete_id(entry: Entry, reader: _Reader) -> Entry:
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


def _default_id(entry: Entry, reader: _Reader) -> str:
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


# --- import: checking the entries and building the document -------------------------------


class _Assembler:
    """Checks the entries against each other and the library, then builds the document."""

    def __init__(self, reader: _Reader, module_id: str, library_ids: Collection[str]) -> None:
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
