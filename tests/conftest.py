"""Fixtures shared by every test: a corpus in tmp_path, and no test touches the user's data.

The ``corpus`` fixture runs each test twice: on a SQLite file and on a database of a real
PostgreSQL server that the suite starts itself (tests/pg_server.py; password authentication
on). A test that is about SQLite itself is marked ``sqlite_only``, one about the server's own
locking ``postgres_only``. ``peek`` and ``poke`` read
and write the corpus through a second connection of the same backend (another process's view).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.store.corpus import Corpus
from tests.keyrings import memory_keyring, no_keyring  # noqa: F401  (fixtures)
from tests.pg_server import PgServer, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Rich text for offset tests: emoji, ZWJ family, flag, combining mark, NBSP.
TRICKY = "Putin 😀 bertemu 👨‍👩‍👧 Trump 🇮🇩 di Alaska: «Café» e\u0301 dan\u00a0Kim."


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("ANNOTATOR_SETTINGS_DIR", str(home / "settings"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.sqlite3"


BACKENDS = ("sqlite", "postgres")
TEMPLATE = "corpus_template"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite itself (files, pragmas)")
    config.addinivalue_line("markers", "postgres_only: a test of the server's own locking")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        backends = BACKENDS
        if metafunc.definition.get_closest_marker("sqlite_only"):
            backends = ("sqlite",)
        elif metafunc.definition.get_closest_marker("postgres_only"):
            backends = ("postgres",)
        metafunc.parametrize("backend", backends, scope="function")


_server: PgServer | None = None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the session, with a migrated template corpus database."""
    global _server
    server = start_server()
    _server = server
    try:
        server.create_database_named(TEMPLATE)
        with Corpus.open(server.url(TEMPLATE), password=server.password):
            pass
        yield server
    finally:
        _server = None
        stop_server(server)


@pytest.fixture
def team_url(pg_server: PgServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, migrated corpus database on the server; libpq finds the password in
    PGPASSWORD, so ``Corpus.open(url)`` works as a user's would with it set."""
    name = pg_server.create_database(template=TEMPLATE)
    monkeypatch.setenv("PGPASSWORD", pg_server.password)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def corpus_target(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's corpus lives: the SQLite file, or a server database URL."""
    if backend == "postgres":
        return str(request.getfixturevalue("team_url"))
    return str(db_path)


@pytest.fixture
def corpus(corpus_target: str, backend: str) -> Iterator[Corpus]:
    c = Corpus.open(corpus_target, tooling="the store's tests read everyone's labels")
    if backend == "postgres":  # no user: the tooling mode reads everyone's
        c.set_user(None)
    try:
        yield c
    finally:
        c.close()


Peek = Callable[..., list[tuple[Any, ...]]]


@pytest.fixture
def peek(corpus_target: str, backend: str) -> Peek:
    """Run a statement (``?`` placeholders) on a second connection; its rows as tuples."""

    def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if backend == "sqlite":
            with sqlite3.connect(corpus_target) as conn:
                cur = conn.execute(sql, params)
                found = cur.fetchall() if cur.description else []
            conn.close()
            return found
        import psycopg2

        assert _server is not None
        conn = psycopg2.connect(corpus_target)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql.replace("?", "%s"), params)
                return [tuple(r) for r in cur.fetchall()] if cur.description else []
        finally:
            conn.close()

    return run


@pytest.fixture
def poke(peek: Peek) -> Peek:
    """Change the corpus behind the store's back (damage, fixtures): same as ``peek``."""
    return peek
