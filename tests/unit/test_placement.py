"""Cutting a section's HTML after each reflection block, for the answer boxes."""

from __future__ import annotations

from mentorhub.content.placement import split_after_reflections
from mentorhub.content.render import render_markdown

TWO = (
    "Before.\n\n"
    '!!! reflection "First?"\n    One.\n\n'
    "Between.\n\n"
    '!!! activity "Do"\n    Thing.\n\n'
    '!!! reflection score "Second?"\n    Two.\n\n'
    "After.\n"
)


def test_each_piece_ends_with_its_reflection_and_nothing_is_lost():
    html = render_markdown(TWO)
    pieces = split_after_reflections(html, 2)
    assert "".join(pieces) == html
    assert len(pieces) == 3
    assert pieces[0].rstrip().endswith("</div>") and "First?" in pieces[0]
    assert "Between." in pieces[1] and "Second?" in pieces[1] and "Thing." in pieces[1]
    assert "After." in pieces[2] and "reflection" not in pieces[2]


def test_a_reflection_holding_other_blocks_is_cut_after_its_own_end():
    html = (
        '<div class="block block-reflection" data-block="reflection"><p>Q</p>'
        '<div class="block block-activity"><p>inner</p></div><p>more</p></div><p>after</p>'
    )
    pieces = split_after_reflections(html, 1)
    assert pieces == [html[: html.index("<p>after")], "<p>after</p>"]


def test_when_the_count_does_not_match_every_box_goes_at_the_end():
    html = render_markdown(TWO)
    assert split_after_reflections(html, 3) == [html, "", "", ""]
    assert split_after_reflections("<p>No questions.</p>", 0) == ["<p>No questions.</p>"]


def test_an_unclosed_block_puts_the_boxes_at_the_end():
    html = '<div class="block block-reflection" data-block="reflection"><p>Q</p>'
    assert split_after_reflections(html, 1) == [html, ""]
