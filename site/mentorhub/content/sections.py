"""Stage 3: split a module body into sections at `## ` headings and find its blocks.

A section's id is the slug of its heading, or the explicit id written as
`## Heading {#my-id}`. Ids are what progress and adaptations refer to, so an
author who rewords a heading keeps the old id by writing it explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .module import Block
from .slugs import is_slug, slugify
from .vocab import BLOCK_KINDS

HEADING_RE = re.compile(r"^##(?!#)\s*(?P<text>.*?)\s*#*\s*$")
EXPLICIT_ID_RE = re.compile(r"\s*\{\s*#(?P<id>[^}\s]*)\s*\}\s*$")
H1_RE = re.compile(r"^#(?!#)\s")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
BLOCK_RE = re.compile(
    r"^!!!\s*(?P<kind>[^\s\"]*)(?P<options>(?:\s+[a-z][a-z-]*)*)\s*(?:\"(?P<title>.*)\")?\s*$"
)
#: Words that may follow a block's kind: `!!! reflection score "How sure are you?"`.
BLOCK_OPTIONS = {"reflection": frozenset({"score"})}


@dataclass
class RawSection:
    id: str
    title: str
    line: int
    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines).strip("\n") + "\n"


@dataclass
class SplitBody:
    intro: str
    sections: list[RawSection]


PROGRAMME_ONLY_KINDS = frozenset({"programme"})


def _parse_heading(text: str, path: Path, line: int) -> tuple[str, str]:
    """Return (id, title) for a heading's text."""
    explicit = EXPLICIT_ID_RE.search(text)
    title = text[: explicit.start()].strip() if explicit else text.strip()
    if not title:
        raise ContentError(path, "a section heading has no text", line=line)
    section_id = explicit.group("id") if explicit else slugify(title)
    if not is_slug(section_id):
        raise ContentError(
            path,
            f"section id {section_id!r} must be lower-case letters, digits and hyphens",
            line=line,
        )
    return section_id, title


def _parse_block(text: str, path: Path, line: int) -> Block:
    match = BLOCK_RE.match(text)
    kind = match.group("kind") if match else ""
    if kind not in BLOCK_KINDS:
        raise ContentError(
            path,
            f"unknown block kind {kind!r}; use one of: {', '.join(BLOCK_KINDS)}",
            line=line,
        )
    title = (match.group("title") or "").strip()
    if kind == "local" and not slugify(title):
        raise ContentError(path, 'a local block needs a title: !!! local "Who to call"', line=line)
    options = set(match.group("options").split())
    unknown = options - BLOCK_OPTIONS.get(kind, frozenset())
    if unknown:
        raise ContentError(
            path,
            f"unknown word {sorted(unknown)[0]!r} after !!! {kind}; only a reflection may add "
            '"score": !!! reflection score "How sure are you?"',
            line=line,
        )
    return Block(kind=kind, title=title, line=line, key=slugify(title), score="score" in options)


def find_blocks(markdown: str, first_line: int = 1) -> list[Block]:
    """The blocks in one section's Markdown, found as `split_sections` finds them but
    skipping lines it would refuse: for text that is checked elsewhere (adaptations)."""
    blocks: list[Block] = []
    in_fence = False
    for offset, text in enumerate(markdown.split("\n")):
        if FENCE_RE.match(text):
            in_fence = not in_fence
        elif not in_fence and text.startswith("!!!"):
            try:
                blocks.append(_parse_block(text, Path("<section>"), first_line + offset))
            except ContentError:
                continue
    return blocks


def split_sections(body: str, path: Path, first_line: int = 1) -> SplitBody:
    """Split `body` (which starts at line `first_line` of `path`) into sections."""
    intro: list[str] = []
    sections: list[RawSection] = []
    seen_ids: dict[str, int] = {}
    seen_local: dict[str, int] = {}
    in_fence = False
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset
        if FENCE_RE.match(text):
            in_fence = not in_fence
        elif not in_fence and H1_RE.match(text):
            raise ContentError(
                path, "use '## ' for sections: the title is the module's only top heading", line
            )
        elif not in_fence and HEADING_RE.match(text):
            section_id, title = _parse_heading(HEADING_RE.match(text)["text"], path, line)
            if section_id in seen_ids:
                raise ContentError(
                    path,
                    f"duplicate section id {section_id!r} (first at line {seen_ids[section_id]})",
                    line=line,
                )
            seen_ids[section_id] = line
            sections.append(RawSection(id=section_id, title=title, line=line))
            continue
        elif not in_fence and text.startswith("!!!"):
            block = _parse_block(text, path, line)
            if block.kind in PROGRAMME_ONLY_KINDS:
                raise ContentError(
                    path,
                    f"'{block.kind}' boxes are added by programmes when they adapt a module; "
                    "a library module can use a 'local' box for details a programme fills in",
                    line=line,
                )
            if block.kind == "local":
                if block.key in seen_local:
                    raise ContentError(
                        path,
                        f"duplicate local block {block.title!r} "
                        f"(first at line {seen_local[block.key]})",
                        line=line,
                    )
                seen_local[block.key] = line
            if sections:
                _check_reflection_unique(sections[-1], block, path)
                sections[-1].blocks.append(block)
        (sections[-1].lines if sections else intro).append(text)
    _check_not_empty(sections, path, first_line)
    return SplitBody(intro="\n".join(intro).strip("\n"), sections=sections)


def _check_reflection_unique(section: RawSection, block: Block, path: Path) -> None:
    """Saved answers are keyed by section and prompt title, so titles must differ."""
    if block.kind != "reflection" or not block.key:
        return
    for other in section.blocks:
        if other.kind == "reflection" and other.key == block.key:
            raise ContentError(
                path,
                f"two reflection prompts in section {section.id!r} have the title "
                f"{block.title!r} (first at line {other.line})",
                line=block.line,
            )


def _check_not_empty(sections: list[RawSection], path: Path, first_line: int) -> None:
    if not sections:
        raise ContentError(
            path, "the module has no sections: start each one with a '## ' heading", first_line
        )
    for section in sections:
        if not section.markdown.strip():
            raise ContentError(path, f"section {section.id!r} has no text", line=section.line)
