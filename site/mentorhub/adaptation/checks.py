"""Checking what a trainer typed into an adaptation, in words a trainer understands.

Pure: every function takes text or documents and returns messages. Field keys
name the form field a message belongs beside: `intro`, `section-<id>-text`,
`section-<id>-note_before`, `section-<id>-note_after`, `new-<id>-title`,
`new-<id>-text`, `new-<id>-id`, `local-<key>`, and `sections` for the whole module.
"""

from __future__ import annotations

import re

from ..content.module import Module
from ..content.sections import BLOCK_RE, FENCE_RE
from ..content.slugs import is_slug, slugify
from ..learning.adaptation_doc import Action, AdaptationDoc
from ..learning.adaptation_merge import normalise_newlines

MAX_CHARACTERS = 20_000
OWN_BLOCK_KINDS = ("activity", "reflection", "trainer")
BIG_HEADING_RE = re.compile(r"^#{1,2}(?!#)")
BOX_WORD_RE = re.compile(r"^!!!\s*(?P<kind>[^\s\"]*)")
KINDS_HINT = "!!! activity, !!! reflection or !!! trainer"


def markdown_problems(text: str) -> list[str]:
    """What is wrong with one piece of Markdown a trainer wrote, if anything."""
    text = normalise_newlines(text)
    problems = []
    if len(text) > MAX_CHARACTERS:
        problems.append(
            f"This text is too long: it has {len(text):,} characters "
            f"and the most you can use is {MAX_CHARACTERS:,}."
        )
    reflections: dict[str, int] = {}
    in_fence = False
    for number, line in enumerate(text.split("\n"), 1):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            problems.extend(_line_problems(line, number, reflections))
    return problems


def _line_problems(line: str, number: int, reflections: dict[str, int]) -> list[str]:
    if BIG_HEADING_RE.match(line):
        return [
            f"Line {number} starts with # or ##, which makes a heading as big as the "
            "section's own title. Use ### for headings inside a section."
        ]
    box = line.lstrip()
    if not box.startswith("!!!"):
        return []
    return _box_problems(box, number, reflections)


def _box_problems(line: str, number: int, reflections: dict[str, int]) -> list[str]:
    kind = BOX_WORD_RE.match(line)["kind"]
    if kind in ("local", "programme"):
        return [
            f'Line {number}: "local" and "programme" boxes are not allowed in your own text. '
            f"Write the text without a box, or use {KINDS_HINT}."
        ]
    if kind not in OWN_BLOCK_KINDS:
        return [f"Line {number}: {kind or 'a box'!r} is not a kind of box. Use {KINDS_HINT}."]
    match = BLOCK_RE.match(line)
    if match is None:
        return [
            f'Line {number}: put the box\'s title in double quotes, like !!! {kind} "Try this".'
        ]
    title = (match["title"] or "").strip()
    if kind == "reflection" and slugify(title):
        first = reflections.setdefault(slugify(title), number)
        if first != number:
            return [
                f"Line {number}: another reflection box (line {first}) has the same title. "
                "Give each one its own title, so trainees' answers are kept apart."
            ]
    return []


def doc_problems(library: Module, doc: AdaptationDoc) -> list[tuple[str, str]]:
    """(field key, message) for everything that stops `doc` being saved for `library`."""
    return [
        *_section_problems(library, doc),
        *_new_section_problems(doc),
        *_local_block_problems(library, doc),
    ]


def _text_problems(key: str, text: str) -> list[tuple[str, str]]:
    return [(key, message) for message in markdown_problems(text)]


def _section_problems(library: Module, doc: AdaptationDoc) -> list[tuple[str, str]]:
    problems = _text_problems("intro", doc.intro)
    if library.sections and all(doc.change(s.id).action is Action.HIDE for s in library.sections):
        problems.append(
            (
                "sections",
                "You have hidden every section of this module. "
                "Keep at least one, or use your own text for it.",
            )
        )
    for section in library.sections:
        change = doc.change(section.id)
        prefix = f"section-{section.id}"
        if change.action is Action.HIDE:
            continue
        if change.action is Action.REPLACE:
            if not change.text.strip():
                problems.append(
                    (
                        f"{prefix}-text",
                        "Write the text to use instead, or choose to keep the library text.",
                    )
                )
            problems += _text_problems(f"{prefix}-text", change.text)
        problems += _text_problems(f"{prefix}-note_before", change.note_before)
        problems += _text_problems(f"{prefix}-note_after", change.note_after)
    return problems


def _new_section_problems(doc: AdaptationDoc) -> list[tuple[str, str]]:
    problems = []
    seen: set[str] = set()
    for new in doc.new_sections:
        prefix = f"new-{new.id}"
        if not is_slug(new.id):
            problems.append(
                (
                    f"{prefix}-id",
                    "A section's web address can only use small letters, numbers and "
                    "hyphens, like who-to-call.",
                )
            )
        elif new.id in seen:
            problems.append((f"{prefix}-id", "Two of your own sections have the same web address."))
        seen.add(new.id)
        if not new.title.strip():
            problems.append((f"{prefix}-title", "Give your section a title."))
        if not new.text.strip():
            problems.append((f"{prefix}-text", "Write some text for your section."))
        problems += _text_problems(f"{prefix}-text", new.text)
    return problems


def _local_block_problems(library: Module, doc: AdaptationDoc) -> list[tuple[str, str]]:
    keys = {block.key for block in library.blocks if block.kind == "local"}
    problems = []
    for key, text in doc.local_blocks.items():
        if key not in keys:
            problems.append(
                (
                    f"local-{key}",
                    "This module no longer has this box, so your text for it is not shown.",
                )
            )
        problems += _text_problems(f"local-{key}", text)
    return problems
