"""The JSONL importer: the canonical record, line-numbered errors, CRLF remapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.core.model import Status
from annotator.formats import jsonl
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY


def record(text: str = TRICKY, **extra: Any) -> dict[str, Any]:
    return {"id": "a1", "text": text, "meta": {"title": "T"}, **extra}


def span(doc: str, part: str, label: str, key: str, **extra: Any) -> dict[str, Any]:
    start = doc.index(part)
    return {"id": key, "start": start, "end": start + len(part), "label": label, **extra}


def write_jsonl(tmp_path: Path, lines: list[Any], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    out = [x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def rejected(corpus: Corpus, path: Path, line: int) -> str:
    """Import ``path`` expecting a rejection at ``line``; the corpus must not change."""
    before = corpus.stats()
    report = formats.import_paths(corpus, [path], detect_language=False)
    assert not report.ok and not report.results
    assert corpus.stats() == before
    (err,) = report.rejected
    assert (err.path, err.line) == (path, line)
    assert str(err).startswith(f"{path}:{line}: ")
    return err.reason


GOOD = [record(f"Berita nomor {n}: Putin bertemu Trump.", id=f"g{n}") for n in range(3)]


# ---------------------------------------------------------------- reading


def test_fields_meta_language_and_status(tmp_path: Path) -> None:
    rec = {
        "id": 7,
        "text": TRICKY,
        "meta": {
            "title": "Judul",
            "source": "CNN Indonesia",
            "url": "https://x.test/a",
            "published": "2025-08-13",
            "language": "id",
            "story": "alaska",
            "section": {"name": "dunia"},
        },
        "annotator": "alice",
        "status": "in_progress",
        "spans": [span(TRICKY, "Putin", "PERSON", "p"), {"start": 0, "end": 1, "label": "ORG"}],
    }
    (draft,) = formats.read(write_jsonl(tmp_path, ["", rec]))
    assert draft.line == 2  # the blank first line counts
    assert (draft.external_id, draft.title, draft.source) == ("7", "Judul", "CNN Indonesia")
    assert (draft.url, draft.published) == ("https://x.test/a", "2025-08-13")
    assert (draft.language, draft.language_confidence) == ("id", 1.0)
    assert draft.meta == {"story": "alaska", "section": {"name": "dunia"}}
    assert draft.status is Status.IN_PROGRESS
    assert [s.key for s in draft.spans] == ["p", "1"]  # a missing id is the span's index
    assert draft.spans[1].text is None


def test_no_language_means_detect_and_no_title_means_derived(tmp_path: Path) -> None:
    rec = {"text": "Putin bertemu Trump di Alaska.", "meta": {"language": "unknown"}}
    (draft,) = formats.read(write_jsonl(tmp_path, [rec]))
    assert draft.language is None and draft.language_confidence is None
    assert draft.title == "Putin bertemu Trump di Alaska."
    assert draft.external_id == "" and draft.annotator is None


def test_annotator_option_fills_records_that_name_none(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [record(), record(annotator="alice"), record(annotator=None)])
    drafts = formats.read(path, annotator="bob")
    # The record's own annotator wins; --annotator only names the anonymous ones.
    assert [d.annotator for d in drafts] == ["bob", "alice", "bob"]
    assert [d.annotator for d in formats.read(path)] == [None, "alice", None]


def test_blank_lines_and_crlf_line_ends_between_records(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    body = "\r\n".join(json.dumps(r) for r in GOOD)
    path.write_bytes(b"\xef\xbb\xbf" + f"\r\n  \r\n{body}\r\n\r\n".encode())
    drafts = formats.read(path)
    assert [d.line for d in drafts] == [3, 4, 5]
    assert [d.text for d in drafts] == [r["text"] for r in GOOD]


def test_crlf_text_is_normalised_and_spans_remapped(tmp_path: Path, corpus: Corpus) -> None:
    raw = "Judul\r\n\r\nPutin 😀 berkata\r\nTrump\rdatang ke Alaska.\r\n"
    spans = [
        span(raw, "Putin", "PERSON", "p"),
        span(raw, "berkata\r\nTrump", "CLAIM", "c", text="berkata\r\nTrump"),
        span(raw, "Alaska", "GPE", "g", text="Alaska"),
    ]
    rec = record(raw, annotator="alice", spans=spans)
    (draft,) = formats.read(write_jsonl(tmp_path, [rec]))
    lf = "Judul\n\nPutin 😀 berkata\nTrump\ndatang ke Alaska.\n"
    assert draft.text == lf
    covered = [lf[s.start : s.end] for s in draft.spans]
    assert covered == ["Putin", "berkata\nTrump", "Alaska"]
    assert [s.text for s in draft.spans] == [None, "berkata\nTrump", "Alaska"]

    report = formats.import_paths(corpus, [write_jsonl(tmp_path, [rec])], detect_language=False)
    assert report.ok, report.rejected
    (art_id,) = corpus.article_ids()
    assert corpus.article(art_id).text == lf
    assert sorted(s.text for s in corpus.spans(art_id, "alice")) == sorted(covered)


def test_crlf_span_ending_between_cr_and_lf_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    raw = "Judul\r\nPutin datang.\r\n"
    bad = {"id": "x", "start": 7, "end": 21, "label": "CLAIM"}  # "Putin datang.\r" | "\n"
    assert raw[7:21] == "Putin datang.\r"
    path = write_jsonl(tmp_path, [*GOOD, record(raw, annotator="alice", spans=[bad])])
    reason = rejected(corpus, path, 4)
    assert "span x" in reason and "between the CR and LF" in reason


def test_crlf_span_with_wrong_text_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    raw = "Judul\r\nPutin datang.\r\n"
    bad = {"start": 7, "end": 12, "label": "PERSON", "text": "Trump"}
    path = write_jsonl(tmp_path, [record(raw, annotator="alice", spans=[bad])])
    reason = rejected(corpus, path, 1)
    assert "'Putin'" in reason and "'Trump'" in reason


# ---------------------------------------------------------------- bad input: file:line


def test_malformed_json_names_the_line(tmp_path: Path, corpus: Corpus) -> None:
    path = write_jsonl(tmp_path, [*GOOD[:2], '{"text": "ok", "meta": {', GOOD[2]])
    reason = rejected(corpus, path, 3)
    assert reason.startswith("malformed JSON at column")


def test_bad_last_line_rejects_the_whole_file(tmp_path: Path, corpus: Corpus) -> None:
    path = write_jsonl(tmp_path, [*GOOD, "{not json"])
    rejected(corpus, path, 4)
    assert corpus.article_count() == 0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[1, 2]", "must be a JSON object, not an array"),
        ('"text"', "must be a JSON object, not a string"),
        ("null", "must be a JSON object, not null"),
        ('{"id": "x"}', 'no "text"'),
        ('{"text": 5}', '"text" must be a string, not a number'),
        ('{"text": "   "}', "text is empty"),
        ('{"text": "ok", "meta": []}', '"meta" must be an object'),
        ('{"text": "ok", "meta": {"title": 3}}', 'meta "title" must be a string'),
        ('{"text": "ok", "id": true}', '"id" must be a string or an integer'),
        ('{"text": "ok", "annotator": 1}', '"annotator" must be a string'),
        ('{"text": "ok", "annotator": " "}', "not an empty string"),
        ('{"text": "ok", "status": "finished"}', '"status" must be one of'),
        ('{"text": "ok", "spans": {}}', '"spans" must be an array'),
        ('{"text": "ok", "spans": [1]}', "span 0: must be an object"),
        ('{"text": "ok", "spans": [{"start": "0", "end": 1, "label": "ORG"}]}', '"start"'),
        ('{"text": "ok", "spans": [{"start": 0, "end": true, "label": "ORG"}]}', '"end"'),
        ('{"text": "ok", "spans": [{"start": 0, "end": 1}]}', '"label" must be'),
        ('{"text": "ok", "relations": [{"head": "a", "label": "SAID_BY"}]}', '"head" and "child"'),
        ('{"text": "ok", "meta": {"language": "id", "language_confidence": 2}}', "from 0 to 1"),
        ('{"text": "a\\u0000b"}', "NUL"),
    ],
)
def test_wrong_types_name_the_line(
    tmp_path: Path, corpus: Corpus, line: str, expected: str
) -> None:
    path = write_jsonl(tmp_path, [GOOD[0], line])
    assert expected in rejected(corpus, path, 2)


def test_lone_surrogate_escape_names_the_line(tmp_path: Path, corpus: Corpus) -> None:
    path = write_jsonl(tmp_path, [GOOD[0], GOOD[1], '{"text": "abc \\ud800 def"}'])
    assert "surrogate" in rejected(corpus, path, 3)


def test_invalid_utf8_names_the_line(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        json.dumps(GOOD[0]).encode() + b'\n{"text": "caf\xe9"}\n' + json.dumps(GOOD[1]).encode()
    )
    reason = rejected(corpus, path, 2)
    assert reason.startswith("invalid UTF-8 at byte column 14")


def test_binary_file_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02\x03garbage")
    assert "binary" in rejected(corpus, path, 1)


@pytest.mark.parametrize("depth", [jsonl.MAX_DEPTH + 1, 2000, 200_000])
def test_deep_nesting_is_rejected_without_recursion_error(
    tmp_path: Path, corpus: Corpus, depth: int
) -> None:
    nested = "[" * depth + "]" * depth
    path = write_jsonl(tmp_path, [GOOD[0], '{"text": "ok", "meta": {"x": ' + nested + "}}"])
    assert "nested" in rejected(corpus, path, 2)


def test_nesting_at_the_limit_is_accepted(tmp_path: Path) -> None:
    inner = "[" * (jsonl.MAX_DEPTH - 2) + "]" * (jsonl.MAX_DEPTH - 2)  # record 1, meta 2
    path = write_jsonl(tmp_path, ['{"text": "ok", "meta": {"x": ' + inner + "}}"])
    (draft,) = formats.read(path)
    assert draft.meta["x"] == json.loads(inner)


def test_file_over_the_cap_is_rejected(
    tmp_path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl, "MAX_BYTES", 100)
    path = write_jsonl(tmp_path, GOOD)
    before = corpus.stats()
    report = formats.import_paths(corpus, [path])
    (err,) = report.rejected
    assert "over the cap" in err.reason and "100 bytes" in err.reason
    assert corpus.stats() == before


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(formats.FormatError, match="no records"):
        formats.read(path)


# ---------------------------------------------------------------- bad labels (checked on import)


def labelled(text: str, spans: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return record(text, annotator="alice", spans=spans, **extra)


def test_span_text_mismatch_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    bad = span(TRICKY, "Putin", "PERSON", "s1", text="Trump")
    path = write_jsonl(tmp_path, [*GOOD, labelled(TRICKY, [bad])])
    reason = rejected(corpus, path, 4)
    assert "span s1" in reason and "'Trump'" in reason


def test_span_out_of_range_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    bad = {"id": "s1", "start": 3, "end": len(TRICKY) + 1, "label": "PERSON"}
    path = write_jsonl(tmp_path, [labelled(TRICKY, [bad]), *GOOD])
    assert "outside the text" in rejected(corpus, path, 1)


def test_span_cutting_a_combining_mark_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    start = TRICKY.index("e\u0301")
    bad = {"id": "s1", "start": start, "end": start + 1, "label": "PERSON"}
    path = write_jsonl(tmp_path, [labelled(TRICKY, [bad])])
    assert "cuts a character" in rejected(corpus, path, 1)


def test_unknown_label_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    bad = span(TRICKY, "Putin", "VILLAIN", "s1")
    path = write_jsonl(tmp_path, [*GOOD, labelled(TRICKY, [bad])])
    assert "unknown labels: VILLAIN (1)" in rejected(corpus, path, 4)


def test_unknown_relation_end_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    spans = [span(TRICKY, "Putin", "PERSON", "p"), span(TRICKY, "bertemu", "CLAIM", "c")]
    rel = {"head": "c", "child": "nobody", "label": "SAID_BY"}
    path = write_jsonl(tmp_path, [*GOOD, labelled(TRICKY, spans, relations=[rel])])
    assert "no span with id 'nobody'" in rejected(corpus, path, 4)


def test_spans_without_annotator_are_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write_jsonl(tmp_path, [record(spans=[span(TRICKY, "Putin", "PERSON", "p")])])
    assert "no annotator" in rejected(corpus, path, 1)
    # ... and accepted when the import names one.
    report = formats.import_paths(corpus, [path], annotator="carol", detect_language=False)
    assert report.ok and report.spans == 1
