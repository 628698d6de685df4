"""Storing feedback responses and skips, and the daily totals that follow them.

Plain values in (a `FeedbackAnswers`, not a form), so a view, a CLI command or a test
can save feedback alike. Nothing here commits: the caller does, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..content import Module
from ..extensions import db
from ..models import (
    ASKED_ITEMS,
    FeedbackAnswer,
    FeedbackAuthor,
    FeedbackDailyTotal,
    FeedbackResponse,
    FeedbackSkip,
    Programme,
    User,
)
from ..models.base import utcnow
from ..models.feedback import (
    TOTALS_COUNTS,
    TOTALS_KEY,
    contribution,
    daily_totals_query,
    move_totals,
)
from ..models.writes import insert_or_ignore, lock_person
from .adaptations import current_number


def confidence_keys(module: Module) -> list[tuple[str, str]]:
    """(field name prefix, what it is about) for each before/now pair the module asks."""
    if module.feedback.confidence == "per-objective":
        return [(f"objective-{n}", text) for n, text in enumerate(module.meta.objectives, 1)]
    return [("confidence", "what this module covers")]


@dataclass(frozen=True)
class FeedbackAnswers:
    """One trainee's answers to a module's feedback form (each scale 1 to 5, but
    `length`: 1 too short, 2 about right, 3 too long)."""

    relevant: int
    clear: int
    recommend: int
    length: int | None = None
    # The earlier statement "It was the right length" (1-5): only for importing older
    # responses; a response holds one length answer or the other.
    right_length: int | None = None
    confidence_before: int | None = None  # the module-level pair, where the module asks it
    confidence_after: int | None = None
    helped_most: str = ""
    would_change: str = ""
    # By answer key: "objective-<n>_before"/"_after" pairs, "extra-<question id>" answers.
    # None or "" for a question left blank.
    more: Mapping[str, int | str | None] = field(default_factory=dict)


def existing_response(user: User, module: Module) -> FeedbackResponse | None:
    """This trainee's response to this version of the module: they edit it until the
    version changes, then a new one starts."""
    return db.session.scalar(_authored(user, module))


def save_response(
    author: User | None, programme: Programme, module: Module, answers: FeedbackAnswers
) -> FeedbackResponse:
    """Store `author`'s response to this version of the module, or change the one they
    gave, and move the daily totals (what the evaluator's comparison reads) to match.

    A double tap, or two tabs, gives one response: the author's lock makes the later
    request find the earlier one's response and save over it. With no author (made-up
    demo data, an import of anonymous responses) each call adds a response."""
    response = None
    if author is not None:
        lock_person(author.id)
        response = db.session.scalar(
            _authored(author, module)
            .options(selectinload(FeedbackResponse.answers))
            .execution_options(populate_existing=True)  # as stored now, not as first read
        )
    before = None
    if response is None:
        response = FeedbackResponse(
            module_id=module.id,
            module_version=module.meta.version,
            programme_id=programme.id,
            # the adaptation the trainee saw when they first answered, if any
            adaptation_revision=current_number(programme.id, module.id),
        )
        db.session.add(response)
    else:
        before = contribution(response.id)
    _fill(response, answers)
    db.session.flush()
    move_totals(before, contribution(response.id))
    if author is not None:
        _link_author(author, module, response)
    return response


def _authored(author: User, module: Module) -> sa.Select:
    return (
        sa.select(FeedbackResponse)
        .join(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
        .where(
            FeedbackAuthor.user_id == author.id,
            FeedbackAuthor.module_id == module.id,
            FeedbackAuthor.module_version == module.meta.version,
        )
    )


def _fill(response: FeedbackResponse, answers: FeedbackAnswers) -> None:
    for key in ASKED_ITEMS:
        setattr(response, key, getattr(answers, key))
    response.length = answers.length
    response.right_length = None if answers.length is not None else answers.right_length
    response.confidence_before = answers.confidence_before
    response.confidence_after = answers.confidence_after
    response.helped_most = answers.helped_most.strip()
    response.would_change = answers.would_change.strip()
    _set_answers(response, answers.more)


def _link_author(author: User, module: Module, response: FeedbackResponse) -> None:
    """Say whose it is (once), and drop a skip they recorded before answering."""
    insert_or_ignore(
        FeedbackAuthor,
        {"response_id": response.id, "user_id": author.id, "module_id": module.id,
         "module_version": module.meta.version},
        key=["response_id"],
    )  # fmt: skip
    db.session.execute(
        sa.delete(FeedbackSkip).where(
            FeedbackSkip.user_id == author.id,
            FeedbackSkip.module_id == module.id,
            FeedbackSkip.module_version == module.meta.version,
        )
    )


def _set_answers(response: FeedbackResponse, answers: Mapping[str, int | str | None]) -> None:
    """Update answers in place by key. (Replacing the list would insert the new rows
    before deleting the old ones, and break the one-answer-per-key constraint.)"""
    wanted = {key: value for key, value in answers.items() if value not in (None, "")}
    existing = {answer.key: answer for answer in response.answers}
    for key, answer in existing.items():
        if key not in wanted:
            response.answers.remove(answer)
    for key, value in wanted.items():
        answer = existing.get(key)
        if answer is None:
            answer = FeedbackAnswer(key=key)
            response.answers.append(answer)
        answer.number = value if isinstance(value, int) else None
        answer.text = value if isinstance(value, str) and value.strip() else None


def record_skip(user: User, module: Module) -> None:
    insert_or_ignore(
        FeedbackSkip,
        {"user_id": user.id, "module_id": module.id, "module_version": module.meta.version,
         "skipped_at": utcnow()},
        key=["user_id", "module_id", "module_version"],
    )  # fmt: skip


def rebuild_daily_totals() -> int:
    """Recompute feedback_daily_totals from every response, in one transaction, and return
    how many rows it has: for after a restore, a bulk change made in SQL, or a doubt."""
    bind = db.session.get_bind()
    if bind.dialect.name == "postgresql":
        # Saves wait until the rebuild commits, so none is counted twice or lost.
        db.session.execute(sa.text("LOCK TABLE feedback_daily_totals IN EXCLUSIVE MODE"))
    query = daily_totals_query(bind.dialect.name)
    db.session.execute(sa.delete(FeedbackDailyTotal))
    db.session.execute(
        sa.insert(FeedbackDailyTotal).from_select(list(query.selected_columns.keys()), query)
    )
    return db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackDailyTotal))


@dataclass(frozen=True)
class TotalsDrift:
    """A daily-totals row that is not what the responses add up to."""

    key: tuple  # TOTALS_KEY values
    stored: tuple | None  # TOTALS_COUNTS values; None: the row is missing
    expected: tuple | None  # None: the row should not be there

    def __str__(self) -> str:
        programme, module, version, revision, day = self.key
        where = f"programme {programme}, {module} v{version}, revision {revision}, {day}"
        return f"{where}: stored {_counts(self.stored)}, expected {_counts(self.expected)}"


def _counts(values: tuple | None) -> str:
    if values is None:
        return "no row"
    return ", ".join(f"{name}={value}" for name, value in zip(TOTALS_COUNTS, values, strict=True))


def totals_drift() -> list[TotalsDrift]:
    """Every daily-totals row that differs from the responses' own sums, in key order:
    empty when the totals are right."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        # Both reads see the same saves: a save waits to move the totals until this ends.
        db.session.execute(sa.text("LOCK TABLE feedback_daily_totals IN SHARE MODE"))
    width = len(TOTALS_KEY)
    table = FeedbackDailyTotal.__table__
    stored_rows = db.session.execute(sa.select(*(table.c[n] for n in TOTALS_KEY + TOTALS_COUNTS)))
    stored = {tuple(row[:width]): tuple(row[width:]) for row in stored_rows}
    expected = {
        tuple(row[:width]): tuple(row[width:])
        for row in db.session.execute(daily_totals_query(dialect))
    }
    return [
        TotalsDrift(key, stored.get(key), expected.get(key))
        for key in sorted(stored.keys() | expected.keys(), key=str)
        if stored.get(key) != expected.get(key)
    ]
