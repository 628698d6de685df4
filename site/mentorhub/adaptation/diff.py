"""What changed between two revisions of an adaptation, in words a trainer reads.

Each `Change` is one sentence (`summary`) about one place (`where`); changes to text
also carry the text before and after and a word-level diff as HTML. All text from
the documents is HTML-escaped in `inline_html`: it is what trainers typed, so it is
never trusted as markup. The diff keeps line breaks as they are, so show it in an
element styled `white-space: pre-wrap`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from ..learning.adaptation_doc import Action, AdaptationDoc, NewSection, SectionChange
from .files import SectionLike, local_boxes_by_section

INTRO = "Programme introduction"
LOCAL_BOXES = "Local boxes"

_TOKEN_RE = re.compile(r"\s+|[^\s]+")
# Bounds on comparing two texts (see `_segments`): steps of difflib's inner loop, and
# the combined length past which the comparison is plain from the start.
WORK_BUDGET = 600_000
MAX_DIFF_CHARS = 200_000


@dataclass(frozen=True)
class Change:
    summary: str  # e.g. "“Ground rules”: now hidden"
    where: str  # the section's title, or an area such as "Programme introduction"
    before: str | None = None  # for changes to text: the old and new text
    after: str | None = None
    inline_html: Markup | None = None  # word-level diff of before and after


def diff_text_html(old: str, new: str, budget: _Budget | None = None) -> Markup:
    """`new` with removed words in `<del>` and added words in `<ins>`, all escaped.
    `budget` bounds the work, shared by every comparison on one page (default: a
    fresh WORK_BUDGET)."""
    if old == new:
        return escape(new)
    parts: list[Markup] = []
    for equal, removed, added in _segments(old, new, budget or _Budget(WORK_BUDGET)):
        parts.append(escape(equal))
        if removed:
            parts.append(Markup("<del>{}</del>").format(removed))
        if added:
            parts.append(Markup("<ins>{}</ins>").format(added))
    return Markup("").join(parts)


Segment = tuple[str, str, str]  # (unchanged, removed, added)


def _segments(old: str, new: str, budget: _Budget) -> list[Segment]:
    """(unchanged, removed, added) runs of text. Lines first: only runs of changed lines
    are compared word by word. The work is bounded (see `_Budget`): past it, or for
    very long texts, a run is shown plainly as removed and added, between the
    unchanged words at its start and end."""
    if len(old) + len(new) > MAX_DIFF_CHARS:
        return _plain(old, new)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    line_ops = budget.opcodes(old_lines, new_lines)
    if line_ops is None:
        return _plain(old, new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in line_ops:
        removed, added = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            segments.append((added, "", ""))
        elif op == "replace":
            segments += _word_segments(removed, added, budget)
        else:
            segments.append(("", removed, added))
    return segments


def _word_segments(old: str, new: str, budget: _Budget) -> list[Segment]:
    """Word-level runs of two texts. Two replacements with only a space between them
    become one (`<del>kind to</del><ins>patient with</ins>`), which reads better than
    alternating single words."""
    before, after = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    opcodes = budget.opcodes(before, after)
    if opcodes is None:
        return _plain(old, new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in _split_shared_space(opcodes, before, after):
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if op == "equal":
            segments.append((added, "", ""))
        elif removed and added and _follows_replacement(segments):
            space = segments.pop()[0]
            _, old_removed, old_added = segments[-1]
            segments[-1] = ("", f"{old_removed}{space}{removed}", f"{old_added}{space}{added}")
        else:
            segments.append(("", removed, added))
    return segments


def _split_shared_space(opcodes: list, before: list[str], after: list[str]) -> list:
    """White space is junk to the matcher (it would otherwise compare every space with
    every other), so a replacement may start or end with the same white space on both
    sides: give that back to the unchanged text."""
    result = []
    for op, i1, i2, j1, j2 in opcodes:
        if op != "replace":
            result.append((op, i1, i2, j1, j2))
            continue
        head = 0
        while i1 + head < i2 and j1 + head < j2 and before[i1 + head] == after[j1 + head]:
            head += 1
        tail = 0
        while (
            i1 + head < i2 - tail
            and j1 + head < j2 - tail
            and before[i2 - tail - 1] == after[j2 - tail - 1]
        ):
            tail += 1
        if head:
            result.append(("equal", i1, i1 + head, j1, j1 + head))
        result.append(("replace", i1 + head, i2 - tail, j1 + head, j2 - tail))
        if tail:
            result.append(("equal", i2 - tail, i2, j2 - tail, j2))
    return result


def _plain(old: str, new: str) -> list[Segment]:
    """The words both texts start and end with, and everything between as one
    removal and one addition: linear work whatever the texts."""
    before, after = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    limit = min(len(before), len(after)) - start
    while end < limit and before[-1 - end] == after[-1 - end]:
        end += 1
    runs = [
        ("".join(after[:start]), "", ""),
        ("", "".join(before[start : len(before) - end]), "".join(after[start : len(after) - end])),
        ("".join(after[len(after) - end :]), "", ""),
    ]
    return [run for run in runs if any(run)]


class _TooMuchWork(Exception):
    pass


class _BoundedMatcher(difflib.SequenceMatcher):
    """difflib's matcher, charging each search for a longest match what its inner loop
    can cost; it stops with _TooMuchWork once the budget is spent. (On repetitive
    text the plain matcher's work grows with the cube of the length.)"""

    def __init__(self, a: Sequence[str], b: Sequence[str], budget: _Budget) -> None:
        self.budget = budget
        super().__init__(str.isspace, a, b, autojunk=False)

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        ahi = len(self.a) if ahi is None else ahi
        # The search visits each element of a[alo:ahi] and, for each, every place the
        # same element has in b: charge that before doing it.
        places = sum(len(self.b2j.get(x, ())) for x in self.a[alo:ahi])
        self.budget.spend(1 + (ahi - alo) + places)
        return super().find_longest_match(alo, ahi, blo, bhi)


class _Budget:
    """The work one comparison may do, shared by its line and word diffs."""

    def __init__(self, steps: int) -> None:
        self.left = steps
        self.spent = 0

    def spend(self, steps: int) -> None:
        self.spent += steps
        self.left -= steps
        if self.left < 0:
            raise _TooMuchWork

    def opcodes(self, a: Sequence[str], b: Sequence[str]) -> list | None:
        """difflib's opcodes for `a` and `b`, or None if they cost more than is left."""
        if self.left <= 0:
            return None
        try:
            return _BoundedMatcher(a, b, self).get_opcodes()
        except _TooMuchWork:
            return None


def _follows_replacement(segments: list[tuple[str, str, str]]) -> bool:
    """The last run is only white space and the one before it replaced words."""
    return len(segments) >= 2 and segments[-1][0].isspace() and all(segments[-2][1:])


def diff_docs(
    old: AdaptationDoc, new: AdaptationDoc, library_sections: Sequence[SectionLike]
) -> list[Change]:
    """Every difference between two revisions, in the order a trainee meets them:
    introduction, library sections, new sections, local boxes. Empty if none."""
    old, new = old.normalised(), new.normalised()
    titles = {section.id: section.title for section in library_sections}
    changes = _intro_changes(old.intro, new.intro)
    for section_id in _section_ids(old, new, library_sections):
        title = titles.get(section_id, section_id)
        changes += _section_changes(title, old.change(section_id), new.change(section_id))
    changes += _new_section_changes(old, new, titles)
    changes += _local_box_changes(old, new, library_sections)
    budget = _Budget(WORK_BUDGET)  # one for the page, however many texts changed
    return [
        replace(change, inline_html=diff_text_html(change.before, change.after or "", budget))
        if change.before is not None
        else change
        for change in changes
    ]


def _text_change(summary: str, where: str, before: str, after: str) -> Change:
    """A change to text; its word diff is added once every change is known."""
    return Change(summary, where, before, after)


def _intro_changes(old: str, new: str) -> list[Change]:
    if old == new:
        return []
    verb = "added" if not old else "removed" if not new else "changed"
    return [_text_change(f"{INTRO} {verb}", INTRO, old, new)]


def _section_ids(
    old: AdaptationDoc, new: AdaptationDoc, library_sections: Sequence[SectionLike]
) -> list[str]:
    ids = [section.id for section in library_sections]
    known = set(ids)
    return ids + sorted({*old.changes, *new.changes} - known)


_ACTION_SUMMARIES = {
    (Action.KEEP, Action.HIDE): "now hidden",
    (Action.REPLACE, Action.HIDE): "now hidden (your own text for it was removed)",
    (Action.HIDE, Action.KEEP): "shown again, with the library text",
    (Action.REPLACE, Action.KEEP): "back to the library text (your own text was removed)",
    (Action.KEEP, Action.REPLACE): "now uses your own text",
    (Action.HIDE, Action.REPLACE): "shown again, with your own text",
}


def _section_changes(title: str, old: SectionChange, new: SectionChange) -> list[Change]:
    quoted = f"“{title}”"
    changes: list[Change] = []
    if old.action is not new.action:
        summary = f"{quoted}: {_ACTION_SUMMARIES[old.action, new.action]}"
        if Action.REPLACE in (old.action, new.action):
            changes.append(_text_change(summary, title, old.text, new.text))
        else:
            changes.append(Change(summary, title))
    elif old.text != new.text:
        changes.append(_text_change(f"{quoted}: your own text changed", title, old.text, new.text))
    changes += _note_change(quoted, title, "note before it", old.note_before, new.note_before)
    changes += _note_change(quoted, title, "note after it", old.note_after, new.note_after)
    return changes


def _note_change(quoted: str, title: str, what: str, old: str, new: str) -> list[Change]:
    if old == new:
        return []
    verb = "added" if not old else "removed" if not new else "changed"
    return [_text_change(f"{quoted}: {what} {verb}", title, old, new)]


def _new_section_changes(
    old: AdaptationDoc, new: AdaptationDoc, titles: dict[str, str]
) -> list[Change]:
    before = {section.id: section for section in old.new_sections}
    after = {section.id: section for section in new.new_sections}
    changes: list[Change] = []
    for section in new.new_sections:
        if section.id in before:
            changes += _changed_new_section(before[section.id], section, titles)
        else:
            summary = f"New section “{section.title}” added"
            changes.append(_text_change(summary, section.title, "", section.text))
    for section in old.new_sections:
        if section.id not in after:
            summary = f"New section “{section.title}” removed"
            changes.append(_text_change(summary, section.title, section.text, ""))
    return changes


def _changed_new_section(old: NewSection, new: NewSection, titles: dict[str, str]) -> list[Change]:
    changes: list[Change] = []
    if old.title != new.title:
        changes.append(Change(f"New section “{old.title}” renamed “{new.title}”", new.title))
    if old.text != new.text:
        summary = f"New section “{new.title}”: text changed"
        changes.append(_text_change(summary, new.title, old.text, new.text))
    if old.after != new.after:
        place = (
            "now at the start"
            if new.after is None
            else f"now after “{titles.get(new.after, new.after)}”"
        )
        changes.append(Change(f"New section “{new.title}” moved: {place}", new.title))
    return changes


def _local_box_changes(
    old: AdaptationDoc, new: AdaptationDoc, library_sections: Sequence[SectionLike]
) -> list[Change]:
    places: dict[str, tuple[str, str]] = {}  # key -> (box title, section title)
    for section in library_sections:
        for key, title in local_boxes_by_section([section]).get(section.id, ()):
            places.setdefault(key, (title, section.title))
    keys = [key for key in places if key in old.local_blocks or key in new.local_blocks]
    keys += sorted({*old.local_blocks, *new.local_blocks} - set(places))
    changes: list[Change] = []
    for key in keys:
        before, after = old.local_blocks.get(key, ""), new.local_blocks.get(key, "")
        if before == after:
            continue
        title, where = places.get(key, (key, LOCAL_BOXES))
        verb = "filled in" if not before else "emptied" if not after else "changed"
        changes.append(_text_change(f"Local box “{title}” {verb}", where, before, after))
    return changes
