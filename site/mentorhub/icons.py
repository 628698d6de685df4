"""Small inline SVG icons (drawn here, no icon font or CDN), for templates: `icon('done')`.

Each is a 24x24 outline in the current text colour. An icon only ever repeats what the
words beside it say, so it is hidden from screen readers unless given a label.

An icon shown many times on one page (the progress grid's 570 cells) is drawn once as a
`symbol` and each time `used`: about 40 bytes instead of 300."""

from __future__ import annotations

from markupsafe import Markup, escape

DRAWING = (
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"'
)

PATHS: dict[str, str] = {
    "menu": '<path d="M4 7h16M4 12h16M4 17h16"/>',
    "close": '<path d="M6 6l12 12M18 6L6 18"/>',
    "done": '<circle cx="12" cy="12" r="9"/><path d="M8 12.5l2.6 2.6L16 9.5"/>',
    "in-progress": '<circle cx="12" cy="12" r="9"/><path d="M12 3a9 9 0 0 1 0 18z" '
    'fill="currentColor"/>',
    "not-started": '<circle cx="12" cy="12" r="9"/>',
    "activity": '<path d="M14.5 4.5l5 5L9 20H4v-5z"/><path d="M12.5 6.5l5 5"/>',
    "reflection": '<path d="M5 17.5c-1.3-1.4-2-3.1-2-5C3 8 7 4.5 12 4.5s9 3.5 9 8-4 8-9 8'
    'c-1.2 0-2.4-.2-3.4-.6L4 21z"/><path d="M8.5 12.5h.01M12 12.5h.01M15.5 12.5h.01"/>',
    "local": '<path d="M12 21s-7-6.1-7-11.5a7 7 0 0 1 14 0C19 14.9 12 21 12 21z"/>'
    '<circle cx="12" cy="9.5" r="2.5"/>',
    "trainer": '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4V3h6v1M9 10h6M9 '
    '14h6M9 18h3"/>',
    "listen": '<path d="M4 10v4h4l5 4V6L8 10z"/><path d="M16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 '
    '0 0 1 0 11"/>',
    "stop": '<rect x="6" y="6" width="12" height="12" rx="2"/>',
    "phone": '<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 '
    '3 6a2 2 0 0 1 2-2z"/>',
    "copy": '<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V6a2 2 0 0 0-2-2H6'
    'a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2"/>',
    "next": '<path d="M5 12h14M13 6l6 6-6 6"/>',
    "up": '<path d="M12 19V5M6 11l6-6 6 6"/>',
    "key": '<circle cx="8" cy="15" r="4"/><path d="M11 12l8-8M16 7l3 3"/>',
    "people": '<circle cx="9" cy="8" r="3.5"/><circle cx="17" cy="9.5" r="2.5"/><path d="M2.5 '
    '20c.5-3.8 3.2-6 6.5-6s6 2.2 6.5 6M15.5 14.2c3 .1 5.2 2 5.8 5.3"/>',
    "book": '<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5z"/><path d="M4 '
    '20.5A2.5 2.5 0 0 0 6.5 23H20v-5"/>',
    "scroll": '<path d="M4 12h16M8 8l-4 4 4 4M16 8l4 4-4 4"/>',
}


def icon(name: str, label: str | None = None, class_: str = "") -> Markup:
    """An inline SVG icon; with `label`, a screen reader hears the label instead."""
    paths = PATHS[name]
    a11y = f'role="img" aria-label="{escape(label)}"' if label else 'aria-hidden="true"'
    classes = f"icon icon--{name} {class_}".strip()
    return Markup(
        f'<svg class="{classes}" viewBox="0 0 24 24" {DRAWING} focusable="false" '
        f"{a11y}>{paths}</svg>"
    )


def symbols(names: list[str], prefix: str) -> Markup:
    """The icons `names`, drawn once and shown nowhere: each is shown by `used(prefix + name)`."""
    drawn = "".join(
        f'<symbol id="{prefix}{name}" viewBox="0 0 24 24" {DRAWING}>{PATHS[name]}</symbol>'
        for name in names
    )
    return Markup(f'<svg class="symbols" aria-hidden="true" focusable="false">{drawn}</svg>')


def used(symbol_id: str) -> Markup:
    """An icon drawn by `symbols`, hidden from screen readers (the words beside it say it)."""
    return Markup(f'<svg aria-hidden="true"><use href="#{escape(symbol_id)}"/></svg>')
