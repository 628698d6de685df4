"""Typed text made safe to store and show: plain functions, no Flask.

Control characters have no place in anything a person types: PostgreSQL refuses NUL
in text (a 500), HTML treats the others as errors, and a spreadsheet or terminal may
act on them. Line breaks and tabs are kept (text areas need them); `single_line`
turns them into spaces for one-line fields.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, LF and CR; DEL and the C1 controls; Unicode's noncharacters.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
_LINE_BREAK_RE = re.compile(r"\r\n|[\t\n\r]")
# Explicit embeddings, overrides and isolates: they can make a name read backwards.
_DIRECTION_OVERRIDE_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Letters that render as nothing.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def clean_text(text: str) -> str:
    """`text` without control characters (tabs and line breaks stay)."""
    return _CONTROL_RE.sub("", text)


def single_line(text: str) -> str:
    """`text` on one line: each tab or line break becomes a space."""
    return _LINE_BREAK_RE.sub(" ", text)


def has_direction_override(text: str) -> bool:
    """True if `text` holds a character that reorders the text around it (U+202A-202E,
    U+2066-2069). Right-to-left letters and the plain direction marks are fine."""
    return bool(_DIRECTION_OVERRIDE_RE.search(text))


def is_blank(text: str) -> bool:
    """True if nothing in `text` would show: only spaces, zero-width and format
    characters, combining marks on nothing, and blank-looking fillers."""
    return all(
        char.isspace()
        or char in _FILLERS
        or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp")
        for char in text
    )
