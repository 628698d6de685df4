"""Feedback figures for a programme: summed from the daily totals where they hold them,
aggregated in SQL where they do not (never every row in Python)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    LIKERT_ITEMS,
    FeedbackDailyTotal,
    FeedbackResponse,
    ModuleCompletion,
)
from ..models.feedback import LENGTH_COUNTS, LIKERT_VALUES, VALUE_COUNTS
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


_SUMMED = ["n", *VALUE_COUNTS, "pairs", "change_sum", "change_squares", *LENGTH_COUNTS]


def _module_totals(programme_id: int, module_ids: list[str]) -> dict[str, Mapping[str, int]]:
    """Per module: the daily totals summed over its days, versions and adaptation
    revisions (n, each statement's per-value counts, the length counts and the confidence
    pairs' moments). A module with no responses has no entry."""
    t = FeedbackDailyTotal.__table__.c
    rows = db.session.execute(
        sa.select(t.module_id, *(sa.func.sum(t[name]).label(name) for name in _SUMMED))
        .where(t.programme_id == programme_id, t.module_id.in_(module_ids))
        .group_by(t.module_id)
    )
    return {row.module_id: row._mapping for row in rows}


def _item(totals: Mapping[str, int], key: str) -> ItemSummary:
    return summarise_item({value: totals[f"{key}_{value}"] for value in LIKERT_VALUES})


def _objective_moments(
    programme_id: int, module_ids: list[str]
) -> dict[str, dict[int, tuple[int, float, float]]]:
    """Per module and objective: n, sum and sum of squares of (now - before). Only for
    `module_ids` (those that ask per objective): no query at all when there are none."""
    found: dict[str, dict[int, tuple[int, float, float]]] = {}
    if not module_ids:
        return found
    r = FeedbackResponse
    rows = db.session.execute(
        objective_pairs(r.module_id).where(
            r.programme_id == programme_id, r.module_id.in_(module_ids)
        )
    )
    for module_id, key, n, total, squares in rows:
        number = objective_number(key)
        if number is not None:
            found.setdefault(module_id, {})[number] = (n, total or 0, squares or 0)
    return found


def _change(moments: tuple[int, float, float]) -> MeanCI | None | Suppressed:
    return SUPPRESSED if suppressed(moments[0]) else paired_change(*moments)


def _completions(programme_id: int, module_ids: list[str]) -> dict[str, int]:
    c = ModuleCompletion
    rows = db.session.execute(
        sa.select(c.module_id, sa.func.count())
        .where(c.programme_id == programme_id, c.module_id.in_(module_ids))
        .group_by(c.module_id)
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
            # ix_feedback_responses_newest gives them in this order: no sort
            .order_by(r.submitted_at.desc(), r.id.desc())
            .limit(COMMENTS_SHOWN)
        )
        for helped, change in rows:
            if helped:
                found[module_id].append(("What helped most", helped))
            if change:
                found[module_id].append(("What would you change", change))
    return found


def programme_feedback(
    programme_id: int, module_ids: list[str], per_objective: Collection[str] = ()
) -> list[ModuleFeedback]:
    """Per module of the curriculum: n, response rate, items, confidence change, comments,
    and for the modules in `per_objective` (those that ask a pair per objective) the
    change per objective.

    Everything but the comments, the completions and the per-objective pairs comes from
    the daily totals. A module with fewer than 5 responses shows nothing but "fewer than 5"."""
    if not module_ids:
        return []
    totals = _module_totals(programme_id, module_ids)
    n_by_module = {m: int(totals[m]["n"]) if m in totals else 0 for m in module_ids}
    shown = [m for m in module_ids if not suppressed(n_by_module[m])]
    objective_moments = _objective_moments(programme_id, [m for m in shown if m in per_objective])
    completions = _completions(programme_id, shown)
    comments = _comments(programme_id, shown)
    result = []
    for module_id in module_ids:
        if module_id not in shown:
            result.append(
                ModuleFeedback(module_id, SUPPRESSED, SUPPRESSED, SUPPRESSED, {}, SUPPRESSED)
            )
            continue
        n, found, done = n_by_module[module_id], totals[module_id], completions.get(module_id, 0)
        result.append(
            ModuleFeedback(
                module_id=module_id,
                n=n,
                completions=done,
                rate=response_rate(min(n, done), done) if done else None,
                items={key: _item(found, key) for key in LIKERT_ITEMS},
                confidence=_change((found["pairs"], found["change_sum"], found["change_squares"])),
                comments=comments[module_id],
                objectives={
                    number: _change(pairs)
                    for number, pairs in objective_moments.get(module_id, {}).items()
                },
                length=LengthCounts.from_totals(found),
            )
        )
    return result
