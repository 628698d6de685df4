"""Comparing feedback across programmes, versions and local adaptations: one
grouped SQL query returns counts and sums; means and intervals follow from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa

from ..extensions import db
from ..models import LIKERT_ITEMS, FeedbackResponse, Programme
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


def _filtered(query: sa.Select, filters: Filters) -> sa.Select:
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
    r = FeedbackResponse
    diff = sa.case(
        (sa.and_(r.confidence_before.is_not(None), r.confidence_after.is_not(None)),
         r.confidence_after - r.confidence_before),
    )  # fmt: skip
    sums = []
    for key in LIKERT_ITEMS:
        column = getattr(r, key)
        sums += [sa.func.sum(column), sa.func.sum(column * column)]
    query = (
        sa.select(
            r.module_id,
            Programme.name,
            r.module_version,
            r.adaptation_revision,
            sa.func.count(),
            *sums,
            sa.func.count(diff),
            sa.func.sum(diff),
            sa.func.sum(diff * diff),
        )  # fmt: skip
        .join(Programme, Programme.id == r.programme_id)
        .group_by(r.module_id, Programme.name, r.module_version, r.adaptation_revision)
        .order_by(r.module_id, Programme.name, r.module_version, r.adaptation_revision)
    )
    groups = []
    for row in db.session.execute(_filtered(query, filters)):
        module_id, programme, version, revision, n, *rest = row
        pair_n, pair_sum, pair_squares = rest[-3:]
        if suppressed(n):
            groups.append(
                Group(module_id, programme, version, revision, SUPPRESSED, {}, SUPPRESSED)
            )
            continue
        means = {
            key: mean_ci_from_moments(n, rest[2 * i], rest[2 * i + 1])
            for i, key in enumerate(LIKERT_ITEMS)
        }
        change = SUPPRESSED if suppressed(pair_n) else paired_change(pair_n, pair_sum, pair_squares)
        groups.append(Group(module_id, programme, version, revision, n, means, change))
    return groups


def filter_options() -> dict:
    """What the filter form offers: programmes, modules and versions with responses."""
    r = FeedbackResponse
    return {
        "programmes": db.session.execute(
            sa.select(Programme.id, Programme.name).order_by(Programme.name)
        ).all(),
        "modules": db.session.scalars(
            sa.select(r.module_id).distinct().order_by(r.module_id)
        ).all(),
        "versions": db.session.scalars(
            sa.select(r.module_version).distinct().order_by(r.module_version)
        ).all(),
    }
