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


# --- what the sanitiser leaves behind must be valid HTML too ---


@pytest.mark.parametrize(
    "link",
    [
        "[click here](javascript:alert(1))",
        '<a href="javascript:alert(1)" title="t">click here</a>',
        '<a href="vbscript:x">click here</a>',
        "<a>click here</a>",
        '<a name="x">click here</a>',
    ],
)
def test_a_link_that_loses_its_address_becomes_its_text(link):
    html = render_markdown(f"Please {link} now.")
    assert html == "<p>Please click here now.</p>"


def test_links_with_addresses_are_kept_beside_ones_without():
    html = render_markdown("[a](javascript:x) and [b](https://example.org) and [c](vbscript:y)")
    assert html == (
        '<p>a and <a href="https://example.org" rel="noopener noreferrer">b</a> and c</p>'
    )


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ('<img src="a.png">', '<img src="a.png" alt="">'),
        ('<img src="a.png" title="alt=x">', '<img src="a.png" title="alt=x" alt="">'),
        ('<img alt="A map" src="a.png">', '<img alt="A map" src="a.png">'),
        ("![A map](a.png)", '<img alt="A map" src="a.png">'),
        ('<img src="a.png" loading="eager">', '<img src="a.png" alt="">'),
    ],
)
def test_every_image_has_alt_text_and_loads_lazily(image, expected):
    lazy = expected.removesuffix(">") + ' loading="lazy" decoding="async">'
    assert render_markdown(image) == f"<p>{lazy}</p>"


@pytest.mark.parametrize(
    ("title", "key", "heading"),
    [
        ("Who to call", "who-to-call", "Who to call"),
        ("<b>Who</b> to call", "b-who-b-to-call", "<b>Who</b> to call"),
        ("**Who** to call", "who-to-call", "<strong>Who</strong> to call"),
        ("Call &amp; text", "call-amp-text", "Call &amp; text"),
    ],
)
def test_a_local_block_key_is_the_key_of_its_title_as_written(title, key, heading):
    from mentorhub.content.sections import find_blocks

    source = f'!!! local "{title}"\n    Ask your coordinator.\n'
    html = render_markdown(source)
    assert f'data-key="{key}"' in html
    assert find_blocks(source)[0].key == key  # what adaptations fill the block by
    assert "wzxhzdk" not in html
    assert f"</span> {heading}</h3>" in html
