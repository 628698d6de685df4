"""What a trainee may keep on their phone, with a tag per page that changes when the
page would: the adapted module's text (`version`) or their own marks on it (`state`).

The phone compares these tags with the copy it holds and fetches only what changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..content import Catalogue, Module
from ..extensions import db
from ..models import Programme, Reflection, User
from .progress_records import curriculum_modules, done_sections

_TAG_LENGTH = 16


@dataclass(frozen=True)
class KeptModule:
    module_id: str
    title: str
    version: str  # changes when the module as this programme shows it changes
    state: str  # changes when the trainee's marks or answers on it change


def _digest(parts: Iterable[str]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()[:_TAG_LENGTH]


def module_version(module: Module) -> str:
    """A tag of everything the trainee's module page shows from the module itself."""
    parts = [repr(module.meta), module.intro_html]
    for section in module.sections:
        parts += [section.id, section.title, section.html, repr(section.reflections)]
    return _digest(parts)


def module_state(done: Mapping[str, datetime], answers: Mapping[str, datetime]) -> str:
    """A tag of the trainee's own marks on a module: parts done, answers saved."""
    return _digest(
        [f"done:{sid}" for sid in sorted(done)]
        + [f"answer:{key}@{when.isoformat()}" for key, when in sorted(answers.items())]
    )


def answer_times(user: User) -> dict[str, dict[str, datetime]]:
    """Module id -> reflection key -> when the answer was last saved."""
    rows = db.session.execute(
        sa.select(Reflection.module_id, Reflection.block_key, Reflection.updated_at).where(
            Reflection.user_id == user.id
        )
    )
    times: dict[str, dict[str, datetime]] = {}
    for module_id, key, when in rows:
        times.setdefault(module_id, {})[key] = when
    return times


def kept_modules(user: User, programme: Programme, catalogue: Catalogue) -> list[KeptModule]:
    """Each module of the trainee's curriculum, as their programme adapted it, in order."""
    done = done_sections(user, programme.id)
    answers = answer_times(user)
    return [
        KeptModule(
            module.id,
            module.meta.title,
            module_version(module),
            module_state(done.get(module.id, {}), answers.get(module.id, {})),
        )
        for module, _required in curriculum_modules(programme, catalogue)
    ]
