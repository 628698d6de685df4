"""A small HTTP client for tests against a real server (standard library only): a
cookie jar, no automatic redirects, CSRF tokens read from pages, log-in."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any

CSRF_RE = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 (urllib's signature)
        return None  # a 3xx comes back as it is


@dataclass
class Browser:
    """One visitor: their cookies, and requests to `base_url`. `clone()` gives another
    Browser sharing the same cookies (the same log-in), e.g. for parallel requests
    from one person; CookieJar is thread-safe."""

    base_url: str
    timeout: float = 15.0
    cookies: CookieJar = field(default_factory=CookieJar)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def clone(self) -> Browser:
        return Browser(self.base_url, self.timeout, self.cookies)

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Answer:
        import time

        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                answer = Answer(response.status, _headers(response.headers), response.read())
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx: still an answer
            answer = Answer(error.code, _headers(error.headers), error.read())
        answer.seconds = time.monotonic() - started
        return answer

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str], csrf_from: str | None = None) -> Answer:
        """POST a form; with `csrf_from`, first read a CSRF token from that page."""
        if csrf_from is not None:
            data = {**data, "csrf_token": self.csrf_token(csrf_from)}
        return self.request("POST", path, data)

    def csrf_token(self, path: str = "/login") -> str:
        page = self.get(path)
        match = CSRF_RE.search(page.text)
        assert match, f"no CSRF token on {path} ({page.status})"
        return match.group(1)

    def log_in(self, username: str, password: str) -> Browser:
        answer = self.post("/login", {"username": username, "password": password}, "/login")
        assert answer.status == 302, f"log-in failed: {answer.status} {answer.text[:300]}"
        return self


def _headers(message) -> dict[str, str]:
    return {key.lower(): value for key, value in message.items()}
