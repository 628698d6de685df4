"""Storing feedback responses and skips."""

from __future__ import annotations

import sqlalchemy as sa
from flask_wtf import FlaskForm

from ..adaptation.store import current_number
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
from ..models.feedback import daily_totals_query
from .forms import confidence_keys


def existing_response(user: User, module: Module) -> FeedbackResponse | None:
    """This trainee's response to this version of the module: they edit it until the
    version changes, then a new one starts."""
    return db.session.scalar(
        sa.select(FeedbackResponse)
        .join(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
        .where(
            FeedbackAuthor.user_id == user.id,
            FeedbackResponse.module_id == module.id,
            FeedbackResponse.module_version == module.meta.version,
        )
    )


def save_response(
    user: User,
    programme: Programme,
    module: Module,
    form: FlaskForm,
    response: FeedbackResponse | None,
) -> FeedbackResponse:
    """Store a new response or the edit of `response`. Its daily totals (what the
    evaluator's comparison reads) follow in the same commit: FeedbackResponse's flush
    events add a new response and, for an edit, take the old answers away and add the new
    (an edit keeps submitted_at, so the day stays the same)."""
    new = response is None
    if new:
        response = FeedbackResponse(
            module_id=module.id,
            module_version=module.meta.version,
            programme_id=programme.id,
            # the adaptation the trainee saw when they first answered, if any
            adaptation_revision=current_number(programme.id, module.id),
        )
    for key in ASKED_ITEMS:
        setattr(response, key, form[key].data)
    response.length = form.length.data
    response.right_length = None  # the earlier statement: one length answer per response
    response.helped_most = (form.helped_most.data or "").strip()
    response.would_change = (form.would_change.data or "").strip()
    answers = {}
    for prefix, _about in confidence_keys(module):
        if prefix == "confidence":
            response.confidence_before = form.confidence_before.data
            response.confidence_after = form.confidence_after.data
        else:
            answers[f"{prefix}_before"] = form[f"{prefix}_before"].data
            answers[f"{prefix}_after"] = form[f"{prefix}_after"].data
    for question in module.feedback.questions:
        value = form[f"extra_{question.id.replace('-', '_')}"].data
        answers[f"extra-{question.id}"] = value
    _set_answers(response, answers)
    if new:
        db.session.add(response)
        db.session.flush()  # for its id
        db.session.add(FeedbackAuthor(response_id=response.id, user_id=user.id))
    db.session.execute(
        sa.delete(FeedbackSkip).where(
            FeedbackSkip.user_id == user.id,
            FeedbackSkip.module_id == module.id,
            FeedbackSkip.module_version == module.meta.version,
        )
    )
    db.session.commit()
    return response


def _set_answers(response: FeedbackResponse, answers: dict[str, int | str | None]) -> None:
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
    exists = db.session.scalar(
        sa.select(FeedbackSkip.id).where(
            FeedbackSkip.user_id == user.id,
            FeedbackSkip.module_id == module.id,
            FeedbackSkip.module_version == module.meta.version,
        )
    )
    if exists is None:
        db.session.add(
            FeedbackSkip(user_id=user.id, module_id=module.id, module_version=module.meta.version)
        )
        db.session.commit()


def feedback_state(user: User, module_ids: list[str]) -> dict[str, str]:
    """Per module id: 'given' or 'skipped' (for any version), for My training."""
    state: dict[str, str] = {}
    skipped = db.session.scalars(
        sa.select(FeedbackSkip.module_id).where(
            FeedbackSkip.user_id == user.id, FeedbackSkip.module_id.in_(module_ids)
        )
    )
    for module_id in skipped:
        state[module_id] = "skipped"
    given = db.session.scalars(
        sa.select(FeedbackResponse.module_id)
        .join(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
        .where(FeedbackAuthor.user_id == user.id, FeedbackResponse.module_id.in_(module_ids))
    )
    for module_id in given:
        state[module_id] = "given"
    return state


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
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackDailyTotal))
    db.session.commit()
    return rows
