"""A page rendered once with markers, filled per request (training/overlay.py)."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from mentorhub.training.overlay import Skeleton, Slots


def test_a_skeleton_is_the_text_cut_at_each_marker_in_order():
    slot = Slots()
    text = f"<p>{slot('name')}</p><ul>{slot('item', 1)}{slot('item', 2)}</ul>"
    skeleton = slot.skeleton(text)
    assert skeleton.pieces == ("<p>", "</p><ul>", "", "</ul>")
    assert skeleton.names == (("name", None), ("item", 1), ("item", 2))
    filled = skeleton.fill(lambda kind, key: f"[{kind}{key or ''}]")
    assert filled == "<p>[name]</p><ul>[item1][item2]</ul>"


def test_a_marker_is_markup_so_autoescaping_leaves_it_whole():
    slot = Slots()
    marker = slot("x")
    assert isinstance(marker, Markup)
    assert escape(marker) == marker


def test_a_marker_used_twice_is_two_gaps():
    slot = Slots()
    marker = slot("same")
    skeleton = slot.skeleton(f"a{marker}b{marker}c")
    assert skeleton.fill(lambda kind, key: "-") == "a-b-c"


def test_markers_of_another_page_and_plain_comments_are_text():
    """Each page's markers carry their own random nonce: a comment that looks like a
    marker (from another page, or typed) is not a gap."""
    first, second = Slots(), Slots()
    assert first.nonce != second.nonce
    other = second("elsewhere")
    text = f"<!-- a comment --><!--0:0-->{other}{first('here')}"
    skeleton = first.skeleton(text)
    assert skeleton.names == (("here", None),)
    assert skeleton.fill(lambda kind, key: "!") == f"<!-- a comment --><!--0:0-->{other}!"


def test_a_placeholder_is_not_a_gap():
    slot = Slots()
    token = slot.placeholder("csrf")
    skeleton = slot.skeleton(f"<input value={token}>{slot('x')}")
    assert skeleton.fill(lambda kind, key: "") == f"<input value={token}>"


def test_a_skeleton_without_markers_is_the_text():
    skeleton = Slots().skeleton("<p>all the same for everyone</p>")
    assert (
        skeleton.fill(lambda kind, key: pytest.fail("no gap")) == "<p>all the same for everyone</p>"
    )


def test_pieces_and_names_must_match():
    with pytest.raises(ValueError):
        Skeleton(("a", "b", "c"), (("x", None),)).fill(lambda kind, key: "")
