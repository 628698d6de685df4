"""Rendering Markdown: blocks, trainer notes, and sanitising hostile input."""

from __future__ import annotations

import pytest

from mentorhub.content.render import render_markdown

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="x.png" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<iframe src="https://example.org"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    '<form action="https://evil.example"><input name="q"></form>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "![x](javascript:alert(1))",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]
FORBIDDEN = [
    "<script", "onerror", "javascript:", "<iframe", "<object", "<embed", "<svg",
    "onload", "style=", "onclick", "<form", "<input", "<style", "<meta", "<base",
    "data:text", "xlink",
]  # fmt: skip


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_never_survives(hostile):
    html = render_markdown(f"Before.\n\n{hostile}\n\nAfter.").lower()
    for needle in FORBIDDEN:
        assert needle not in html, (needle, html)
    assert "before." in html and "after." in html


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_inside_a_block_never_survives(hostile):
    html = render_markdown(f'!!! activity "Title"\n    {hostile}\n').lower()
    for needle in FORBIDDEN:
        assert needle not in html, (needle, html)


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "Some **bold** and *soft* words, a [link](https://example.org/x) and a list:\n\n"
        "- one\n- two\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<strong>bold</strong>" in html
    assert "<em>soft</em>" in html
    assert '<a href="https://example.org/x" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html
    assert "<table>" in html and "<td>1</td>" in html


def test_table_alignment_does_not_add_inline_styles():
    html = render_markdown("| A |\n|:-:|\n| 1 |\n")
    assert "style=" not in html


def test_blocks_become_styled_sections_with_a_heading():
    html = render_markdown('!!! reflection "What matters to you?"\n    Write a few words.\n')
    assert '<div class="block block-reflection" data-block="reflection">' in html
    assert '<h3 class="block-title"><span class="block-kind">Think about it' in html
    assert "What matters to you?</h3>" in html
    assert "<p>Write a few words.</p>" in html
    assert "admonition" not in html


def test_local_blocks_carry_their_key():
    html = render_markdown('!!! local "Who to call"\n    Ask your coordinator.\n')
    assert 'data-key="who-to-call"' in html


def test_trainer_notes_are_removed_unless_asked_for():
    text = 'Before.\n\n!!! trainer "Timing"\n    SECRET-NOTE spend ten minutes.\n\nAfter.\n'
    public = render_markdown(text)
    staff = render_markdown(text, show_trainer_notes=True)
    assert "SECRET-NOTE" not in public and "Timing" not in public
    assert "After." in public
    assert "SECRET-NOTE" in staff and "block-trainer" in staff


def test_nested_trainer_notes_are_removed_too():
    text = '!!! activity "Outer"\n    Do this.\n\n    !!! trainer "Inner"\n        SECRET-NOTE\n'
    assert "SECRET-NOTE" not in render_markdown(text)
