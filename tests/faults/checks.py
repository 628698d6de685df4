"""What the fault tests look for in answers, and waiting for something to happen."""

from __future__ import annotations

import time
from collections.abc import Callable
from html import unescape
from typing import TypeVar

from tests.faults.http import Answer

OUR_503 = "We can't reach our records right now"
T = TypeVar("T")


def is_our_503(answer: Answer) -> bool:
    """The site's own "can't reach our records" page, in its own layout."""
    text = unescape(answer.text)
    return answer.status == 503 and OUR_503 in text and "Need help now?" in text


def wait_for(check: Callable[[], T], seconds: float, pause: float = 0.1) -> tuple[T, float]:
    """Call `check` until it returns something true; return that and how long it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        result = check()
        if result:
            return result, time.monotonic() - started
        time.sleep(pause)
    raise AssertionError(f"not within {seconds} s")
