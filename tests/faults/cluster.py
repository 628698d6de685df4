"""A PostgreSQL cluster of the fault tests' own, which they may stop, restart and
pause without touching the cluster other tests (and other people) use.

Made with Debian's postgresql-common tools (`pg_createcluster`, `pg_ctlcluster`),
which need root: the tests run as root here and in CI.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

NAME = "faults"
PORT = int(os.environ.get("FAULTS_PG_PORT", "5499"))
ROLE, PASSWORD = "mentorhub_faults", "faults-only-password"
TOOLS = ("pg_createcluster", "pg_ctlcluster", "pg_lsclusters", "pg_dropcluster", "su")


def missing_tools() -> str | None:
    """What stops this machine running a private cluster, or None."""
    if os.geteuid() != 0:
        return "root, to create a private PostgreSQL cluster with pg_createcluster"
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    if absent or not Path("/usr/lib/postgresql").is_dir():
        return f"PostgreSQL's cluster tools ({', '.join(absent) or 'postgresql'})"
    return None


def _run(*command: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=check, timeout=timeout)


@dataclass
class PrivateCluster:
    version: str
    port: int = PORT
    name: str = NAME

    # --- life cycle -------------------------------------------------------------------------

    @classmethod
    def newest_version(cls) -> str:
        return sorted(
            os.listdir("/usr/lib/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
        )[-1]

    def exists(self) -> bool:
        listing = _run("pg_lsclusters", "--no-header", check=False).stdout.split("\n")
        return any(line.split()[:2] == [self.version, self.name] for line in listing if line)

    def is_online(self) -> bool:
        listing = _run("pg_lsclusters", "--no-header", check=False).stdout.split("\n")
        for line in listing:
            fields = line.split()
            if fields[:2] == [self.version, self.name]:
                return fields[3] == "online"
        return False

    def create(self) -> None:
        _run("pg_createcluster", self.version, self.name, "--port", str(self.port))

    def drop(self) -> None:
        _run("pg_dropcluster", "--stop", self.version, self.name, check=False)

    def start(self) -> None:
        _run("pg_ctlcluster", self.version, self.name, "start")
        self.wait_until_ready()

    def stop(self) -> None:
        _run("pg_ctlcluster", "--mode", "fast", self.version, self.name, "stop")

    def restart(self) -> None:
        _run("pg_ctlcluster", "--mode", "fast", self.version, self.name, "restart")
        self.wait_until_ready()

    def wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if (
                _run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode
                == 0
            ):
                return
            time.sleep(0.1)
        raise AssertionError(f"the private cluster on port {self.port} did not start")

    # --- pausing: a database that hangs rather than one that is down ------------------------

    def postmaster_pid(self) -> int:
        data = Path(f"/var/lib/postgresql/{self.version}/{self.name}/postmaster.pid")
        return int(data.read_text().split("\n", 1)[0])

    def pause(self) -> None:
        """Stop the server process that accepts connections (SIGSTOP): a new connection
        is accepted by the kernel and then hears nothing, as from a hung server."""
        os.kill(self.postmaster_pid(), signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.postmaster_pid(), signal.SIGCONT)

    # --- SQL as the cluster's superuser ------------------------------------------------------

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run SQL as `postgres` over the local socket; return what psql printed."""
        command = f"psql -X -q -t -A -v ON_ERROR_STOP=1 -p {self.port} -d {database}"
        done = subprocess.run(
            ["su", "postgres", "-c", command],
            input=statement,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0:
            raise AssertionError(f"psql failed: {done.stderr}")
        return done.stdout.strip()

    def as_postgres(self, *command: str) -> subprocess.CompletedProcess:
        """Run a client tool (createdb, dropdb...) as `postgres` against this cluster."""
        quoted = " ".join(_quote(part) for part in command)
        return subprocess.run(
            ["su", "postgres", "-c", quoted], capture_output=True, text=True, timeout=120
        )

    def fresh_database(self, name: str) -> str:
        """Drop and create database `name` owned by the test role; return its URL."""
        self.sql(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';\n"
            f'DROP DATABASE IF EXISTS "{name}";\n'
            f'CREATE DATABASE "{name}" OWNER {ROLE};'
        )
        return self.url(name)

    def ensure_role(self) -> None:
        self.sql(
            f"SELECT 'CREATE ROLE {ROLE} LOGIN CREATEDB' "
            f"WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}')\\gexec\n"
            f"ALTER ROLE {ROLE} PASSWORD '{PASSWORD}';"
        )

    def url(self, database: str, driver: str = "+psycopg") -> str:
        return f"postgresql{driver}://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def terminate_connections(self, database: str) -> None:
        self.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid();"
        )


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)
