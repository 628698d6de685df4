"""Exporting an adaptation as one Markdown file and reading it back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorhub.adaptation.files import (
    MAX_IMPORT_BYTES,
    export_adaptation,
    import_adaptation,
)
from mentorhub.content.errors import ContentError
from mentorhub.content.loader import load_module
from mentorhub.content.sections import FENCE_RE
from mentorhub.learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Sec:
    id: str
    title: str


LIBRARY = [
    Sec("what-peer-mentoring-is", "What peer mentoring is"),
    Sec("ground-rules", "Ground rules"),
    Sec("getting-your-expenses", "Getting your expenses"),
    Sec("who-to-call", "Who to call"),
]
IDS = [section.id for section in LIBRARY]

HEAD = (
    "---\nextends: welcome\nprogramme: Glasgow Peer Mentoring\nbase_version: 3\nrevision: 4\n---\n"
)
BODY_LINE = 7  # the first line after HEAD


def read(text: str | bytes, **kwargs):
    kwargs.setdefault("module_id", "welcome")
    kwargs.setdefault("library_section_ids", IDS)
    return import_adaptation(text, **kwargs)


def export(doc: AdaptationDoc, sections=LIBRARY, revision: int | None = 4) -> str:
    return export_adaptation(
        doc,
        module_id="welcome",
        programme="Glasgow Peer Mentoring",
        base_version=3,
        revision=revision,
        library_sections=sections,
    )


EXAMPLE = AdaptationDoc(
    intro="Welcome to **Glasgow**.",
    changes={
        "ground-rules": SectionChange(Action.REPLACE, "Our rules.", "Read this first.", "Done."),
        "getting-your-expenses": SectionChange(Action.HIDE),
    },
    new_sections=(NewSection("local-our-office", "Our office", "We are at 1 High St.", None),),
    local_blocks={"your-coordinator": "Sam, 0141 000 0000"},
)


# --- export ---------------------------------------------------------------------------


def test_export_writes_entries_in_the_order_the_trainee_sees_them():
    doc = AdaptationDoc(
        changes=EXAMPLE.changes,
        new_sections=(NewSection("local-our-office", "Our office", "Here.", "ground-rules"),),
    )
    headers = [line for line in export(doc).split("\n") if line.startswith("## ")]
    assert headers == [
        "## Programme introduction",
        "## Keep: What peer mentoring is {#what-peer-mentoring-is}",
        "## Note before {#ground-rules}",
        "## Replace: Ground rules {#ground-rules}",
        "## Note after {#ground-rules}",
        "## New section: Our office {#local-our-office}",
        "## Hide: Getting your expenses {#getting-your-expenses}",
        "## Keep: Who to call {#who-to-call}",
    ]


def test_export_starts_with_front_matter_and_an_explanation():
    text = export(EXAMPLE)
    assert text.startswith(
        "---\nextends: welcome  # the library module this file adapts\n"
        "programme: Glasgow Peer Mentoring\n"
        "base_version: 3  # the library version this was made against\n"
        "revision: 4  # this adaptation's revision\n---\n\n<!--\n"
    )
    comment = text[text.index("<!--") : text.index("-->")]
    assert 'library module "welcome"' in comment
    assert not re.search(r"^#", comment, re.MULTILINE)  # no header inside the comment


def test_export_keeps_sections_the_library_no_longer_has():
    doc = AdaptationDoc(
        changes={"old-part": SectionChange(Action.REPLACE, "Ours.")},
        new_sections=(NewSection("local-a", "A", "Text.", "gone"),),
    )
    text = export(doc)
    assert "## Replace: old-part {#old-part}\n\nOurs." in text
    assert text.index("{#who-to-call}") < text.index("{#old-part}") < text.index("{#local-a}")


@pytest.mark.parametrize("programme", ['O\'Brien: #1 "Trust"', "yes", "123", "a\x85b", "- x", ""])
def test_programme_names_survive_the_settings_block(programme):
    text = export_adaptation(
        EXAMPLE,
        module_id="welcome",
        programme=programme,
        base_version=3,
        revision=4,
        library_sections=LIBRARY,
    )
    assert read(text).programme == programme


def test_export_without_revision_leaves_it_out():
    imported = read(export(EXAMPLE, revision=None))
    assert "revision" not in export(EXAMPLE, revision=None)
    assert imported.revision is None


def test_export_places_local_boxes_in_their_library_section():
    module, errors = load_module(ROOT / "content" / "modules" / "welcome.md")
    assert module is not None, errors
    ids = [section.id for section in module.sections]
    doc = AdaptationDoc(
        changes={"how-the-training-works": SectionChange(Action.HIDE)},
        local_blocks={"your-coordinator": "Sam", "not-in-the-library": "Old"},
    )
    text = export(doc, sections=module.sections)
    assert "## Keep: Your programme {#your-programme}\n\n" in text
    assert text.index("{#your-programme}") < text.index("{#your-coordinator}")
    assert "## Local box: Your coordinator {#your-coordinator}\n\nSam" in text
    # An empty box in a hidden section is left out; an unknown one goes last.
    assert "{#when-and-where-the-group-meets}" not in text
    assert text.rstrip().endswith("## Local box: not-in-the-library {#not-in-the-library}\n\nOld")
    imported = read(text, library_section_ids=ids)
    assert imported.doc == doc.normalised()


# --- import ---------------------------------------------------------------------------


def test_import_reads_the_example_from_the_brief():
    text = HEAD + (
        "<!-- a comment\n## Keep: not read {#nowhere}\n-->\n\n"
        "## Programme introduction\nWelcome to **Glasgow**.\n\n"
        "## New section: Our office\nWe are at 1 High St.\n\n"
        "## keep: the words here do not matter {#what-peer-mentoring-is}\n\n"
        "## Note before {#ground-rules}\nRead this first.\n"
        "## Replace: Ground rules {#ground-rules}\nOur rules.\n"
        "## Note after: Ground rules {#ground-rules}\nDone.\n"
        "## HIDE: Getting your expenses {#getting-your-expenses}\n\n"
        "## Local box: Your coordinator\nSam, 0141 000 0000\n"
    )
    imported = read(text)
    assert imported.doc == EXAMPLE.normalised()
    assert (imported.base_version, imported.revision, imported.programme) == (
        3,
        4,
        "Glasgow Peer Mentoring",
    )


def test_import_anchors_new_sections_to_the_section_line_above():
    text = HEAD + (
        "## New section: First {#local-first}\nA\n"
        "## Keep: x {#ground-rules}\n"
        "## Local box: Box {#box}\nB\n"
        "## New section: Second {#local-second}\nC\n"
        "## New section: Third {#local-third}\nD\n"
    )
    assert read(text).doc.new_sections == (
        NewSection("local-first", "First", "A", None),
        NewSection("local-second", "Second", "C", "ground-rules"),
        NewSection("local-third", "Third", "D", "ground-rules"),
    )


def test_import_accepts_bytes_windows_line_endings_and_a_bom():
    text = "\ufeff" + export(EXAMPLE).replace("\n", "\r\n")
    assert read(text.encode("utf-8")).doc == EXAMPLE.normalised()


def test_import_keeps_headers_inside_code_fences_as_text():
    doc = AdaptationDoc(
        changes={"ground-rules": SectionChange(Action.REPLACE, "```\n## Not a header\n# Nor\n```")}
    )
    assert read(export(doc)).doc == doc


def test_import_without_optional_settings():
    imported = read("---\nextends: welcome\nbase_version: 1\n---\n")
    assert imported == type(imported)(AdaptationDoc(), 1, None, "")


def test_a_file_exactly_at_the_limit_is_read():
    text = export(EXAMPLE)
    text += "\n" * (MAX_IMPORT_BYTES - len(text.encode()))
    assert read(text).doc == EXAMPLE.normalised()


ERRORS = [
    # (case, file text, line, part of the message)
    ("too big", "x" * (MAX_IMPORT_BYTES + 1), None, "the file is too big (201 KB)"),
    ("too big in bytes", "é" * (MAX_IMPORT_BYTES // 2 + 1), None, "at most 200 KB"),
    ("not utf-8", HEAD.encode() + b"## Programme introduction\nCaf\xe9\n", 8, "not plain text"),
    ("no front-matter", "## Programme introduction\n", 1, "must start with the settings"),
    ("front-matter not closed", "---\nextends: welcome\n", 1, "has no closing '---'"),
    ("bad yaml", "---\nextends: [welcome\nbase_version: 3\n---\n", 3, "could not be read"),
    ("duplicate setting", HEAD.replace("revision: 4", "extends: x"), 5, "duplicate key 'extends'"),
    ("settings not a mapping", "---\n- welcome\n---\n", 2, "must be 'name: value' lines"),
    ("unknown setting", HEAD.replace("revision", "revison"), 5, "unknown setting 'revison'"),
    ("no extends", HEAD.replace("extends: welcome\n", ""), 1, "need 'extends: welcome'"),
    (
        "another module",
        HEAD.replace("extends: welcome", "extends: housing"),
        2,
        "This file adapts 'housing', not 'welcome'",
    ),
    ("no base_version", HEAD.replace("base_version: 3\n", ""), 1, "need 'base_version'"),
    (
        "base_version not a number",
        HEAD.replace("base_version: 3", "base_version: three"),
        4,
        "'base_version' must be a whole number",
    ),
    ("revision zero", HEAD.replace("revision: 4", "revision: 0"), 5, "'revision' must be"),
    (
        "unknown header",
        HEAD + "## Programme introduction\n\n## Our office\nText\n",
        9,
        "'## Our office' is not a line this file understands",
    ),
    ("top heading", HEAD + "## Programme introduction\n# Big\n", 8, "'# ' are not allowed"),
    ("text before the first header", HEAD + "\nHello\n", 8, "text before the first '## '"),
    ("comment not closed", HEAD + "<!-- hello\n## Keep: x {#ground-rules}\n", 7, "never closed"),
    ("text after the comment", HEAD + "<!-- a\n--> b\n", 8, "nothing after '-->'"),
    ("fence not closed", HEAD + "## Programme introduction\n\n```\n## x\n", 9, "never closed"),
    ("keep without id", HEAD + "## Keep: Ground rules\n", 7, "like {#ground-rules}"),
    ("bad id", HEAD + "## Hide: x {#Ground_Rules}\n", 7, "lower-case letters"),
    (
        "id not in the library",
        HEAD + "## Replace: Ground rules {#ground-rule}\nText\n",
        7,
        "has no section {#ground-rule}: the id at the end of the line must match the "
        "library's. Did you mean {#ground-rules}?",
    ),
    (
        "note for an id not in the library",
        HEAD + "## Note after {#nowhere}\n",
        7,
        "has no section {#nowhere}",
    ),
    (
        "new section with a library id",
        HEAD + "## New section: Ground rules {#ground-rules}\nText\n",
        7,
        "already the id of a library section",
    ),
    ("new section without title", HEAD + "## New section:\nText\n", 7, "needs a title or an id"),
    ("intro with an id", HEAD + "## Programme introduction {#intro}\n", 7, "takes no {#id}"),
    (
        "section twice",
        HEAD + "## Keep: a {#ground-rules}\n## Hide: a {#ground-rules}\n",
        8,
        "section {#ground-rules} already has a line at line 7: each section has one Keep",
    ),
    (
        "intro twice",
        HEAD + "## Programme introduction\nA\n## Programme introduction\nB\n",
        9,
        "there is already a '## Programme introduction' at line 7",
    ),
    (
        "new section twice",
        HEAD + "## New section: A {#local-a}\nA\n## New section: A\nB\n",
        9,
        "'## New section: A' has the same id {#local-a} as the line at line 7",
    ),
    (
        "local box twice",
        HEAD + "## Local box: Who {#who}\nA\n## Local box: Who\nB\n",
        9,
        "has the same id {#who} as the line at line 7",
    ),
    (
        "note twice",
        HEAD + "## Note before {#ground-rules}\nA\n## Note before {#ground-rules}\nB\n"
        "## Keep: x {#ground-rules}\n",
        9,
        "'## Note before {#ground-rules}' appears twice (first at line 7)",
    ),
    (
        "note before not next to its section",
        HEAD + "## Note before {#ground-rules}\nA\n\n## Keep: x {#who-to-call}\n",
        7,
        "must go straight above the Keep, Replace or Hide line for {#ground-rules}",
    ),
    (
        "note after not next to its section",
        HEAD
        + "## Keep: x {#ground-rules}\n## New section: Ours\nA\n## Note after {#ground-rules}\n",
        10,
        "must go straight below the Keep, Replace or Hide line for {#ground-rules}",
    ),
    (
        "note after at the start",
        HEAD + "## Note after {#ground-rules}\nA\n",
        7,
        "must go straight below",
    ),
    (
        "text under keep",
        HEAD + "## Keep: Ground rules {#ground-rules}\n\nOur text\n",
        9,
        "change 'Keep' to 'Replace'",
    ),
    (
        "text under hide",
        HEAD + "## Hide: Ground rules {#ground-rules}\nOur text\n",
        8,
        "change 'Hide' to 'Replace'",
    ),
    (
        "sections out of order",
        HEAD + "## Keep: a {#ground-rules}\n## Keep: b {#what-peer-mentoring-is}\n",
        8,
        "is out of order: sections follow the library's order, so it must come before "
        "'## Keep: a {#ground-rules}' (line 7)",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_import_errors_are_located_and_plain(text, line, message):
    with pytest.raises(ContentError) as caught:
        read(text, path_label="glasgow-welcome.md")
    error = caught.value
    assert message in error.message
    assert error.line == line
    assert error.path == Path("glasgow-welcome.md")
    where = f"glasgow-welcome.md:{line}" if line else "glasgow-welcome.md"
    assert str(error).startswith(f"{where}: ")


def test_every_error_case_has_a_distinct_name():
    assert len({case[0] for case in ERRORS}) == len(ERRORS)


# --- round trip -----------------------------------------------------------------------


def test_round_trip_of_the_example():
    assert read(export(EXAMPLE)).doc == EXAMPLE.normalised()


def _is_plain_line(line: str) -> bool:
    """Lines a trainer can type: the editor refuses `#` headings outside code fences."""
    return not line.lstrip().startswith("#") and not FENCE_RE.match(line)


_lines = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=30).filter(
    _is_plain_line
)
_fenced = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n`~"), max_size=20)
).map(lambda lines: "\n".join(["```", *lines, "## in a fence", "```"]))
markdown = st.lists(st.one_of(_lines, _lines, _fenced), max_size=6).map("\n".join)
titles = st.text(
    st.characters(codec="utf-8", exclude_characters="\r\n"), min_size=1, max_size=30
).filter(lambda title: title.strip())
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
changes = st.builds(
    SectionChange,
    action=st.sampled_from(Action),
    text=markdown,
    note_before=markdown,
    note_after=markdown,
)


@st.composite
def documents(draw) -> AdaptationDoc:
    anchors = [None, *IDS]
    new_ids = draw(st.lists(slugs.filter(lambda s: s not in IDS), unique=True, max_size=4))
    new_sections = [
        NewSection(new_id, draw(titles), draw(markdown), draw(st.sampled_from(anchors)))
        for new_id in new_ids
    ]
    new_sections.sort(key=lambda new: anchors.index(new.after))  # stable: same anchor keeps order
    doc = AdaptationDoc(
        intro=draw(markdown),
        changes=draw(st.dictionaries(st.sampled_from(IDS), changes)),
        new_sections=tuple(new_sections),
        local_blocks=draw(st.dictionaries(slugs, markdown, max_size=3)),
    )
    return doc.normalised()


@settings(deadline=None, max_examples=150)
@given(
    doc=documents(),
    programme=st.text(st.characters(codec="utf-8"), max_size=40),
    revision=st.integers(1, 10**6),
)
def test_round_trip_of_any_document(doc, programme, revision):
    text = export_adaptation(
        doc,
        module_id="welcome",
        programme=programme,
        base_version=3,
        revision=revision,
        library_sections=LIBRARY,
    )
    imported = read(text)
    assert imported.doc == doc
    assert (imported.programme, imported.base_version, imported.revision) == (
        programme,
        3,
        revision,
    )
