"""What a module asks in its feedback form, from its `feedback:` front-matter.

    feedback: standard                   # the standard form
    feedback: [ {question}, ... ]        # the standard form plus these questions
    feedback:
      confidence: per-objective          # a before/now pair per objective (default: module)
      questions: [ {question}, ... ]

A question is {id, type: likert | choice | text, label, options (choice only)}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .slugs import is_slug

QUESTION_TYPES = ("likert", "choice", "text")
CONFIDENCE_MODES = ("module", "per-objective")


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedbackSpec:
    confidence: str = "module"
    questions: tuple[Question, ...] = ()


STANDARD = FeedbackSpec()


def _question(raw: Any, n: int, seen: set[str]) -> Question | str:
    where = f"question {n}"
    if not isinstance(raw, dict):
        return f"{where} must have id, type and label"
    qid, qtype, label = raw.get("id"), raw.get("type"), raw.get("label")
    if not isinstance(qid, str) or not is_slug(qid):
        return f"{where}: id must be lower-case letters, digits and hyphens"
    if qid in seen:
        return f"{where}: the id {qid!r} is used twice"
    if qtype not in QUESTION_TYPES:
        return f"{where}: type must be one of {', '.join(QUESTION_TYPES)}, not {qtype!r}"
    if not isinstance(label, str) or not label.strip():
        return f"{where}: label must be a non-empty piece of text"
    options = raw.get("options") or []
    if qtype == "choice" and (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) and o.strip() for o in options)
    ):
        return f"{where}: a choice question needs a list of at least two options"
    unknown = set(raw) - {"id", "type", "label", "options"}
    if unknown:
        return f"{where}: unknown field {sorted(unknown)[0]!r}"
    seen.add(qid)
    return Question(qid, qtype, label.strip(), tuple(options) if qtype == "choice" else ())


def parse_feedback(value: Any) -> tuple[FeedbackSpec | None, str | None]:
    """The spec, or None and the first problem found."""
    if value is None or value == "standard":
        return STANDARD, None
    confidence, raw_questions = "module", value
    if isinstance(value, dict):
        unknown = set(value) - {"confidence", "questions"}
        if unknown:
            return None, f"unknown field {sorted(unknown)[0]!r} (use confidence, questions)"
        confidence = value.get("confidence", "module")
        if confidence not in CONFIDENCE_MODES:
            return None, f"confidence must be one of {', '.join(CONFIDENCE_MODES)}"
        raw_questions = value.get("questions") or []
    if not isinstance(raw_questions, list):
        return None, "must be 'standard', a list of questions, or confidence and questions"
    questions: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_questions, 1):
        question = _question(raw, n, seen)
        if isinstance(question, str):
            return None, question
        questions.append(question)
    return FeedbackSpec(confidence, tuple(questions)), None
