"""The one way the site writes CSV: every text cell neutralised for spreadsheets.

A cell that starts with =, +, -, @, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)` typed as a name runs
when an evaluator opens the export). Such text gets a leading apostrophe, which the
spreadsheet shows as text. Numbers stay numbers (a negative mean is not a formula).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARS = 64 * 1024


def neutralise(text: str) -> str:
    """`text`, made safe to open in a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> Any:
    """One value as a CSV cell: numbers as they are, None empty, a mapping as JSON,
    and any text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return neutralise(str(value))


class SafeWriter:
    """`csv.writer` over `out`, with every cell passed through `cell`."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV file as text."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_chunks(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The same CSV a chunk at a time, so a large export never sits in memory whole."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if out.tell() > CHUNK_CHARS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
