"""A trainer's own text for a section starts as the library's, less its local boxes."""

from __future__ import annotations

from mentorhub.adaptation.checks import markdown_problems
from mentorhub.adaptation.own_text import starting_text

SECTION = """Some words.

!!! local "Your coordinator"
    Your coordinator will tell you.

    A second paragraph in the box.

!!! activity "Try this"
    Do it.

```
!!! local "Not a box: inside code"
```

More words.
"""


def test_local_boxes_go_and_everything_else_stays():
    text = starting_text(SECTION)
    assert "Your coordinator" not in text and "second paragraph" not in text
    assert '!!! activity "Try this"\n    Do it.' in text
    assert '!!! local "Not a box: inside code"' in text  # in a code block: only text
    assert text.startswith("Some words.") and text.endswith("More words.")
    assert "\n\n\n" not in text


def test_the_start_is_text_that_saves_as_it_is():
    assert any("local" in p for p in markdown_problems(SECTION.split("```")[0]))
    assert markdown_problems(starting_text(SECTION.split("```")[0])) == []
