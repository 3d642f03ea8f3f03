"""The JSONL import's quick paths and its reader thread (issue 15, ADR 0036).

A well-formed line is parsed from its bytes, a plain span taken in one test, a common span
validated without re-running every check: each must give exactly what the full path gives,
on records of every kind, good and bad. The records are read and checked on a thread of their
own while the writer writes: an error on either side stops both and rolls everything back.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.core.importing import DraftRejected, DraftsRejected, UnknownLabels
from annotator.core.model import ArticleDraft, SpanDraft
from annotator.core.schema import default_schema
from annotator.core.validate import DraftError, validate_draft
from annotator.formats import jsonl
from annotator.formats.common import BOM
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY

PUTIN = TRICKY.index("Putin")
TRUMP = TRICKY.index("Trump")
FAMILY = TRICKY.index("👨")  # a ZWJ family: one grapheme of 5 code points


def varied(n: int, key: Any) -> dict[str, Any]:
    """Record ``n`` of a file with every kind of record; ``key(i)`` is a span's id."""
    kind = n % 9
    text = f"Berita {n}: Putin menelepon Kim di Jakarta."
    if kind == 0:  # emoji, flags, combining marks; spans on grapheme boundaries
        text = f"{n} {TRICKY}"
        at = len(str(n)) + 1
        spans = [
            {"id": key(1), "start": at + PUTIN, "end": at + PUTIN + 5, "label": "PERSON"},
            {
                "id": key(2),
                "start": at + TRUMP,
                "end": at + TRUMP + 5,
                "label": "PERSON",
                "text": "Trump",
            },
            {"id": key(3), "start": at + FAMILY, "end": at + FAMILY + 5, "label": "NORP"},
        ]
        return {"id": f"e{n}", "text": text, "annotator": "alice", "spans": spans}
    start = text.index("Putin")
    person = {"id": key(1), "start": start, "end": start + 5, "label": "PERSON", "text": "Putin"}
    claim = {"id": key(2), "start": 0, "end": len(text) - 1, "label": "CLAIM"}
    if kind == 1:  # a claim with attributes and its speaker
        claim["attributes"] = {"claim_type": "promise", "check_worthy": True}
        return {
            "id": f"c{n}",
            "text": text,
            "annotator": "bob",
            "status": "in_progress",
            "spans": [person, claim],
            "relations": [{"head": key(2), "child": key(1), "label": "SAID_BY"}],
        }
    if kind == 2:  # an export read back: empty attributes, origins, meta
        person["attributes"] = {}
        claim["origin"] = "model:ner-7"
        return {
            "id": f"x{n}",
            "text": text,
            "meta": {
                "title": "Judul",
                "source": "Antara",
                "url": None,
                "language": "id",
                "language_confidence": 0.5,
                "desk": {"name": "politik", "n": n},
            },
            "annotator": "carol",
            "status": "done",
            "spans": [person, claim],
            "relations": [],
        }
    if kind == 3:  # CRLF line ends: remapped
        crlf = f"Baris {n}\r\nPutin di sini.\r\n"
        at = crlf.index("Putin")
        return {
            "id": f"r{n}",
            "text": crlf,
            "annotator": "alice",
            "spans": [{"id": key(1), "start": at, "end": at + 5, "label": "PERSON"}],
        }
    if kind == 4:  # text only, no annotator
        return {"id": f"t{n}", "text": text}
    if kind == 5:  # the text of record n - 1 again, labelled by someone else
        again = varied(n - 1, key)
        again["annotator"] = "dave"
        return again
    if kind == 6:  # bad: a span ending inside the family emoji (the store's check)
        emoji = f"{n} {TRICKY}"
        at = len(str(n)) + 1
        spans = [
            {"id": key(1), "start": at + PUTIN, "end": at + PUTIN + 5, "label": "PERSON"},
            {"id": key(2), "start": at + FAMILY, "end": at + FAMILY + 2, "label": "PERSON"},
        ]
        return {"id": f"g{n}", "text": emoji, "annotator": "alice", "spans": spans}
    if kind == 7:  # bad: the stated text is not what the offsets cover (second of its label)
        other = {"id": key(3), "start": start, "end": start + 3, "label": "PERSON", "text": "Kim"}
        return {"id": f"s{n}", "text": text, "annotator": "alice", "spans": [person, other]}
    return {  # bad for the reader: offsets that are not integers
        "id": f"f{n}",
        "text": text,
        "annotator": "alice",
        "spans": [{"id": key(1), "start": "0", "end": 5, "label": "PERSON"}],
    }


def write(path: Path, records: list[dict[str, Any]], *, full: bool) -> Path:
    """The records, one per line; ``full``: each line opens with a byte order mark, which
    orjson refuses and the decoding drops, so every line takes the full path."""
    lines = [(BOM if full else b"") + json.dumps(r, ensure_ascii=False).encode() for r in records]
    lines.insert(5, b'{"text": "broken')  # and a line that is not JSON
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What the store holds, less the moments of writing."""
    queries = {
        "article": "SELECT id, external_id, title, source, url, published, text, sha256, "
        "language, language_confidence, meta, story_id FROM article ORDER BY id",
        "span": 'SELECT id, article_id, annotator_id, start, "end", label, layer, text, '
        "attributes, origin, cluster_id FROM span ORDER BY id",
        "relation": "SELECT article_id, annotator_id, head_id, child_id, label FROM relation "
        "ORDER BY id",
        "status": "SELECT article_id, annotator_id, status FROM article_status "
        "ORDER BY article_id, annotator_id",
        "annotator": "SELECT id, name FROM annotator ORDER BY id",
        "search": "SELECT rowid FROM article_fts WHERE article_fts MATCH 'putin OR kim' "
        "ORDER BY rowid",
    }
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        conn.close()


def import_file(db: Path, path: Path) -> formats.ImportReport:
    with Corpus.open(db, tooling="tests") as corpus:
        return formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)


def test_quick_paths_store_what_the_full_path_stores(tmp_path: Path) -> None:
    """Two batches of varied records, good and bad, read once by the quick paths (plain
    lines, string span ids) and once by the full path (every line opening with a byte order
    mark, integer span ids): the same rows, the same refusals, the same search answers."""
    n = jsonl.BATCH + 300
    quick = write(tmp_path / "quick.jsonl", [varied(i, str) for i in range(n)], full=False)
    full = write(tmp_path / "full.jsonl", [varied(i, int) for i in range(n)], full=True)

    a = import_file(tmp_path / "a.sqlite3", quick)
    b = import_file(tmp_path / "b.sqlite3", full)

    assert a.ok and b.ok
    assert (a.articles, a.spans, a.relations) == (b.articles, b.spans, b.relations)
    assert a.articles > 700 and a.relations > 100
    assert a.results[0].refused == b.results[0].refused  # the store's, (line, reason)
    rejected_a = [json.loads(x)["_rejected"] for x in a.set_aside[0][1].read_text().splitlines()]
    rejected_b = [json.loads(x)["_rejected"] for x in b.set_aside[0][1].read_text().splitlines()]
    assert all(r.startswith("quick.jsonl:") for r in rejected_a)  # each names its file
    assert [r.removeprefix("quick") for r in rejected_a] == [
        r.removeprefix("full") for r in rejected_b
    ]
    assert len(rejected_a) == 1 + 3 * (n // 9)  # the broken line, kinds 6, 7 and 8
    assert any("cuts a character apart" in r for r in rejected_a)
    assert any("not the stated text 'Kim'" in r for r in rejected_a)
    assert any('"start" must be an integer, not a string' in r for r in rejected_a)
    assert contents(tmp_path / "a.sqlite3") == contents(tmp_path / "b.sqlite3")


BAD_SECOND = [
    pytest.param(f"{TRICKY}", FAMILY, FAMILY + 2, None, id="ends inside a grapheme"),
    pytest.param(f"{TRICKY}", FAMILY + 1, FAMILY + 5, None, id="starts inside a grapheme"),
    pytest.param(f"{TRICKY}", PUTIN, PUTIN + 5, "Putih", id="not the stated text (emoji)"),
    pytest.param("Putin bertemu Kim.", 0, 5, "Putih", id="not the stated text (ASCII)"),
    pytest.param("Putin bertemu Kim.", 14, 30, None, id="past the end"),
    pytest.param("Putin bertemu Kim.", 5, 5, None, id="empty"),
    pytest.param("Putin bertemu Kim.", -1, 5, None, id="negative"),
    pytest.param("Putin bertemu Kim.", True, 5, None, id="true/false"),
    pytest.param("Putin bertemu Kim.", 0.0, 5, None, id="a float"),
]


@pytest.mark.parametrize(("text", "start", "end", "stated"), BAD_SECOND)
def test_a_bad_span_after_a_good_one_of_its_label_is_refused_as_when_first(
    text: str, start: Any, end: Any, stated: str | None
) -> None:
    """The store's check takes a span whose label it has seen in the record in one test;
    a bad one must still be refused, with the message it gets when it comes first."""
    schema = default_schema()
    at = TRUMP if text == TRICKY else text.index("Kim")
    good = SpanDraft("g", at, at + 3, "PERSON")
    bad = SpanDraft("b", start, end, "PERSON", stated)
    validate_draft(ArticleDraft(text=text, annotator="alice", spans=[good]), schema)
    with pytest.raises(DraftError) as alone:
        validate_draft(ArticleDraft(text=text, annotator="alice", spans=[bad]), schema)
    with pytest.raises(DraftError) as second:
        validate_draft(ArticleDraft(text=text, annotator="alice", spans=[good, bad]), schema)
    assert str(second.value) == str(alone.value)


def test_bad_attributes_on_a_later_span_of_a_label_are_refused() -> None:
    schema = default_schema()
    text = "Putin berjanji akan datang."
    first = SpanDraft("a", 0, 5, "CLAIM")
    bad = SpanDraft("b", 6, 13, "CLAIM", attributes={"claim_type": "rumour"})
    with pytest.raises(DraftError) as alone:
        validate_draft(ArticleDraft(text=text, annotator="alice", spans=[bad]), schema)
    with pytest.raises(DraftError) as second:
        validate_draft(ArticleDraft(text=text, annotator="alice", spans=[first, bad]), schema)
    assert str(second.value) == str(alone.value) and "rumour" in str(alone.value)


# ------------------------------------------------------------------ the reader thread


def records(n: int, start: int = 0) -> list[ArticleDraft]:
    return [
        ArticleDraft(
            text=f"Berita {i}: Putin menelepon Kim.",
            external_id=f"p{i}",
            annotator="alice",
            spans=[SpanDraft("s", 11, 16, "PERSON")],
        )
        for i in range(start, start + n)
    ]


class Feed:
    """Batches of records, then (when given) an error raised by the reading itself."""

    skip_invalid = False

    def __init__(self, batches: list[list[ArticleDraft]], error: BaseException | None) -> None:
        self.batches_given = batches
        self.error = error
        self.read: list[int] = []

    def batches(self, pause: Any = None) -> Iterator[Sequence[ArticleDraft]]:
        for n, batch in enumerate(self.batches_given):
            self.read.append(n)
            yield batch
        if self.error is not None:
            raise self.error

    def has_bad(self) -> bool:
        return False

    def settle(self, refused: list[tuple[int, int, str]], unknown: UnknownLabels | None) -> None:
        if unknown is not None:
            raise unknown
        if refused:
            raise DraftsRejected(refused)


def readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-reader"]


def articles(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM article").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A corpus that holds three articles already (so 'unchanged' is not just 'empty')."""
    path = tmp_path / "corpus.sqlite3"
    with Corpus.open(path, tooling="tests") as corpus:
        corpus.import_drafts(records(3, start=1000), origin="first", detect_language=False)
    return path


def test_an_error_of_the_reading_after_a_batch_was_written_rolls_it_back(db: Path) -> None:
    """The third batch's reading fails once the first was written (the writer takes the
    second before it writes the first): the error is raised by the import itself, every
    batch is rolled back, and the reader thread is gone."""
    error = OSError("the disk went away")
    feed = Feed([records(50), records(50, start=50)], error)
    with Corpus.open(db, tooling="tests") as corpus:
        with pytest.raises(OSError) as raised:
            corpus.import_feed(feed, origin="x", detect_language=False)
        assert raised.value is error
        assert corpus.import_drafts(records(2, 500), origin="y", detect_language=False).articles
    assert feed.read == [0, 1]
    assert articles(db) == 3 + 2  # the next import works; nothing of the failed one stayed
    assert readers() == []


def test_a_refused_record_of_the_reading_stops_the_import_with_its_own_error(db: Path) -> None:
    error = DraftRejected(7, "the reader refused this record")
    feed = Feed([records(50)] * 3, error)
    with Corpus.open(db, tooling="tests") as corpus, pytest.raises(DraftRejected) as raised:
        corpus.import_feed(feed, origin="x", detect_language=False)
    assert raised.value is error
    assert articles(db) == 3
    assert readers() == []


def test_an_error_of_the_writer_stops_the_reader_ahead_of_it(db: Path) -> None:
    """The writer fails on the second of many batches while the reader is ahead of it,
    waiting to hand over the next: the reader is stopped (no deadlock), its thread ends, and
    the store is as it was."""
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON article WHEN NEW.external_id = 'p15' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    conn.commit()
    conn.close()
    feed = Feed([records(10, start=10 * i) for i in range(40)], None)
    with Corpus.open(db, tooling="tests") as corpus, pytest.raises(Exception, match="boom"):
        corpus.import_feed(feed, origin="x", detect_language=False)
    assert len(feed.read) < 40  # stopped before the end
    assert articles(db) == 3
    assert readers() == []


class Cancelled(Exception):
    pass


def test_a_cancel_from_the_progress_mid_file_leaves_the_store_unchanged(
    tmp_path: Path, db: Path
) -> None:
    """The progress is told of the first batch from the reading; raising there (a cancel)
    ends the import of a three-batch file: nothing of it stays."""
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"id": f"b{i}", "text": f"Kabar {i}: Putin.", "annotator": "alice"})
        for i in range(2 * jsonl.BATCH + 500)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    told: list[int] = []

    def progress(done: int, total: int, _path: Path) -> None:
        told.append(done)
        if 0 < done < total:
            raise Cancelled

    with Corpus.open(db, tooling="tests") as corpus, pytest.raises(Cancelled):
        formats.import_paths(corpus, [path], detect_language=False, progress=progress)
    assert len(told) == 1
    assert articles(db) == 3
    assert readers() == []
