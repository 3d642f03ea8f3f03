"""The formats registry end to end: seeds, folders, reports, JSONL round trips, atomic export."""

from __future__ import annotations

import json
import pickle
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import formats
from annotator.core.offsets import SpanError, check_span
from annotator.store.corpus import Corpus
from tests.conftest import SEEDS, TRICKY, Peek

CLAIM_ATTRS = {
    "claim_type": "prediction",
    "attribution": "direct_quote",
    "certainty": "hedged",
    "check_worthy": True,
    "note": "catatan 😀 e\u0301",
}
TEXT2 = (
    "Presiden 🇮🇩 Prabowo berkata: «Kami mendukung perdamaian 😀» di Jakarta\u00a0kemarin. "
    "Keluarga 👨‍👩‍👧 minum kopi di cafe\u0301 Alaska."
)
TEXT_ONLY = "Artikel tanpa label: Kim Jong Un menerima telepon dari Putin."


def sp(
    doc: str, part: str, label: str, key: str, attrs: dict[str, Any] | None = None
) -> dict[str, Any]:
    start = doc.index(part)
    return {
        "id": key,
        "start": start,
        "end": start + len(part),
        "label": label,
        "text": part,
        "attributes": attrs or {},
    }


def rec(
    doc: str,
    annotator: str | None,
    spans: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    ext: str,
) -> dict[str, Any]:
    return {
        "id": ext,
        "text": doc,
        "meta": {"title": ext.upper(), "source": "uji", "language": "id"},
        "annotator": annotator,
        "spans": spans,
        "relations": relations,
    }


def said_by(head: str, child: str) -> dict[str, str]:
    return {"head": head, "child": child, "label": "SAID_BY"}


ROUND_TRIP = [
    rec(
        TRICKY,
        "alice",
        [
            sp(TRICKY, "Putin", "PERSON", "p"),
            sp(TRICKY, "Trump", "PERSON", "t"),
            sp(TRICKY, "🇮🇩", "GPE", "f"),
            sp(TRICKY, "bertemu 👨‍👩‍👧 Trump", "CLAIM", "c", CLAIM_ATTRS),
            sp(TRICKY, "e\u0301 dan\u00a0Kim", "PERSON", "k"),
        ],
        [said_by("c", "p")],
        "a1",
    ),
    rec(
        TRICKY,
        "bob",
        [
            sp(TRICKY, "Putin 😀", "PERSON", "1"),
            sp(TRICKY, "«Café» e\u0301", "CLAIM", "2", {**CLAIM_ATTRS, "check_worthy": False}),
            sp(TRICKY, "Alaska", "GPE", "3"),
        ],
        [said_by("2", "1")],
        "a1",
    ),
    rec(
        TEXT2,
        "alice",
        [
            sp(TEXT2, "Prabowo", "PERSON", "x"),
            sp(TEXT2, "Kami mendukung perdamaian 😀", "CLAIM", "y", CLAIM_ATTRS),
            sp(TEXT2, "Jakarta\u00a0kemarin", "GPE", "z"),
        ],
        [said_by("y", "x")],
        "a2",
    ),
    rec(
        TEXT2,
        "bob",
        [
            sp(TEXT2, "Presiden 🇮🇩 Prabowo", "PERSON", "x"),
            sp(TEXT2, "cafe\u0301 Alaska", "LOC", "w"),
            sp(TEXT2, "«Kami mendukung perdamaian 😀»", "CLAIM", "y", CLAIM_ATTRS),
        ],
        [said_by("y", "x")],
        "a2",
    ),
    rec(TEXT_ONLY, None, [], [], "a3"),
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _attrs(attributes: dict[str, Any]) -> str:
    return json.dumps(attributes, sort_keys=True)


def labels_by_annotator(records: list[dict[str, Any]]) -> dict[tuple[str, str | None], Any]:
    """Per (text, annotator): the spans and relations, with span ids replaced by the spans."""
    out: dict[tuple[str, str | None], Any] = {}
    for r in records:
        by_key = {
            s["id"]: (s["start"], s["end"], s["label"], s["text"], _attrs(s["attributes"]))
            for s in r["spans"]
        }
        rels = sorted((by_key[x["head"]], by_key[x["child"]], x["label"]) for x in r["relations"])
        out[(r["text"], r["annotator"])] = (sorted(by_key.values()), rels)
    return out


# ---------------------------------------------------------------- the seeds


def test_seeds_import_once(corpus: Corpus) -> None:
    report = formats.import_paths(corpus, [SEEDS])
    assert report.ok and len(report.results) == 5
    assert (report.articles, report.duplicates) == (5, 0)
    stats = corpus.stats()
    assert stats["articles"] == 5 and stats["languages"] == {"id": 5}

    again = formats.import_paths(corpus, [SEEDS])
    assert again.ok and (again.articles, again.duplicates) == (0, 5)
    assert corpus.stats() == stats


def test_seed_articles_keep_their_file_names(corpus: Corpus) -> None:
    formats.import_paths(corpus, [SEEDS], "txt", detect_language=False)
    articles = [corpus.article(i) for i in corpus.article_ids()]
    assert [a.external_id for a in articles] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(a.meta["file"] == f"{a.external_id}.txt" for a in articles)


# ---------------------------------------------------------------- collect / read / report


def test_collect_expands_folders(tmp_path: Path) -> None:
    for name in ("b.txt", "a.JSONL", ".hidden.txt", "notes.md", "c.csv", "d.ndjson"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("x", encoding="utf-8")
    names = [p.name for p in formats.collect([tmp_path])]
    assert names == ["a.JSONL", "b.txt", "c.csv", "d.ndjson"]
    # An explicit format takes every visible file of the folder; files given are kept as given.
    assert [p.name for p in formats.collect([tmp_path], "txt")] == [
        "a.JSONL",
        "b.txt",
        "c.csv",
        "d.ndjson",
        "notes.md",
    ]
    given = formats.collect([tmp_path / "notes.md", tmp_path / "b.txt", tmp_path])
    assert [p.name for p in given][:3] == ["notes.md", "b.txt", "a.JSONL"]
    assert len(given) == 5  # b.txt is not listed twice


def test_collect_refuses_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(formats.FormatError) as missing:
        formats.collect([tmp_path / "nope.txt"])
    assert str(missing.value) == f"{tmp_path / 'nope.txt'}: no such file or folder"
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_md").mkdir()
    (tmp_path / "only_md" / "a.md").write_text("x", encoding="utf-8")
    for folder in (tmp_path / "empty", tmp_path / "only_md"):
        with pytest.raises(formats.FormatError, match="holds no importable files"):
            formats.collect([folder])


def test_read_refuses_unknown_extension_and_format(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(formats.FormatError, match="cannot tell the format"):
        formats.read(path)
    with pytest.raises(formats.FormatError, match="unknown import format 'xml'"):
        formats.read(path, "xml")
    (draft,) = formats.read(path, "txt")  # an explicit format reads any extension
    assert draft.text == "x"


def test_format_error_message_and_pickle() -> None:
    err = formats.FormatError(Path("d/a.jsonl"), 3, "bad")
    assert (str(err), err.line, err.reason) == ("d/a.jsonl:3: bad", 3, "bad")
    assert str(formats.FormatError(Path("a.txt"), 0, "empty")) == "a.txt: empty"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.line, copy.reason, str(copy)) == (err.path, 3, "bad", str(err))
    assert isinstance(err, ValueError)
    assert {"txt", "jsonl", "csv"} <= set(formats.IMPORT_FORMATS)
    assert "jsonl" in formats.EXPORT_FORMATS


def test_report_sums_and_progress(tmp_path: Path, corpus: Corpus) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", ROUND_TRIP)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    missing = tmp_path / "missing.csv"
    calls: list[tuple[int, int, str]] = []
    report = formats.import_paths(
        corpus,
        [good, missing, bad],
        progress=lambda done, total, path: calls.append((done, total, path.name)),
        detect_language=False,
    )
    # progress by bytes over the files collected (the missing one is not), up to the end
    size = good.stat().st_size + 2
    assert calls[-1] == (size, size, "bad.txt")
    assert (good.stat().st_size, size, "good.jsonl") in calls
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert not report.ok
    assert [(e.path.name, e.line) for e in report.rejected] == [("missing.csv", 0), ("bad.txt", 1)]
    (result,) = report.results
    assert result.origin == str(good)
    assert (report.articles, report.duplicates) == (3, 2)
    assert (report.spans, report.relations) == (14, 4)
    assert corpus.stats()["annotators"] == {"alice": 8, "bob": 6}


# ---------------------------------------------------------------- round trip


def test_jsonl_round_trip_keeps_every_span_and_relation(tmp_path: Path, corpus: Corpus) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ROUND_TRIP)
    report = formats.import_paths(corpus, [source])
    assert report.ok, report.rejected
    out = tmp_path / "out.jsonl"
    result = formats.export(corpus, "jsonl", out)
    assert (result.path, result.records, result.spans, result.relations) == (out, 5, 14, 4)

    exported = read_jsonl(out)
    assert labels_by_annotator(exported) == labels_by_annotator(ROUND_TRIP)
    for r in exported:
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]
            assert s["id"].startswith("s")
    (unlabelled,) = [r for r in exported if r["annotator"] is None]
    assert unlabelled["text"] == TEXT_ONLY
    assert (unlabelled["spans"], unlabelled["relations"], unlabelled["status"]) == ([], [], None)
    assert {r["status"] for r in exported if r["annotator"]} == {"done"}
    meta = exported[0]["meta"]
    assert (meta["title"], meta["source"], meta["language"]) == ("A1", "uji", "id")
    assert meta["language_confidence"] == 1.0 and meta["url"] is None
    # orjson writes UTF-8 as is: no \u escapes.
    assert "😀" in out.read_text(encoding="utf-8") and "\\u" not in out.read_text("utf-8")


def test_export_reimports_into_a_fresh_corpus(tmp_path: Path, corpus: Corpus) -> None:
    formats.import_paths(corpus, [write_jsonl(tmp_path / "in.jsonl", ROUND_TRIP)])
    first = tmp_path / "first.jsonl"
    formats.export(corpus, "jsonl", first)
    corpus.close()
    with Corpus.open(tmp_path / "second.db", tooling="tests") as second:
        report = formats.import_paths(second, [first])
        assert report.ok and (report.articles, report.spans, report.relations) == (3, 14, 4)
        again = tmp_path / "again.jsonl"
        formats.export(second, "jsonl", again)
    # Span ids are database row ids ("s<id>"), numbered afresh by the second corpus.
    assert _canonical(again) == _canonical(first)
    assert labels_by_annotator(read_jsonl(again)) == labels_by_annotator(ROUND_TRIP)


def test_export_one_annotator(tmp_path: Path, corpus: Corpus) -> None:
    formats.import_paths(corpus, [write_jsonl(tmp_path / "in.jsonl", ROUND_TRIP)])
    out = tmp_path / "alice.jsonl"
    calls: list[tuple[int, int]] = []
    result = formats.export(
        corpus, "jsonl", out, annotator="alice", progress=lambda d, t, p: calls.append((d, t))
    )
    records = read_jsonl(out)
    assert result.records == 2 and {r["annotator"] for r in records} == {"alice"}
    assert calls[-1] == (3, 3)
    with pytest.raises(formats.FormatError, match="no annotator named 'zed'"):
        formats.export(corpus, "jsonl", tmp_path / "zed.jsonl", annotator="zed")
    assert not (tmp_path / "zed.jsonl").exists()


def test_text_only_corpus_exports(tmp_path: Path, corpus: Corpus) -> None:
    formats.import_paths(corpus, [SEEDS], detect_language=False)
    out = tmp_path / "seeds.jsonl"
    assert formats.export(corpus, "jsonl", out).records == 5
    assert [r["annotator"] for r in read_jsonl(out)] == [None] * 5
    assert [r["meta"]["file"] for r in read_jsonl(out)] == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )


def test_failed_export_leaves_no_file(tmp_path: Path, corpus: Corpus, poke: Peek) -> None:
    formats.import_paths(corpus, [write_jsonl(tmp_path / "in.jsonl", ROUND_TRIP)])
    # Damage one span behind the store's back.
    poke("UPDATE span SET text = 'rusak' WHERE id = (SELECT MAX(id) FROM span)")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "export.jsonl"
    with pytest.raises(formats.FormatError, match="stores 'rusak'"):
        formats.export(corpus, "jsonl", out)
    assert list(folder.iterdir()) == []
    out.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(formats.FormatError):
        formats.export(corpus, "jsonl", out)
    assert list(folder.iterdir()) == [out]
    assert out.read_text(encoding="utf-8") == "the previous export\n"


def test_export_refuses_bad_requests(tmp_path: Path, corpus: Corpus) -> None:
    with pytest.raises(formats.FormatError, match="does not exist"):
        formats.export(corpus, "jsonl", tmp_path / "no" / "such" / "out.jsonl")
    with pytest.raises(formats.FormatError, match="unknown export format 'xml'"):
        formats.export(corpus, "xml", tmp_path / "out.xml")
    assert [p.name for p in tmp_path.iterdir() if "out" in p.name] == []


# ---------------------------------------------------------------- property: export is stable

CHARS = ["a", "K", "é", " ", "\n", "\r", ".", "😀", "🇮", "🇩", "\u200d", "\u0301", "\u00a0", "𝔸"]
LABELS = ["PERSON", "ORG", "CLAIM"]


@st.composite
def corpus_files(draw: st.DrawFn) -> list[dict[str, Any]]:
    records = []
    for n in range(draw(st.integers(1, 4))):
        text = draw(st.text(st.sampled_from(CHARS), min_size=1, max_size=30))
        if not text.replace("\r", "\n").strip():
            text += "x"
        who = draw(st.sampled_from([None, "alice", "bob"]))
        spans: list[dict[str, Any]] = []
        if who is not None:
            offsets = st.integers(0, len(text))
            for start, end, label in draw(
                st.lists(st.tuples(offsets, offsets, st.sampled_from(LABELS)), max_size=6)
            ):
                try:
                    check_span(text, start, end)
                except SpanError:
                    continue
                attrs = {"check_worthy": draw(st.booleans())} if label == "CLAIM" else {}
                spans.append(
                    {"id": f"k{len(spans)}", "start": start, "end": end, "label": label}
                    | {"attributes": attrs}
                )
        heads = [s["id"] for s in spans if s["label"] == "CLAIM"]
        children = [s["id"] for s in spans if s["label"] == "PERSON"]
        relations = [said_by(heads[0], children[0])] if heads and children else []
        records.append(
            {"id": f"r{n}", "text": text, "annotator": who, "spans": spans, "relations": relations}
        )
    return records


def _canonical(path: Path) -> list[dict[str, Any]]:
    """The export with span ids replaced by their position (ids are database row ids)."""
    out = []
    for r in read_jsonl(path):
        pos = {s["id"]: n for n, s in enumerate(r["spans"])}
        r["spans"] = [{**s, "id": pos[s["id"]]} for s in r["spans"]]
        r["relations"] = [
            {**x, "head": pos[x["head"]], "child": pos[x["child"]]} for x in r["relations"]
        ]
        out.append(r)
    return out


def _through_a_fresh_corpus(folder: Path, source: Path, name: str) -> Path:
    out = folder / f"{name}.jsonl"
    with Corpus.open(folder / f"{name}.db", tooling="tests") as c:
        report = formats.import_paths(c, [source], detect_language=False)
        assert report.ok, report.rejected
        formats.export(c, "jsonl", out)
    return out


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=corpus_files())
def test_export_import_export_is_byte_identical(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = write_jsonl(folder / "source.jsonl", records)
        first = _through_a_fresh_corpus(folder, source, "first")
        second = _through_a_fresh_corpus(folder, first, "second")
        third = _through_a_fresh_corpus(folder, second, "third")
        assert third.read_bytes() == second.read_bytes()
        assert _canonical(second) == _canonical(first)
        # Offsets are code points: every span still covers its text.
        for r in read_jsonl(third):
            for s in r["spans"]:
                assert r["text"][s["start"] : s["end"]] == s["text"]
