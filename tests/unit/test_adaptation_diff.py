"""Comparing two revisions of an adaptation in plain English."""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from mentorhub.adaptation.diff import Change, diff_docs, diff_text_html
from mentorhub.content.module import Block
from mentorhub.learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange


@dataclass(frozen=True)
class Sec:
    id: str
    title: str
    blocks: tuple[Block, ...] = ()


LIBRARY = [
    Sec("welcome", "Welcome"),
    Sec(
        "ground-rules",
        "Ground rules",
        (Block("local", "Your coordinator", 3, "your-coordinator"),),
    ),
    Sec("expenses", "Getting your expenses"),
]
REPLACED = SectionChange(Action.REPLACE, "Be kind to each other.")


def summaries(old: AdaptationDoc, new: AdaptationDoc) -> list[str]:
    return [change.summary for change in diff_docs(old, new, LIBRARY)]


def with_change(change: SectionChange, section_id: str = "ground-rules") -> AdaptationDoc:
    return AdaptationDoc(changes={section_id: change})


def test_no_difference_gives_an_empty_list():
    doc = AdaptationDoc(intro="Hi", changes={"ground-rules": REPLACED})
    same_meaning = AdaptationDoc(intro="Hi\n\n", changes={"ground-rules": REPLACED})
    assert diff_docs(doc, same_meaning, LIBRARY) == []


@pytest.mark.parametrize(
    ("old", "new", "summary"),
    [
        (SectionChange(), SectionChange(Action.HIDE), "“Ground rules”: now hidden"),
        (
            REPLACED,
            SectionChange(Action.HIDE),
            "“Ground rules”: now hidden (your own text for it was removed)",
        ),
        (
            SectionChange(Action.HIDE),
            SectionChange(),
            "“Ground rules”: shown again, with the library text",
        ),
        (
            SectionChange(Action.HIDE),
            REPLACED,
            "“Ground rules”: shown again, with your own text",
        ),
        (SectionChange(), REPLACED, "“Ground rules”: now uses your own text"),
        (
            REPLACED,
            SectionChange(),
            "“Ground rules”: back to the library text (your own text was removed)",
        ),
        (
            REPLACED,
            SectionChange(Action.REPLACE, "Be patient with each other."),
            "“Ground rules”: your own text changed",
        ),
        (
            SectionChange(),
            SectionChange(note_before="Read this."),
            "“Ground rules”: note before it added",
        ),
        (
            SectionChange(note_after="Old."),
            SectionChange(note_after="New."),
            "“Ground rules”: note after it changed",
        ),
        (
            SectionChange(note_after="Old."),
            SectionChange(),
            "“Ground rules”: note after it removed",
        ),
    ],
)
def test_section_changes_are_summarised(old, new, summary):
    assert summaries(with_change(old), with_change(new)) == [summary]


def test_a_text_change_carries_before_after_and_a_word_diff():
    (change,) = diff_docs(
        with_change(REPLACED),
        with_change(SectionChange(Action.REPLACE, "Be patient with each other.")),
        LIBRARY,
    )
    assert change == Change(
        summary="“Ground rules”: your own text changed",
        where="Ground rules",
        before="Be kind to each other.",
        after="Be patient with each other.",
        inline_html=Markup("Be <del>kind to</del><ins>patient with</ins> each other."),
    )


def test_an_action_change_without_text_has_no_diff():
    (change,) = diff_docs(AdaptationDoc(), with_change(SectionChange(Action.HIDE)), LIBRARY)
    assert (change.where, change.before, change.after, change.inline_html) == (
        "Ground rules",
        None,
        None,
        None,
    )


def test_several_changes_come_in_reading_order():
    old = AdaptationDoc(
        intro="Hello.",
        changes={"expenses": SectionChange(Action.HIDE)},
        new_sections=(NewSection("local-gone", "Gone", "Bye."),),
    )
    new = AdaptationDoc(
        intro="Hello, Glasgow.",
        changes={"ground-rules": SectionChange(note_before="Hi."), "old-one": REPLACED},
        new_sections=(NewSection("local-our-office", "Our office", "At 1 High St.", "welcome"),),
        local_blocks={"your-coordinator": "Sam"},
    )
    assert summaries(old, new) == [
        "Programme introduction changed",
        "“Ground rules”: note before it added",
        "“Getting your expenses”: shown again, with the library text",
        "“old-one”: now uses your own text",
        "New section “Our office” added",
        "New section “Gone” removed",
        "Local box “Your coordinator” filled in",
    ]
    wheres = [change.where for change in diff_docs(old, new, LIBRARY)]
    assert wheres == [
        "Programme introduction",
        "Ground rules",
        "Getting your expenses",
        "old-one",
        "Our office",
        "Gone",
        "Ground rules",
    ]


@pytest.mark.parametrize(
    ("old", "new", "summary"),
    [
        ("", "Hi", "Programme introduction added"),
        ("Hi", "", "Programme introduction removed"),
        ("Hi", "Hello", "Programme introduction changed"),
    ],
)
def test_intro_changes(old, new, summary):
    assert summaries(AdaptationDoc(intro=old), AdaptationDoc(intro=new)) == [summary]


def test_new_section_renamed_rewritten_and_moved():
    old = AdaptationDoc(new_sections=(NewSection("local-a", "Office", "Old text.", None),))
    new = AdaptationDoc(
        new_sections=(NewSection("local-a", "Our office", "New text.", "expenses"),)
    )
    assert summaries(old, new) == [
        "New section “Office” renamed “Our office”",
        "New section “Our office”: text changed",
        "New section “Our office” moved: now after “Getting your expenses”",
    ]
    assert summaries(new, old)[-1] == "New section “Office” moved: now at the start"


@pytest.mark.parametrize(
    ("old", "new", "summary", "where"),
    [
        ({}, {"your-coordinator": "Sam"}, "Local box “Your coordinator” filled in", "Ground rules"),
        ({"your-coordinator": "Sam"}, {}, "Local box “Your coordinator” emptied", "Ground rules"),
        (
            {"your-coordinator": "Sam"},
            {"your-coordinator": "Alex"},
            "Local box “Your coordinator” changed",
            "Ground rules",
        ),
        ({}, {"not-in-library": "x"}, "Local box “not-in-library” filled in", "Local boxes"),
    ],
)
def test_local_box_changes(old, new, summary, where):
    (change,) = diff_docs(AdaptationDoc(local_blocks=old), AdaptationDoc(local_blocks=new), LIBRARY)
    assert (change.summary, change.where) == (summary, where)


def test_inline_diff_escapes_every_piece_of_text():
    old = "Hello <b>there</b> & welcome"
    new = "Hello <script>alert('x')</script> & welcome"
    html = diff_text_html(old, new)
    assert isinstance(html, Markup)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert html.startswith("Hello <del>&lt;b&gt;there&lt;/b&gt;</del><ins>&lt;script&gt;")
    assert html.endswith(" &amp; welcome")


def test_inline_diff_of_a_section_change_is_escaped():
    new = with_change(SectionChange(Action.REPLACE, "<script>alert(1)</script>"))
    (change,) = diff_docs(AdaptationDoc(), new, LIBRARY)
    assert change.inline_html == Markup("<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>")


def test_inline_diff_of_equal_text_is_the_escaped_text():
    assert diff_text_html("a <i>", "a <i>") == Markup("a &lt;i&gt;")


def test_inline_diff_keeps_whitespace_and_shows_removed_words():
    assert diff_text_html("one two\nthree", "one\nthree four") == Markup(
        "one<del> two</del>\nthree<ins> four</ins>"
    )


def _side(html: str, keep: str, drop: str) -> str:
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.DOTALL)
    return html_module.unescape(re.sub(rf"</?{keep}>", "", html))


words = st.lists(st.sampled_from(["a", "b", "<i>", "&", " ", "\n", "c d"]), max_size=12).map(
    "".join
)


@settings(deadline=None, max_examples=150)
@given(old=words, new=words)
def test_inline_diff_holds_both_texts_and_nothing_unescaped(old, new):
    html = str(diff_text_html(old, new))
    assert _side(html, "del", "ins") == old
    assert _side(html, "ins", "del") == new
    assert not re.sub(r"</?(del|ins)>", "", html).count("<")
