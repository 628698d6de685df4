"""Join codes: short, random, and easy to read out or type on a phone."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: nothing that looks like something else when written down.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_join_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """What people type: lower case, spaces, dashes. Compare the code as stored."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
