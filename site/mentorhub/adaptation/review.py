"""When the library module moves on: what changed under an adaptation, and carrying
the adaptation over to the new version.

An adaptation is made against one library version (its base). `review_items` lists
every section of the base and the current version with what happened to it, so a
trainer can see whether their own text still fits. `rebase` returns the document to
save against the current version, with a message for everything it had to drop.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from markupsafe import Markup

from ..learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange
from .diff import diff_text_html


class LibrarySection(Protocol):
    """What a review needs from a library section (`content.module.Section` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def markdown(self) -> str: ...


class Status(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    NEW = "new in library"
    REMOVED = "removed from library"


@dataclass(frozen=True)
class ReviewItem:
    id: str
    title: str  # the current title; the old one for a removed section
    status: Status
    old_markdown: str | None  # None: not in the base version
    new_markdown: str | None  # None: not in the current version
    overridden: bool  # the adaptation hides or replaces this section
    diff_html: Markup  # word-level diff of old and new Markdown, all text escaped
    old_title: str | None = None  # the base title, when the section was in the base


def review_items(
    base: Sequence[LibrarySection], current: Sequence[LibrarySection], doc: AdaptationDoc
) -> list[ReviewItem]:
    """One item per section id in `base` or `current`, in the current order. A removed
    section stays at its old place: after the nearest earlier base section that still
    exists, else before the nearest later one, else at the end."""
    old = {section.id: section for section in base}
    new = {section.id: section for section in current}
    return [_item(old.get(sid), new.get(sid), doc) for sid in _review_order(base, current)]


def _review_order(base: Sequence[LibrarySection], current: Sequence[LibrarySection]) -> list[str]:
    current_ids = [section.id for section in current]
    kept = set(current_ids)
    base_ids = [section.id for section in base]
    after: dict[str | None, list[str]] = {}  # surviving id (None: the end) -> removed ids
    before: dict[str, list[str]] = {}
    for index, sid in enumerate(base_ids):
        if sid in kept:
            continue
        earlier = next((b for b in reversed(base_ids[:index]) if b in kept), None)
        later = next((b for b in base_ids[index + 1 :] if b in kept), None)
        if earlier is not None:
            after.setdefault(earlier, []).append(sid)
        elif later is not None:
            before.setdefault(later, []).append(sid)
        else:
            after.setdefault(None, []).append(sid)
    order: list[str] = []
    for sid in current_ids:
        order += before.get(sid, []) + [sid] + after.get(sid, [])
    return order + after.get(None, [])


def _item(old: LibrarySection | None, new: LibrarySection | None, doc: AdaptationDoc) -> ReviewItem:
    section = new or old
    assert section is not None
    old_markdown = old.markdown if old else None
    new_markdown = new.markdown if new else None
    return ReviewItem(
        id=section.id,
        title=section.title,
        status=_status(old, new),
        old_markdown=old_markdown,
        new_markdown=new_markdown,
        overridden=doc.change(section.id).overrides,
        diff_html=diff_text_html(old_markdown or "", new_markdown or ""),
        old_title=old.title if old else None,
    )


def _status(old: LibrarySection | None, new: LibrarySection | None) -> Status:
    if old is None:
        return Status.NEW
    if new is None:
        return Status.REMOVED
    if (old.markdown, old.title) == (new.markdown, new.title):
        return Status.UNCHANGED
    return Status.CHANGED


def rebase(
    doc: AdaptationDoc,
    current_ids: Collection[str],
    take_library: Collection[str],
    *,
    base: Sequence[LibrarySection] = (),
) -> tuple[AdaptationDoc, list[str]]:
    """The document to save against the current library version, and a plain-English
    message for each thing that had to change without the trainer asking.

    `take_library`: ids whose own text the trainer gives up for the library's (the
    action goes back to keep; notes stay). Changes for ids the library no longer has
    are dropped. New sections that followed a dropped section move up to the nearest
    earlier section of `base` (the old version, which gives order and titles) that
    still exists, or to the start.
    """
    titles = {section.id: section.title for section in base}
    doc = doc.normalised()
    messages: list[str] = []
    changes: dict[str, SectionChange] = {}
    for sid, change in doc.changes.items():
        if sid not in current_ids:
            messages.append(_dropped_message(titles.get(sid, sid), change))
        elif sid in take_library:
            changes[sid] = replace(change, action=Action.KEEP, text="")
        else:
            changes[sid] = change
    base_ids = [section.id for section in base]
    new_sections = tuple(
        _reanchored(new, current_ids, base_ids, titles, messages) for new in doc.new_sections
    )
    rebased = replace(doc, changes=changes, new_sections=new_sections)
    return rebased.normalised(), messages


def _dropped_message(title: str, change: SectionChange) -> str:
    dropped = []
    if change.action is Action.REPLACE:
        dropped.append("your own text for it")
    if change.action is Action.HIDE:
        dropped.append("your choice to hide it")
    if change.note_before:
        dropped.append("your note before it")
    if change.note_after:
        dropped.append("your note after it")
    things = dropped[0] if len(dropped) == 1 else ", ".join(dropped[:-1]) + " and " + dropped[-1]
    verb = "was" if len(dropped) == 1 else "were"
    return f"“{title}” is no longer in the library, so {things} {verb} removed."


def _reanchored(
    new: NewSection,
    current_ids: Collection[str],
    base_ids: list[str],
    titles: dict[str, str],
    messages: list[str],
) -> NewSection:
    if new.after is None or new.after in current_ids:
        return new
    earlier = base_ids[: base_ids.index(new.after)] if new.after in base_ids else []
    anchor = next((sid for sid in reversed(earlier) if sid in current_ids), None)
    place = "at the start" if anchor is None else f"after “{titles.get(anchor, anchor)}”"
    messages.append(
        f"Your section “{new.title}” came after “{titles.get(new.after, new.after)}”, "
        f"which is no longer in the library, so it now comes {place}."
    )
    return replace(new, after=anchor)
