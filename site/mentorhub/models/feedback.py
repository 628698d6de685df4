"""Trainees' feedback on modules: the evidence for evaluating the training.

A response records what was evaluated (module, version, programme, adaptation
revision) and the answers. Who gave it is held apart, in `FeedbackAuthor`:
deleting an account deletes that link and keeps the response, anonymous.

`FeedbackDailyTotal` sums the responses per group and day for the evaluator's
comparison; the code that saves a response keeps it in step (see its docstring).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow
from .writes import dialect_insert

LIKERT_ITEMS = {
    "relevant": "This was relevant to me",
    "clear": "It was clear",
    # Asked until the length question replaced it; kept so older responses still count.
    "right_length": "It was the right length (the earlier question)",
    "recommend": "I would recommend it to another peer mentor",
}
LIKERT_VALUES = (1, 2, 3, 4, 5)  # strongly disagree ... strongly agree
#: The statements the form asks now, in its order; the length question comes after "clear".
ASKED_ITEMS = ("relevant", "clear", "recommend")
LENGTH_QUESTION = "The length was"
LENGTH_ANSWERS = {1: "Too short", 2: "About right", 3: "Too long"}


class FeedbackResponse(db.Model):
    __tablename__ = "feedback_responses"
    __table_args__ = (
        sa.Index("ix_feedback_responses_module_version", "module_id", "module_version"),
        # Covers the dashboards' GROUP BY queries, so they read the index, not the table
        # (bench/evaluation.py: the evaluator page at 1M responses 1.93 s -> 0.6 s).
        sa.Index(
            "ix_feedback_responses_summary",
            "programme_id",
            "module_id",
            "module_version",
            "adaptation_revision",
            "relevant",
            "clear",
            "right_length",
            "recommend",
            "length",
            "confidence_before",
            "confidence_after",
            "submitted_at",
        ),  # fmt: skip
        # The trainer's page shows each module's newest comments: this index gives them
        # newest first without a sort (migration 0011; bench/README.md).
        sa.Index("ix_feedback_responses_newest", "programme_id", "module_id", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    adaptation_revision: Mapped[int | None]  # None: the library module as it stands
    relevant: Mapped[int]
    clear: Mapped[int]
    right_length: Mapped[int | None]  # the earlier statement, 1-5; None in newer responses
    recommend: Mapped[int]
    length: Mapped[int | None]  # 1 too short, 2 about right, 3 too long; None in older ones
    confidence_before: Mapped[int | None]  # the module-level pair
    confidence_after: Mapped[int | None]
    helped_most: Mapped[str] = mapped_column(sa.Text, default="")
    would_change: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    answers: Mapped[list[FeedbackAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class FeedbackAnswer(db.Model):
    """An answer beyond the standard items: a per-objective confidence pair, or a
    question the module adds in its front-matter."""

    __tablename__ = "feedback_answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("feedback_responses.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(120))
    number: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")


class FeedbackAuthor(db.Model):
    """Who gave a response: kept apart so that it can go while the response stays.

    It repeats the response's module and version so that the database itself holds a
    trainee to one response per version of a module, however many requests save it."""

    __tablename__ = "feedback_authors"
    __table_args__ = (
        sa.Index(
            "ix_feedback_authors_one_per_version",
            "user_id",
            "module_id",
            "module_version",
            unique=True,
        ),
    )

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("feedback_responses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]


class FeedbackSkip(db.Model):
    """A trainee chose not to give feedback on this version of a module."""

    __tablename__ = "feedback_skips"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "module_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int]
    skipped_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedbackDailyTotal(db.Model):
    """Feedback summed per programme, module, version, adaptation revision and day (UTC),
    so the evaluator's comparison reads a few rows per group instead of every response
    (bench/evaluation.py: `GET /evaluation` at 1M responses, see bench/README.md).

    The trainer's feedback page reads them too: n, the per-value counts of each
    statement, the length counts and the confidence pairs, summed per module.

    Kept in step by the one function that writes responses (`save_response` in
    learning/feedback.py), which moves them in the same transaction with
    `contribution` and `move_totals`. Anything else that writes feedback_responses (SQL by hand, a
    restore, a bulk load) must be followed by `flask feedback rebuild-totals`;
    `flask feedback check-totals` says whether they match."""

    __tablename__ = "feedback_daily_totals"

    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    module_version: Mapped[int] = mapped_column(primary_key=True)
    # 0 where the response has None (the library module): a primary-key column cannot be
    # NULL, and NULLs never conflict in a unique index, so the upsert could not find the
    # row on either database. Revisions count from 1, so 0 means nothing else.
    adaptation_revision: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)  # of submitted_at, which edits keep
    n: Mapped[int]
    relevant_sum: Mapped[int]
    relevant_squares: Mapped[int]
    clear_sum: Mapped[int]
    clear_squares: Mapped[int]
    right_length_sum: Mapped[int]
    right_length_squares: Mapped[int]
    recommend_sum: Mapped[int]
    recommend_squares: Mapped[int]
    pairs: Mapped[int]  # responses with both confidence answers
    change_sum: Mapped[int]  # of confidence_after - confidence_before, over those pairs
    change_squares: Mapped[int]
    right_length_n: Mapped[int]  # responses that answered the earlier length statement
    right_length_agree: Mapped[int]  # ... with 4 or 5
    right_length_disagree: Mapped[int]  # ... with 1 or 2
    length_short: Mapped[int]  # responses that answered the length question: too short
    length_right: Mapped[int]  # about right
    length_long: Mapped[int]  # too long
    # How many answered each value (1 to 5) of each statement: the trainer's page shows
    # the distributions (migration 0011).
    relevant_1: Mapped[int]
    relevant_2: Mapped[int]
    relevant_3: Mapped[int]
    relevant_4: Mapped[int]
    relevant_5: Mapped[int]
    clear_1: Mapped[int]
    clear_2: Mapped[int]
    clear_3: Mapped[int]
    clear_4: Mapped[int]
    clear_5: Mapped[int]
    right_length_1: Mapped[int]
    right_length_2: Mapped[int]
    right_length_3: Mapped[int]
    right_length_4: Mapped[int]
    right_length_5: Mapped[int]
    recommend_1: Mapped[int]
    recommend_2: Mapped[int]
    recommend_3: Mapped[int]
    recommend_4: Mapped[int]
    recommend_5: Mapped[int]


TOTALS_KEY = ["programme_id", "module_id", "module_version", "adaptation_revision", "day"]
LENGTH_COUNTS = ["right_length_n", "right_length_agree", "right_length_disagree",
                 "length_short", "length_right", "length_long"]  # fmt: skip
#: What the evaluator's comparison reads: n, sums and sums of squares, the length counts.
COMPARED_COUNTS = [
    "n",
    *(f"{item}_{part}" for item in LIKERT_ITEMS for part in ("sum", "squares")),
    "pairs",
    "change_sum",
    "change_squares",
    *LENGTH_COUNTS,
]
#: Per statement and value, how many answered it: `relevant_1` ... `recommend_5`.
VALUE_COUNTS = [f"{item}_{value}" for item in LIKERT_ITEMS for value in LIKERT_VALUES]
TOTALS_COUNTS = [*COMPARED_COUNTS, *VALUE_COUNTS]


def response_day(dialect: str, column: Any) -> sa.ColumnElement[date]:
    """The day of a stored datetime. SQLite keeps datetimes as text, and its date() gives
    the 'YYYY-MM-DD' text that the Date type stores there (CAST would give the number 2026)."""
    if dialect == "sqlite":
        return sa.func.date(column, type_=sa.Date)
    return sa.cast(column, sa.Date)


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.count(sa.case((condition, 1)))  # COUNT skips the NULL of "else"


def length_counts(r: Any) -> list[sa.ColumnElement[int]]:
    """The LENGTH_COUNTS of a group of responses (`r`: the table's columns), in order."""
    return [
        sa.func.count(r.right_length),
        _count(r.right_length >= 4),
        _count(r.right_length <= 2),
        *(_count(r.length == value) for value in LENGTH_ANSWERS),
    ]


def value_counts(r: Any) -> list[sa.ColumnElement[int]]:
    """The VALUE_COUNTS of a group of responses (`r`: the table's columns), in order."""
    return [_count(r[item] == value) for item in LIKERT_ITEMS for value in LIKERT_VALUES]


def daily_totals_query(dialect: str) -> sa.Select:
    """The responses summed into daily-totals rows, one column for each of TOTALS_KEY and
    TOTALS_COUNTS: what the table must hold."""
    r = FeedbackResponse.__table__.c
    diff = r.confidence_after - r.confidence_before  # NULL unless both were answered
    zero = sa.literal_column("0")  # not a bound parameter: GROUP BY must repeat it verbatim
    revision = sa.func.coalesce(r.adaptation_revision, zero)
    key = [r.programme_id, r.module_id, r.module_version, revision,
           response_day(dialect, r.submitted_at)]  # fmt: skip
    sums = []
    for item in LIKERT_ITEMS:
        # COALESCE: a group may hold no answers to the earlier length statement at all.
        sums += [sa.func.coalesce(sa.func.sum(r[item]), zero),
                 sa.func.coalesce(sa.func.sum(r[item] * r[item]), zero)]  # fmt: skip
    counts = [sa.func.count(), *sums, sa.func.count(diff),
              sa.func.coalesce(sa.func.sum(diff), zero),
              sa.func.coalesce(sa.func.sum(diff * diff), zero),
              *length_counts(r), *value_counts(r)]  # fmt: skip
    names = TOTALS_KEY + TOTALS_COUNTS
    return sa.select(*(c.label(n) for c, n in zip(key + counts, names, strict=True))).group_by(*key)


def contribution(response_id: int) -> dict[str, Any] | None:
    """What one response adds to its daily-totals row (its key, and a count for each of
    TOTALS_COUNTS), read from the row as stored: None if there is no such response."""
    query = daily_totals_query(db.session.get_bind().dialect.name)
    found = db.session.execute(query.where(FeedbackResponse.id == response_id)).mappings().first()
    return dict(found) if found else None


def _upsert(values: dict[str, Any]) -> sa.Executable:
    """Add `values` to their row, creating it if needed: one atomic statement on both
    databases (no read-modify-write for concurrent saves to race on)."""
    statement = dialect_insert(FeedbackDailyTotal).values(values)
    table = FeedbackDailyTotal.__table__
    return statement.on_conflict_do_update(
        index_elements=TOTALS_KEY,
        set_={name: table.c[name] + statement.excluded[name] for name in TOTALS_COUNTS},
    )


def move_totals(before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    """Count one response in the daily totals as `after` instead of as `before` (each as
    read by `contribution`; `before` None for a new response), in the session's
    transaction. An edit keeps the response in its row: same programme, module, version,
    revision and day (it keeps submitted_at)."""
    if before == after:
        return
    if before is not None and _key(before) != _key(after):
        raise ValueError("an edit would move a response to another daily-totals row")
    db.session.execute(_upsert({**_key(after), **_difference(after, before)}))


def _key(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in TOTALS_KEY}


def _difference(after: dict[str, Any], before: dict[str, Any] | None) -> dict[str, int]:
    return {name: after[name] - (before[name] if before else 0) for name in TOTALS_COUNTS}
