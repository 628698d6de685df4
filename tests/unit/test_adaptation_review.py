"""Reviewing a library update under an adaptation, and moving the adaptation onto it."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from mentorhub.adaptation.review import ReviewItem, Status, rebase, review_items
from mentorhub.learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange


@dataclass(frozen=True)
class Sec:
    id: str
    title: str
    markdown: str


BASE = [
    Sec("a", "A", "Alpha text.\n"),
    Sec("b", "B", "Beta text.\n"),
    Sec("c", "C", "Gamma <em>text</em>.\n"),
    Sec("d", "D", "Delta text.\n"),
]
CURRENT = [
    Sec("a", "A", "Alpha text.\n"),
    Sec("n", "N", "New text.\n"),
    Sec("c", "C", "Gamma <em>words</em>.\n"),
]
DOC = AdaptationDoc(
    changes={
        "b": SectionChange(Action.REPLACE, "Our beta."),
        "c": SectionChange(Action.HIDE),
        "d": SectionChange(note_before="Before delta.", note_after="After delta."),
        "a": SectionChange(note_before="Hi."),
    },
    new_sections=(
        NewSection("local-1", "One", "x", None),
        NewSection("local-2", "Two", "x", "a"),
        NewSection("local-3", "Three", "x", "b"),
        NewSection("local-4", "Four", "x", "d"),
    ),
)


def test_review_lists_every_section_in_current_order_with_removed_ones_in_place():
    items = review_items(BASE, CURRENT, DOC)
    assert [(item.id, item.status, item.overridden) for item in items] == [
        ("a", Status.UNCHANGED, False),
        ("b", Status.REMOVED, True),
        ("n", Status.NEW, False),
        ("c", Status.CHANGED, True),
        ("d", Status.REMOVED, False),
    ]
    assert [str(item.status) for item in items] == [
        "unchanged",
        "removed from library",
        "new in library",
        "changed",
        "removed from library",
    ]


def test_review_item_carries_both_texts_and_an_escaped_diff():
    items = {item.id: item for item in review_items(BASE, CURRENT, DOC)}
    assert items["c"] == ReviewItem(
        id="c",
        title="C",
        status=Status.CHANGED,
        old_markdown="Gamma <em>text</em>.\n",
        new_markdown="Gamma <em>words</em>.\n",
        overridden=True,
        diff_html=Markup(
            "Gamma <del>&lt;em&gt;text&lt;/em&gt;.</del><ins>&lt;em&gt;words&lt;/em&gt;.</ins>\n"
        ),
        old_title="C",
    )
    assert (items["n"].old_markdown, items["n"].diff_html) == (
        None,
        Markup("<ins>New text.\n</ins>"),
    )
    assert (items["b"].new_markdown, items["b"].diff_html) == (
        None,
        Markup("<del>Beta text.\n</del>"),
    )
    assert items["a"].diff_html == Markup("Alpha text.\n")


def test_a_new_title_counts_as_a_change():
    (item,) = review_items([Sec("a", "A", "x")], [Sec("a", "Aa", "x")], AdaptationDoc())
    assert (item.status, item.title, item.old_title) == (Status.CHANGED, "Aa", "A")


def test_removed_sections_without_an_earlier_survivor_go_before_the_next_one_or_last():
    base = [Sec("x", "X", "x"), Sec("a", "A", "a")]
    assert [i.id for i in review_items(base, [Sec("n", "N", "n"), Sec("a", "A", "a")], DOC)] == [
        "n",
        "x",
        "a",
    ]
    assert [i.id for i in review_items(base, [Sec("n", "N", "n")], DOC)] == ["n", "x", "a"]


def test_rebase_drops_changes_for_removed_sections_and_explains():
    doc, messages = rebase(DOC, [s.id for s in CURRENT], take_library=[], base=BASE)
    assert dict(doc.changes) == {
        "a": SectionChange(note_before="Hi."),
        "c": SectionChange(Action.HIDE),
    }
    assert messages[:2] == [
        "“B” is no longer in the library, so your own text for it was removed.",
        "“D” is no longer in the library, so your note before it and your note after it "
        "were removed.",
    ]


def test_rebase_reanchors_new_sections_to_the_nearest_earlier_surviving_section():
    doc, messages = rebase(DOC, ["a", "n", "c"], take_library=[], base=BASE)
    assert [(new.id, new.after) for new in doc.new_sections] == [
        ("local-1", None),
        ("local-2", "a"),
        ("local-3", "a"),
        ("local-4", "c"),
    ]
    assert messages[2:] == [
        "Your section “Three” came after “B”, which is no longer in the library, so it "
        "now comes after “A”.",
        "Your section “Four” came after “D”, which is no longer in the library, so it "
        "now comes after “C”.",
    ]


def test_rebase_reanchors_to_the_start_when_nothing_earlier_survives():
    doc = AdaptationDoc(new_sections=(NewSection("local-1", "One", "x", "a"),))
    rebased, messages = rebase(doc, ["n"], take_library=[], base=BASE)
    assert rebased.new_sections == (NewSection("local-1", "One", "x", None),)
    assert messages == [
        "Your section “One” came after “A”, which is no longer in the library, so it "
        "now comes at the start."
    ]


def test_rebase_takes_the_library_text_but_keeps_notes():
    doc = AdaptationDoc(
        changes={
            "a": SectionChange(Action.REPLACE, "Ours.", note_after="After."),
            "c": SectionChange(Action.HIDE),
            "b": SectionChange(Action.REPLACE, "Ours too."),
        }
    )
    rebased, messages = rebase(doc, ["a", "b", "c"], take_library={"a", "c"}, base=BASE)
    assert rebased == AdaptationDoc(
        changes={
            "a": SectionChange(note_after="After."),
            "b": SectionChange(Action.REPLACE, "Ours too."),
        }
    )
    assert messages == []


def test_rebase_of_a_hidden_removed_section_and_without_base_titles():
    doc = AdaptationDoc(changes={"gone": SectionChange(Action.HIDE)})
    rebased, messages = rebase(doc, ["a"], take_library=[])
    assert rebased == AdaptationDoc()
    assert messages == [
        "“gone” is no longer in the library, so your choice to hide it was removed."
    ]


def test_rebase_with_nothing_to_do_returns_the_normalised_document():
    doc = AdaptationDoc(intro="  Hi  ", changes={"a": SectionChange(Action.HIDE, "ignored")})
    assert rebase(doc, ["a"], take_library=[], base=BASE) == (doc.normalised(), [])
