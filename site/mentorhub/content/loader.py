"""Read, validate, split and render one module file."""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError
from .module import Module, Section
from .render import render_markdown
from .schema import validate_meta
from .sections import RawSection, split_sections
from .source import read_source


def _render_section(raw: RawSection) -> Section:
    markdown = raw.markdown
    html = render_markdown(markdown)
    has_notes = any(block.kind == "trainer" for block in raw.blocks)
    staff_html = render_markdown(markdown, show_trainer_notes=True) if has_notes else html
    return Section(
        id=raw.id,
        title=raw.title,
        line=raw.line,
        markdown=markdown,
        blocks=tuple(raw.blocks),
        html=html,
        staff_html=staff_html,
    )


def load_module(
    path: Path, max_bytes: int | None = None
) -> tuple[Module | None, list[ContentError]]:
    """Build a module from its file, or return every problem that stops it loading
    (a file over `max_bytes` is not read)."""
    try:
        source = read_source(path, max_bytes)
        meta, errors = validate_meta(source)
        if errors:
            return None, errors
        if not source.body.strip():
            return None, [ContentError(path, "the module has no text", line=source.body_line)]
        split = split_sections(source.body, path, first_line=source.body_line)
    except ContentError as error:
        return None, [error]
    module = Module(
        meta=meta,
        path=path,
        intro_html=render_markdown(split.intro) if split.intro.strip() else "",
        sections=tuple(_render_section(raw) for raw in split.sections),
        field_lines=source.key_lines,
    )
    return module, []
