"""The typed objects the content pipeline produces."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .feedback_spec import STANDARD, FeedbackSpec, parse_feedback


@dataclass(frozen=True)
class ModuleSource:
    """A primary source a module's facts were checked against."""

    title: str
    url: str


@dataclass(frozen=True)
class ModuleMeta:
    """Validated front-matter of a module."""

    id: str
    title: str
    summary: str
    version: int
    order: int
    duration_minutes: int
    focus: tuple[str, ...]
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()
    face_to_face_minutes: int | None = None  # the suggested group session, if any
    content_warning: str | None = None
    feedback: Any = "standard"
    reviewed: dt.date | None = None  # when its facts were last checked against `sources`
    sources: tuple[ModuleSource, ...] = ()


@dataclass(frozen=True)
class Block:
    """An `!!! kind "Title"` block inside a section."""

    kind: str
    title: str
    line: int
    key: str  # slug of the title, unique per kind within a module
    score: bool = False  # a reflection that asks for a score from 1 to 5 (`!!! reflection score`)


def reflection_key(section_id: str, block: Block, number: int) -> str:
    return f"{section_id}/{block.key or f'reflection-{number}'}"


@dataclass(frozen=True)
class Section:
    """A `## ` part of a module: the unit of progress and adaptation."""

    id: str
    title: str
    line: int
    markdown: str
    blocks: tuple[Block, ...] = ()
    html: str = ""  # for trainees and the public: trainer notes removed
    staff_html: str = ""  # with trainer notes, for trainers and admins

    @property
    def has_trainer_notes(self) -> bool:
        return any(block.kind == "trainer" for block in self.blocks)

    @property
    def reflections(self) -> list[tuple[str, Block]]:
        """(key, block) for each reflection prompt; the key is stable across versions
        as long as the section id and the prompt's title stay the same."""
        return [
            (reflection_key(self.id, block, n), block)
            for n, block in enumerate((b for b in self.blocks if b.kind == "reflection"), 1)
        ]


@dataclass(frozen=True)
class Module:
    meta: ModuleMeta
    path: Path
    intro_html: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.meta.id

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def feedback(self) -> FeedbackSpec:
        """What this module's feedback form asks (validated when the module loaded)."""
        spec, _problem = parse_feedback(self.meta.feedback)
        return spec or STANDARD

    @property
    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]
