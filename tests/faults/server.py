"""gunicorn serving the app as in production (2 workers, --preload, a real
SECRET_KEY, PostgreSQL), on 127.0.0.1 and a free port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from tests.faults.http import Browser

BIN = Path(sys.executable).parent
# Every log record starts with "[time]": gunicorn's "[time] [pid] [LEVEL] ...", Flask's
# "[time] LEVEL in module: ...". A record at ERROR or worse, or with a traceback, is an
# error (Flask logs "Exception on /path [POST]" and the traceback for every 500).
RECORD_START = re.compile(r"^(?=\[\d{4}-)", re.MULTILINE)
ERROR_RECORD = re.compile(r"\[(ERROR|CRITICAL)\]|\] (ERROR|CRITICAL) in |^Traceback ", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Gunicorn:
    process: subprocess.Popen
    url: str
    log: Path
    errors_from: int = 0  # where in the log `errors` starts looking (a byte offset)

    def browser(self, timeout: float = 15.0) -> Browser:
        return Browser(self.url, timeout=timeout)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    @property
    def errors(self) -> list[str]:
        """The error records in the log (from `errors_from` on): any exception the app
        raised, a worker that crashed or timed out (a client only sees a bare 500 or
        nothing)."""
        with self.log.open("rb") as log:
            log.seek(self.errors_from)
            records = RECORD_START.split(log.read().decode(errors="replace"))
        return [record for record in records if ERROR_RECORD.search(record)]

    @property
    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()

    def from_now_on(self) -> Gunicorn:
        """The same server, whose `errors` are only those logged after this call."""
        return replace(self, errors_from=self.log.stat().st_size)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(env: dict[str, str], log: Path, workers: int = 2) -> Gunicorn:
    """Start gunicorn with `env` (on top of this process's); wait until /health answers
    and every worker has started (one worker answers before the other is forked)."""
    port = free_port()
    handle = log.open("w")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "mentorhub:create_app()",
        ],  # fmt: skip
        env={**os.environ, **env},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    server = Gunicorn(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited early:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/health", timeout=2):
                if len(server.worker_pids) == workers:
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    server.stop()
    raise AssertionError(f"gunicorn did not answer within 30 s:\n{server.log_tail()}")
