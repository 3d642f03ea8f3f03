"""A real PostgreSQL server for the tests: initdb + pg_ctl in a temp dir, on a free port.

Password authentication is on (scram-sha-256 for every connection, local and TCP), never
trust. PostgreSQL refuses to run as root, and CI runs as root: then the server's files belong
to, and its processes run as, the unprivileged user ``nobody``.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "annotator_admin"


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise RuntimeError(
        f"PostgreSQL's {name} is not on PATH (nor under /usr/lib/postgresql/*/bin): the team "
        "mode tests need the PostgreSQL server binaries (Debian: postgresql-15)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """One running server. ``url(db)`` names a database without the password (never in URLs)."""

    base: Path
    port: int
    password: str
    user: str = ADMIN
    host: str = "127.0.0.1"
    _owner: tuple[int, int] | None = None
    _n: int = field(default=0)

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, dbname: str, user: str | None = None) -> str:
        return f"postgresql://{user or self.user}@{self.host}:{self.port}/{dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if self._owner is not None:
            kwargs = {"user": self._owner[0], "group": self._owner[1]}
        env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "HOME": str(self.base)}
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            list(args), check=check, capture_output=True, text=True, env=env, **kwargs
        )

    def connect(self, dbname: str = "postgres", user: str | None = None, password: str = ""):  # type: ignore[no-untyped-def]
        import psycopg2

        conn = psycopg2.connect(
            dbname=dbname,
            user=user or self.user,
            password=password or self.password,
            host=self.host,
            port=self.port,
        )
        conn.autocommit = True
        return conn

    def create_database(self, prefix: str = "t", template: str | None = None) -> str:
        """A new database with a fresh name (a copy of ``template``, if given)."""
        self._n += 1
        name = f"{prefix}_{self._n}_{secrets.token_hex(3)}"
        self.create_database_named(name, template)
        return name

    def create_database_named(self, name: str, template: str | None = None) -> None:
        self.admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))

    def admin(self, sql: str, params: tuple[object, ...] = ()) -> None:
        """Run one statement as the server's superuser, outside any transaction."""
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
        finally:
            conn.close()

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def create_role(self, name: str, password: str) -> None:
        self.admin(f"CREATE ROLE {name} LOGIN PASSWORD %s", (password,))

    def start(self) -> None:
        log = self.base / "server.log"
        opts = (
            f"-p {self.port} -c listen_addresses={self.host} "
            f"-c unix_socket_directories={self.base} -c fsync=off -c full_page_writes=off "
            "-c max_connections=60"
        )
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-l", str(log), "-o", opts, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def kill(self) -> None:
        """Kill the postmaster at once (SIGKILL): what a crashed or unplugged server does."""
        pid_file = self.data / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        # Children die once they notice the postmaster is gone; wait for the port to free.
        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex((self.host, self.port)) != 0:
                    return
            time.sleep(0.05)


def start_server() -> PgServer:
    base = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    owner: tuple[int, int] | None = None
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        owner = (nobody.pw_uid, nobody.pw_gid)
        os.chown(base, *owner)
    password = secrets.token_urlsafe(18)
    server = PgServer(base=base, port=_free_port(), password=password, _owner=owner)
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    pwfile.chmod(0o600)
    if owner is not None:
        os.chown(pwfile, *owner)
    server._run(
        _bin("initdb"),
        "-D",
        str(server.data),
        "-U",
        ADMIN,
        "--auth=scram-sha-256",
        f"--pwfile={pwfile}",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    pwfile.unlink()
    server.start()
    return server


def stop_server(server: PgServer) -> None:
    server.stop("immediate")
    shutil.rmtree(server.base, ignore_errors=True)
