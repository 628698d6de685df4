"""Small builders for test data."""

from __future__ import annotations

from pathlib import Path

import yaml

FIXTURES = Path(__file__).parent / "fixtures"


def module_text(module_id: str, body: str | None = None, **overrides: object) -> str:
    """The text of a valid module file, with front-matter fields overridden."""
    meta: dict[str, object] = {
        "id": module_id,
        "title": f"Module {module_id}",
        "summary": "A module made by a test.",
        "version": 1,
        "order": 10,
        "duration_minutes": 20,
        "focus": ["core"],
        "objectives": ["Do a thing"],
        "prerequisites": [],
    }
    meta.update(overrides)
    if body is None:
        body = "## First part\n\nSome text.\n"
    return f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n{body}"


def write_module(content_dir: Path, module_id: str, body: str | None = None, **overrides) -> Path:
    """Write a valid module into `content_dir/modules/` and return its path."""
    path = content_dir / "modules" / f"{module_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(module_text(module_id, body, **overrides), encoding="utf-8")
    return path
