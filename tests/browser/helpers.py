"""Checks shared by the browser tests: axe-core, focus, viewport and scrolling; logging in."""

from __future__ import annotations

from contextlib import suppress
from functools import cache

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

#: Minor and moderate axe findings seen this session, listed at the end of the run.
AXE_FINDINGS: list[str] = []

SERIOUS_IMPACTS = frozenset({"serious", "critical"})


@cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # reads the bundled axe.min.js once


def run_axe(page: Page) -> dict:
    """Run axe-core on the page as it is now; return its raw results."""
    results = _axe().run(page).response
    # A run that checked nothing would pass every page: make sure it really ran.
    assert results.get("passes"), f"axe-core checked no rules on {page.url}"
    return results


def _describe(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"


def assert_no_serious_axe_violations(page: Page) -> None:
    """Fail on any axe violation of impact serious or critical; print the others."""
    violations = run_axe(page)["violations"]
    serious = [v for v in violations if v["impact"] in SERIOUS_IMPACTS]
    others = [v for v in violations if v["impact"] not in SERIOUS_IMPACTS]
    size = page.viewport_size or {}
    for violation in others:
        line = f"{page.url} at {size.get('width')}x{size.get('height')}: {_describe(violation)}"
        print(f"axe: {line}")
        AXE_FINDINGS.append(line)
    assert not serious, (
        f"{len(serious)} serious or critical axe violation(s) on {page.url}:\n"
        + "\n".join(f"  - {_describe(v)}\n    {v['helpUrl']}" for v in serious)
    )


# --- position and focus --------------------------------------------------------------------

_BOX = """el => {
    const r = el.getBoundingClientRect();
    return {top: r.top, left: r.left, bottom: r.bottom, right: r.right,
            width: r.width, height: r.height,
            viewportWidth: window.innerWidth, viewportHeight: window.innerHeight};
}"""


def in_viewport(locator: Locator) -> bool:
    """True when the element has a non-empty box that lies wholly inside the viewport."""
    box = locator.evaluate(_BOX)
    return (
        box["width"] > 0
        and box["height"] > 0
        and box["top"] >= 0
        and box["left"] >= 0
        and box["bottom"] <= box["viewportHeight"]
        and box["right"] <= box["viewportWidth"]
    )


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def describe_active_element(page: Page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "nothing";
            const href = el.getAttribute("href");
            const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
            return `<${el.tagName.toLowerCase()}${href ? ` href="${href}"` : ""}> ${text}`;
        }"""
    )


_FOCUSED_IN_VIEWPORT = """() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
        && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
}"""


def assert_visibly_focused(page: Page) -> None:
    """The focused element is on screen and shows a focus indicator (WCAG 2.4.7)."""
    # The site scrolls smoothly (unless the reader asks for less motion), so give the
    # browser a moment to bring the element into view before measuring it.
    with suppress(PlaywrightTimeoutError):  # if it never arrives, the checks below say so
        page.wait_for_function(_FOCUSED_IN_VIEWPORT, timeout=3_000)
    state = page.evaluate(
        """() => {
            const el = document.activeElement;
            const r = el.getBoundingClientRect();
            const s = getComputedStyle(el);
            return {
                box: {top: r.top, left: r.left, bottom: r.bottom, right: r.right,
                      width: r.width, height: r.height},
                viewport: {width: window.innerWidth, height: window.innerHeight},
                visibility: s.visibility,
                outlineStyle: s.outlineStyle,
                outlineWidth: parseFloat(s.outlineWidth) || 0,
                outlineColor: s.outlineColor,
                boxShadow: s.boxShadow,
            };
        }"""
    )
    what = describe_active_element(page)
    box, viewport = state["box"], state["viewport"]
    assert box["width"] > 0 and box["height"] > 0, f"focused {what} has an empty box: {box}"
    assert state["visibility"] != "hidden", f"focused {what} is visibility: hidden"
    assert (
        box["top"] >= 0
        and box["left"] >= 0
        and box["bottom"] <= viewport["height"]
        and box["right"] <= viewport["width"]
    ), f"focused {what} is not inside the viewport {viewport}: {box}"
    has_outline = (
        state["outlineStyle"] != "none"
        and state["outlineWidth"] > 0
        and state["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)")
    )
    has_shadow = state["boxShadow"] not in ("", "none")
    assert has_outline or has_shadow, (
        f"focused {what} shows no focus indicator: outline {state['outlineStyle']} "
        f"{state['outlineWidth']}px {state['outlineColor']}, box-shadow {state['boxShadow']}"
    )


def tab_to(page: Page, target: Locator, max_presses: int = 60) -> int:
    """Press Tab until `target` has focus; every element passed on the way must be
    visibly focused. Returns the number of presses."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        assert_visibly_focused(page)
        if is_focused(target):
            return presses
    raise AssertionError(
        f"{max_presses} presses of Tab never reached {target}; "
        f"focus ended on {describe_active_element(page)}"
    )


def horizontal_overflow(page: Page) -> dict:
    """The page's scroll width against the viewport's, and the widest elements that
    stick out past its right edge (to say what to fix)."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const culprits = [...document.body.querySelectorAll("*")]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .map(el => {
                    const cls = [...el.classList].map(c => "." + c).join("");
                    const right = Math.round(el.getBoundingClientRect().right);
                    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} `
                        + `(right edge ${right}px)`;
                });
            return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: width,
                culprits: culprits.slice(0, 10),
            };
        }"""
    )


def assert_no_sideways_scrolling(page: Page) -> None:
    """The document is no wider than the viewport. A wide table may scroll inside its own
    `.table-wrap`; that is fine, so what is clipped in there is not named as a culprit (but an
    absolutely positioned element can escape the clipping, so those still are)."""
    overflow = page.evaluate(
        """() => {
            const width = window.innerWidth;
            const escapes = el => ["absolute", "fixed"].includes(getComputedStyle(el).position);
            const culprits = [...document.body.querySelectorAll("*")]
                .filter(el => el.getBoundingClientRect().right > width + 0.5
                    && (!el.closest(".table-wrap") || escapes(el)))
                .map(el => {
                    const cls = [...el.classList].map(c => "." + c).join("");
                    const right = Math.round(el.getBoundingClientRect().right);
                    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} `
                        + `(right edge ${right}px)`;
                });
            return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: width,
                culprits: culprits.slice(0, 10),
            };
        }"""
    )
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"{page.url} scrolls sideways at {overflow['innerWidth']}px: the page is "
        f"{overflow['scrollWidth']}px wide; sticking out: "
        + (", ".join(overflow["culprits"]) or "nothing found")
    )


# --- logging in ----------------------------------------------------------------------------


def log_in(page: Page, login_url: str, username: str, password: str) -> None:
    """Log in through the real form, as a person would, and wait until it has worked."""
    page.goto(login_url)
    form = page.locator("main form")
    form.get_by_label("Username").fill(username)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Log in").click()
    # On a phone the header's links are folded into the menu, so only check it is there.
    expect(page.locator(".site-nav form", has_text="Log out")).to_have_count(1)


def main_nav(page: Page) -> Locator:
    """The header's links, opening the menu first where they are folded into it (phones)."""
    toggle = page.locator(".menu__toggle")
    if toggle.is_visible() and page.locator("details.menu[open]").count() == 0:
        toggle.click()
    return page.locator(".site-nav")
