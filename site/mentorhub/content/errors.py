"""The one error type the content pipeline raises."""

from __future__ import annotations

from pathlib import Path


class ContentError(Exception):
    """A problem in a content file, located by path, line and (where known) field."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, field: str | None = None
    ) -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"
