"""Phone numbers in rendered text become tap-to-call links, so a trainee on a phone can
ring their coordinator (or a helpline) from the page instead of copying the number.

Only UK numbers are recognised: 10 or 11 digits starting 0 (or +44 instead of the 0),
in the groups people write them in; the well-known short helplines (116 123, 0800 1111);
and 999, 111 or 101 straight after "call", "ring", "dial" or "phone". Text already in a
link, or in code, is left alone. The links are made from digits only, so nothing typed
can reach an attribute."""

from __future__ import annotations

import re

_NUMBER = re.compile(
    r"(?<![\w£$€.,/:+-])"  # not part of a longer number, a price, a date or a word
    r"(?:"
    r"(?P<uk>(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9})"
    r"|(?P<helpline>116\s?123|0800\s?1111)"
    r"|(?P<lead>(?:call|ring|dial|phone)\s+)(?P<short>999|111|101)"
    r")"
    r"(?![\w.,/:-]?\d)",  # nor followed by more digits
    re.IGNORECASE,
)
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = ("a", "code", "pre")


def _digits(number: str) -> str:
    plus = number.strip().startswith("+")
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    return ("+" if plus else "") + digits


def _uk_digits_ok(number: str) -> bool:
    digits = _digits(number)
    if digits.startswith("+44"):
        return len(digits) in (12, 13)  # +44 and 9 or 10 digits
    return len(digits) in (10, 11)


def _link(match: re.Match[str]) -> str:
    if match["short"]:
        number = match["short"]
        return f'{match["lead"]}<a href="tel:{number}">{number}</a>'
    number = match["uk"] or match["helpline"]
    if match["uk"] and not _uk_digits_ok(number):
        return match.group(0)
    return f'<a href="tel:{_digits(number)}">{number}</a>'


def link_phone_numbers(html: str) -> str:
    """`html` with each phone number in its text wrapped in a tel: link."""
    if not any(ch.isdigit() for ch in html):
        return html
    out: list[str] = []
    skipping = 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in _SKIP:
                skipping += -1 if piece.startswith("</") else 1
                skipping = max(skipping, 0)
            out.append(piece)
        elif skipping or not any(ch.isdigit() for ch in piece):
            out.append(piece)
        else:
            out.append(_NUMBER.sub(_link, piece))
    return "".join(out)
