"""The team server: a corpus in a PostgreSQL database, named by a URL without a password.

``postgresql://user@host:port/dbname?sslmode=require``. The password never travels in the URL
(it would show in the process list and the shell's history): it comes from the caller (the
keyring, a prompt) or, when none is given, from libpq's own ``PGPASSWORD`` and ``~/.pgpass``.

:class:`TeamDatabase` turns a dropped connection into :class:`ConnectionLost` (the edit's
transaction did not commit) and reconnects on the next operation; a read that finds the
connection dead before it started is retried once on a new connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from peewee import (
    InterfaceError,
    InternalError,
    OperationalError,
    PostgresqlDatabase,
    ProgrammingError,
)

from annotator.core.errors import CorpusError
from annotator.store import failures
from annotator.store.errors import AuthenticationFailed, ConnectionLost, ServerError, StoreError

SCHEMES = ("postgresql", "postgres")
# Connection options a URL may carry (libpq's names); anything else is refused as a typo.
OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    """Where a team corpus lives. ``key`` names its password in the keyring."""

    user: str
    host: str
    port: int
    dbname: str
    options: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def url(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.options)
        return f"postgresql://{self.key}" + (f"?{query}" if query else "")

    def option(self, name: str) -> str | None:
        return dict(self.options).get(name)


def is_team_url(target: str) -> bool:
    return target.split("://", 1)[0].lower() in SCHEMES if "://" in target else False


def parse_url(url: str) -> ServerAddress:
    """The address in ``url``; :class:`StoreError` saying what is wrong with it otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise StoreError(f"not a PostgreSQL URL: {parts.scheme}://…")
    if parts.password is not None or "password" in dict(parse_qsl(parts.query)):
        raise StoreError(
            "put no password in the URL: it would show in the process list and the shell's "
            "history. Give postgresql://user@host:port/dbname; Annotator asks for the password "
            "and keeps it in the system keyring (or use PGPASSWORD or ~/.pgpass)"
        )
    user = unquote(parts.username or "")
    host = parts.hostname or ""
    dbname = unquote(parts.path.lstrip("/"))
    missing = [n for n, v in (("user", user), ("host", host), ("database", dbname)) if not v]
    if missing:
        raise StoreError(
            f"the URL names no {' or '.join(missing)}: give postgresql://user@host:port/dbname"
        )
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise StoreError(f"the port in {url!r} is not a number") from None
    options = parse_qsl(parts.query, keep_blank_values=True)
    for name, value in options:
        if name not in OPTIONS:
            raise StoreError(f"unknown connection option {name!r}; known: {', '.join(OPTIONS)}")
        if name == "sslmode" and value not in SSL_MODES:
            raise StoreError(f"sslmode must be one of {', '.join(SSL_MODES)}, not {value!r}")
    return ServerAddress(user, host, port, dbname, tuple(options))


class TeamDatabase(PostgresqlDatabase):
    """peewee's PostgreSQL database that says when the server is gone and comes back after."""

    _was_connected = False

    def connect(self, reuse_if_open: bool = False) -> bool:
        try:
            opened = bool(super().connect(reuse_if_open))
        except OperationalError as exc:
            error = connection_error(exc, self.server_name)
            if self._was_connected and not isinstance(error, AuthenticationFailed):
                raise self.lost(exc) from None  # reconnecting: the server is still away
            raise error from None
        self._was_connected = True
        return opened

    @property
    def server_name(self) -> str:
        p = self.connect_params
        return f"{p.get('user')}@{p.get('host')}:{p.get('port')}/{self.database}"

    def _dead(self) -> bool:
        """This thread has no connection, or one the server has closed (psycopg2 marks it)."""
        return self.is_closed() or bool(getattr(self.connection(), "closed", 0))

    def _drop(self) -> None:
        """Forget this thread's connection, which the server has closed (outside a
        transaction): the next statement opens a new one (peewee's ``autoconnect``)."""
        self.close()

    def _drop_dead_connection(self) -> None:
        """Outside a transaction, forget a connection the server has closed: the next
        statement opens a new one."""
        if not self.in_transaction() and not self.is_closed() and self._dead():
            self._drop()

    def cursor(self, named_cursor: Any = None) -> Any:
        self._drop_dead_connection()
        return super().cursor(named_cursor)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        retry = not self.in_transaction() and sql.lstrip()[:6].upper() in ("SELECT", "SHOW")
        try:
            return super().execute_sql(sql, params)
        except ProgrammingError as exc:
            raise refused(exc, self.connect_params.get("user")) from None
        except InternalError as exc:  # a read-only transaction (25006), damaged data (XX001)
            self._translated(exc)
            raise
        except (OperationalError, InterfaceError) as exc:
            if self.is_closed() or not self._dead():
                self._translated(exc)
                raise
            if retry:  # a read that never reached the server: once more, on a new connection
                self._drop()
                try:
                    return super().execute_sql(sql, params)
                except (OperationalError, InterfaceError) as again:
                    raise self.lost(again) from None
            raise self.lost(exc) from None

    def begin(self, isolation_level: Any = None) -> None:
        try:
            super().begin(isolation_level)
        except (OperationalError, InterfaceError):
            # BEGIN on a connection that died while idle: nothing was sent; start again.
            if self.in_transaction() or self.is_closed() or not self._dead():
                raise
            self._drop()
            try:
                super().begin(isolation_level)
            except (OperationalError, InterfaceError) as again:
                raise self.lost(again) from None

    def commit(self) -> None:
        try:
            super().commit()
        except (OperationalError, InterfaceError) as exc:
            if self._dead():
                raise ConnectionLost(
                    f"the connection to {self.server_name} dropped while saving: the change "
                    f"may not have been saved ({_first_line(exc)})"
                ) from None
            self._translated(exc)
            raise

    def _translated(self, exc: BaseException) -> None:
        """Raise the store's error for a server error about its storage or locks (disk full,
        read-only, lock not available: :mod:`annotator.store.failures`), if it is one."""
        error = failures.pg_error(exc, self.server_name)
        if error is not None:
            raise error from None

    def rollback(self) -> None:
        if self._dead():
            return  # the server rolled the transaction back when the connection dropped
        super().rollback()

    def lost(self, exc: BaseException) -> ConnectionLost:
        return ConnectionLost(
            f"lost the connection to {self.server_name}; nothing of this change was saved "
            f"({_first_line(exc)})"
        )


def refused(exc: BaseException, user: object) -> BaseException:
    """A permission refusal of the server (SQLSTATE 42501: privileges, row-level security) as
    a clear :class:`CorpusError`; any other error as it is."""
    cause = getattr(exc, "__cause__", None) or getattr(exc, "orig", None) or exc
    if getattr(cause, "pgcode", None) != "42501":
        return exc
    return CorpusError(
        f"the team server does not let {user} do this ({_first_line(exc)}); on a secured "
        "corpus each login labels as itself, and gold and reviewers are the reviewers' and "
        "the owner's"
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def connection_error(exc: BaseException, where: str) -> ServerError:
    """A clear error for a failed connect: wrong password, no password, no server."""
    text = str(exc)
    low = text.lower()
    if "password authentication failed" in low or "authentication failed" in low:
        return AuthenticationFailed(f"{where}: the server refused the password for this user")
    if "no password supplied" in low or "fe_sendauth" in low:
        return AuthenticationFailed(f"{where}: the server asks for a password and none was given")
    if "does not exist" in low and "database" in low:
        return ServerError(f"{where}: {_first_line(exc).removeprefix('FATAL:').strip()}")
    return ServerError(f"cannot connect to {where}: {_first_line(exc)}")


KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


def open_team_database(address: ServerAddress, password: str | None) -> TeamDatabase:
    """Connect to the server (raising :class:`ServerError` subclasses, never a trace)."""
    try:
        import psycopg2  # noqa: F401  (the optional extra)
    except ImportError:
        raise StoreError(
            "team mode needs the PostgreSQL driver: install Annotator with its 'postgres' extra "
            "(pip install 'annotator[postgres]')"
        ) from None
    params: dict[str, Any] = {
        "user": address.user,
        "host": address.host,
        "port": address.port,
        "application_name": "annotator",
        "connect_timeout": 10,
        # A connection whose server vanished without closing it (a half-open TCP connection:
        # a laptop's network gone, a firewall that dropped the state) would otherwise leave a
        # statement waiting for an answer for the kernel's two hours: probes after 30 s of
        # silence, every 10 s, 3 unanswered = dropped, which the outage path already handles.
        **KEEPALIVES,
    }
    for name, value in address.options:
        params[name] = int(value) if name == "connect_timeout" else value
    if password:
        params["password"] = password
    db = TeamDatabase(address.dbname, **params)
    db.connect()
    return db
