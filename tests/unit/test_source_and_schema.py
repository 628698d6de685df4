"""Reading and validating module files: every error kind, with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.content.loader import load_module
from tests.factories import FIXTURES

BROKEN = FIXTURES / "broken"


@pytest.mark.parametrize(
    ("name", "line", "field", "message"),
    [
        ("bad-yaml.md", 4, None, "invalid YAML: while parsing a flow sequence (line 3)"),
        ("duplicate-key.md", 10, None, "duplicate key 'title' (first at line 3)"),
        ("missing-title.md", 1, "title", "required field is missing"),
        ("wrong-type.md", 5, "version", "must be a whole number"),
        ("version-zero.md", 5, "version", "must be 1 or more"),
        ("id-mismatch.md", 2, "id", "must equal the file name 'id-mismatch'"),
        ("unknown-focus.md", 8, "focus", "unknown focus tag 'knitting'"),
        ("unknown-field.md", 10, "colour", "unknown field"),
        ("empty-body.md", 11, None, "the module has no text"),
        ("no-sections.md", 11, None, "the module has no sections"),
        ("duplicate-section.md", 16, None, "duplicate section id 'listening' (first at line 12)"),
        ("unknown-block.md", 14, None, "unknown block kind 'quiz'"),
        ("no-frontmatter.md", 1, None, "must start with a '---' front-matter block"),
        ("top-heading.md", 16, None, "use '## ' for sections"),
        ("empty-section.md", 12, None, "section 'a' has no text"),
    ],
)
def test_broken_file_is_reported_with_path_line_and_field(name, line, field, message):
    module, errors = load_module(BROKEN / name)
    assert module is None
    error = errors[0]
    assert error.path == BROKEN / name
    assert error.line == line
    assert error.field == field
    assert message in error.message
    assert str(error).startswith(f"{BROKEN / name}:{line}:")


def test_every_broken_fixture_is_covered():
    covered = {p.name for p in BROKEN.glob("*.md")}
    params = test_broken_file_is_reported_with_path_line_and_field.pytestmark[0].args[1]
    assert covered == {case[0] for case in params}


def test_all_field_problems_are_reported_together(tmp_path: Path):
    path = tmp_path / "many.md"
    path.write_text(
        "---\nid: many\ntitle: ''\nversion: true\norder: 1\nduration_minutes: x\n"
        "focus: core\nobjectives: []\n---\n\n## A\n\nText.\n"
    )
    module, errors = load_module(path)
    assert module is None
    fields = {e.field for e in errors}
    assert fields == {"title", "summary", "version", "duration_minutes", "focus", "objectives"}


def test_valid_module_loads_with_typed_front_matter():
    module, errors = load_module(FIXTURES / "content" / "modules" / "alpha.md")
    assert errors == []
    assert module.meta.id == "alpha"
    assert module.meta.version == 2
    assert module.meta.focus == ("core",)
    assert module.meta.prerequisites == ()
    assert module.meta.feedback == "standard"
    assert module.field_lines["title"] == 3


def test_not_utf8_is_reported(tmp_path: Path):
    path = tmp_path / "latin.md"
    path.write_bytes("---\nid: latin\ntitle: caf\xe9\n---\n".encode("latin-1"))
    module, errors = load_module(path)
    assert module is None
    assert "not valid UTF-8" in errors[0].message
