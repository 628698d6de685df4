"""The app on a real threaded HTTP server, people at browsers, and requests sent at once.

For tests where requests must really overlap (a double tap, every part marked done in
parallel, two trainers saving together): the Flask test client runs one request at a
time, so it cannot show a race. `serve(app)` runs werkzeug's threaded server (one
thread per request, as gunicorn's threads would) on a free port of 127.0.0.1. The same
checks run against gunicorn (2 worker processes, PostgreSQL) in
tests/faults/test_parallel_gunicorn.py: anything with a `url` and the `errors` it saw
is a `Server`.

`Visitor` is one browser (its own cookies; redirects are answered, not followed) and
`at_once` sends several requests released together by a barrier.
"""

from __future__ import annotations

import html
import http.cookiejar
import re
import threading
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, got_request_exception
from werkzeug.serving import make_server

from tests.factories import PASSWORD


class Server(Protocol):
    """A running app to send requests to."""

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash."""

    @property
    def errors(self) -> list[str]:
        """The tracebacks (or error records) the app produced so far."""


@dataclass
class LiveServer:
    url: str  # base URL, without a trailing slash
    app: Flask
    errors: list[str] = field(default_factory=list)  # tracebacks the app raised


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve `app` until the block ends; every exception it raises while serving is kept
    in `.errors` (a client only sees a bare 500)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)

    def record(sender, exception, **extra) -> None:
        live.errors.append("".join(traceback.format_exception(exception)))

    got_request_exception.connect(record, app)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        got_request_exception.disconnect(record, app)


@dataclass(frozen=True)
class Answer:
    status: int
    location: str  # the path a redirect points at ("" if none)
    text: str


class _DoNotFollow(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 30x comes back as an HTTPError, read as an Answer


class Visitor:
    """One browser: keeps its cookies, so its requests share one session."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _DoNotFollow()
        )

    def get(self, path: str) -> Answer:
        return self._send(urllib.request.Request(self.server.url + path))

    def post(self, path: str, data: Mapping[str, str]) -> Answer:
        body = urllib.parse.urlencode(data).encode()
        return self._send(urllib.request.Request(self.server.url + path, data=body))

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with self._opener.open(request, timeout=30) as response:
                return Answer(response.status, "", response.read().decode())
        except urllib.error.HTTPError as answer:
            location = urllib.parse.urlsplit(answer.headers.get("Location", ""))
            path = location.path + (f"#{location.fragment}" if location.fragment else "")
            return Answer(answer.code, path, answer.read().decode())

    def csrf_token(self, path: str = "/account") -> str:
        """A valid CSRF token for this browser's session, from any page with a form."""
        page = self.get(path).text
        match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return html.unescape(match.group(1))

    def log_in(self, username: str, password: str = PASSWORD) -> Visitor:
        """Log in through the real form; returns self."""
        token = self.csrf_token("/login")
        answer = self.post("/login", {"username": username, "password": password,
                                      "csrf_token": token})  # fmt: skip
        assert answer.status == 302, answer.text[:500]
        return self


def at_once(*requests: Callable[[], Answer]) -> list[Answer]:
    """Send every request from a thread of its own, all released together by a barrier,
    so they reach the server at the same moment; their answers, in order."""
    barrier = threading.Barrier(len(requests))
    answers: list[Answer | BaseException | None] = [None] * len(requests)

    def send(index: int, request: Callable[[], Answer]) -> None:
        try:
            barrier.wait(timeout=10)
            answers[index] = request()
        except BaseException as error:  # re-raised below, in the test's thread
            answers[index] = error

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
        assert answer is not None, "a request did not finish within 60 s"
    return answers  # type: ignore[return-value]
