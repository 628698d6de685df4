"""Finding the programme and module a request is about, and checking who may see it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from ..accounts.permissions import managed_programme
from ..catalogue import get_catalogue
from ..content import Module
from ..learning.adaptation_doc import AdaptationDoc
from ..learning.adaptations import adaptation_for, doc_of, revision
from ..learning.progress_records import curriculum_item
from ..models import Adaptation, AdaptationRevision, Programme


@dataclass(frozen=True)
class Target:
    programme: Programme
    library_module: Module
    adaptation: Adaptation | None
    current: AdaptationRevision | None

    @property
    def doc(self) -> AdaptationDoc:
        return doc_of(self.current)

    @property
    def needs_review(self) -> bool:
        return (
            self.current is not None
            and self.current.base_version < self.library_module.meta.version
        )


def target(programme_id: int, module_id: str) -> Target:
    """The programme and the library module it adapts; 404 unless the module is in
    the library and in the programme's curriculum."""
    programme = managed_programme(programme_id)
    module = get_catalogue().get(module_id)
    if module is None or curriculum_item(programme, module_id) is None:
        abort(404)
    adaptation = adaptation_for(programme.id, module_id)
    return Target(programme, module, adaptation, revision(adaptation))
