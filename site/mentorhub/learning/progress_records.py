"""Reading and writing a trainee's progress and reflections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..content import Block, Catalogue, Module, Section
from ..extensions import db
from ..models import CurriculumItem, ModuleCompletion, Programme, Reflection, SectionProgress, User
from ..models.base import utcnow
from ..models.writes import insert_or_ignore, lock_person, upsert
from .progress import ModuleProgress, Status, curriculum_progress, module_progress
from .trainee_records import curriculum_entries, module_records, served_modules, training_records

REFLECTION_MAX = 5000  # characters in an answer, on the form and in a mark sent offline


def curriculum_modules(programme: Programme, catalogue: Catalogue) -> list[tuple[Module, bool]]:
    """(module, required) in the programme's order, each as the programme's trainees
    see it (adapted where the programme adapted it). Modules missing from the library
    (a broken or removed file) are left out rather than breaking the page."""
    entries = curriculum_entries(programme.id)
    return [(served.module, served.required) for served in served_modules(entries, catalogue)]


def curriculum_item(programme: Programme, module_id: str) -> CurriculumItem | None:
    return next((i for i in programme.curriculum if i.module_id == module_id), None)


def trainee_progress(
    user: User, programme: Programme, catalogue: Catalogue
) -> list[ModuleProgress]:
    records = training_records(user, programme.id)
    return curriculum_progress(
        curriculum_modules(programme, catalogue), records.done, records.finished
    )


def one_module_progress(
    user: User, programme: Programme, module: Module, required: bool
) -> ModuleProgress:
    """One module's progress, from its records in one query (as the module page reads)."""
    records = module_records(user, programme.id, module.id)
    return module_progress(module, required, records.done, records.finished_version)


def mark_done(
    user: User, programme: Programme, module: Module, section_id: str, at: datetime | None = None
) -> bool:
    """Record a section as done (at `at`, a naive UTC time; now if None); return True if
    the module is complete now. Marking a part done again changes nothing.

    Safe when parts are marked from several requests at once: the learner's lock makes
    each request read the parts the others have written, so whichever comes last sees
    every part and records the completion."""
    lock_person(user.id)
    insert_or_ignore(
        SectionProgress,
        {
            "user_id": user.id,
            "learner_key": user.learner_key,
            "programme_id": programme.id,
            "module_id": module.id,
            "section_id": section_id,
            "module_version": module.meta.version,
            "done_at": at or utcnow(),
        },
        key=["learner_key", "programme_id", "module_id", "section_id"],
    )
    progress = one_module_progress(user, programme, module, True)
    completed = progress.status is Status.COMPLETE
    if completed:
        _record_completion(user, programme, module, at)
    return completed


def _record_completion(
    user: User, programme: Programme, module: Module, at: datetime | None = None
) -> None:
    """The first completion stays (its date is the certificate's); finishing a newer
    version of the module moves its version on."""
    table = ModuleCompletion.__table__
    upsert(
        ModuleCompletion,
        {
            "user_id": user.id,
            "learner_key": user.learner_key,
            "programme_id": programme.id,
            "module_id": module.id,
            "module_version": module.meta.version,
            "completed_at": at or utcnow(),
        },
        key=["learner_key", "programme_id", "module_id"],
        update=["module_version"],
        only_if=table.c.module_version != module.meta.version,
    )


def undo_done(user: User, programme: Programme, module_id: str, section_id: str) -> None:
    db.session.execute(
        sa.delete(SectionProgress).where(
            SectionProgress.learner_key == user.learner_key,
            SectionProgress.programme_id == programme.id,
            SectionProgress.module_id == module_id,
            SectionProgress.section_id == section_id,
        )
    )


def save_reflection(
    user: User,
    module_id: str,
    block_key: str,
    text: str,
    score: int | None = None,
    at: datetime | None = None,
) -> None:
    """Keep the trainee's answer: a note, a score or both (one per prompt, however many
    requests save it at once); an empty answer removes it.

    `at` (naive UTC) is when an answer written with no signal was made: it replaces
    (or removes) only an answer saved before then, never a newer one."""
    if not text.strip() and score is None:
        newer_kept = Reflection.updated_at <= at if at is not None else sa.true()
        db.session.execute(
            sa.delete(Reflection).where(
                Reflection.user_id == user.id,
                Reflection.module_id == module_id,
                Reflection.block_key == block_key,
                newer_kept,
            )
        )
        return
    now = at or utcnow()  # saving the same answer again still says "saved", with the new time
    upsert(
        Reflection,
        {"user_id": user.id, "module_id": module_id, "block_key": block_key, "text": text,
         "score": score, "created_at": now, "updated_at": now},
        key=["user_id", "module_id", "block_key"],
        update=["text", "score", "updated_at"],
        only_if=Reflection.__table__.c.updated_at <= at if at is not None else None,
    )  # fmt: skip


@dataclass(frozen=True)
class Prompt:
    """A reflection prompt in a section, with the key its answer is kept under."""

    key: str  # "<section id>/<block>"
    block: Block


def reflection_prompt(section: Section, block: str) -> Prompt | None:
    """The section's prompt named `block` (as in the page's address, or a mark sent
    offline); None if the section has no prompt by that name."""
    key = f"{section.id}/{block}"
    found = dict(section.reflections).get(key)
    return Prompt(key, found) if found is not None else None


def save_answer(
    user: User,
    module_id: str,
    prompt: Prompt,
    text: str,
    score: int | None,
    at: datetime | None = None,
) -> None:
    """Keep the trainee's answer to `prompt` (see save_reflection): the score only
    where the prompt asks for one."""
    save_reflection(user, module_id, prompt.key, text, score if prompt.block.score else None, at)
