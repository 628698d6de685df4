"""What `flask content check` reports for a content folder."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import DEFAULT_MAX_BYTES, Catalogue
from .errors import ContentError
from .module import Module
from .review import review_warnings

DEFAULT_REVIEW_MONTHS = 12


@dataclass(frozen=True)
class CheckResult:
    problems: list[ContentError]
    modules: int
    sections: int
    minutes: int
    events: int = 0
    materials: int = 0
    warnings: list[ContentError] = field(default_factory=list)
    reviews_due: list[ContentError] = field(default_factory=list)  # modules to check again

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        return (
            f"OK: {self.modules} modules, {self.sections} sections, "
            f"{self.minutes} minutes online ({hours} h {minutes:02d} min); "
            f"{self.events} seminar events, {self.materials} materials."
        )


def check_content(
    content_dir: Path,
    *,
    today: dt.date | None = None,
    review_months: int = DEFAULT_REVIEW_MONTHS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CheckResult:
    """Load everything under `content_dir` from scratch and collect every problem,
    and the modules whose review is more than `review_months` old on `today`."""
    problems: list[ContentError] = []
    if not (content_dir / "modules").is_dir():
        problems.append(ContentError(content_dir / "modules", "folder not found"))
    catalogue = Catalogue(content_dir, check_interval=0, max_bytes=max_bytes)
    modules = catalogue.modules
    events = catalogue.events
    return CheckResult(
        problems=problems + catalogue.problems,
        modules=len(modules),
        sections=sum(len(m.sections) for m in modules),
        minutes=sum(m.meta.duration_minutes for m in modules),
        events=len(events),
        materials=sum(len(e.materials) for e in events),
        warnings=catalogue.warnings + image_warnings(modules),
        reviews_due=review_warnings(modules, today or dt.date.today(), review_months),
    )


_IMAGE_RE = re.compile(r"<img\b[^>]*>")
IMAGE_SIZE_MESSAGE = (
    "an image has no width and height: give both, e.g. "
    "![A map of Fife](fife.png){width=600 height=400}, so the page does not jump as it "
    "loads (images load only when scrolled near, to save data)"
)


def image_warnings(modules: Iterable[Module]) -> list[ContentError]:
    """A warning for each image in a module without both a width and a height."""
    return [
        ContentError(module.path, IMAGE_SIZE_MESSAGE, line=section.line, field="body")
        for module in modules
        for section in module.sections
        for tag in _IMAGE_RE.findall(section.html)
        if ' width="' not in tag or ' height="' not in tag
    ]
