"""A local PostgreSQL server for the gradebook: what `make hub` and the tests start.

Debian's PostgreSQL (package ``postgresql``) runs a cluster of our own in a folder we choose
(``initdb`` and ``pg_ctl``), reachable only through a Unix socket in that folder, with *peer*
authentication: a database role connects only from the system account of the same name, so
the grading account reaches its gradebook without a password anywhere, and learners' code on
the same host cannot connect as it. The server never runs as root: as root it runs as an
unprivileged account (Debian's ``postgres`` by default).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .course import CourseError

SERVER_ACCOUNT = "postgres"


def tool(name: str) -> str:
    """A PostgreSQL program: from PATH, else Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(folder, name), os.X_OK):
            return os.path.join(folder, name)
    raise CourseError(f"{name} is missing: install Debian's postgresql package (make sandbox)")


@dataclass
class Cluster:
    folder: Path  # data/, the socket, the log
    account: str  # the system account the server runs as (its superuser role too)
    port: int = 5432  # only names the socket file (.s.PGSQL.<port>); no TCP listener

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, role: str, database: str) -> str:
        """SQLAlchemy URL of ``database`` as ``role`` over the socket (peer authentication),
        with the driver the lock pins (SQLAlchemy 2.1's default driver is psycopg 3)."""
        return f"postgresql+psycopg2://{role}@/{database}?host={self.socket_dir}&port={self.port}"

    def _as_server(self, argv: list[str], **kw) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            argv = ["runuser", "-u", self.account, "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, **kw)
        if result.returncode != 0:
            raise CourseError(
                f"PostgreSQL: {' '.join(argv[-3:])} failed: "
                + (result.stderr or result.stdout).strip()[-400:]
            )
        return result

    def running(self) -> bool:
        return (self.data / "postmaster.pid").is_file() and subprocess.run(
            [tool("pg_isready"), "-q", "-h", str(self.socket_dir), "-p", str(self.port)],
            capture_output=True,
        ).returncode == 0

    def start(self) -> Cluster:
        """Create the cluster if it is new, then start it (no-op when already running)."""
        info = pwd.getpwnam(self.account)
        if os.geteuid() == 0 and info.pw_uid == 0:
            raise CourseError("PostgreSQL must not run as root: choose an unprivileged account")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        os.chmod(self.socket_dir, 0o755)  # the socket's own peer check decides who gets in
        if os.geteuid() == 0:
            for path in (self.folder, self.socket_dir):
                os.chown(path, info.pw_uid, info.pw_gid)
        if not (self.data / "PG_VERSION").is_file():
            self._as_server(
                [
                    tool("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    self.account,
                    "--auth-local=peer",
                    "--auth-host=reject",
                    "-E",
                    "UTF8",
                    "--no-instructions",
                ],
                timeout=120,
            )
        if self.running():
            return self
        options = (
            f"-c listen_addresses='' -k {self.socket_dir} -p {self.port} "
            "-c unix_socket_permissions=0777 -c max_connections=50"
        )
        self._as_server(
            [
                tool("pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "start",
            ],
            timeout=120,
        )
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").is_file():
            self._as_server(
                [tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"], timeout=120
            )

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._as_server(
            [
                tool("psql"),
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-Atc",
                sql,
            ],
            timeout=60,
        ).stdout

    def ensure_database(self, role: str, database: str) -> str:
        """A login role named after a system account, owning ``database``; returns its URL."""
        for name in (role, database):
            if not name.replace("-", "").replace("_", "").isalnum():
                raise CourseError(f"{name!r}: use letters, digits, - and _ for PostgreSQL names")
        if not self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'").strip():
            self.psql(f'CREATE ROLE "{role}" LOGIN')
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'").strip():
            self.psql(f'CREATE DATABASE "{database}" OWNER "{role}"')
        return self.url(role, database)
