"""Cleaning typed text: control characters out, line breaks and tabs kept where they
belong, names checked for direction overrides and for being blank."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorhub.auth.safe_redirect import safe_next_url
from mentorhub.text import clean_text, has_direction_override, is_blank, single_line


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Skye\x00 Morgan", "Skye Morgan"),
        ("a\x01\x02\x07\x08\x0b\x0c\x1b\x7fb", "ab"),
        ("C1\x80\x85\x9f end", "C1 end"),
        ("non\ufdd0\ufffe\uffffcharacters", "noncharacters"),
        ("lines\nand\ttabs\r\nstay", "lines\nand\ttabs\r\nstay"),
        ("émoji 👩🏽‍🦱 and Gàidhlig", "émoji 👩🏽‍🦱 and Gàidhlig"),
    ],
)
def test_clean_text_drops_control_characters_and_keeps_the_rest(typed, kept):
    assert clean_text(typed) == kept


@given(st.text())
def test_clean_text_leaves_no_control_character_but_whitespace(text):
    cleaned = clean_text(text)
    assert all(c in "\t\n\r" or not (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F) for c in cleaned)
    assert "\x00" not in cleaned
    assert clean_text(cleaned) == cleaned


def test_single_line_turns_breaks_and_tabs_into_spaces():
    assert single_line("one\ntwo\r\nthree\tfour") == "one two three four"


@pytest.mark.parametrize("override", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                      "\u2066", "\u2067", "\u2068", "\u2069"])  # fmt: skip
def test_direction_overrides_are_found(override):
    assert has_direction_override(f"Sam{override}kcab")


def test_ordinary_right_to_left_text_is_not_an_override():
    assert not has_direction_override("سارة")
    assert not has_direction_override("Sam \u200f marks")  # a right-to-left mark is fine


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u200b \u200d\ufeff", "\u2060\t"])
def test_blank_names(name):
    assert is_blank(name)


@pytest.mark.parametrize("name", ["Jo", "👍", "\u200bJo"])
def test_names_with_something_to_see(name):
    assert not is_blank(name)


@pytest.mark.parametrize(
    "target",
    ["/dashboard\n", "/dashboard\r\nSet-Cookie: x=1", "/a\tb", "/a\x00b", "/a\x7fb", "/a\x85b"],
)
def test_next_with_a_control_character_is_refused(target):
    assert safe_next_url(target) is None


def test_next_on_this_site_is_kept():
    assert safe_next_url("/training/boundaries?x=1#part") == "/training/boundaries?x=1#part"
