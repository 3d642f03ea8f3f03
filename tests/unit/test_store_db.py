"""Opening, migrating, backing up and checking corpus files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import ArticleDraft
from annotator.store import db as store_db
from annotator.store import tables
from annotator.store.corpus import Corpus
from annotator.store.db import SCHEMA_VERSION, StoreError
from tests.conftest import TRICKY, Peek


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


def test_only_one_corpus_open_per_process(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="already open"):
        Corpus.open(tmp_path / "other.sqlite3")


def test_a_file_that_is_not_a_corpus_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, not a database")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Corpus.open(junk)
    assert junk.read_text() == "hello, not a database"
    with pytest.raises(StoreError, match="folder"):
        Corpus.open(tmp_path)


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
    with Corpus.open(db_path) as corpus:
        assert [r.id for r in corpus.article_rows(search="Alaska")] == [1]  # index built
    (backup,) = db_path.parent.glob(db_path.name + ".v1-*.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 1


def test_a_newer_corpus_is_refused(db_path: Path) -> None:
    with Corpus.open(db_path):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this Annotator"):
        Corpus.open(db_path)


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
