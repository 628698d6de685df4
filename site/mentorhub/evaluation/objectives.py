"""Confidence change per learning objective, compared across programmes, versions and
adaptations, for one module (the evaluator's page when filtered to a module that asks
a before/now pair per objective). The pairs are joined in SQL from feedback_answers."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import FeedbackAnswer, FeedbackResponse, Programme
from .compare import Filters, responses_filtered
from .stats import SUPPRESSED, MeanCI, Suppressed, paired_change, suppressed


@dataclass(frozen=True)
class ObjectiveGroup:
    programme: str
    version: int
    revision: int | None
    changes: dict[int, MeanCI | None | Suppressed]  # objective number (1-based) -> change


def objective_pairs(*group_by) -> sa.Select:
    """SELECT `group_by` columns, the answer key, and COUNT, SUM and SUM of squares of
    (now - before) over each response's `objective-N_before` / `objective-N_after` pair,
    grouped by those columns and the key."""
    r = FeedbackResponse
    before, after = aliased(FeedbackAnswer), aliased(FeedbackAnswer)
    diff = after.number - before.number
    return (
        sa.select(
            *group_by, before.key, sa.func.count(), sa.func.sum(diff), sa.func.sum(diff * diff)
        )
        .select_from(r)
        .join(before, before.response_id == r.id)
        .join(after, sa.and_(
            after.response_id == r.id,
            after.key == sa.func.replace(before.key, "_before", "_after"),
        ))
        .where(
            before.key.like("objective-%_before"),
            before.number.is_not(None),
            after.number.is_not(None),
        )
        .group_by(*group_by, before.key)
    )  # fmt: skip


def objective_number(key: str) -> int | None:
    """`objective-3_before` -> 3."""
    number = key.removeprefix("objective-").removesuffix("_before")
    return int(number) if number.isdigit() else None


def objective_changes(filters: Filters) -> list[ObjectiveGroup]:
    """Per programme, version and adaptation revision of `filters.module_id`: the mean
    paired change for each objective, or "fewer than 5" for fewer than 5 pairs."""
    if not filters.module_id:
        return []
    r = FeedbackResponse
    query = objective_pairs(Programme.name, r.module_version, r.adaptation_revision).join(
        Programme, Programme.id == r.programme_id
    )
    groups: dict[tuple[str, int, int | None], dict[int, MeanCI | None | Suppressed]] = {}
    for name, version, revision, key, n, total, squares in db.session.execute(
        responses_filtered(query, filters)
    ):
        number = objective_number(key)
        if number is None:
            continue
        change = SUPPRESSED if suppressed(n) else paired_change(n, total or 0, squares or 0)
        groups.setdefault((name, version, revision), {})[number] = change
    return [
        ObjectiveGroup(name, version, revision, changes)
        for (name, version, revision), changes in sorted(
            groups.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0)
        )
    ]
