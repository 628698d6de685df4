"""Merging a library module with a programme's adaptation, and building the result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorhub.content.module import Module, ModuleMeta, Section
from mentorhub.content.render import render_markdown
from mentorhub.content.sections import split_sections
from mentorhub.learning.adaptation_build import (
    build_module,
    library_sections_snapshot,
    sections_from_snapshot,
)
from mentorhub.learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange
from mentorhub.learning.adaptation_merge import (
    Merged,
    MergedSection,
    PlainSection,
    fill_local_blocks,
    merge,
    programme_block,
)

PATH = Path("modules/test.md")
META = ModuleMeta(
    id="test",
    title="Test",
    summary="A test module.",
    version=1,
    order=1,
    duration_minutes=10,
    focus=("core",),
    objectives=("Test things",),
)
BODY = """Library intro.

## One {#one}

First.

!!! local "Who to call"
    The library's placeholder.

    Still the placeholder.

After the box.

## Two {#two}

Second.

!!! trainer "Secret"
    TRAINER-ONLY words.

## Three {#three}

Third.
"""


def module_from_body(body: str) -> Module:
    split = split_sections(body, PATH)
    return Module(
        meta=META,
        path=PATH,
        intro_html=render_markdown(split.intro) if split.intro.strip() else "",
        sections=tuple(
            Section(
                id=raw.id,
                title=raw.title,
                line=raw.line,
                markdown=raw.markdown,
                blocks=tuple(raw.blocks),
                html=render_markdown(raw.markdown),
                staff_html=render_markdown(raw.markdown, show_trainer_notes=True),
            )
            for raw in split.sections
        ),
    )


LIBRARY = module_from_body(BODY)


def lib(*ids: str) -> list[PlainSection]:
    return [PlainSection(id=i, title=i.title(), markdown=f"Text of {i}.\n") for i in ids]


def ids(merged: Merged) -> list[str]:
    return [s.id for s in merged.sections]


def change(section_id: str, **kwargs) -> AdaptationDoc:
    return AdaptationDoc(changes={section_id: SectionChange(**kwargs)})


# --- merge: examples -------------------------------------------------------------------


def test_an_empty_document_keeps_every_library_section():
    merged = merge(lib("a", "b"), AdaptationDoc())
    assert merged == Merged(
        intro="",
        sections=(
            MergedSection("a", "A", "Text of a.\n", "library", "a"),
            MergedSection("b", "B", "Text of b.\n", "library", "b"),
        ),
    )


def test_hide_drops_the_section_and_its_notes():
    doc = change("a", action=Action.HIDE, note_before="Before", note_after="After")
    merged = merge(lib("a", "b"), doc)
    assert ids(merged) == ["b"]
    assert "Before" not in merged.sections[0].markdown


def test_replace_uses_the_programme_text_under_the_library_title():
    merged = merge(lib("a", "b"), change("a", action=Action.REPLACE, text="Ours.\n"))
    assert merged.sections[0] == MergedSection("a", "A", "Ours.\n", "replaced", "a")


def test_replace_text_is_ignored_when_the_action_is_keep():
    merged = merge(lib("a"), change("a", action=Action.KEEP, text="Ours."))
    assert merged.sections[0].markdown == "Text of a.\n"


def test_notes_become_programme_boxes_before_and_after():
    merged = merge(lib("a"), change("a", note_before="Hi\n\nthere", note_after="Bye"))
    assert merged.sections[0].markdown == (
        '!!! programme "From your programme"\n    Hi\n\n    there\n\n'
        "Text of a.\n\n"
        '!!! programme "From your programme"\n    Bye\n'
    )


def test_notes_also_go_round_replaced_text():
    doc = change("a", action=Action.REPLACE, text="Ours.", note_after="Bye")
    markdown = merge(lib("a"), doc).sections[0].markdown
    assert markdown == 'Ours.\n\n!!! programme "From your programme"\n    Bye\n'


def test_windows_line_endings_from_a_form_are_normalised():
    doc = change("a", action=Action.REPLACE, text="One\r\n\r\nTwo", note_after="x\r\ny")
    markdown = merge(lib("a"), doc).sections[0].markdown
    assert "\r" not in markdown
    assert markdown.startswith("One\n\nTwo\n\n")


def test_new_sections_without_an_anchor_come_first_in_document_order():
    doc = AdaptationDoc(new_sections=(NewSection("x", "X", "x"), NewSection("y", "Y", "y")))
    merged = merge(lib("a"), doc)
    assert ids(merged) == ["x", "y", "a"]
    assert merged.sections[0] == MergedSection("x", "X", "x\n", "local", None)


def test_new_sections_follow_their_anchor_even_when_it_is_hidden():
    doc = AdaptationDoc(
        changes={"a": SectionChange(action=Action.HIDE)},
        new_sections=(NewSection("x", "X", "x", after="a"), NewSection("y", "Y", "y", after="b")),
    )
    assert ids(merge(lib("a", "b", "c"), doc)) == ["x", "b", "y", "c"]


def test_a_new_section_whose_anchor_was_removed_follows_the_nearest_earlier_survivor():
    base = lib("a", "b", "c", "d")
    doc = AdaptationDoc(
        new_sections=(
            NewSection("after-c", "C2", "x", after="c"),
            NewSection("after-b", "B2", "x", after="b"),
            NewSection("after-a", "A2", "x", after="a"),
        )
    )
    full = merge(base, doc)
    assert ids(full) == ["a", "after-a", "b", "after-b", "c", "after-c", "d"]
    # The library drops b and c: their new sections stay where they were, after a.
    reduced = merge(lib("a", "d"), doc, base)
    assert ids(reduced) == ["a", "after-a", "after-b", "after-c", "d"]


def test_a_removed_anchor_with_no_earlier_survivor_goes_to_the_start():
    doc = AdaptationDoc(
        new_sections=(NewSection("x", "X", "x", after="a"), NewSection("s", "S", "s"))
    )
    assert ids(merge(lib("b"), doc, lib("a", "b"))) == ["s", "x", "b"]


def test_an_anchor_unknown_even_to_the_base_goes_to_the_start():
    doc = AdaptationDoc(new_sections=(NewSection("x", "X", "x", after="gone"),))
    assert ids(merge(lib("a"), doc)) == ["x", "a"]


def test_changes_for_sections_the_library_does_not_have_are_ignored():
    doc = AdaptationDoc(
        changes={
            "gone": SectionChange(action=Action.REPLACE, text="Lost."),
            "also-gone": SectionChange(action=Action.HIDE),
        }
    )
    assert merge(lib("a"), doc) == merge(lib("a"), AdaptationDoc())


def test_a_new_section_id_that_collides_gets_a_stable_suffix():
    doc = AdaptationDoc(
        changes={"a": SectionChange(action=Action.HIDE)},
        new_sections=(
            NewSection("a", "Mine", "x", after="b"),
            NewSection("a", "Mine too", "y", after="b"),
            NewSection("b", "Other", "z", after="b"),
        ),
    )
    assert ids(merge(lib("a", "a-2", "b"), doc)) == ["a-2", "b", "a-3", "a-4", "b-2"]


def test_new_section_ids_that_are_not_slugs_are_made_into_slugs():
    doc = AdaptationDoc(
        new_sections=(NewSection("Who To Call", "W", "x"), NewSection("", "E", "y"))
    )
    assert ids(merge(lib("a"), doc)) == ["who-to-call", "section", "a"]


def test_the_intro_is_passed_through_stripped():
    assert merge(lib("a"), AdaptationDoc(intro="  Hello.\n\n")).intro == "Hello."


# --- local blocks ----------------------------------------------------------------------


def test_local_blocks_are_filled_keeping_the_title_line():
    doc = AdaptationDoc(local_blocks={"who-to-call": "Call **Sam**.\n\nOr Jo."})
    markdown = merge(LIBRARY.sections, doc).sections[0].markdown
    assert markdown == (
        'First.\n\n!!! local "Who to call"\n    Call **Sam**.\n\n    Or Jo.\n\nAfter the box.\n'
    )


def test_local_blocks_are_filled_only_in_kept_text():
    doc = AdaptationDoc(
        changes={"one": SectionChange(action=Action.REPLACE, text="Ours.")},
        local_blocks={"who-to-call": "Sam"},
    )
    assert "Sam" not in merge(LIBRARY.sections, doc).sections[0].markdown


def test_filling_ignores_blocks_in_code_fences_other_kinds_and_empty_text():
    markdown = (
        '```\n!!! local "Who"\n    code\n```\n\n!!! activity "Who"\n    act\n\n'
        '!!! local "Where"\n    here\n'
    )
    assert fill_local_blocks(markdown, {"who": "X", "where": "  \n"}) == markdown


def test_filling_a_block_with_no_body_keeps_the_next_paragraph_outside():
    filled = fill_local_blocks('!!! local "Who"\nNext.\n', {"who": "Sam"})
    assert filled == '!!! local "Who"\n    Sam\n\nNext.\n'


def test_filling_replaces_a_tab_indented_body():
    filled = fill_local_blocks('!!! local "Who"\n\tOld.\n\nNext.', {"who": "Sam"})
    assert filled == '!!! local "Who"\n    Sam\n\nNext.'


def test_programme_block_is_empty_for_blank_text():
    assert programme_block(" \n ") == ""


# --- build_module ----------------------------------------------------------------------


def test_an_empty_document_builds_the_library_module_itself():
    assert build_module(LIBRARY, AdaptationDoc()) == LIBRARY


def test_build_keeps_meta_path_and_untouched_sections():
    doc = change("one", note_after="Ours.")
    built = build_module(LIBRARY, doc)
    assert (built.meta, built.path) == (LIBRARY.meta, LIBRARY.path)
    assert built.section("two") is LIBRARY.section("two")
    one = built.section("one")
    assert one.line == LIBRARY.section("one").line
    assert [b.kind for b in one.blocks] == ["local", "programme"]
    assert 'class="block block-programme"' in one.html
    assert "From your programme" in one.html


def test_the_programme_box_heading_does_not_repeat_its_label():
    html = render_markdown(programme_block("Hi"))
    assert html.count("From your programme") == 1


def test_trainer_notes_survive_only_in_staff_html():
    doc = AdaptationDoc(
        changes={
            "two": SectionChange(note_before='!!! trainer "Nested"\n    NESTED-SECRET'),
            "three": SectionChange(
                action=Action.REPLACE, text='Ours.\n\n!!! trainer "Mine"\n    MY-SECRET\n'
            ),
        },
        new_sections=(NewSection("new", "New", 'x\n\n!!! trainer "T"\n    NEW-SECRET\n'),),
    )
    built = build_module(LIBRARY, doc)
    html = "".join(s.html for s in built.sections)
    staff_html = "".join(s.staff_html for s in built.sections)
    for secret in ("TRAINER-ONLY", "NESTED-SECRET", "MY-SECRET", "NEW-SECRET"):
        assert secret not in html
        assert secret in staff_html
    assert "block-trainer" not in html
    assert built.section("three").has_trainer_notes
    assert built.section("new").line == 0


def test_the_programme_intro_comes_first_in_a_programme_box():
    built = build_module(LIBRARY, AdaptationDoc(intro="Welcome to **our** programme."))
    assert built.intro_html.startswith('<div class="block block-programme"')
    assert "<strong>our</strong>" in built.intro_html
    assert built.intro_html.endswith(LIBRARY.intro_html)


def test_reflection_keys_stay_the_same_in_kept_sections():
    body = BODY.replace("Third.", 'Third.\n\n!!! reflection "How do you feel?"\n    Say.')
    library = module_from_body(body)
    built = build_module(library, change("three", note_before="Take your time."))
    assert [key for key, _ in built.section("three").reflections] == [
        key for key, _ in library.section("three").reflections
    ]


def test_a_snapshot_round_trips_and_serves_as_base():
    snapshot = library_sections_snapshot(LIBRARY)
    assert snapshot[0] == {"id": "one", "title": "One", "markdown": LIBRARY.sections[0].markdown}
    base = sections_from_snapshot(snapshot)
    assert [s.id for s in base] == ["one", "two", "three"]
    assert sections_from_snapshot(None) == []
    assert sections_from_snapshot([{"title": "no id"}, "junk", {"id": "x"}]) == [
        PlainSection("x", "", "")
    ]
    smaller = replace(LIBRARY, sections=(LIBRARY.sections[0], LIBRARY.sections[2]))
    doc = AdaptationDoc(new_sections=(NewSection("mine", "Mine", "x", after="two"),))
    assert [s.id for s in build_module(smaller, doc, base).sections] == ["one", "mine", "three"]


# --- properties ------------------------------------------------------------------------

SLUGS = st.from_regex(r"[a-d]{1,2}(-[2-3])?", fullmatch=True)
TEXT = st.text(alphabet="abc xyz*_.", min_size=1, max_size=20).filter(str.strip)


@st.composite
def library_sections(draw) -> list[PlainSection]:
    section_ids = draw(st.lists(SLUGS, min_size=1, max_size=6, unique=True))
    sections = []
    for section_id in section_ids:
        parts = [f"lib:{section_id}:end {draw(TEXT)}"]
        if draw(st.booleans()):
            parts.append(f'!!! local "Box {section_id}"\n    Placeholder {section_id}.')
        if draw(st.booleans()):
            parts.append(f'!!! trainer "Notes"\n    trainer:{section_id}:end')
        if draw(st.booleans()):
            parts.append(draw(TEXT))
        title = draw(st.text(alphabet="Abc :#{}", min_size=1, max_size=12).filter(str.strip))
        sections.append(PlainSection(section_id, title, "\n\n".join(parts) + "\n"))
    return sections


def operations(section_count: int):
    index = st.integers(0, section_count - 1)
    anchor = st.none() | index
    return st.lists(
        st.one_of(
            st.tuples(st.just("keep"), index),
            st.tuples(st.just("hide"), index),
            st.tuples(st.just("replace"), index, TEXT),
            st.tuples(st.just("note"), index, st.sampled_from(["before", "after"]), TEXT),
            st.tuples(st.just("new"), anchor, SLUGS, TEXT),
            st.tuples(st.just("fill"), index, TEXT),
        ),
        max_size=10,
    )


def apply(doc: AdaptationDoc, library: list[PlainSection], operation: tuple) -> AdaptationDoc:
    kind, *args = operation
    if kind == "new":
        anchor, new_id, title = args
        after = None if anchor is None else library[anchor].id
        number = len(doc.new_sections)
        new = NewSection(new_id, title, f"new:{number}:end", after=after)
        return replace(doc, new_sections=(*doc.new_sections, new))
    section_id = library[args[0]].id
    current = doc.change(section_id)
    if kind == "fill":
        return replace(doc, local_blocks={**doc.local_blocks, f"box-{section_id}": args[1]})
    if kind == "note":
        return doc.with_change(section_id, replace(current, **{f"note_{args[1]}": args[2]}))
    if kind == "replace":
        return doc.with_change(
            section_id, replace(current, action=Action.REPLACE, text=f"rep:{args[1]}")
        )
    return doc.with_change(section_id, replace(current, action=Action(kind)))


@st.composite
def adaptations(draw) -> tuple[list[PlainSection], AdaptationDoc]:
    library = draw(library_sections())
    doc = AdaptationDoc()
    for operation in draw(operations(len(library))):
        doc = apply(doc, library, operation)
    return library, doc


def hidden(doc: AdaptationDoc) -> set[str]:
    return {sid for sid, change in doc.changes.items() if change.action is Action.HIDE}


def new_ids_by_number(merged: Merged) -> dict[str, str]:
    return {s.markdown.strip(): s.id for s in merged.sections if s.origin == "local"}


PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@PROPERTY_SETTINGS
@given(adaptations())
def test_merge_properties(case):
    library, doc = case
    merged = merge(library, doc)
    result_ids = ids(merged)
    assert len(result_ids) == len(set(result_ids))
    assert merge(library, doc) == merged

    shown = [s.id for s in library if s.id not in hidden(doc)]
    assert [s.library_id for s in merged.sections if s.library_id] == shown
    assert all(s.id == s.library_id for s in merged.sections if s.origin != "local")

    everything = "".join(s.markdown for s in merged.sections)
    for section_id in hidden(doc):
        assert section_id not in result_ids
        assert f"lib:{section_id}:end" not in everything

    new_texts = sorted(s.markdown for s in merged.sections if s.origin == "local")
    assert new_texts == sorted(f"{new.text}\n" for new in doc.new_sections)


@PROPERTY_SETTINGS
@given(adaptations(), st.data())
def test_hiding_or_adding_other_sections_never_renames_one(case, data):
    library, doc = case
    before = new_ids_by_number(merge(library, doc))
    shown = [s.id for s in library if s.id not in hidden(doc)]
    if shown:
        to_hide = data.draw(st.sampled_from(shown))
        hid = doc.with_change(to_hide, SectionChange(action=Action.HIDE))
        assert new_ids_by_number(merge(library, hid)) == before
    extra = NewSection(data.draw(SLUGS), "Extra", "extra", after=None)
    added = merge(library, replace(doc, new_sections=(*doc.new_sections, extra)))
    assert {k: v for k, v in new_ids_by_number(added).items() if k != "extra"} == before
    assert [s.id for s in added.sections if s.library_id] == shown


@PROPERTY_SETTINGS
@given(adaptations(), st.data())
def test_sections_removed_from_the_library_leave_new_sections_in_place(case, data):
    library, doc = case
    removed = set(data.draw(st.sets(st.sampled_from([s.id for s in library]))))
    remaining = [s for s in library if s.id not in removed]

    def content(merged: Merged) -> list[tuple]:
        return [
            (s.origin, s.library_id, s.title, s.markdown)
            for s in merged.sections
            if s.library_id not in removed
        ]

    assert content(merge(remaining, doc, library)) == content(merge(library, doc))


@settings(max_examples=60, deadline=None)
@given(adaptations())
def test_build_module_properties(case):
    library_sections, doc = case
    body = "".join(f"## {s.title} {{#{s.id}}}\n\n{s.markdown}\n" for s in library_sections)
    library = module_from_body(body)
    built = build_module(library, doc)
    merged = merge(library.sections, doc)
    assert [s.id for s in built.sections] == ids(merged)
    for section in merged.sections:
        found = built.section(section.id)
        assert found is not None
        assert found.markdown == section.markdown
        assert "block-trainer" not in found.html
        assert "trainer:" not in found.html
    assert (built.meta, built.path) == (library.meta, library.path)
