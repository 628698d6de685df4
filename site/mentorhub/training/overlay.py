"""A page rendered once with markers where one person's values go, then filled for
each request by joining strings: no template runs for what is the same for everyone.

`Slots` goes to the template as `slot`: each `{{ slot(kind, key) }}` leaves a marker,
an HTML comment carrying a random nonce (sanitised content never holds a comment:
nh3 drops them, and the nonce is new for every page built). `Slots.skeleton` cuts
the rendered text at the markers; `Skeleton.fill` puts a value in each gap.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from markupsafe import Markup

SlotName = tuple[str, Hashable]


class Slots:
    """Records the slots a template marks, in order."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self._names: list[SlotName] = []
        self._marker = re.compile(rf"<!--{self.nonce}:(\d+)-->")

    def __call__(self, kind: str, key: Hashable = None) -> Markup:
        self._names.append((kind, key))
        return Markup(f"<!--{self.nonce}:{len(self._names) - 1}-->")

    def placeholder(self, name: str) -> str:
        """A marker for a value put in with `str.replace` at the end (not a slot)."""
        return f"<!--{self.nonce}:{name}-->"

    def skeleton(self, text: str) -> Skeleton:
        parts = self._marker.split(text)
        names = tuple(self._names[int(index)] for index in parts[1::2])
        return Skeleton(tuple(parts[0::2]), names)


@dataclass(frozen=True)
class Skeleton:
    """Literal text with gaps: `pieces` has one more item than `names`."""

    pieces: tuple[str, ...]
    names: tuple[SlotName, ...]

    def fill(self, value: Callable[[str, Hashable], str]) -> str:
        """The text with `value(kind, key)` in each gap."""
        out = [self.pieces[0]]
        for (kind, key), piece in zip(self.names, self.pieces[1:], strict=True):
            out.append(value(kind, key))
            out.append(piece)
        return "".join(out)
