"""Where things go inside a section's rendered HTML: a reflection's answer box goes right
after its question, so the two are never screens apart."""

from __future__ import annotations

import re

_REFLECTION_START = re.compile(r'<div class="block block-reflection"[^>]*>')
_DIV = re.compile(r"<div\b[^>]*>|</div>")


def split_after_reflections(html: str, count: int) -> list[str]:
    """`html` cut just after each of its reflection blocks: `count + 1` pieces, so that
    piece i is followed by the answer box of reflection i. The HTML is what the renderer
    and nh3 wrote (lower-case, normalised tags), so a tag search is enough.

    If the HTML does not hold exactly `count` reflection blocks (it always should), every
    box goes after the whole text instead, as before: nothing is ever lost."""
    ends: list[int] = []
    for start in _REFLECTION_START.finditer(html):
        if ends and start.start() < ends[-1]:
            continue  # a reflection inside a reflection: its box follows the outer one
        end = _closing_div_end(html, start.end())
        if end is None:
            break
        ends.append(end)
    if len(ends) != count:
        return [html] + [""] * count
    pieces, previous = [], 0
    for end in ends:
        pieces.append(html[previous:end])
        previous = end
    pieces.append(html[previous:])
    return pieces


def _closing_div_end(html: str, position: int) -> int | None:
    """The end of the </div> that closes the div opened just before `position`."""
    depth = 1
    for tag in _DIV.finditer(html, position):
        depth += -1 if tag.group(0) == "</div>" else 1
        if depth == 0:
            return tag.end()
    return None
