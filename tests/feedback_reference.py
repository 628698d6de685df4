"""The evaluator's comparison and the trainer's feedback page computed straight from the
responses, as they were before the daily totals held what they read: the reference the
totals are checked against, by the tests (`tests/app/test_feedback_totals.py`) and by
`bench/evaluation.py`.

Only the SQL is independent of the app's (but the per-objective pairs, which the totals
do not hold); turning rows into a Group or a ModuleFeedback uses the app's own
statistics, since those are tested on their own."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from mentorhub.evaluation.aggregates import COMMENTS_SHOWN, ModuleFeedback
from mentorhub.evaluation.compare import Filters, Group, group_from_row, responses_filtered
from mentorhub.evaluation.length import LengthCounts
from mentorhub.evaluation.objectives import objective_number, objective_pairs
from mentorhub.evaluation.stats import (
    SUPPRESSED,
    MeanCI,
    Suppressed,
    paired_change,
    response_rate,
    summarise_item,
    suppressed,
)
from mentorhub.extensions import db
from mentorhub.models import (
    LENGTH_ANSWERS,
    LIKERT_ITEMS,
    FeedbackResponse,
    ModuleCompletion,
    Programme,
)


def compare_from_responses(filters: Filters) -> list[Group]:
    """compare() over every response: one grouped query, no totals."""
    r = FeedbackResponse
    diff = sa.case(
        (sa.and_(r.confidence_before.is_not(None), r.confidence_after.is_not(None)),
         r.confidence_after - r.confidence_before),
    )  # fmt: skip
    sums = []
    for key in LIKERT_ITEMS:
        column = getattr(r, key)
        sums += [sa.func.sum(column).label(f"{key}_sum"),
                 sa.func.sum(column * column).label(f"{key}_squares")]  # fmt: skip

    def tally(condition, name: str):
        return sa.func.sum(sa.case((condition, 1), else_=0)).label(name)

    lengths = [
        tally(r.right_length.is_not(None), "right_length_n"),
        tally(r.right_length.in_([4, 5]), "right_length_agree"),
        tally(r.right_length.in_([1, 2]), "right_length_disagree"),
        tally(r.length == 1, "length_short"),
        tally(r.length == 2, "length_right"),
        tally(r.length == 3, "length_long"),
    ]
    query = (
        sa.select(
            r.module_id, Programme.name, r.module_version, r.adaptation_revision,
            sa.func.count().label("n"), *sums,
            sa.func.count(diff).label("pairs"), sa.func.sum(diff).label("change_sum"),
            sa.func.sum(diff * diff).label("change_squares"), *lengths,
        )
        .join(Programme, Programme.id == r.programme_id)
        .group_by(r.module_id, Programme.name, r.module_version, r.adaptation_revision)
        .order_by(r.module_id, Programme.name, r.module_version, r.adaptation_revision)
    )  # fmt: skip
    rows = db.session.execute(responses_filtered(query, filters))
    return [group_from_row(*row[:4], counts=row._mapping) for row in rows]


def filter_options_from_responses() -> dict:
    """filter_options() over every response."""
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


def programme_feedback_from_responses(
    programme_id: int, module_ids: list[str], per_objective: Collection[str] = ()
) -> list[ModuleFeedback]:
    """programme_feedback() over every response, as it was before the per-value counts
    (migration 0011): grouped counts per module and value, the confidence pairs' moments,
    and every comment sorted newest first (the newest COMMENTS_SHOWN kept)."""
    r = FeedbackResponse
    in_programme = r.programme_id == programme_id
    counts = {key: _counts_by_module(in_programme, getattr(r, key)) for key in LIKERT_ITEMS}
    lengths = _counts_by_module(in_programme, r.length)
    pairs = {
        module_id: (n, total or 0, squares or 0)
        for module_id, n, total, squares in db.session.execute(
            sa.select(r.module_id, sa.func.count(), sa.func.sum(_DIFF), sa.func.sum(_DIFF * _DIFF))
            .where(in_programme, r.confidence_before.is_not(None), r.confidence_after.is_not(None))
            .group_by(r.module_id)
        )
    }  # fmt: skip
    objectives: dict[str, dict[int, tuple]] = {}
    for module_id, key, n, total, squares in db.session.execute(
        objective_pairs(r.module_id).where(in_programme)
    ):
        if module_id in per_objective and objective_number(key) is not None:
            objectives.setdefault(module_id, {})[objective_number(key)] = (
                n,
                total or 0,
                squares or 0,
            )
    completions = dict(db.session.execute(
        sa.select(ModuleCompletion.module_id, sa.func.count())
        .where(ModuleCompletion.programme_id == programme_id)
        .group_by(ModuleCompletion.module_id)
    ).all())  # fmt: skip
    result = []
    for module_id in module_ids:
        n = sum(counts["relevant"].get(module_id, {}).values())
        if suppressed(n):
            result.append(
                ModuleFeedback(module_id, SUPPRESSED, SUPPRESSED, SUPPRESSED, {}, SUPPRESSED)
            )
            continue
        done = completions.get(module_id, 0)
        by_length = lengths.get(module_id, {})
        by_statement = counts["right_length"].get(module_id, {})
        result.append(ModuleFeedback(
            module_id=module_id,
            n=n,
            completions=done,
            rate=response_rate(min(n, done), done) if done else None,
            items={key: summarise_item(counts[key].get(module_id, {})) for key in LIKERT_ITEMS},
            confidence=_change(pairs.get(module_id, (0, 0, 0))),
            comments=_every_comment(in_programme, module_id),
            objectives={
                number: _change(moments)
                for number, moments in objectives.get(module_id, {}).items()
            },
            length=LengthCounts(
                *(by_length.get(value, 0) for value in LENGTH_ANSWERS),
                agreed=by_statement.get(4, 0) + by_statement.get(5, 0),
                disagreed=by_statement.get(1, 0) + by_statement.get(2, 0),
            ),
        ))  # fmt: skip
    return result


_DIFF = FeedbackResponse.confidence_after - FeedbackResponse.confidence_before


def _counts_by_module(in_programme, column) -> dict[str, dict[int, int]]:
    """Per module: how many responses gave each value of `column` (NULL left out)."""
    r = FeedbackResponse
    counts: dict[str, dict[int, int]] = {}
    for module_id, value, count in db.session.execute(
        sa.select(r.module_id, column, sa.func.count())
        .where(in_programme)
        .group_by(r.module_id, column)
    ):
        counts.setdefault(module_id, {})
        if value is not None:
            counts[module_id][value] = count
    return counts


def _change(moments: tuple) -> MeanCI | None | Suppressed:
    return SUPPRESSED if suppressed(moments[0]) else paired_change(*moments)


def _every_comment(in_programme, module_id: str) -> list[tuple[str, str]]:
    """Every comment on the module, newest response first (the later id first on a tie)."""
    r = FeedbackResponse
    rows = db.session.execute(
        sa.select(r.helped_most, r.would_change, r.submitted_at, r.id)
        .where(in_programme, r.module_id == module_id)
    ).all()  # fmt: skip
    found = []
    for helped, change, _when, _id in sorted(rows, key=lambda row: (row[2], row[3]), reverse=True):
        if helped or change:
            found.append([("What helped most", helped)] * bool(helped)
                         + [("What would you change", change)] * bool(change))  # fmt: skip
    return [answer for response in found[:COMMENTS_SHOWN] for answer in response]
