"""Phone numbers in rendered text become tap-to-call links; nothing else does."""

from __future__ import annotations

import pytest

from mentorhub.content.phones import link_phone_numbers
from mentorhub.content.render import render_markdown


@pytest.mark.parametrize(
    ("text", "href", "shown"),
    [
        ("Text or call her on 07700 900123, Monday", "tel:07700900123", "07700 900123"),
        ("Ring 0141 287 0555.", "tel:01412870555", "0141 287 0555"),
        ("Ring 0131-200-2000 today", "tel:01312002000", "0131-200-2000"),
        ("Or +44 141 287 0555", "tel:+441412870555", "+44 141 287 0555"),
        ("Or +44 (0)7700 900123", "tel:+447700900123", "+44 (0)7700 900123"),
        ("Samaritans: 116 123, any time", "tel:116123", "116 123"),
        ("Childline on 0800 1111", "tel:08001111", "0800 1111"),
        ("In danger, call 999 now", "tel:999", "999"),
        ("Ring 111 for the NHS", "tel:111", "111"),
    ],
)
def test_a_phone_number_becomes_a_tel_link(text, href, shown):
    assert f'<a href="{href}">{shown}</a>' in link_phone_numbers(f"<p>{text}</p>")


@pytest.mark.parametrize(
    "text",
    [
        "In 2026 we had 999 people",
        "It costs £1,000 and takes 10 to 15 minutes",
        "Tuesdays, 6pm to 8pm, on 12/03/2026",
        "Reference 123456789012",
        "A number too short: 0141 287",
        "Version 3.14159265",
    ],
)
def test_other_numbers_stay_as_they_are(text):
    assert link_phone_numbers(f"<p>{text}</p>") == f"<p>{text}</p>"


def test_numbers_already_in_a_link_or_in_code_are_left_alone():
    html = (
        '<p><a href="https://example.org">Call 07700 900123</a> '
        "<code>07700 900124</code> 07700 900125</p>"
    )
    out = link_phone_numbers(html)
    assert out.count("tel:") == 1 and 'href="tel:07700900125"' in out


def test_rendered_markdown_links_numbers_a_programme_writes():
    html = render_markdown('!!! local "Your coordinator"\n    Text Aisha on 07700 900123.\n')
    assert '<a href="tel:07700900123">07700 900123</a>' in html
