"""The site's one CSV writer: text that a spreadsheet would run is neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from mentorhub.csvfile import cell, csv_chunks, csv_text, neutralise


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert neutralise(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


@pytest.mark.parametrize("text", ["Plain", "", " =not first", "O'Neil", "a=b", "'quoted"])
def test_other_text_is_left_alone(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (-0.5, -0.5), (-3, -3), (True, "true"), ({"b": 1, "a": "x"}, '{"a": "x", "b": 1}'),
     ("-3", "'-3"), ("=1", "'=1")],
)  # fmt: skip
def test_cells_keep_numbers_and_neutralise_text(value, expected):
    assert cell(value) == expected


def test_the_whole_file_and_the_chunked_file_are_the_same():
    rows = [[n, f"=row {n}", None] for n in range(5_000)]
    whole = csv_text(["n", "text", "empty"], rows)
    chunks = list(csv_chunks(["n", "text", "empty"], rows))
    assert len(chunks) > 1 and "".join(chunks) == whole
    parsed = list(csv.reader(io.StringIO(whole)))
    assert parsed[0] == ["n", "text", "empty"]
    assert parsed[1] == ["0", "'=row 0", ""]
