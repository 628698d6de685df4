"""What a trainee may keep on their phone, with a tag per page that changes when the
page would: the adapted module's text (`version`), or anything else the page shows
(`state`): their own marks on it and the programme's support box. My training has a
tag of its own (`home`) over everything it shows.

The phone compares these tags with the copy it holds and fetches only what changed
(a module whose `version` moved is named to the trainee as updated).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..content import Catalogue, Module
from ..extensions import db
from ..models import Programme, Reflection, User
from ..models.base import utcnow
from .attendance import TraineeSessions, trainee_sessions
from .group_sessions import has_started
from .progress_records import curriculum_modules
from .trainee_records import TrainingRecords, training_records

_TAG_LENGTH = 16


@dataclass(frozen=True)
class KeptModule:
    module_id: str
    title: str
    version: str  # changes when the module as this programme shows it changes
    state: str  # changes when the trainee's marks or answers, or the support box, change


@dataclass(frozen=True)
class KeptCopy:
    home: str  # changes when My training would
    modules: list[KeptModule]


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


def module_state(
    done: Mapping[str, datetime], answers: Mapping[str, datetime], shown: Iterable[str] = ()
) -> str:
    """A tag of what a module page shows besides the module itself: the trainee's own
    marks (parts done, answers saved) and `shown` (the programme's support box)."""
    return _digest(
        [f"done:{sid}" for sid in sorted(done)]
        + [f"answer:{key}@{when.isoformat()}" for key, when in sorted(answers.items())]
        + [f"shown:{part}" for part in shown]
    )


def support_parts(programme: Programme) -> list[str]:
    """What the support box on every trainee page shows (as module_page.support_box)."""
    return [programme.name, programme.support_contacts or ""]


def _session_parts(mine: TraineeSessions, now: datetime) -> list[str]:
    """What My training shows of the group sessions: each one's details, whether it is
    cancelled or has started (coming or past), the trainee's attendance and "I can't
    come"."""
    parts = []
    for s in mine.sessions:
        parts += [
            f"session:{s.id}",
            s.title,
            s.starts_at.isoformat(),
            s.ends_at.isoformat(),
            s.venue,
            s.joining_note,
            s.trainee_note,
            repr((s.online, s.required, s.cancelled, has_started(s, now))),
            repr((mine.statuses.get(s.id), s.id in mine.notices)),
        ]
    return parts


def home_state(
    user: User,
    programme: Programme,
    modules: Sequence[tuple[KeptModule, bool]],
    records: TrainingRecords,
    mine: TraineeSessions,
    now: datetime,
) -> str:
    """A tag of everything My training shows: the trainee and programme named at the
    top, each module (its tags, required or not, the version finished at, feedback
    given or skipped), the group sessions, and the support box."""
    parts = [user.display_name, programme.name, programme.partner_organisation]
    for kept, required in modules:
        finished = records.finished.get(kept.module_id)
        feedback = records.feedback.get(kept.module_id)
        parts += [kept.module_id, kept.version, kept.state, repr((required, finished, feedback))]
    return _digest(parts + _session_parts(mine, now) + support_parts(programme))


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


def kept_copy(
    user: User, programme: Programme, catalogue: Catalogue, now: datetime | None = None
) -> KeptCopy:
    """Each module of the trainee's curriculum, as their programme adapted it, in order,
    and My training's tag."""
    records = training_records(user, programme.id)
    answers = answer_times(user)
    support = support_parts(programme)
    modules = [
        (
            KeptModule(
                module.id,
                module.meta.title,
                module_version(module),
                module_state(records.done.get(module.id, {}), answers.get(module.id, {}), support),
            ),
            required,
        )
        for module, required in curriculum_modules(programme, catalogue)
    ]
    mine = trainee_sessions(user, programme.id)
    home = home_state(user, programme, modules, records, mine, now or utcnow())
    return KeptCopy(home, [kept for kept, _required in modules])
