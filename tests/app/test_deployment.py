"""The README's deployment commands, run for real: migrate, then serve with gunicorn
in production mode (against PostgreSQL in CI)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited early: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_production_app_migrates_and_serves_under_gunicorn(database_url, tmp_path):
    env = {
        **os.environ,
        "MENTORHUB_ENV": "production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path),
        "CONTENT_DIR": str(ROOT / "content"),
    }
    upgrade = subprocess.run(
        [BIN / "flask", "--app", "mentorhub", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--workers",
            "2",
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "mentorhub:create_app()",
        ],  # fmt: skip
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health", server)
        for _ in range(4):  # more than one worker answers, each with its own connection
            with urllib.request.urlopen(f"{base}/health", timeout=5) as response:
                assert response.status == 200
                assert b'"status":"ok"' in response.read().replace(b" ", b"")
        with urllib.request.urlopen(f"{base}/modules", timeout=5) as response:
            assert response.status == 200
            assert response.headers["Strict-Transport-Security"].startswith("max-age=")
            assert b"Training library" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "MENTORHUB_ENV": "production", "INSTANCE_PATH": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [BIN / "flask", "--app", "mentorhub", "content", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr + result.stdout
