"""Storing feedback responses and skips."""

from __future__ import annotations

import sqlalchemy as sa
from flask_wtf import FlaskForm

from ..content import Module
from ..extensions import db
from ..models import (
    LIKERT_ITEMS,
    FeedbackAnswer,
    FeedbackAuthor,
    FeedbackResponse,
    FeedbackSkip,
    Programme,
    User,
)
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
    new = response is None
    if new:
        response = FeedbackResponse(
            module_id=module.id,
            module_version=module.meta.version,
            programme_id=programme.id,
            adaptation_revision=None,  # set once programmes adapt modules
        )
    for key in LIKERT_ITEMS:
        setattr(response, key, form[key].data)
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
    response.answers = [
        FeedbackAnswer(
            key=key,
            number=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) and value.strip() else None,
        )
        for key, value in answers.items()
        if value not in (None, "")
    ]
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
