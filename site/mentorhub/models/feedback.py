"""Trainees' feedback on modules: the evidence for evaluating the training.

A response records what was evaluated (module, version, programme, adaptation
revision) and the answers. Who gave it is held apart, in `FeedbackAuthor`:
deleting an account deletes that link and keeps the response, anonymous.

`FeedbackDailyTotal` sums the responses per group and day for the evaluator's
comparison; flush events on `FeedbackResponse` keep it in step (see its docstring).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

LIKERT_ITEMS = {
    "relevant": "This was relevant to me",
    "clear": "It was clear",
    # Asked until the length question replaced it; kept so older responses still count.
    "right_length": "It was the right length (the earlier question)",
    "recommend": "I would recommend it to another peer mentor",
}
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
    """Who gave a response: kept apart so that it can go while the response stays."""

    __tablename__ = "feedback_authors"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("feedback_responses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)


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

    Kept in step by the flush events below: every response inserted, updated or deleted
    through the ORM (save_response, the demo data, tests) moves its totals in the same
    transaction. Bulk `insert()`/`update()`/`delete()` statements on feedback_responses
    bypass them: run `flask feedback rebuild-totals` after one."""

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


TOTALS_KEY = ["programme_id", "module_id", "module_version", "adaptation_revision", "day"]
LENGTH_COUNTS = ["right_length_n", "right_length_agree", "right_length_disagree",
                 "length_short", "length_right", "length_long"]  # fmt: skip
TOTALS_COUNTS = [
    "n",
    *(f"{item}_{part}" for item in LIKERT_ITEMS for part in ("sum", "squares")),
    "pairs",
    "change_sum",
    "change_squares",
    *LENGTH_COUNTS,
]
# What a response's contribution depends on: an update touching none of these leaves the
# totals alone.
_COUNTED = ["programme_id", "module_id", "module_version", "adaptation_revision", "submitted_at",
            *LIKERT_ITEMS, "length", "confidence_before", "confidence_after"]  # fmt: skip


def response_day(dialect: str, column: Any) -> sa.ColumnElement[date]:
    """The day of a stored datetime. SQLite keeps datetimes as text, and its date() gives
    the 'YYYY-MM-DD' text that the Date type stores there (CAST would give the number 2026)."""
    if dialect == "sqlite":
        return sa.func.date(column, type_=sa.Date)
    return sa.cast(column, sa.Date)


def length_counts(r: Any) -> list[sa.ColumnElement[int]]:
    """The LENGTH_COUNTS of a group of responses (`r`: the table's columns), in order."""

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.count(sa.case((condition, 1)))  # COUNT skips the NULL of "else"

    return [
        sa.func.count(r.right_length),
        count(r.right_length >= 4),
        count(r.right_length <= 2),
        *(count(r.length == value) for value in LENGTH_ANSWERS),
    ]


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
              *length_counts(r)]  # fmt: skip
    names = TOTALS_KEY + TOTALS_COUNTS
    return sa.select(*(c.label(n) for c, n in zip(key + counts, names, strict=True))).group_by(*key)


def _contribution(connection: Connection, response_id: int) -> dict[str, Any] | None:
    """What one response adds to its daily-totals row, read from the row as stored (so it
    is right whatever the ORM object has loaded or expired)."""
    query = daily_totals_query(connection.dialect.name)
    row = connection.execute(query.where(FeedbackResponse.id == response_id)).mappings().first()
    return dict(row) if row else None


def _upsert(dialect: str, values: dict[str, Any]) -> sa.Executable:
    """Add `values` to their row, creating it if needed: one atomic statement on both
    databases (no read-modify-write for concurrent saves to race on)."""
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    statement = insert(FeedbackDailyTotal).values(values)
    table = FeedbackDailyTotal.__table__
    return statement.on_conflict_do_update(
        index_elements=TOTALS_KEY,
        set_={name: table.c[name] + statement.excluded[name] for name in TOTALS_COUNTS},
    )


def _move(connection: Connection, contribution: dict[str, Any] | None, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one response's contribution."""
    if contribution is None:
        return
    values = {k: v * sign if k in TOTALS_COUNTS else v for k, v in contribution.items()}
    connection.execute(_upsert(connection.dialect.name, values))
    if sign < 0:  # a day left with no responses has no row, as if it never had one
        t = FeedbackDailyTotal
        key = [getattr(t, name) == contribution[name] for name in TOTALS_KEY]
        connection.execute(sa.delete(t).where(*key, t.n == 0))


def _response_id(target: FeedbackResponse) -> int:
    # From the identity key: reading an expired attribute mid-flush would query.
    return sa.inspect(target).identity[0]


def _counted_columns_changed(target: FeedbackResponse) -> bool:
    state = sa.inspect(target)
    return any(state.attrs[name].history.has_changes() for name in _COUNTED)


_BEFORE_UPDATE = "feedback_totals_before_update"  # key in Connection.info


@sa.event.listens_for(FeedbackResponse, "after_insert")
def _count_inserted(_mapper, connection: Connection, target: FeedbackResponse) -> None:
    _move(connection, _contribution(connection, target.id), 1)


@sa.event.listens_for(FeedbackResponse, "before_update")
def _note_before_update(_mapper, connection: Connection, target: FeedbackResponse) -> None:
    if _counted_columns_changed(target):
        before = connection.info.setdefault(_BEFORE_UPDATE, {})
        before[_response_id(target)] = _contribution(connection, _response_id(target))


@sa.event.listens_for(FeedbackResponse, "after_update")
def _count_updated(_mapper, connection: Connection, target: FeedbackResponse) -> None:
    before = connection.info.get(_BEFORE_UPDATE, {}).pop(_response_id(target), None)
    if before is None:
        return  # nothing counted changed
    after = _contribution(connection, _response_id(target))
    if after != before:
        _move(connection, before, -1)
        _move(connection, after, 1)


@sa.event.listens_for(FeedbackResponse, "before_delete")
def _uncount_deleted(_mapper, connection: Connection, target: FeedbackResponse) -> None:
    # Before, while the row is still there to be read.
    _move(connection, _contribution(connection, _response_id(target)), -1)
