"""HTML to PDF, for every PDF the site makes (certificates, seminar materials, modules).

WeasyPrint (pinned to the 70 series in pyproject.toml) takes a URL fetcher object, a
subclass of `weasyprint.urls.URLFetcher`. The site's one fetcher fetches nothing: a
PDF is built from what is on this server, never from the network, so a web image
(`![Our team](https://...)`) cannot slow a PDF down, leak who reads it, or break it.
WeasyPrint shows an image it could not load as its alt text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


@functools.cache
def shared_fetcher() -> Any:
    """The one URL fetcher every PDF uses. Made on first use: importing WeasyPrint
    loads Pango, which takes a moment that most requests need not pay."""
    from weasyprint.urls import URLFetcher

    class NoNetworkFetcher(URLFetcher):
        """Refuses every URL, so WeasyPrint falls back to an image's alt text. It keeps
        no state per request, so one instance serves every thread."""

        def fetch(self, url: str, headers: dict | None = None) -> Any:
            raise ValueError(f"PDFs are built without fetching anything ({url[:100]})")

    return NoNetworkFetcher(allowed_protocols=(), fail_on_errors=False)


def render_pdf(html: str, css: str | Path) -> bytes:
    """`html` as a PDF, styled by `css` (a stylesheet's text, or the path of one)."""
    from weasyprint import CSS, HTML  # imported here: loading Pango takes a moment

    fetcher = shared_fetcher()
    stylesheet = (
        CSS(filename=str(css), url_fetcher=fetcher)
        if isinstance(css, Path)
        else CSS(string=css, url_fetcher=fetcher)
    )
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
