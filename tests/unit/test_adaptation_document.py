"""The adaptation document: normalising and JSON."""

from __future__ import annotations

from mentorhub.learning.adaptation_doc import (
    Action,
    AdaptationDoc,
    NewSection,
    SectionChange,
)


def test_text_from_a_browser_is_stored_with_plain_newlines():
    typed = AdaptationDoc(
        intro="Hello\r\nthere\r\n",
        changes={"a": SectionChange(Action.KEEP, note_after="One\r\nTwo")},
        new_sections=(NewSection("ours", " Ours ", "Line\r\nline", None),),
        local_blocks={"who": "Sam\r\n"},
    )
    doc = typed.normalised()
    assert doc.intro == "Hello\nthere"
    assert doc.changes["a"].note_after == "One\nTwo"
    assert doc.new_sections[0] == NewSection("ours", "Ours", "Line\nline", None)
    assert doc.local_blocks == {"who": "Sam"}


def test_changes_that_change_nothing_are_dropped():
    doc = AdaptationDoc(
        changes={"a": SectionChange(), "b": SectionChange(Action.KEEP, text="ignored")},
        local_blocks={"who": "  "},
    )
    assert doc.normalised() == AdaptationDoc()
    assert doc.is_empty


def test_json_round_trip():
    doc = AdaptationDoc(
        intro="Hi",
        changes={"a": SectionChange(Action.REPLACE, "Ours"), "b": SectionChange(Action.HIDE)},
        new_sections=(NewSection("ours", "Ours", "Text", "a"),),
        local_blocks={"who": "Sam"},
    )
    assert AdaptationDoc.from_json(doc.to_json()) == doc.normalised()
    assert AdaptationDoc.from_json(None) == AdaptationDoc()


def test_text_of_only_control_characters_counts_as_nothing():
    doc = AdaptationDoc(
        intro="\x00",
        changes={"a": SectionChange(Action.KEEP, note_before="\x01\x02")},
        local_blocks={"box": "\x00 \x7f"},
    )
    assert doc.normalised() == AdaptationDoc()
    assert doc.is_empty
