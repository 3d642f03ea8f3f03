"""A file imported in batches inside its one transaction (issue 15, ADR 0032): a failure at
the last record of a big file leaves the store as it was; what needs the whole file (unknown
labels, ids, repeated spans) is still judged over the whole file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.formats import BadRecords, UnknownLabelsError, jsonl
from annotator.store.corpus import Corpus
from tests.unit.test_import_bad_records import good, inside_grapheme

N = 2 * jsonl.BATCH + 500  # three batches


def write_records(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def snapshot(corpus: Corpus) -> tuple[Any, ...]:
    data = corpus.stats()
    return (data["articles"], data["spans"], data["annotators"], corpus.schema)


@pytest.fixture
def before(tmp_path: Path, corpus: Corpus) -> tuple[Any, ...]:
    """The corpus holds one file already, so 'unchanged' is not just 'empty'."""
    first = write_records(tmp_path / "first.jsonl", [good(n) for n in range(3)])
    assert formats.import_paths(corpus, [first], detect_language=False).ok
    return snapshot(corpus)


@pytest.mark.parametrize(
    "last",
    [
        pytest.param('{"text": "broken', id="the reader's"),
        pytest.param(json.dumps(inside_grapheme(N)), id="the store's"),
    ],
)
def test_a_bad_last_record_of_a_big_file_leaves_the_store_unchanged(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...], last: str
) -> None:
    path = write_records(tmp_path / "big.jsonl", [good(n) for n in range(3, N)])
    with path.open("a", encoding="utf-8") as fh:
        fh.write(last + "\n")
    report = formats.import_paths(corpus, [path], detect_language=False)
    (refused,) = report.rejected
    assert refused.line == N - 2  # named with its line, the last
    assert report.articles == 0
    assert snapshot(corpus) == before


def test_every_bad_record_of_a_big_file_is_named_first_50_in_full(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...]
) -> None:
    records = [inside_grapheme(n) if n % 40 == 0 else good(n) for n in range(3, N)]
    path = write_records(tmp_path / "big.jsonl", records)
    (refused,) = formats.import_paths(corpus, [path], detect_language=False).rejected
    assert isinstance(refused, BadRecords)
    bad = [n for n in range(3, N) if n % 40 == 0]
    assert [e.line for e in refused.problems] == [n - 2 for n in bad]  # batches 1 to 3
    assert f"{len(bad)} bad records" in str(refused)
    assert f"… and {len(bad) - BadRecords.SHOWN} more" in str(refused)
    assert snapshot(corpus) == before


def test_skip_invalid_keeps_the_good_records_of_every_batch(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...]
) -> None:
    records = [inside_grapheme(n) if n % 1000 == 0 else good(n) for n in range(3, N)]
    path = write_records(tmp_path / "big.jsonl", records)
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.ok
    assert report.articles == N - 3 - 2
    ((_, target, n),) = report.set_aside
    assert n == 2
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["g1000", "g2000"]


def test_a_label_first_used_in_the_last_batch_refuses_the_file_counted_over_all(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...]
) -> None:
    records = [good(n) for n in range(3, N)]
    for n in (N - 10, N - 20, 5):  # the first batch too
        records[n - 3]["spans"][0]["label"] = "MARTIAN"
    path = write_records(tmp_path / "big.jsonl", records)
    (refused,) = formats.import_paths(corpus, [path], detect_language=False).rejected
    assert isinstance(refused, UnknownLabelsError)
    assert refused.labels == {"MARTIAN": 3}
    assert refused.line == 5 - 2
    assert snapshot(corpus) == before

    report = formats.import_paths(corpus, [path], detect_language=False, add_labels=True)
    assert report.ok and report.labels_added == {"MARTIAN": 3}
    assert corpus.schema.has_label("MARTIAN")
    assert corpus.stats()["spans_by_label"]["MARTIAN"] == 3


def test_an_id_given_to_another_text_two_batches_later_is_refused(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...]
) -> None:
    records = [good(n) for n in range(3, N)]
    records[-1]["id"] = "a10"  # record of line 8 has it, with another text
    path = write_records(tmp_path / "big.jsonl", records)
    (refused,) = formats.import_paths(corpus, [path], detect_language=False).rejected
    assert refused.line == N - 3
    assert "was given to a different text at line 8" in refused.reason
    assert snapshot(corpus) == before


def test_a_record_repeated_in_a_later_batch_is_stored_once_and_said(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...]
) -> None:
    records = [good(n) for n in range(3, N)]
    records.append(good(4))  # the same record again, two batches later
    path = write_records(tmp_path / "big.jsonl", records)
    report = formats.import_paths(corpus, [path], detect_language=False)
    assert report.ok
    assert (report.articles, report.duplicates, report.spans) == (N - 3, 1, N - 3)
    assert any("1 identical span(s)" in note for note in report.notes)


def test_long_articles_make_smaller_batches_and_move_the_progress(
    tmp_path: Path, corpus: Corpus
) -> None:
    """Batches end at :data:`jsonl.BATCH_BYTES` of lines too: 30 articles of ~300 KB are
    three batches (not one of 9 MB), and the progress moves after each."""
    body = "Putin menelepon Kim. " * 15_000  # ~315 KB
    records = [{"id": f"long{k}", "text": f"{k} {body}"} for k in range(30)]
    path = write_records(tmp_path / "long.jsonl", records)
    bad: list[Any] = []
    sizes = [len(b) for b in jsonl.read_batches(path, bad)]
    assert bad == [] and sum(sizes) == 30
    per_batch = -(-jsonl.BATCH_BYTES // len(json.dumps(records[0])))
    assert sizes == [per_batch] * (30 // per_batch) + ([30 % per_batch] if 30 % per_batch else [])
    seen: list[int] = []
    report = formats.import_paths(
        corpus, [path], detect_language=False, progress=lambda done, total, p: seen.append(done)
    )
    assert report.ok and report.articles == 30
    assert len(set(seen)) >= 3  # the bar moved before the end, batch by batch


def test_an_id_a_stored_article_has_with_another_text_is_refused(
    tmp_path: Path, corpus: Corpus, before: tuple[Any, ...]
) -> None:
    """One id names one article across files too (else the corpus's export holds one id
    for two texts and cannot be read back): a later file's record with a stored article's
    id and another text is a bad record, named with the others; the same text is the same
    article ("already in the corpus")."""
    again = {**good(1), "text": "Teks lain sama sekali: Putin menelepon Kim."}  # good(1)'s id
    lines = [good(2), good(7), again, {"id": "fresh", "text": "Kim menjawab."}]
    path = write_records(tmp_path / "later.jsonl", lines)
    report = formats.import_paths(corpus, [path], detect_language=False)
    (err,) = report.rejected
    assert f"{path}:3: " in str(err)
    assert "\"id\" 'a1' is already that of article" in str(err)
    assert "one id names one article" in str(err)
    assert snapshot(corpus) == before
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.articles == 2 and len(report.set_aside) == 1  # a7 and "fresh"
    (_, target, n) = report.set_aside[0]
    assert n == 1 and json.loads(target.read_text(encoding="utf-8"))["id"] == "a1"
    # and the corpus exports to a file that reads back
    out = tmp_path / "all.jsonl"
    formats.export(corpus, "jsonl", out)
    fresh = Corpus.open(tmp_path / "again.sqlite3", tooling="test")
    try:
        assert formats.import_paths(fresh, [out], detect_language=False).ok
    finally:
        fresh.close()
