"""Another user's schema edit is never undone by a stale copy of the schema (issue 11).

A process keeps the label schema it read; writes check labels against the stored schema in
their own transaction, so a label removed by another connection is refused at once, and a
schema edit racing an edit that uses the label never lets both through. ``db check`` finds
spans whose label the schema no longer has. Runs on SQLite and on the PostgreSQL server.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft
from annotator.core.schema import LabelSchema
from annotator.store.corpus import Corpus
from tests.conftest import Peek

TEXT = "Putin bertemu Trump di Alaska. Kata Trump, Alaska indah."
ALASKA = (TEXT.find("Alaska"), TEXT.find("Alaska") + len("Alaska"))
TRUMP = (TEXT.find("Trump"), TEXT.find("Trump") + len("Trump"))


def add_article(corpus: Corpus) -> int:
    return corpus.import_drafts([ArticleDraft(text=TEXT, title="t")], origin="t").article_ids[0]


def stored(peek: Peek) -> LabelSchema:
    ((value,),) = peek("SELECT value FROM meta WHERE key = 'label_schema'")
    return LabelSchema.from_json(value)


def drop_label_elsewhere(poke: Peek, label: str) -> None:
    """Another user's app removes ``label`` from the stored schema (a second connection)."""
    schema = stored(poke).without_label(label)
    poke("UPDATE meta SET value = ? WHERE key = 'label_schema'", (schema.to_json(),))


def test_a_label_another_user_removed_is_refused_though_this_process_still_has_it(
    corpus: Corpus, poke: Peek, peek: Peek
) -> None:
    art = add_article(corpus)
    trump = min(corpus.add_span(art, "alice", *TRUMP, "PERSON").spans_added)
    assert corpus.schema.has_label("GPE")  # read and kept by this process
    drop_label_elsewhere(poke, "GPE")
    with pytest.raises(CorpusError, match="GPE"):
        corpus.add_span(art, "alice", *ALASKA, "GPE")
    with pytest.raises(CorpusError, match="GPE"):
        corpus.update_span(trump, "alice", label="GPE")
    assert peek("SELECT label FROM span ORDER BY id") == [("PERSON",)]
    assert not corpus.schema.has_label("GPE")  # the write's read brought the copy up to date
    assert corpus.check() == []


def test_a_schema_edit_applies_to_the_stored_schema_not_a_stale_copy(
    corpus: Corpus, poke: Peek
) -> None:
    """Another user removed GPE; this process, unaware, recolours PERSON: GPE stays gone."""
    assert corpus.schema.has_label("GPE")
    drop_label_elsewhere(poke, "GPE")
    corpus.update_label("PERSON", color="#123456")
    after = stored(poke)
    assert not after.has_label("GPE")
    assert next(label for label in after.labels if label.name == "PERSON").color == "#123456"


def test_reload_schema_says_when_another_user_changed_it(corpus: Corpus, poke: Peek) -> None:
    corpus.schema  # noqa: B018  (read once, as the window does)
    assert corpus.reload_schema() is False
    drop_label_elsewhere(poke, "GPE")
    assert corpus.reload_schema() is True
    assert not corpus.schema.has_label("GPE")


def test_check_reports_spans_whose_label_is_not_in_the_schema(corpus: Corpus, poke: Peek) -> None:
    art = add_article(corpus)
    span = min(corpus.add_span(art, "alice", *ALASKA, "GPE").spans_added)
    corpus.add_span(art, "alice", *TRUMP, "PERSON")
    drop_label_elsewhere(poke, "GPE")  # behind the store's back: its refusal is bypassed
    problems = corpus.check()
    assert problems == [f"span {span} in article {art}: label 'GPE' is not in the label schema"], (
        problems
    )


def test_a_schema_edit_is_logged_so_other_windows_see_it(corpus: Corpus, peek: Peek) -> None:
    before = corpus.revision()
    corpus.set_schema(corpus.schema.without_label("GPE"), by="alice")
    assert corpus.revision() > before
    assert peek("SELECT action, annotator FROM event ORDER BY id DESC LIMIT 1") == [
        ("schema", "alice")
    ]


# ---------------------------------------------------------------- a schema edit racing an add
@contextmanager
def schema_row_held(corpus: Corpus, target: str, backend: str) -> Iterator[Callable[[], int]]:
    """A second connection holds what a schema-checking write needs (SQLite: the write lock;
    the server: a lock on the schema's row) until the block ends. Yields a function counting
    the writes of this database now waiting for it (the server says; SQLite cannot)."""
    if backend == "sqlite":
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield lambda: -1
        finally:
            conn.execute("COMMIT")
            conn.close()
        return
    import psycopg2

    conn = psycopg2.connect(target)
    watch = psycopg2.connect(target)
    watch.autocommit = True

    def waiting() -> int:
        with watch.cursor() as cur:
            cur.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            return int(cur.fetchone()[0])

    try:
        with conn.cursor() as cur:
            cur.execute("SELECT value FROM meta WHERE key = 'label_schema' FOR UPDATE")
        yield waiting
    finally:
        conn.commit()
        conn.close()
        watch.close()


@pytest.mark.parametrize("edit", ["set_schema", "delete_label"])
def test_a_schema_edit_removing_a_label_and_an_add_using_it_never_both_succeed(
    corpus: Corpus, corpus_target: str, backend: str, peek: Peek, edit: str
) -> None:
    """Both start while a second connection holds the schema; it lets go; they race. Either
    the add commits first and the edit is refused (the label is in use), or the edit commits
    first and the add is refused (no such label): never both."""
    art = add_article(corpus)
    corpus.annotator_id("alice")
    outcome: dict[str, Any] = {}
    start = threading.Barrier(3)

    def run(name: str, op: Callable[[], object]) -> None:
        start.wait()
        try:
            op()
            outcome[name] = "saved"
        except CorpusError as exc:
            outcome[name] = f"refused: {exc}"
        finally:
            corpus.close_thread_connection()

    def remove() -> object:
        if edit == "set_schema":
            return corpus.set_schema(corpus.schema.without_label("GPE"))
        return corpus.delete_label("GPE")

    def add() -> object:
        return corpus.add_span(art, "alice", *ALASKA, "GPE")

    threads = [threading.Thread(target=run, args=a) for a in (("add", add), ("edit", remove))]
    with schema_row_held(corpus, corpus_target, backend) as waiting:
        for t in threads:
            t.start()
        start.wait()
        deadline = time.monotonic() + (0.5 if backend == "sqlite" else 5)
        while time.monotonic() < deadline and waiting() < 2:
            time.sleep(0.02)
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcome) == ["add", "edit"], outcome
    saved = [name for name, what in outcome.items() if what == "saved"]
    assert len(saved) == 1, outcome
    has_gpe = stored(peek).has_label("GPE")
    gpe_spans = peek("SELECT COUNT(*) FROM span WHERE label = 'GPE'")[0][0]
    assert (has_gpe, gpe_spans) == ((True, 1) if saved == ["add"] else (False, 0))
    assert corpus.check() == []


def test_an_import_with_a_label_another_user_removed_is_refused_and_changes_nothing(
    corpus: Corpus, poke: Peek, peek: Peek
) -> None:
    from annotator.core.importing import DraftRejected
    from annotator.core.model import SpanDraft

    assert corpus.schema.has_label("GPE")
    drop_label_elsewhere(poke, "GPE")
    draft = ArticleDraft(
        text=TEXT, title="t", annotator="alice", spans=[SpanDraft("s1", *ALASKA, "GPE")], line=3
    )
    with pytest.raises(DraftRejected, match="GPE"):
        corpus.import_drafts([draft], origin="labels.jsonl")
    assert peek("SELECT COUNT(*) FROM article") == [(0,)]
    assert peek("SELECT COUNT(*) FROM span") == [(0,)]
