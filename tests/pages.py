"""Reading what the app sent back: form values, field errors, links."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace
from urllib.parse import urlsplit


def who(username: str) -> SimpleNamespace:
    """Something `log_in` accepts, usable outside an app context."""
    return SimpleNamespace(username=username)


def field_value(page: str, name: str) -> str:
    """The value of the <input name=...> on `page` ('' if it has none)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag, f"no input called {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def field_error(page: str, name: str) -> str:
    """The error message shown beside field `name` ('' if none)."""
    match = re.search(
        rf'<p class="error-message" id="{re.escape(name)}-error">(.*?)</p>', page, re.S
    )
    if not match:
        return ""
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("Error:", "").strip()


def reset_path(page: str) -> str:
    """The path of the one-time (re)set-password link shown on `page`."""
    match = re.search(r"https?://[^\s<\"]+/reset/[A-Za-z0-9_-]+", page)
    assert match, "no reset link on the page"
    return urlsplit(match.group(0)).path


#: The only scripts a page may load: the offline enhancement, from the site's own files.
SITE_SCRIPTS = ["/static/js/offline-store.js", "/static/js/offline.js"]


def page_scripts(page: str) -> list[str]:
    """The address (without its ?v=) of each <script> on the page; an inline script (one
    with a body, or without src) fails the test at once."""
    sources = []
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S):
        assert not body.strip(), f"an inline script: {body[:80]!r}"
        match = re.search(r'\ssrc="([^"?]+)(?:\?[^"]*)?"', attributes)
        assert match, f"a script without src: {attributes!r}"
        sources.append(match.group(1))
    return sources
