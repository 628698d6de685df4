"""Build the module a programme's trainees see: the library module, adapted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..content.module import Module, Section
from ..content.render import render_markdown
from ..content.sections import find_blocks
from .adaptation_doc import AdaptationDoc
from .adaptation_merge import LibrarySection, MergedSection, PlainSection, merge, programme_block


def build_module(
    library_module: Module, doc: AdaptationDoc, base: Sequence[LibrarySection] = ()
) -> Module:
    """The library module with `doc` applied: same meta and path, merged sections.

    A kept section the programme did not touch is the library's own Section object,
    so it renders exactly as in the library and costs nothing to build.
    """
    merged = merge(library_module.sections, doc, base)
    library = {section.id: section for section in library_module.sections}
    return replace(
        library_module,
        intro_html=_intro_html(merged.intro, library_module.intro_html),
        sections=tuple(_section(m, library.get(m.library_id or "")) for m in merged.sections),
    )


def _intro_html(programme_intro: str, library_intro_html: str) -> str:
    if not programme_intro:
        return library_intro_html
    parts = [render_markdown(programme_block(programme_intro)), library_intro_html]
    return "\n".join(part for part in parts if part)


def _section(merged: MergedSection, library: Section | None) -> Section:
    if (
        library is not None
        and merged.origin == "library"
        and merged.markdown == library.markdown
        and merged.title == library.title
    ):
        return library
    line = library.line if library is not None else 0
    return Section(
        id=merged.id,
        title=merged.title,
        line=line,
        markdown=merged.markdown,
        blocks=tuple(find_blocks(merged.markdown, first_line=line + 1)),
        html=render_markdown(merged.markdown),
        staff_html=render_markdown(merged.markdown, show_trainer_notes=True),
    )


def library_sections_snapshot(module: Module) -> list[dict[str, str]]:
    """The library sections an adaptation is made against, as JSON for the database."""
    return [{"id": s.id, "title": s.title, "markdown": s.markdown} for s in module.sections]


def sections_from_snapshot(data: Iterable[Mapping[str, Any]] | None) -> list[PlainSection]:
    """Sections from a stored snapshot, to pass to `build_module` as `base`.
    Entries without an id are skipped."""
    return [
        PlainSection(
            id=str(item["id"]),
            title=str(item.get("title") or ""),
            markdown=str(item.get("markdown") or ""),
        )
        for item in data or ()
        if isinstance(item, Mapping) and item.get("id")
    ]
