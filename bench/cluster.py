"""Several app servers on one machine, with real parts: gunicorn instances behind
nginx (Debian's package, a config of our own in a temporary folder), Redis as the
log-in throttle's shared store, all on one database.

    python bench/cluster.py serve --servers 2 [--workers 2] [--port-file FILE]
        Starts Redis, SERVERS gunicorn instances and nginx in front of them, writes
        nginx's port to FILE when everything answers, and runs until it gets TERM or
        INT, then stops them all. It takes the app's settings from its environment
        (MENTORHUB_ENV, SECRET_KEY, DATABASE_URL, CONTENT_DIR, ...) and adds
        RATELIMIT_STORAGE_URI (the Redis), PROXY_COUNT=1 and an instance folder per
        server. `bench/load.sh` uses it when APP_SERVERS is set.

`tests/cluster/test_app_servers.py` uses `Cluster` to check that the servers act
as one (sessions, throttle, ETags, content changes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60.0  # seconds; a busy machine takes a while to preload the content

NGINX_CONFIG = """\
# nginx in front of the app servers: everything under {dir}, nothing needs root.
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    client_body_temp_path {dir}/client-body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    # Large answers (the certificate PDF) are passed on as they come, never to disk.
    proxy_max_temp_file_size 0;
    upstream mentorhub {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://mentorhub;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def find_tool(name: str) -> str | None:
    """A program on PATH, or in /usr/sbin (nginx is there, often off a user's PATH)."""
    found = shutil.which(name)
    if found is None and os.access(f"/usr/sbin/{name}", os.X_OK):
        found = f"/usr/sbin/{name}"
    return found


def missing_tools() -> list[str]:
    """The real parts this machine lacks, as Debian package names."""
    missing = [package for package in ("nginx", "redis-server") if find_tool(package) is None]
    if not (Path(sys.executable).parent / "gunicorn").exists():
        missing.append("gunicorn (in the virtualenv)")
    return missing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(directory: Path, port: int, upstream_ports: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    return NGINX_CONFIG.format(dir=directory, port=port, servers=servers)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Cluster:
    """Redis, `servers` gunicorn instances (`workers` sync workers each, --preload)
    and nginx round-robin in front, all on 127.0.0.1 and under `work_dir`.

    `env` is added to this process's environment for the app servers; it must name
    the database (DATABASE_URL) and a SECRET_KEY, the same for every server.
    """

    def __init__(
        self,
        work_dir: Path,
        env: Mapping[str, str],
        servers: int = 2,
        workers: int = 2,
        access_logs: bool = False,
    ) -> None:
        self.work_dir = Path(work_dir)
        self.env = dict(env)
        self.workers = workers
        self.access_logs = access_logs
        self.redis_port = free_port()
        self.server_ports = [free_port() for _ in range(servers)]
        self.port = free_port()
        self.processes: list[tuple[str, subprocess.Popen]] = []

    @property
    def url(self) -> str:
        """nginx, in front of every server."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def server_urls(self) -> list[str]:
        """Each app server directly, bypassing nginx."""
        return [f"http://127.0.0.1:{port}" for port in self.server_ports]

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def log(self, name: str) -> Path:
        return self.work_dir / f"{name}.log"

    def start(self) -> Cluster:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._start_redis()
            for index, port in enumerate(self.server_ports):
                self._start_server(index, port)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name: str, command: list[str], env: Mapping[str, str] | None = None):
        log = self.log(name).open("ab")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        log.close()
        self.processes.append((name, process))
        return process

    def _wait(self, name: str, process: subprocess.Popen, ready) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while not ready():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited; see {self.log(name)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer in {READY_TIMEOUT:.0f} s")
            time.sleep(0.1)

    def _start_redis(self) -> None:
        command = [find_tool("redis-server") or "redis-server", "--port", str(self.redis_port)]
        command += ["--bind", "127.0.0.1", "--daemonize", "no", "--save", "", "--appendonly"]
        command += ["no", "--dir", str(self.work_dir)]
        process = self._spawn("redis", command)
        self._wait("redis", process, lambda: _redis_answers(self.redis_port))

    def server_env(self, index: int) -> dict[str, str]:
        env = {**os.environ, **self.env}
        env.update(
            RATELIMIT_STORAGE_URI=self.redis_url,
            PROXY_COUNT="1",  # nginx
            INSTANCE_PATH=str(self.work_dir / f"instance-{index}"),  # nothing shared on disk
            PYTHONPATH=os.pathsep.join(
                [str(ROOT / "site"), str(ROOT)]
                + ([env["PYTHONPATH"]] if "PYTHONPATH" in env else [])
            ),
        )
        return env

    def _start_server(self, index: int, port: int) -> None:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "--workers", str(self.workers), "--worker-class", "sync"]
        command += ["--preload", "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT)]
        if (
            "--no-control-socket"
            in subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
        ):
            command.append("--no-control-socket")  # one shared path per user otherwise
        if self.access_logs:
            command += ["--access-logfile", str(self.log(f"access-{index}"))]
        name = f"gunicorn-{index}"
        process = self._spawn(name, [*command, "mentorhub:create_app()"], self.server_env(index))
        self._wait(name, process, lambda: _answers(f"http://127.0.0.1:{port}/health"))

    def _start_nginx(self) -> None:
        directory = self.work_dir / "nginx"
        directory.mkdir(exist_ok=True)
        config = directory / "nginx.conf"
        config.write_text(nginx_config(directory, self.port, self.server_ports))
        command = [find_tool("nginx") or "nginx", "-c", str(config), "-p", str(directory)]
        command += ["-e", str(directory / "nginx-error.log")]  # not /var/log/nginx
        process = self._spawn("nginx", command)
        self._wait("nginx", process, lambda: _answers(f"{self.url}/health"))

    def stop(self) -> None:
        """Stop everything started, last first: nginx, the app servers, Redis."""
        while self.processes:
            _name, process = self.processes.pop()
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(servers: int, workers: int, port_file: Path | None) -> int:
    """Run a cluster until TERM or INT (for `bench/load.sh`)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="mentorhub-cluster.") as tmp:
        work_dir = Path(os.environ.get("CLUSTER_DIR") or tmp)
        with Cluster(work_dir, {}, servers=servers, workers=workers) as cluster:
            if port_file:
                port_file.write_text(str(cluster.port))
            print(f"nginx {cluster.url} -> {', '.join(cluster.server_urls)}", flush=True)
            try:
                while all(p.poll() is None for _n, p in cluster.processes):
                    time.sleep(0.5)
            except KeyboardInterrupt:
                return 0
            dead = [name for name, p in cluster.processes if p.poll() is not None]
            print(f"cluster.py: {', '.join(dead)} stopped; stopping the rest", file=sys.stderr)
            return 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("serve")
    p.add_argument("--servers", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--port-file", type=Path)
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"cluster.py: needs {', '.join(missing)}", file=sys.stderr)
        return 2
    return serve(args.servers, args.workers, args.port_file)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
