"""Stage 1: read a content file and split it into front-matter and body.

python-frontmatter's YAML handler defines the `---` delimiters; the YAML itself is loaded here
with a stricter loader that remembers the line of every top-level key and
rejects duplicate keys (plain YAML silently keeps the last one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .errors import ContentError


@dataclass(frozen=True)
class Source:
    """A content file split into its parts, with line numbers kept for messages."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # line number of the body's first line in the file
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the front-matter start if it is absent."""
        return self.key_lines.get(key, 1)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys and aliases (`*name`): each alias
    repeats a whole value, so a few hundred bytes of them can expand to gigabytes."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem=f"an alias (*{event.anchor}) repeats another value: "
                "write the value out instead",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r} (first at line {seen[key]})",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date-shaped value that is no real date (2026-13-01) stays text, so the
        field's own check reports it with its name, instead of the loader crashing."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


MAX_YAML_CHARS = 64_000  # far more than any front-matter needs


def load_yaml(
    text: str, path: Path, first_line: int = 1, max_chars: int = MAX_YAML_CHARS
) -> tuple[Any, dict[str, int]]:
    """Load YAML strictly; return the data and the line of each top-level key."""
    if len(text) > max_chars:
        raise ContentError(
            path, f"the YAML is too long: at most {max_chars:,} characters", line=first_line
        )
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        context = ""
        if exc.context and exc.context_mark:
            context = f"{exc.context} (line {first_line + exc.context_mark.line}): "
        raise ContentError(path, f"invalid YAML: {context}{exc.problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise ContentError(path, f"invalid YAML: {exc}", line=first_line) from exc
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return data, key_lines


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """The file's text; a ContentError if it is not UTF-8, or bigger than `max_bytes`."""
    try:
        if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
            raise ContentError(
                path,
                f"the file is too big ({-(-size // 1024)} KB; the limit is "
                f"{max_bytes // 1024} KB, set by CONTENT_MAX_BYTES): split it into two",
            )
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, "the file is not valid UTF-8 text") from exc
    except OSError as exc:
        raise ContentError(path, f"cannot read the file: {exc.strerror}") from exc


def read_source(path: Path, max_bytes: int | None = None) -> Source:
    """Read `path`, which must start with a `---` front-matter block."""
    text = read_text(path, max_bytes).lstrip("\ufeff")
    boundaries = list(frontmatter.YAMLHandler.FM_BOUNDARY.finditer(text))
    if not boundaries or boundaries[0].start() != 0:
        raise ContentError(path, "the file must start with a '---' front-matter block", line=1)
    if len(boundaries) < 2:
        raise ContentError(path, "the front-matter block has no closing '---'", line=1)
    opening, closing = boundaries[0], boundaries[1]
    closing_line = text.count("\n", 0, closing.start()) + 1
    line_end = text.find("\n", closing.start())
    body = "" if line_end == -1 else text[line_end + 1 :]
    # The YAML text starts right after the opening '---', on the file's line 1.
    meta, key_lines = load_yaml(text[opening.end() : closing.start()], path, first_line=1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(path, "the front-matter must be a set of 'key: value' lines", line=2)
    body_line = closing_line + 1
    return Source(path=path, meta=meta, body=body, body_line=body_line, key_lines=key_lines)
