"""Checking what a trainer typed into an adaptation."""

from __future__ import annotations

import pytest

from mentorhub.adaptation.checks import doc_problems, markdown_problems
from mentorhub.learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange

from .test_adaptation_merge import LIBRARY


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Plain text with **bold** and a [link](https://example.org).",
        "### A small heading\n\n#### Smaller",
        '!!! activity "Try this"\n    Do it.',
        "!!! reflection\n    Think.",
        '!!! trainer "For you"\n    Notes.',
        '- a list\n\n    !!! activity "Nested"\n        fine',
        '```\n# a comment in code\n## and another\n!!! local "Not a box"\n```',
        "Ends with a hash #",
        "x" * 20_000,
    ],
)
def test_good_markdown_has_no_problems(text):
    assert markdown_problems(text) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Big heading", "Line 1 starts with # or ##"),
        ("Intro\n\n## Part two", "Line 3 starts with # or ##"),
        ("#hashtag", "Use ### for headings inside a section"),
        ("Text\r\n## Windows heading", "Line 2 starts with # or ##"),
        ('!!! local "Who to call"\n    Sam', '"local" and "programme" boxes are not allowed'),
        ('!!! programme "From your programme"\n    x', '"programme" boxes are not allowed'),
        ('Text\n\n    !!! local "Nested"\n        x', "Line 3: \"local\" and"),
        ('!!! warning "Careful"\n    x', "'warning' is not a kind of box"),
        ("!!!\n    x", "'a box' is not a kind of box"),
        ("!!! activity Try this\n    x", 'title in double quotes, like !!! activity "Try this"'),
        (
            '!!! reflection "Why?"\n    a\n\n!!! reflection "why"\n    b',
            "Line 4: another reflection box (line 1) has the same title",
        ),
        ("x" * 20_001, "it has 20,001 characters and the most you can use is 20,000"),
    ],
)  # fmt: skip
def test_bad_markdown_is_explained(text, message):
    problems = markdown_problems(text)
    assert len(problems) == 1
    assert message in problems[0]


def test_every_problem_in_a_text_is_reported():
    assert len(markdown_problems('# One\n\n## Two\n\n!!! local "x"\n    y')) == 3


def test_a_document_that_changes_nothing_is_fine():
    assert doc_problems(LIBRARY, AdaptationDoc()) == []


def test_a_sensible_adaptation_is_fine():
    doc = AdaptationDoc(
        intro="Welcome to our programme.",
        changes={
            "one": SectionChange(note_before="Read this first."),
            "two": SectionChange(action=Action.REPLACE, text="Our own words."),
            "three": SectionChange(action=Action.HIDE, note_after="# ignored: hidden"),
        },
        new_sections=(NewSection("our-rules", "Our rules", "Be kind.", after="one"),),
        local_blocks={"who-to-call": "Call Sam on 0123 456 789."},
    )
    assert doc_problems(LIBRARY, doc) == []


HIDE = SectionChange(action=Action.HIDE)


@pytest.mark.parametrize(
    ("doc", "field", "message"),
    [
        (
            AdaptationDoc(changes={"one": HIDE, "two": HIDE, "three": HIDE}),
            "sections",
            "You have hidden every section",
        ),
        (
            AdaptationDoc(
                changes={"one": HIDE, "two": HIDE, "three": HIDE},
                new_sections=(NewSection("mine", "Mine", "Ours."),),
            ),
            "sections",
            "You have hidden every section",
        ),
        (
            AdaptationDoc(changes={"two": SectionChange(action=Action.REPLACE, text="  \n")}),
            "section-two-text",
            "Write the text to use instead",
        ),
        (
            AdaptationDoc(changes={"two": SectionChange(action=Action.REPLACE, text="## Big")}),
            "section-two-text",
            "Use ### for headings",
        ),
        (
            AdaptationDoc(changes={"one": SectionChange(note_before='!!! local "x"\n    y')}),
            "section-one-note_before",
            "boxes are not allowed",
        ),
        (
            AdaptationDoc(changes={"three": SectionChange(note_after="# Big")}),
            "section-three-note_after",
            "Use ### for headings",
        ),
        (AdaptationDoc(intro="# Welcome"), "intro", "Use ### for headings"),
        (
            AdaptationDoc(new_sections=(NewSection("mine", " ", "Text."),)),
            "new-mine-title",
            "Give your section a title",
        ),
        (
            AdaptationDoc(new_sections=(NewSection("mine", "Mine", ""),)),
            "new-mine-text",
            "Write some text for your section",
        ),
        (
            AdaptationDoc(new_sections=(NewSection("mine", "Mine", "## Big"),)),
            "new-mine-text",
            "Use ### for headings",
        ),
        (
            AdaptationDoc(new_sections=(NewSection("Not A Slug", "Mine", "Text."),)),
            "new-Not A Slug-id",
            "small letters, numbers and hyphens",
        ),
        (
            AdaptationDoc(
                new_sections=(NewSection("mine", "A", "Text."), NewSection("mine", "B", "Text."))
            ),
            "new-mine-id",
            "Two of your own sections have the same web address",
        ),
        (
            AdaptationDoc(local_blocks={"not-in-module": "Sam"}),
            "local-not-in-module",
            "This module no longer has this box",
        ),
        (
            AdaptationDoc(local_blocks={"who-to-call": "!!! warning\n    x"}),
            "local-who-to-call",
            "'warning' is not a kind of box",
        ),
    ],
)
def test_document_problems_name_their_field(doc, field, message):
    problems = doc_problems(LIBRARY, doc)
    assert len(problems) == 1, problems
    assert problems[0][0] == field
    assert message in problems[0][1]


def test_changes_for_sections_the_module_does_not_have_are_not_checked():
    doc = AdaptationDoc(changes={"gone": SectionChange(action=Action.REPLACE, text="# Big")})
    assert doc_problems(LIBRARY, doc) == []
