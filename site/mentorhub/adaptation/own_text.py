"""Where a trainer's own text for a section starts: the library's text, less what cannot
go in it."""

from __future__ import annotations

import re

from ..content.sections import BLOCK_RE, FENCE_RE

INDENTED = ("    ", "\t")


def starting_text(markdown: str) -> str:
    """The library section's Markdown without its "In your programme" (`!!! local`) boxes:
    programmes fill those in their own fields, and own text may not hold one, so leaving
    them in would make the text refuse to save untouched."""
    out: list[str] = []
    skipping = in_fence = False
    for line in markdown.split("\n"):
        if skipping:
            if not line.strip() or line.startswith(INDENTED):
                continue
            skipping = False
        if FENCE_RE.match(line):
            in_fence = not in_fence
        match = None if in_fence or not line.startswith("!!!") else BLOCK_RE.match(line)
        if match and match["kind"] == "local":
            skipping = True
            continue
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
