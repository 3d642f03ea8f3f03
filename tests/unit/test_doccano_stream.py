"""doccano files are read twice, never held (ADR 0042): records that share a text are merged
into the first one's article even when the first went to the store batches earlier, memory
is a digest per text and not the file, a JSON list is read a record at a time with its note,
and a file that changes between the passes is refused."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import orjson
import pytest

from annotator.formats import doccano
from annotator.formats.common import FormatError


def _rec(k: int, text: str | None = None) -> dict[str, object]:
    return {
        "id": f"r{k}",
        "text": text or f"Prabowo mengirim {k} pasukan ke Gaza, kata juru bicara {k}.",
        "label": [[0, 7, "PERSON"]],
        "annotator": "ana",
        "meta": {"n": k},
    }


def _lines(path: Path, recs: list[dict[str, object]]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in recs) + b"\n")
    return path


def test_a_text_met_again_batches_later_is_merged_into_the_first(tmp_path: Path) -> None:
    recs = [_rec(k) for k in range(50)]
    recs.append(_rec(50, text=str(recs[3]["text"])))
    recs.append(_rec(51, text=str(recs[3]["text"])))
    path = _lines(tmp_path / "d.jsonl", recs)
    notes: list[str] = []
    batches = list(doccano.read_batches(path, [], notes=notes, size=10))
    assert [len(b) for b in batches] == [10, 10, 10, 10, 10, 2]
    first = batches[0][3]
    assert first.meta["merged_records"] == [
        {"at": "line 51", "id": "r50", "meta": {"n": 50}},
        {"at": "line 52", "id": "r51", "meta": {"n": 51}},
    ]
    assert notes[0].startswith("2 record(s) share their text with an earlier record")
    whole = doccano.read(path)
    assert [(d.external_id, d.meta) for d in whole] == [
        (d.external_id, d.meta) for b in batches for d in b
    ]


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        assert sum(len(b) for b in doccano.read_batches(path, [], size=25))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_is_a_digest_per_text_not_the_file(tmp_path: Path) -> None:
    """What grows with the records is a digest of each text and of each id: ~300 bytes a
    record (held as drafts, each took ~1.5 KB)."""
    small = _peak(_lines(tmp_path / "s.jsonl", [_rec(k) for k in range(3000)]))
    large = _peak(_lines(tmp_path / "l.jsonl", [_rec(k) for k in range(6000)]))
    assert (large - small) / 3000 < 600, (small, large)


def test_a_json_list_is_read_a_record_at_a_time_with_its_note(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_bytes(orjson.dumps([_rec(k) for k in range(30)] + [5], option=orjson.OPT_INDENT_2))
    bad: list[FormatError] = []
    notes: list[str] = []
    made = [d for b in doccano.read_batches(path, bad, notes=notes) for d in b]
    assert [d.where for d in made[:2]] == ["record 1", "record 2"] and len(made) == 30
    assert [e.reason for e in bad] == ["record 31: a record must be a JSON object"]
    assert notes == ["this is a JSON document, not JSON Lines: read its 31 record(s) as a list"]


def test_a_file_changed_between_the_passes_is_refused(tmp_path: Path) -> None:
    path = _lines(tmp_path / "d.jsonl", [_rec(k) for k in range(30)])
    seen: list[int] = []

    def pause() -> None:  # called before each record of both passes
        seen.append(1)
        if len(seen) == 30:  # the last record of the first pass: the file is rewritten
            path.write_bytes(path.read_bytes().replace(b"Prabowo", b"Prabowi", 1))

    with pytest.raises(FormatError, match="changed while it was read"):
        for _ in doccano.read_batches(path, [], pause=pause):
            pass


def test_an_import_refusing_bad_records_names_the_dialect(tmp_path: Path) -> None:
    """Read as the import needs it, a doccano file with bad records is still refused naming
    the dialect expected (as the whole-file read did), and the corpus is unchanged."""
    from annotator import formats
    from annotator.store.corpus import Corpus

    recs: list[dict[str, object]] = [_rec(k) for k in range(5)]
    recs[1]["label"] = "PERSON"
    recs[3]["label"] = [[0, 99, "PERSON"]]
    path = _lines(tmp_path / "d.jsonl", recs)
    with Corpus.open(tmp_path / "c.db", tooling="tests") as corpus:
        report = formats.import_paths(corpus, [path], "doccano", detect_language=False)
        assert not report.ok
        (refusal,) = report.rejected
        assert "2 bad records (expected doccano" in str(refusal), refusal
        assert corpus.article_count() == 0
