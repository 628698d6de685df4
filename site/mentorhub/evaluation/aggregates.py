"""Feedback figures for a programme, aggregated in SQL (never every row in Python)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..models import LENGTH_ANSWERS, LIKERT_ITEMS, FeedbackResponse, ModuleCompletion
from .length import LengthCounts
from .objectives import objective_number, objective_pairs
from .stats import (
    SUPPRESSED,
    ItemSummary,
    MeanCI,
    Suppressed,
    paired_change,
    response_rate,
    summarise_item,
    suppressed,
)


@dataclass(frozen=True)
class ModuleFeedback:
    module_id: str
    n: int | Suppressed
    completions: int | Suppressed
    rate: float | None | Suppressed
    items: dict[str, ItemSummary]
    confidence: MeanCI | None | Suppressed
    comments: list[tuple[str, str]] = field(default_factory=list)  # (question, text)
    # objective number (1-based) -> change, for modules that ask per objective
    objectives: dict[int, MeanCI | None | Suppressed] = field(default_factory=dict)
    length: LengthCounts = LengthCounts()

    @property
    def suppressed(self) -> bool:
        return isinstance(self.n, Suppressed)


def _counts_by_module(programme_id: int, column) -> dict[str, dict[int, int]]:
    rows = db.session.execute(
        sa.select(FeedbackResponse.module_id, column, sa.func.count())
        .where(FeedbackResponse.programme_id == programme_id)
        .group_by(FeedbackResponse.module_id, column)
    )
    counts: dict[str, dict[int, int]] = {}
    for module_id, value, count in rows:
        counts.setdefault(module_id, {})
        if value is not None:  # a question the response did not have (length, or not)
            counts[module_id][value] = count
    return counts


def _length(by_length: dict[int, int], by_statement: dict[int, int]) -> LengthCounts:
    short, right, long = (by_length.get(value, 0) for value in LENGTH_ANSWERS)
    agreed = by_statement.get(4, 0) + by_statement.get(5, 0)
    disagreed = by_statement.get(1, 0) + by_statement.get(2, 0)
    return LengthCounts(short, right, long, agreed, disagreed)


def _confidence_moments(programme_id: int) -> dict[str, tuple[int, float, float]]:
    diff = FeedbackResponse.confidence_after - FeedbackResponse.confidence_before
    rows = db.session.execute(
        sa.select(
            FeedbackResponse.module_id,
            sa.func.count(),
            sa.func.sum(diff),
            sa.func.sum(diff * diff),
        )
        .where(
            FeedbackResponse.programme_id == programme_id,
            FeedbackResponse.confidence_before.is_not(None),
            FeedbackResponse.confidence_after.is_not(None),
        )
        .group_by(FeedbackResponse.module_id)
    )
    return {module_id: (n, total or 0, squares or 0) for module_id, n, total, squares in rows}


def _objective_moments(programme_id: int) -> dict[str, dict[int, tuple[int, float, float]]]:
    """Per module and objective: n, sum and sum of squares of (now - before)."""
    rows = db.session.execute(
        objective_pairs(FeedbackResponse.module_id).where(
            FeedbackResponse.programme_id == programme_id
        )
    )
    found: dict[str, dict[int, tuple[int, float, float]]] = {}
    for module_id, key, n, total, squares in rows:
        number = objective_number(key)
        if number is not None:
            found.setdefault(module_id, {})[number] = (n, total or 0, squares or 0)
    return found


def _change(moments: tuple[int, float, float]) -> MeanCI | None | Suppressed:
    return SUPPRESSED if suppressed(moments[0]) else paired_change(*moments)


def _completions(programme_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(ModuleCompletion.module_id, sa.func.count())
        .where(ModuleCompletion.programme_id == programme_id)
        .group_by(ModuleCompletion.module_id)
    )
    return dict(rows.all())


COMMENTS_SHOWN = 30  # per module: the newest; the export has every one


def _comments(programme_id: int, module_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """The newest free-text answers, only for modules already known to have 5 or more
    responses. Empty answers are left out in SQL; a page never carries every comment."""
    found: dict[str, list[tuple[str, str]]] = {m: [] for m in module_ids}
    r = FeedbackResponse
    for module_id in module_ids:
        rows = db.session.execute(
            sa.select(r.helped_most, r.would_change)
            .where(
                r.programme_id == programme_id,
                r.module_id == module_id,
                sa.or_(r.helped_most != "", r.would_change != ""),
            )
            .order_by(r.submitted_at.desc())
            .limit(COMMENTS_SHOWN)
        )
        for helped, change in rows:
            if helped:
                found[module_id].append(("What helped most", helped))
            if change:
                found[module_id].append(("What would you change", change))
    return found


def programme_feedback(programme_id: int, module_ids: list[str]) -> list[ModuleFeedback]:
    """Per module of the curriculum: n, response rate, items, confidence change, comments.

    A module with fewer than 5 responses shows nothing but "fewer than 5"."""
    items = {
        key: _counts_by_module(programme_id, getattr(FeedbackResponse, key)) for key in LIKERT_ITEMS
    }
    lengths = _counts_by_module(programme_id, FeedbackResponse.length)
    moments = _confidence_moments(programme_id)
    objective_moments = _objective_moments(programme_id)
    completions = _completions(programme_id)
    n_by_module = {m: sum(items["relevant"].get(m, {}).values()) for m in module_ids}
    shown = [m for m in module_ids if not suppressed(n_by_module[m])]
    comments = _comments(programme_id, shown)
    result = []
    for module_id in module_ids:
        n = n_by_module[module_id]
        if suppressed(n):
            result.append(
                ModuleFeedback(module_id, SUPPRESSED, SUPPRESSED, SUPPRESSED, {}, SUPPRESSED)
            )
            continue
        pairs = moments.get(module_id, (0, 0, 0))
        done = completions.get(module_id, 0)
        result.append(
            ModuleFeedback(
                module_id=module_id,
                n=n,
                completions=done,
                rate=response_rate(min(n, done), done) if done else None,
                items={k: summarise_item(items[k].get(module_id, {})) for k in LIKERT_ITEMS},
                confidence=_change(pairs),
                comments=comments[module_id],
                objectives={
                    number: _change(found)
                    for number, found in objective_moments.get(module_id, {}).items()
                },
                length=_length(
                    lengths.get(module_id, {}), items["right_length"].get(module_id, {})
                ),
            )
        )
    return result
