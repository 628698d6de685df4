"""Marks made with no signal, applied when the phone is back online.

Each mark is applied to the trainee's curriculum as it is now: a part that was hidden
or removed since (or a module no longer in the training) is answered "gone", not an
error. Marking a part done twice, or saving the same answer twice, changes nothing,
so a phone that sends a mark again (it lost the answer) does no harm.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..content import Catalogue, Module
from ..extensions import db
from ..models import Programme, Reflection, User
from .offline_batch import (
    GONE_MODULE,
    GONE_SECTION,
    NEWER_KEPT,
    SAVED,
    Answer,
    QueuedMark,
)
from .progress_records import mark_done, reflection_prompt, save_answer
from .trainee_records import served_module


def _answer_is_newer(user: User, mark: QueuedMark, key: str) -> bool:
    stored = db.session.scalar(
        sa.select(Reflection.updated_at).where(
            Reflection.user_id == user.id,
            Reflection.module_id == mark.module_id,
            Reflection.block_key == key,
        )
    )
    return stored is not None and stored > mark.made_at


def apply_mark(user: User, programme: Programme, module: Module, mark: QueuedMark) -> Answer:
    section = module.section(mark.section_id)
    if section is None:
        return Answer(mark.ref, "gone", GONE_SECTION)
    if mark.kind == "done":
        mark_done(user, programme, module, section.id, at=mark.made_at)
        return Answer(mark.ref, "saved", SAVED)
    prompt = reflection_prompt(section, mark.block)
    if prompt is None:
        return Answer(mark.ref, "gone", GONE_SECTION)
    if _answer_is_newer(user, mark, prompt.key):
        return Answer(mark.ref, "saved", NEWER_KEPT)
    save_answer(user, module.id, prompt, mark.text, mark.score, at=mark.made_at)
    return Answer(mark.ref, "saved", SAVED)


def apply_marks(
    user: User,
    programme: Programme,
    catalogue: Catalogue,
    marks: list[QueuedMark | Answer],
) -> list[Answer]:
    """Apply each mark in order (oldest first is the phone's order); an Answer already
    made (a mark that could not be read) is passed through. Flushes, never commits."""
    modules: dict[str, Module | None] = {}
    answers = []
    for mark in marks:
        if isinstance(mark, Answer):
            answers.append(mark)
            continue
        if mark.module_id not in modules:
            served = served_module(programme.id, mark.module_id, catalogue)
            modules[mark.module_id] = served.module if served is not None else None
        module = modules[mark.module_id]
        if module is None:
            answers.append(Answer(mark.ref, "gone", GONE_MODULE))
        else:
            answers.append(apply_mark(user, programme, module, mark))
    db.session.flush()
    return answers
