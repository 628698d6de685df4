"""Stage 4: turn Markdown into safe HTML.

Blocks are written as Python-Markdown admonitions (`!!! activity "Title"`, body
indented four spaces). A tree processor turns each into a styled block with a
heading, and drops `trainer` blocks entirely unless staff notes are wanted, so
trainer notes never reach a trainee's HTML. Everything is then sanitised with
nh3, which is the only thing that decides what HTML may reach a page.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .phones import link_phone_numbers
from .slugs import slugify
from .vocab import BLOCK_KINDS

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "div": {"data-block", "data-key"},
}
# ammonia wants `class` named only here, never in ALLOWED_ATTRIBUTES.
ALLOWED_CLASSES = {
    "div": {"block", *(f"block-{kind}" for kind in BLOCK_KINDS)},
    "h3": {"block-title"},
    "span": {"block-kind", "visually-hidden"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(html: str) -> str:
    """Keep only the tags, attributes and URL schemes a module page may use; then mend
    what that leaves invalid: a link whose address was removed becomes its text (a
    `rel` without an `href` is invalid HTML), and an image without alt text gets an
    empty one (decorative: a screen reader skips it rather than reading its address).
    Images are lazy-loaded."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    cleaned = _LINK_RE.sub(_link_or_text, cleaned)
    return _IMG_RE.sub(_img_with_alt, cleaned)


# nh3's output is regular: attribute values in double quotes, with `"`, `<` and `>`
# escaped inside them, and no <a> inside another. So these patterns see whole tags.
_ATTRIBUTE_RE = re.compile(r'\s([a-z-]+)="[^"]*"')
_LINK_RE = re.compile(r"<a((?:\s[a-z-]+=\"[^\"]*\")*)>(.*?)</a>", re.DOTALL)
_IMG_RE = re.compile(r"<img((?:\s[a-z-]+=\"[^\"]*\")*)>")


def _attribute_names(attributes: str) -> set[str]:
    return set(_ATTRIBUTE_RE.findall(attributes))


def _link_or_text(match: re.Match[str]) -> str:
    return match.group(0) if "href" in _attribute_names(match.group(1)) else match.group(2)


def _img_with_alt(match: re.Match[str]) -> str:
    """Every image gets alt text (empty if none) and loads only when scrolled near, so a
    module page costs little data up front (nh3 has removed any `loading` given)."""
    attributes = match.group(1)
    if "alt" not in _attribute_names(attributes):
        attributes += ' alt=""'
    return f'<img{attributes} loading="lazy" decoding="async">'


class _BlockKeyTreeprocessor(Treeprocessor):
    """Runs before the inline patterns, while a block's title is still the text its
    author wrote: a `local` block's key is made from that, exactly as
    `sections.find_blocks` makes it, so adaptations fill the block they name."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("div"):
            if _admonition_kind(element) == "local":
                title_el = _title_element(element)
                title = title_el.text if title_el is not None and title_el.text else ""
                element.set("data-key", slugify(title))


class _BlockTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, show_trainer_notes: bool) -> None:
        super().__init__(md)
        self.show_trainer_notes = show_trainer_notes

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                kind = _admonition_kind(child)
                if kind is None:
                    continue
                if kind == "trainer" and not self.show_trainer_notes:
                    parent.remove(child)
                else:
                    _restyle_block(child, kind)


def _admonition_kind(element: etree.Element) -> str | None:
    classes = (element.get("class") or "").split()
    if element.tag != "div" or "admonition" not in classes:
        return None
    kinds = [c for c in classes if c in BLOCK_KINDS]
    return kinds[0] if kinds else None


def _restyle_block(element: etree.Element, kind: str) -> None:
    """`div.admonition.activity > p.admonition-title` -> `div.block > h3.block-title`."""
    element.set("class", f"block block-{kind}")
    element.set("data-block", kind)
    title_el = _title_element(element)
    heading = etree.Element("h3", {"class": "block-title"})
    label = etree.SubElement(heading, "span", {"class": "block-kind"})
    label.text = BLOCK_KINDS[kind]
    if title_el is not None:
        element.remove(title_el)
        title = "".join(title_el.itertext()).strip()
        if title and title.lower() not in (kind, label.text.lower()):
            separator = etree.SubElement(label, "span", {"class": "visually-hidden"})
            separator.text = ":"
            # The title as the inline patterns left it: its text and any markup in it.
            label.tail = f" {title_el.text or ''}"
            heading.extend(list(title_el))
    element.insert(0, heading)


def _title_element(element: etree.Element) -> etree.Element | None:
    return next(
        (c for c in element if c.tag == "p" and "admonition-title" in (c.get("class") or "")),
        None,
    )


class BlocksExtension(Extension):
    def __init__(self, show_trainer_notes: bool = False) -> None:
        super().__init__()
        self.show_trainer_notes = show_trainer_notes

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Inline patterns run at priority 20: the key is taken before, the rest after.
        md.treeprocessors.register(_BlockKeyTreeprocessor(md), "mentorhub_block_keys", 25)
        md.treeprocessors.register(
            _BlockTreeprocessor(md, self.show_trainer_notes), "mentorhub_blocks", 5
        )


_local = threading.local()


def _markdown(show_trainer_notes: bool) -> markdown.Markdown:
    """One Markdown instance per thread and audience (instances are not thread-safe)."""
    key = "staff" if show_trainer_notes else "public"
    md = getattr(_local, key, None)
    if md is None:
        md = markdown.Markdown(
            extensions=[
                "tables",
                "attr_list",
                "admonition",
                "fenced_code",
                "sane_lists",
                BlocksExtension(show_trainer_notes),
            ],
            output_format="html",
        )
        setattr(_local, key, md)
    md.reset()
    return md


def render_markdown(text: str, *, show_trainer_notes: bool = False) -> str:
    """Markdown -> sanitised HTML, with or without trainer notes; phone numbers in the
    text become tap-to-call links (made from digits only, after sanitising)."""
    return link_phone_numbers(sanitise(_markdown(show_trainer_notes).convert(text)))
