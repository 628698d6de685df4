"""Pure helpers for the library page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..content import Module
from ..content.vocab import FOCUS_TAGS


def filter_by_focus(modules: Sequence[Module], focus: str | None) -> list[Module]:
    """Modules tagged with `focus`; all of them when `focus` is empty."""
    if not focus:
        return list(modules)
    return [m for m in modules if focus in m.meta.focus]


def focus_counts(modules: Sequence[Module]) -> list[tuple[str, str, int]]:
    """(tag, label, number of modules) for every tag that has at least one module."""
    counts = Counter(tag for m in modules for tag in m.meta.focus)
    return [(tag, label, counts[tag]) for tag, label in FOCUS_TAGS.items() if counts[tag]]


def total_minutes(modules: Sequence[Module]) -> int:
    return sum(m.meta.duration_minutes for m in modules)


def total_face_to_face_minutes(modules: Sequence[Module]) -> int:
    return sum(m.meta.face_to_face_minutes or 0 for m in modules)
