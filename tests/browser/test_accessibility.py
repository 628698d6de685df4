"""axe-core on every kind of page, at desktop and phone sizes; no sideways scrolling on a phone.

The pages come from the content: one module page per shipped module, and the content
warning page of each module that has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from mentorhub.content import Catalogue
from mentorhub.library.listing import focus_counts
from tests.browser.helpers import assert_no_serious_axe_violations, horizontal_overflow
from tests.conftest import ROOT

MISSING_MODULE = "no-such-module"


@dataclass(frozen=True)
class SitePage:
    name: str
    url: Callable  # live_server -> full URL
    shows: str  # a selector only this kind of page matches, so we know we are on it
    status: int = 200


def _first_focus(server) -> str:
    return focus_counts(server.modules)[0][0]


def _site_pages() -> list[SitePage]:
    modules = Catalogue(ROOT / "content", check_interval=0).modules
    assert modules, f"no modules could be loaded from {ROOT / 'content'}"
    pages = [
        SitePage("home", lambda s: s("main.home"), "main h1"),
        SitePage("library", lambda s: s("library.index"), ".cards .card"),
        SitePage(
            "library-filtered",
            lambda s: s("library.index", focus=_first_focus(s)),
            '.chips a[aria-current="page"][href*="focus="]',
        ),
    ]
    for module in modules:
        if module.meta.content_warning:
            pages.append(
                SitePage(
                    f"content-warning:{module.id}",
                    lambda s, mid=module.id: s("library.module", module_id=mid),
                    ".content-warning",
                )
            )
        start = {"start": 1} if module.meta.content_warning else {}
        pages.append(
            SitePage(
                f"module:{module.id}",
                lambda s, mid=module.id, start=start: s("library.module", module_id=mid, **start),
                "section.module-section",
            )
        )
    pages += [
        SitePage("accessibility", lambda s: s("main.accessibility"), "main h1"),
        SitePage("privacy", lambda s: s("main.privacy"), "main h1"),
        SitePage(
            "not-found",
            lambda s: s("library.module", module_id=MISSING_MODULE),
            "main h1",
            status=404,
        ),
    ]
    return pages


SITE_PAGES = _site_pages()
by_page = pytest.mark.parametrize("site_page", SITE_PAGES, ids=[p.name for p in SITE_PAGES])


def _open(page: Page, live_server, site_page: SitePage) -> None:
    response = page.goto(site_page.url(live_server))
    assert response is not None
    assert response.status == site_page.status, f"{page.url} answered {response.status}"
    expect(page.locator(site_page.shows).first).to_be_visible()


@by_page
def test_no_serious_axe_violations_on_desktop(page: Page, live_server, site_page) -> None:
    _open(page, live_server, site_page)
    assert_no_serious_axe_violations(page)


@by_page
def test_on_a_phone_no_serious_axe_violations_and_no_sideways_scrolling(
    phone_page: Page, live_server, site_page
) -> None:
    """One visit for both phone checks: measuring the width first, axe second."""
    _open(phone_page, live_server, site_page)
    overflow = horizontal_overflow(phone_page)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"{phone_page.url} scrolls sideways at {overflow['innerWidth']}px: the page is "
        f"{overflow['scrollWidth']}px wide; sticking out: {', '.join(overflow['culprits'])}"
    )
    assert_no_serious_axe_violations(phone_page)
