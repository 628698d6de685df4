"""Files the site builds once and keeps under its instance folder (seminar downloads,
certificates): written whole to a temporary name and renamed, so a reader never sees
half a file, however many requests build the same one at once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, data: bytes, prefix: str = "tmp") -> None:
    """`data` at `target`, all or nothing (os.replace is atomic on one file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
