"""Opening, migrating, backing up and checking corpus files."""

from __future__ import annotations

import os
import random
import secrets
import sqlite3
import threading
from pathlib import Path

import pytest

from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft
from annotator.store import db as store_db
from annotator.store import failures, tables
from annotator.store.corpus import Corpus
from annotator.store.db import SCHEMA_VERSION, StoreError
from annotator.store.errors import (
    CorpusDamaged,
    CorpusLocked,
    CorpusReadOnly,
    DiskError,
    DiskFull,
    NotACorpus,
)
from tests.conftest import TRICKY, Peek
from tests.damage import DAMAGES, FOREIGN, listing, make_corpus, read_only, sha256, small_disk
from tests.pg_server import PgServer


@pytest.mark.sqlite_only
def test_new_corpus_has_wal_foreign_keys_and_full_sync(corpus: Corpus, db_path: Path) -> None:
    pragmas = {
        name: corpus._db.execute_sql(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "foreign_keys", "synchronous")
    }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2}
    with sqlite3.connect(db_path) as conn:
        assert (
            conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        )


def test_two_corpora_open_in_one_process_are_independent(corpus: Corpus, tmp_path: Path) -> None:
    """Each operation runs on its own corpus's database (store/tables.py's bound proxy): a
    second corpus (a file beside the fixture's file or team database) opens, and the edits,
    reads and undo of each stay in it, also from another thread."""
    text = "Putin bertemu Trump."
    (mine,) = corpus.import_drafts([ArticleDraft(text=text, title="t")], origin="t").article_ids
    with Corpus.open(tmp_path / "other.sqlite3", tooling="tests") as other:
        (theirs,) = other.import_drafts(
            [ArticleDraft(text="Lain sekali.", title="u"), ArticleDraft(text="Dua.", title="v")],
            origin="u",
        ).article_ids[:1]
        corpus.add_span(mine, "alice", 0, 5, "PERSON")
        other.add_span(theirs, "bob", 0, 4, "PERSON")
        assert (corpus.article_count(), other.article_count()) == (1, 2)
        assert [s.annotator for s in corpus.spans(mine)] == ["alice"]
        assert [s.annotator for s in other.spans(theirs)] == ["bob"]
        found: list[object] = []
        worker = threading.Thread(target=lambda: found.append(other.stats()["annotators"]))
        worker.start()
        worker.join()
        assert found == [{"bob": 1}]
        other.undo("bob")
        assert other.spans(theirs) == [] and len(corpus.spans(mine)) == 1
    assert corpus.stats()["annotators"] == {"alice": 1}  # the first goes on after the other


def test_closing_one_corpus_leaves_the_proxy_on_the_other(tmp_path: Path) -> None:
    """Outside an operation the models run on the latest corpus opened: closing an earlier
    one leaves it there, closing that one leaves none."""
    first = Corpus.open(tmp_path / "a.sqlite3", tooling="tests")
    second = Corpus.open(tmp_path / "b.sqlite3", tooling="tests")
    try:
        latest = tables.database.obj
        assert latest is not None
        first.close()
        assert tables.database.obj is latest
    finally:
        first.close()
        second.close()
    assert tables.initialised() is None


def test_a_file_that_is_not_a_corpus_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, not a database")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Corpus.open(junk, tooling="tests")
    assert junk.read_text() == "hello, not a database"
    with pytest.raises(StoreError, match="folder"):
        Corpus.open(tmp_path, tooling="tests")


def test_migration_backs_up_the_file_first(db_path: Path) -> None:
    # A corpus made by a version that knew only the first migration.
    database = store_db.open_database(str(db_path))
    tables.database.initialize(database)
    store_db.MIGRATIONS[0](database)
    database.execute_sql("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    database.execute_sql("INSERT INTO schema_version VALUES (1)")
    database.execute_sql(
        "INSERT INTO article (external_id, title, source, text, sha256, language, "
        "language_confidence, imported_at, meta) VALUES ('a', 'Alaska', '', ?, 'x', 'id', 1, "
        "'now', '{}')",
        (TRICKY,),
    )
    database.close()
    tables.database.initialize(None)
    with Corpus.open(db_path, tooling="tests") as corpus:
        assert [r.id for r in corpus.article_rows(search="Alaska")] == [1]  # index built
    (backup,) = db_path.parent.glob(db_path.name + ".v1-*.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 1


def test_a_newer_corpus_is_refused(db_path: Path) -> None:
    with Corpus.open(db_path, tooling="tests"):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this Annotator"):
        Corpus.open(db_path, tooling="tests")


def test_check_finds_a_span_whose_text_was_tampered_with(corpus: Corpus, poke: Peek) -> None:
    (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    assert corpus.check() == []
    poke("UPDATE span SET text = 'Trump'")
    poke("UPDATE article SET text = text || '!'")
    problems = corpus.check()
    assert any("not the stated text" in p for p in problems)
    assert any("SHA-256" in p for p in problems)


def test_backup_is_a_consistent_copy(corpus: Corpus, tmp_path: Path) -> None:
    (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    dest = corpus.backup(tmp_path / "copy.sqlite3")
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT text FROM span").fetchall() == [("Putin",)]


def test_stats_counts_articles_languages_spans_and_annotators(corpus: Corpus) -> None:
    indonesian = (
        "Presiden Rusia Vladimir Putin menelepon Pemimpin Korea Utara Kim Jong Un menjelang "
        "pertemuannya dengan Presiden Amerika Serikat Donald Trump di Alaska pekan ini."
    )
    ids = corpus.import_drafts(
        [
            ArticleDraft(text="The talks in Alaska ended without a deal."),
            ArticleDraft(text=indonesian),
        ],
        origin="t",
    ).article_ids
    corpus.add_span(ids[1], "alice", 0, 8, "PERSON")
    corpus.add_span(ids[1], "bob", 0, 8, "PERSON")
    corpus.add_span(ids[1], "bob", 15, 29, "PERSON")
    stats = corpus.stats()
    assert stats["articles"] == 2
    assert stats["languages"] == {"en": 1, "id": 1}
    assert stats["spans"] == 3
    assert stats["spans_by_label"] == {"PERSON": 3}
    assert stats["annotators"] == {"alice": 1, "bob": 2}


# ---------------------------------------------------------------- the file itself fails


def _articles(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        n = int(conn.execute("SELECT COUNT(*) FROM article").fetchone()[0])
    conn.close()
    return n


@pytest.mark.sqlite_only
def test_a_full_disk_is_disk_full_and_saves_nothing(corpus: Corpus, db_path: Path) -> None:
    # SQLite's own size limit gives the very error a full disk gives (SQLITE_FULL).
    (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
    (pages,) = corpus._db.execute_sql("PRAGMA page_count").fetchone()
    corpus._db.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull, match=r"the disk is full: nothing of this import of big\.jsonl"):
        corpus.import_drafts([ArticleDraft(text="kata " * 50_000)], origin="big.jsonl")
    with pytest.raises(DiskFull, match="the disk is full: nothing of this change was saved"):
        # 5,000 new terms need pages the file may not grow by
        corpus.add_gazetteer_terms(((f"kota{k:05d}", "GPE") for k in range(5_000)), "big.txt")
    assert corpus.gazetteer_terms() == []  # all or none
    assert _articles(db_path) == 1
    corpus._db.execute_sql("PRAGMA max_page_count = 1073741823")  # space again: it goes on
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    assert [s.text for s in corpus.spans(art)] == ["Putin"]


def test_a_read_only_database_refuses_writes_in_words(corpus: Corpus, backend: str) -> None:
    (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
    # The connection itself made read-only: SQLITE_READONLY, or PostgreSQL's 25006.
    if backend == "sqlite":
        corpus._db.execute_sql("PRAGMA query_only = 1")
    else:
        corpus._db.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    with pytest.raises(CorpusReadOnly, match="read-only: nothing of this change was saved"):
        corpus.add_span(art, "alice", 0, 5, "PERSON")
    with pytest.raises(CorpusReadOnly, match=r"nothing of this import of more\.jsonl was saved"):
        corpus.import_drafts([ArticleDraft(text="Kim di Alaska.")], origin="more.jsonl")
    assert corpus.stats()["articles"] == 1 and corpus.spans(art) == []


@pytest.mark.sqlite_only
def test_a_corpus_another_program_is_writing_is_corpus_locked(
    corpus: Corpus, db_path: Path
) -> None:
    (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
    corpus._db.execute_sql("PRAGMA busy_timeout = 200")  # (10 s in use; the test is brief)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CorpusLocked, match="another program is writing to the corpus"):
            corpus.add_span(art, "alice", 0, 5, "PERSON")
        with pytest.raises(CorpusLocked, match="try again"):
            corpus.import_drafts([ArticleDraft(text="Kim di Alaska.")], origin="more.jsonl")
        assert corpus.stats()["articles"] == 1  # reading goes on meanwhile (WAL)
    finally:
        other.execute("ROLLBACK")
        other.close()
    corpus.add_span(art, "alice", 0, 5, "PERSON")  # the lock gone, the edit goes through


def test_a_read_only_corpus_file_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "corpus.sqlite3")
    before = sha256(path)
    with read_only(path), Corpus.open(path, tooling="tests") as corpus:
        assert corpus.stats()["articles"] == 2
        (art, _) = corpus.article_ids()
        assert [s.text for s in corpus.spans(art)] == ["Trump"]
        with pytest.raises(CorpusReadOnly, match=f"the corpus file {path} is read-only"):
            corpus.add_span(art, "bob", 0, 5, "PERSON")
    assert sha256(path) == before


def test_a_corpus_in_a_read_only_folder_reads_but_refuses_writes(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = make_corpus(folder / "corpus.sqlite3")
    with read_only(folder), Corpus.open(path, tooling="tests") as corpus:
        (art, _) = corpus.article_ids()
        assert corpus.stats()["spans"] == 1
        with pytest.raises(CorpusReadOnly, match="the folder of the corpus file"):
            corpus.add_span(art, "bob", 0, 5, "PERSON")
        assert sorted(p.name for p in folder.iterdir()) == ["corpus.sqlite3"]


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_check_file_reports_damage_and_never_raises(tmp_path: Path, damage: str) -> None:
    path = make_corpus(tmp_path / "corpus.sqlite3")
    DAMAGES[damage](path)
    before = sha256(path)
    problems = Corpus.check_file(path)
    assert problems, damage
    expected = {
        "truncated": "is damaged (database disk image is malformed)",
        "header_only": "is damaged (database disk image is malformed)",
        "bit_flipped": "malformed",
        "schema_json": "the label schema (table meta, key label_schema) is damaged",
        "span_json": "span 1: attributes is not valid JSON",
        "not_utf8": "holds text that is not valid UTF-8",
    }[damage]
    assert any(expected in p for p in problems), problems
    assert sha256(path) == before


@pytest.mark.parametrize("damage", ["schema_json", "span_json"])
def test_broken_stored_json_is_corpus_damaged_on_reading(tmp_path: Path, damage: str) -> None:
    path = make_corpus(tmp_path / "corpus.sqlite3")
    DAMAGES[damage](path)
    with (
        Corpus.open(path, tooling="tests") as corpus,
        pytest.raises(CorpusDamaged, match="damaged"),
    ):
        list(corpus.documents()) if damage == "span_json" else corpus.schema


def test_new_corpora_are_marked_and_unmarked_ones_of_ours_still_open(tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "corpus.sqlite3")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == store_db.APPLICATION_ID
        conn.execute("PRAGMA application_id = 0")  # as every corpus made before marking
    conn.close()
    with Corpus.open(path, tooling="tests") as corpus:
        assert corpus.stats()["spans"] == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == store_db.APPLICATION_ID
    conn.close()


def test_an_empty_sqlite_file_becomes_a_corpus(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()  # a file of 0 bytes
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")
    conn.close()
    with Corpus.open(path, tooling="tests") as corpus:
        assert corpus.stats()["articles"] == 0


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_file_that_is_not_ours_is_refused_byte_identical(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = folder / "corpus.db"
    FOREIGN[kind](path)
    before = listing(folder)
    with pytest.raises(NotACorpus, match="not an Annotator corpus"):
        Corpus.open(path, tooling="tests")
    assert listing(folder) == before
    problems = Corpus.check_file(path)
    assert len(problems) == 1 and "left as it was" in problems[0]
    assert listing(folder) == before


def test_a_server_database_of_another_program_is_refused_untouched(
    pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = pg_server.create_database(prefix="theirs")
    monkeypatch.setenv("PGPASSWORD", pg_server.password)
    pg_server.admin(f"ALTER DATABASE {name} OWNER TO {pg_server.user}")
    conn = pg_server.connect(name)
    try:
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE span (id serial PRIMARY KEY, note text)")
        with pytest.raises(NotACorpus, match="not ours to migrate"):
            Corpus.open(pg_server.url(name), tooling="tests")
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            assert [r[0] for r in cur.fetchall()] == ["span"]
    finally:
        conn.close()
        pg_server.drop_database(name)


def test_a_team_connection_probes_a_silent_server(pg_server: PgServer, team_url: str) -> None:
    """A server that vanished without closing the connection is noticed within about a minute,
    not the kernel's two hours: the client socket itself has keepalive probes on."""
    import socket

    from annotator.store.team import KEEPALIVES, open_team_database, parse_url

    database = open_team_database(parse_url(team_url), None)  # the password: PGPASSWORD
    try:
        sock = socket.socket(fileno=os.dup(database.connection().fileno()))
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert (
            sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
            == (KEEPALIVES["keepalives_idle"])
        )
        assert (
            sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL)
            == (KEEPALIVES["keepalives_interval"])
        )
        assert (
            sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT)
            == (KEEPALIVES["keepalives_count"])
        )
        sock.close()
    finally:
        database.close()


def test_a_full_disk_on_the_team_server_is_disk_full(pg_server: PgServer, team_url: str) -> None:
    """The article table moved to a tablespace on a 1 MB tmpfs: the server's own full disk
    (SQLSTATE 53100), not a simulation. (The mount sits in the server's folder, which its
    user may enter.)"""
    name = team_url.rsplit("/", 1)[1]
    with small_disk(pg_server.base / f"disk_{name}", "1m") as disk:
        if pg_server._owner is not None:
            os.chown(disk, *pg_server._owner)
        space = f"small_{name}"
        pg_server.admin(f"CREATE TABLESPACE {space} LOCATION '{disk}'")
        conn = pg_server.connect(name)
        try:
            with conn.cursor() as cur:
                cur.execute(f"ALTER TABLE article SET TABLESPACE {space}")
            with Corpus.open(team_url, tooling="tests") as corpus:
                corpus.set_user(None)
                (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
                big = [  # 4 x 0.7 MB that does not compress
                    ArticleDraft(text=" ".join(secrets.token_hex(8) for _ in range(40_000)))
                    for _ in range(4)
                ]
                with pytest.raises(
                    DiskFull, match=r"disk is full: nothing of this import of big\.jsonl"
                ):
                    corpus.import_drafts(big, origin="big.jsonl", detect_language=False)
                assert corpus.stats()["articles"] == 1
                corpus.add_span(art, "alice", 0, 5, "PERSON")  # the corpus goes on
        finally:
            with conn.cursor() as cur:
                cur.execute("ALTER TABLE article SET TABLESPACE pg_default")
            conn.close()
            pg_server.admin(f"DROP TABLESPACE IF EXISTS {space}")


def test_a_lock_the_team_server_gives_up_on_is_corpus_locked(
    pg_server: PgServer, team_url: str
) -> None:
    name = team_url.rsplit("/", 1)[1]
    other = pg_server.connect(name)
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
        corpus._db.execute_sql("SET lock_timeout = '200ms'")  # (else a server waits forever)
        try:
            other.autocommit = False
            with other.cursor() as cur:
                cur.execute("LOCK TABLE span IN ACCESS EXCLUSIVE MODE")  # 55P03 for us
            with pytest.raises(CorpusLocked, match="another program is writing to the corpus"):
                corpus.add_span(art, "alice", 0, 5, "PERSON")
        finally:
            other.rollback()
            other.close()
        corpus.add_span(art, "alice", 0, 5, "PERSON")
        assert len(corpus.spans(art)) == 1


@pytest.mark.parametrize(
    ("code", "name", "error", "words"),
    [
        (13, "SQLITE_FULL", DiskFull, "the disk is full"),
        (266, "SQLITE_IOERR_READ", DiskError, "could not read or write"),
        (8, "SQLITE_READONLY", CorpusReadOnly, "is read-only"),
        (5, "SQLITE_BUSY", CorpusLocked, "another program is writing"),
        (6, "SQLITE_LOCKED", CorpusLocked, "another program is writing"),
        (11, "SQLITE_CORRUPT", CorpusDamaged, "is damaged"),
        (26, "SQLITE_NOTADB", CorpusDamaged, "is not a database"),
        (14, "SQLITE_CANTOPEN", StoreError, "cannot open"),
    ],
)
def test_each_sqlite_failure_of_the_file_has_its_words(
    code: int, name: str, error: type[StoreError], words: str
) -> None:
    # The errors SQLite's driver raises carry these codes; made here as the driver makes them.
    exc = sqlite3.OperationalError("driver text")
    exc.sqlite_errorcode, exc.sqlite_errorname = code, name
    found = failures.sqlite_error(exc, "/data/corpus.sqlite3")
    assert type(found) is error and words in str(found) and "/data/corpus.sqlite3" in str(found)
    syntax = sqlite3.OperationalError('near "SELEC": syntax error')
    syntax.sqlite_errorcode, syntax.sqlite_errorname = 1, "SQLITE_ERROR"
    assert failures.sqlite_error(syntax, "x") is None  # a statement's error is the store's


def test_no_damage_reaches_a_caller_as_anything_but_a_store_error(tmp_path: Path) -> None:
    """60 files damaged at random (seeded): bits flipped, runs zeroed, a page of noise, cut
    short. check_file never raises; every read raises the store's errors or nothing."""
    data = make_corpus(tmp_path / "source.sqlite3").read_bytes()
    rng = random.Random(11)
    for n in range(60):
        damaged = bytearray(data)
        how = ("flip", "zero", "noise", "cut")[n % 4]
        if how == "flip":
            for _ in range(rng.randint(1, 20)):
                damaged[rng.randrange(len(damaged))] ^= rng.randrange(1, 256)
        elif how == "zero":
            at = rng.randrange(len(damaged))
            damaged[at : at + 512] = bytes(len(damaged[at : at + 512]))
        elif how == "noise":
            page = rng.randrange(len(damaged) // 4096)
            damaged[page * 4096 : (page + 1) * 4096] = rng.randbytes(4096)
        else:
            damaged = damaged[: rng.randrange(len(damaged))]
        path = tmp_path / f"damaged{n}.sqlite3"
        path.write_bytes(bytes(damaged))
        assert isinstance(Corpus.check_file(path), list)
        try:
            with Corpus.open(path, tooling="tests") as corpus:
                corpus.stats()
                assert corpus.schema is not None
                list(corpus.documents())
                for art in corpus.article_ids():
                    corpus.article(art)
                    corpus.spans(art)
        except (StoreError, CorpusError):
            pass
