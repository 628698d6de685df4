"""Splitting a module body into sections and finding its blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.content.errors import ContentError
from mentorhub.content.sections import split_sections
from mentorhub.content.slugs import slugify

PATH = Path("modules/test.md")


def test_sections_split_at_level_two_headings_with_ids_and_lines():
    body = (
        "Intro text.\n\n## Who you are\n\nOne.\n\n### A sub-heading\n\nStill one.\n\n"
        "## Next {#step-2}\n\nTwo.\n"
    )
    split = split_sections(body, PATH, first_line=10)
    assert split.intro == "Intro text."
    assert [(s.id, s.title, s.line) for s in split.sections] == [
        ("who-you-are", "Who you are", 12),
        ("step-2", "Next", 20),
    ]
    assert "### A sub-heading" in split.sections[0].markdown
    assert split.sections[1].markdown == "Two.\n"


def test_headings_inside_fenced_code_do_not_split():
    body = "## Real\n\n```\n## not a heading\n# nor this\n```\n"
    split = split_sections(body, PATH)
    assert [s.id for s in split.sections] == ["real"]


def test_blocks_are_found_with_kind_title_and_line():
    body = '## Part\n\n!!! activity "Try this"\n    Do it.\n\n!!! local "Who to call"\n    Ask.\n'
    section = split_sections(body, PATH, first_line=5).sections[0]
    assert [(b.kind, b.title, b.line, b.key) for b in section.blocks] == [
        ("activity", "Try this", 7, "try-this"),
        ("local", "Who to call", 10, "who-to-call"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("## A\n\nx\n\n## A\n\ny\n", "duplicate section id 'a'"),
        ("## A {#Bad_Id}\n\nx\n", "section id 'Bad_Id' must be"),
        ("## {#only-id}\n\nx\n", "a section heading has no text"),
        ("## A\n\n!!! local\n    x\n", "a local block needs a title"),
        ('## A\n\n!!! local "X"\n    x\n\n## B\n\n!!! local "x"\n    y\n', "duplicate local block"),
        ("## A\n\n!!! warning\n    x\n", "unknown block kind 'warning'"),
        ('## A\n\n!!! programme "Ours"\n    x\n', "'programme' boxes are added by programmes"),
    ],
)
def test_structure_errors(body, message):
    with pytest.raises(ContentError, match=message):
        split_sections(body, PATH)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Who you are", "who-you-are"),
        ("  Boundaries & confidentiality!  ", "boundaries-confidentiality"),
        ("Café culture", "cafe-culture"),
        ("Step 2: goals", "step-2-goals"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_a_reflection_may_ask_for_a_score():
    body = (
        '## Part\n\n!!! reflection score "How sure are you?"\n    1 to 5.\n\n'
        '!!! reflection "Why?"\n    Say.\n'
    )
    section = split_sections(body, PATH).sections[0]
    assert [(b.title, b.score) for b in section.blocks] == [
        ("How sure are you?", True),
        ("Why?", False),
    ]


@pytest.mark.parametrize("line", ['!!! activity score "Try"', '!!! reflection scores "Why?"'])
def test_only_a_reflection_takes_the_word_score(line):
    with pytest.raises(ContentError, match="only a reflection may add"):
        split_sections(f"## Part\n\n{line}\n    Text.\n", PATH)
