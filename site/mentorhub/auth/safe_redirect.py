"""Only follow `next=` links that stay on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site (not //other.host or https://...), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in target):
        # A line break would end the Location header early (and Werkzeug refuses it
        # after the session has started): no control character goes into a redirect.
        return None
    return target
