"""What a programme changes in one library module: the adaptation document.

An adaptation never copies the library module. It records only the programme's
decisions, keyed by the library's stable section ids, so that when the library
module improves, everything the programme did not override follows the library.
The document is stored as JSON in each revision and written out as a Markdown
file for export (see `files`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from ..text import clean_text, single_line


class Action(StrEnum):
    KEEP = "keep"
    HIDE = "hide"
    REPLACE = "replace"


ACTION_LABELS = {
    Action.KEEP: "Keep the library text",
    Action.HIDE: "Hide this section",
    Action.REPLACE: "Use our own text",
}


@dataclass(frozen=True)
class SectionChange:
    """What the programme does with one library section."""

    action: Action = Action.KEEP
    text: str = ""  # Markdown that replaces the library text when action is REPLACE
    note_before: str = ""  # Markdown shown in a "From your programme" box before it
    note_after: str = ""

    @property
    def is_default(self) -> bool:
        return self == SectionChange()

    @property
    def overrides(self) -> bool:
        """The trainee does not see this section's library text."""
        return self.action is not Action.KEEP


@dataclass(frozen=True)
class NewSection:
    """A section the programme writes itself."""

    id: str  # a slug, unique among the module's sections
    title: str
    text: str
    after: str | None = None  # the library section it follows; None means at the start


@dataclass(frozen=True)
class AdaptationDoc:
    intro: str = ""  # the programme's introduction, shown above the module
    changes: Mapping[str, SectionChange] = field(default_factory=dict)  # by library section id
    new_sections: tuple[NewSection, ...] = ()
    local_blocks: Mapping[str, str] = field(default_factory=dict)  # local block key -> Markdown

    def change(self, section_id: str) -> SectionChange:
        return self.changes.get(section_id, SectionChange())

    def with_change(self, section_id: str, change: SectionChange) -> AdaptationDoc:
        changes = dict(self.changes)
        if change.is_default:
            changes.pop(section_id, None)
        else:
            changes[section_id] = change
        return replace(self, changes=changes)

    @property
    def is_empty(self) -> bool:
        return self.normalised() == AdaptationDoc()

    def normalised(self) -> AdaptationDoc:
        """Drop entries that change nothing, so equal meaning gives equal documents."""
        return AdaptationDoc(
            intro=_clean(self.intro),
            changes={
                sid: SectionChange(
                    action=change.action,
                    text=_clean(change.text) if change.action is Action.REPLACE else "",
                    note_before=_clean(change.note_before),
                    note_after=_clean(change.note_after),
                )
                for sid, change in sorted(self.changes.items())
                if not _strip_change(change).is_default
            },
            new_sections=tuple(
                replace(new, title=_clean(single_line(new.title)), text=_clean(new.text))
                for new in self.new_sections
            ),
            local_blocks={
                key: _clean(text) for key, text in sorted(self.local_blocks.items()) if _clean(text)
            },
        )

    def to_json(self) -> dict[str, Any]:
        doc = self.normalised()
        return {
            "intro": doc.intro,
            "changes": {
                sid: {
                    "action": str(change.action),
                    "text": change.text,
                    "note_before": change.note_before,
                    "note_after": change.note_after,
                }
                for sid, change in doc.changes.items()
            },
            "new_sections": [
                {"id": new.id, "title": new.title, "text": new.text, "after": new.after}
                for new in doc.new_sections
            ],
            "local_blocks": dict(doc.local_blocks),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AdaptationDoc:
        """The document from its JSON form. Raises TypeError, ValueError or KeyError
        on JSON of the wrong shape (it may come back from a browser)."""
        data = _mapping(data)
        return cls(
            intro=_text(data.get("intro")),
            changes={
                _text(sid): _section_change(_mapping(change))
                for sid, change in _mapping(data.get("changes")).items()
            },
            new_sections=tuple(
                NewSection(
                    id=_text(new["id"]),
                    title=_text(new["title"]),
                    text=_text(new["text"]),
                    after=_text(new.get("after")) or None,
                )
                for new in map(_mapping, _list(data.get("new_sections")))
            ),
            local_blocks={
                _text(key): _text(text) for key, text in _mapping(data.get("local_blocks")).items()
            },
        )


def _section_change(change: Mapping[str, Any]) -> SectionChange:
    return SectionChange(
        action=Action(_text(change.get("action"), "keep")),
        text=_text(change.get("text")),
        note_before=_text(change.get("note_before")),
        note_after=_text(change.get("note_after")),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, not {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a list, not {type(value).__name__}")
    return value


def _text(value: Any, default: str = "") -> str:
    """A string from the JSON, without control characters."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {type(value).__name__}")
    return clean_text(value)


def _strip_change(change: SectionChange) -> SectionChange:
    return SectionChange(
        action=change.action,
        text=_clean(change.text) if change.action is Action.REPLACE else "",
        note_before=_clean(change.note_before),
        note_after=_clean(change.note_after),
    )


def _clean(text: str) -> str:
    """Browsers send CRLF from text areas; store plain newlines, without outer blanks
    or control characters."""
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
