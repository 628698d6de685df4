"""Feedback exports: one row per response, pseudonymous, with a data dictionary.

The trainee id in an export is an HMAC of the user id under a key kept outside
the database (PSEUDONYM_KEY, by default derived from SECRET_KEY): the same person
gets the same id in every export, and the id means nothing without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from flask import current_app

from ..csvfile import csv_chunks, csv_text
from ..extensions import db
from ..models import FeedbackAnswer, FeedbackAuthor, FeedbackResponse, Programme
from .length import comparable_length

LENGTH_CODES = {1: "too_short", 2: "about_right", 3: "too_long"}

# (column, type, meaning, allowed values): the data dictionary, and the column order.
COLUMNS: list[tuple[str, str, str, str]] = [
    ("response_id", "integer", "Identifies the response within this site", "1 and up"),
    ("trainee_pseudonym", "text", "The same for every response from one trainee; empty once "
     "their account is deleted. Cannot be traced back without the site's key", "16 hex digits"),
    ("programme_id", "integer", "The programme the trainee was in", "1 and up"),
    ("programme", "text", "The programme's name", "any"),
    ("local_authority", "text", "The council area the programme works in", "one of Scotland's 32"),
    ("module_id", "text", "The library module", "a module id"),
    ("module_version", "integer", "The module's version when answered", "1 and up"),
    ("adaptation_revision", "integer", "The programme's adaptation of the module, if any",
     "empty, or 1 and up"),
    ("submitted_at", "date-time", "When first sent (UTC)", "YYYY-MM-DDTHH:MM:SS"),
    ("relevant", "integer", "This was relevant to me", "1 (strongly disagree) to 5"),
    ("clear", "integer", "It was clear", "1 to 5"),
    ("right_length", "integer", "It was the right length: the statement asked before the "
     "length question replaced it. Empty in responses that answered the length question",
     "1 to 5, or empty"),
    ("recommend", "integer", "I would recommend it to another peer mentor", "1 to 5"),
    ("length", "text", "The length was: the question that replaced the statement "
     "right_length. Empty in responses from before it", "too_short, about_right, too_long, "
     "or empty"),
    ("length_comparable", "text", "Both length answers on one measure, to compare responses "
     "from before and after the change: length about_right, and right_length 4 or 5 "
     "(agree), give about_right; length too_short or too_long, and right_length 1 or 2 "
     "(disagree), give not_about_right; right_length 3 (not sure) has no counterpart and is "
     "empty. The evaluator's 'said the length was right' is the share of about_right among "
     "the non-empty values", "about_right, not_about_right, or empty"),
    ("confidence_before", "integer", "Confidence before the module (retrospective)",
     "1 (not at all) to 5, or empty"),
    ("confidence_after", "integer", "Confidence now", "1 to 5, or empty"),
    ("helped_most", "text", "What helped most?", "up to 2,000 characters"),
    ("would_change", "text", "What would you change?", "up to 2,000 characters"),
    ("other_answers", "JSON object", "Per-objective confidence pairs (objective-N_before/_after) "
     "and the module's own questions (extra-ID)", "keys to numbers or text"),
]  # fmt: skip


def pseudonym(user_id: int | None) -> str:
    if user_id is None:
        return ""
    key = (
        current_app.config.get("PSEUDONYM_KEY")
        or hmac.new(
            current_app.config["SECRET_KEY"].encode(), b"feedback-pseudonyms", hashlib.sha256
        ).hexdigest()
    )
    return hmac.new(key.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


def _rows(programme_ids: list[int] | None) -> Iterator[dict]:
    query = (
        sa.select(FeedbackResponse, FeedbackAuthor.user_id, Programme)
        .join(Programme, Programme.id == FeedbackResponse.programme_id)
        .outerjoin(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
        .order_by(FeedbackResponse.id)
    )
    if programme_ids is not None:
        query = query.where(FeedbackResponse.programme_id.in_(programme_ids))
    answers = _answers(programme_ids)
    for response, user_id, programme in db.session.execute(query.execution_options(yield_per=1000)):
        yield {
            "response_id": response.id,
            "trainee_pseudonym": pseudonym(user_id),
            "programme_id": programme.id,
            "programme": programme.name,
            "local_authority": programme.local_authority,
            "module_id": response.module_id,
            "module_version": response.module_version,
            "adaptation_revision": response.adaptation_revision,
            "submitted_at": response.submitted_at.isoformat(timespec="seconds"),
            **{key: getattr(response, key) for key in (
                "relevant", "clear", "right_length", "recommend", "confidence_before",
                "confidence_after", "helped_most", "would_change")},
            "length": LENGTH_CODES.get(response.length),
            "length_comparable": comparable_length(response.length, response.right_length),
            "other_answers": answers.get(response.id, {}),
        }  # fmt: skip


def _answers(programme_ids: list[int] | None) -> dict[int, dict]:
    query = sa.select(
        FeedbackAnswer.response_id, FeedbackAnswer.key, FeedbackAnswer.number, FeedbackAnswer.text
    ).join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
    if programme_ids is not None:
        query = query.where(FeedbackResponse.programme_id.in_(programme_ids))
    found: dict[int, dict] = {}
    for response_id, key, number, text in db.session.execute(query):
        found.setdefault(response_id, {})[key] = number if number is not None else text
    return found


def responses_csv(programme_ids: list[int] | None) -> Iterable[str]:
    """The CSV, a chunk at a time, so a large export never sits in memory whole."""
    names = [c[0] for c in COLUMNS]
    return csv_chunks(names, ([row[name] for name in names] for row in _rows(programme_ids)))


def responses_json(programme_ids: list[int] | None) -> Iterable[str]:
    yield '{"columns": ' + json.dumps([c[0] for c in COLUMNS]) + ', "responses": ['
    for n, row in enumerate(_rows(programme_ids)):
        yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def dictionary_csv() -> str:
    return csv_text(["column", "type", "meaning", "allowed values"], COLUMNS)
