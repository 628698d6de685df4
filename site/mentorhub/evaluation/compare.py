"""Comparing feedback across programmes, versions and local adaptations: one
grouped SQL query over the daily totals returns counts and sums; means and intervals
follow from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa

from ..extensions import db
from ..models import LIKERT_ITEMS, FeedbackDailyTotal, FeedbackResponse, Programme
from ..models.feedback import COMPARED_COUNTS
from .length import LengthCounts
from .stats import SUPPRESSED, MeanCI, Suppressed, mean_ci_from_moments, paired_change, suppressed


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    programme_id: int | None = None
    module_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class Group:
    """One module, in one programme, at one version and adaptation revision."""

    module_id: str
    programme: str
    version: int
    revision: int | None
    n: int | Suppressed
    means: dict[str, MeanCI | None | Suppressed]
    change: MeanCI | None | Suppressed
    length: LengthCounts = LengthCounts()


def _filtered(query: sa.Select, filters: Filters) -> sa.Select:
    t = FeedbackDailyTotal
    # The date filters are whole days (UTC), the totals' unit, so the answer is the same
    # as filtering the responses' submitted_at from start 00:00 to end 23:59:59.999999.
    if filters.start:
        query = query.where(t.day >= filters.start)
    if filters.end:
        query = query.where(t.day <= filters.end)
    if filters.programme_id:
        query = query.where(t.programme_id == filters.programme_id)
    if filters.module_id:
        query = query.where(t.module_id == filters.module_id)
    if filters.version:
        query = query.where(t.module_version == filters.version)
    return query


def responses_filtered(query: sa.Select, filters: Filters) -> sa.Select:
    """`filters` applied to a query over the responses themselves (for what the daily
    totals do not hold, such as per-objective answers)."""
    r = FeedbackResponse
    if filters.start:
        query = query.where(r.submitted_at >= datetime.combine(filters.start, time.min))
    if filters.end:
        query = query.where(r.submitted_at <= datetime.combine(filters.end, time.max))
    if filters.programme_id:
        query = query.where(r.programme_id == filters.programme_id)
    if filters.module_id:
        query = query.where(r.module_id == filters.module_id)
    if filters.version:
        query = query.where(r.module_version == filters.version)
    return query


def compare(filters: Filters) -> list[Group]:
    """Every group's n, item means and confidence change, from the daily totals (the
    responses' counts and sums, kept in step as they are saved)."""
    t = FeedbackDailyTotal
    # The totals hold 0 for "no adaptation"; NULLIF gives back None, and ordering by it
    # puts those groups where ordering the responses' NULL did on each database.
    revision = sa.func.nullif(t.adaptation_revision, 0)
    query = (
        sa.select(
            t.module_id,
            Programme.name,
            t.module_version,
            revision,
            *(sa.func.sum(getattr(t, name)).label(name) for name in COMPARED_COUNTS),
        )
        .join(Programme, Programme.id == t.programme_id)
        .group_by(t.module_id, Programme.name, t.module_version, t.adaptation_revision)
        .order_by(t.module_id, Programme.name, t.module_version, revision)
    )
    rows = db.session.execute(_filtered(query, filters))
    return [group_from_row(*row[:4], counts=row._mapping) for row in rows]


def group_from_row(
    module_id: str, programme: str, version: int, revision: int | None, counts: Mapping[str, int]
) -> Group:
    """A Group from one row of the comparison: `counts` maps each of the daily totals'
    COMPARED_COUNTS (n, each item's sum and sum of squares, the confidence pairs' count,
    sum and sum of squares, the length counts) to its sum over the group."""
    n = counts["n"]
    if suppressed(n):
        return Group(module_id, programme, version, revision, SUPPRESSED, {}, SUPPRESSED)
    means: dict[str, MeanCI | None | Suppressed] = {}
    for key in LIKERT_ITEMS:
        # Only the earlier length statement can be missing from a response.
        answered = counts["right_length_n"] if key == "right_length" else n
        if not answered:
            means[key] = None
        elif suppressed(answered):
            means[key] = SUPPRESSED
        else:
            means[key] = mean_ci_from_moments(
                answered, counts[f"{key}_sum"], counts[f"{key}_squares"]
            )
    pair_n = counts["pairs"]
    if not pair_n:  # no module-level pairs at all (e.g. the module asks per objective)
        change = None
    elif suppressed(pair_n):
        change = SUPPRESSED
    else:
        change = paired_change(pair_n, counts["change_sum"], counts["change_squares"])
    length = LengthCounts.from_totals(counts)
    return Group(module_id, programme, version, revision, n, means, change, length)


def filter_options() -> dict:
    """What the filter form offers: programmes, modules and versions with responses
    (every day with a response has a daily-totals row)."""
    t = FeedbackDailyTotal
    return {
        "programmes": db.session.execute(
            sa.select(Programme.id, Programme.name).order_by(Programme.name)
        ).all(),
        "modules": db.session.scalars(
            sa.select(t.module_id).distinct().order_by(t.module_id)
        ).all(),
        "versions": db.session.scalars(
            sa.select(t.module_version).distinct().order_by(t.module_version)
        ).all(),
    }
