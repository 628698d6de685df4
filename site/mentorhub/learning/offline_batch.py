"""Marks made with no signal, as a phone sends them later: read and checked here.

Plain functions, no Flask. The phone sends a JSON object
`{"marks": [{"ref": 3, "kind": "done", "module": "boundaries", "section": "why",
"made_at": "2027-01-05T14:02:03.120Z"}, {"ref": 4, "kind": "reflection", ..., "block":
"think-about-it", "text": "My answer", "score": null}]}`; each mark gets an answer with
its `ref`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..text import clean_text
from .progress_records import REFLECTION_MAX

MAX_MARKS = 100  # in one request; the phone sends more in turns
MAX_REF = 2**53  # a JavaScript number stays exact up to here
MAX_ID = 200  # characters in a module, section or block id (as in a route)
#: How far ahead of the server's clock a phone's clock may be and still be believed.
CLOCK_SKEW = timedelta(minutes=5)
#: Marks older than this are recorded as made now: a phone's clock may be wrong.
OLDEST = timedelta(days=30)
KINDS = ("done", "reflection")


class BatchError(ValueError):
    """The request as a whole cannot be read (not the shape above, or too many marks)."""


@dataclass(frozen=True)
class QueuedMark:
    ref: int
    kind: str  # "done" or "reflection"
    module_id: str
    section_id: str
    made_at: datetime  # naive UTC, within the bounds (see `made_at_or_now`)
    block: str = ""  # reflections only
    text: str = ""  # reflections only
    score: int | None = None  # reflections that ask for a score from 1 to 5 only


@dataclass(frozen=True)
class Answer:
    ref: int
    status: str  # "saved", "gone" (that part is not in the training now), "invalid"
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "status": self.status, "message": self.message}


# Words a trainee may read: short, plain and warm.
SAVED = "Saved."
NEWER_KEPT = "You saved a newer answer, so we kept that one."
GONE_MODULE = "This module is not in your training any more, so we did not need it."
GONE_SECTION = "This part is not in the module any more, so we did not need it."
INVALID = "We couldn't save this. Please do it again."
TOO_LONG = f"Your answer is longer than {REFLECTION_MAX:,} characters. Please make it shorter."
BAD_SCORE = "Choose a score from 1 to 5, or none."


def made_at_or_now(value: Any, now: datetime) -> datetime:
    """When the mark was made, as naive UTC: the phone's time if it is an ISO 8601 time
    with a time zone, no later than `now` plus CLOCK_SKEW (then no later than `now`)
    and no older than OLDEST; otherwise `now` (naive UTC)."""
    if not isinstance(value, str) or len(value) > 40:
        return now
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return now
    if parsed.tzinfo is None:
        return now  # a time without a zone could be hours out
    made = parsed.astimezone(UTC).replace(tzinfo=None)
    if made > now + CLOCK_SKEW or made < now - OLDEST:
        return now
    return min(made, now)


def _text_field(item: dict, name: str, limit: int = MAX_ID) -> str | None:
    value = item.get(name)
    if not isinstance(value, str):
        return None
    value = clean_text(value)
    return value if 0 < len(value) <= limit and value.strip() == value else None


def _ref(item: Any) -> int | None:
    ref = item.get("ref") if isinstance(item, dict) else None
    if isinstance(ref, bool) or not isinstance(ref, int) or not 0 <= ref <= MAX_REF:
        return None
    return ref


def read_mark(item: Any, now: datetime) -> QueuedMark | Answer | None:
    """One mark, or an Answer saying why it cannot be used (None: not even a `ref`)."""
    ref = _ref(item)
    if ref is None:
        return None
    kind = item.get("kind")
    module_id, section_id = _text_field(item, "module"), _text_field(item, "section")
    if kind not in KINDS or module_id is None or section_id is None:
        return Answer(ref, "invalid", INVALID)
    made_at = made_at_or_now(item.get("made_at"), now)
    if kind == "done":
        return QueuedMark(ref, kind, module_id, section_id, made_at)
    block, text = _text_field(item, "block"), item.get("text")
    if block is None or not isinstance(text, str):
        return Answer(ref, "invalid", INVALID)
    text = clean_text(text)
    if len(text) > REFLECTION_MAX:
        return Answer(ref, "invalid", TOO_LONG)
    score = item.get("score")
    if score is not None and (isinstance(score, bool) or score not in range(1, 6)):
        return Answer(ref, "invalid", BAD_SCORE)
    return QueuedMark(ref, kind, module_id, section_id, made_at, block, text, score)


def read_batch(payload: Any, now: datetime) -> list[QueuedMark | Answer]:
    """Every mark in the request, in order: a QueuedMark to apply, or the Answer for one
    that cannot be. Raises BatchError when the request is not a batch at all."""
    if not isinstance(payload, dict) or not isinstance(payload.get("marks"), list):
        raise BatchError('Send {"marks": [...]}.')
    marks = payload["marks"]
    if len(marks) > MAX_MARKS:
        raise BatchError(f"Send at most {MAX_MARKS} marks at a time.")
    read = [read_mark(item, now) for item in marks]
    if any(mark is None for mark in read):
        raise BatchError('Every mark needs a "ref" (a whole number).')
    return [mark for mark in read if mark is not None]
