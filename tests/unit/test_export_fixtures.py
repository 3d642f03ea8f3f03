"""Shared data for the export tests: a small corpus with tricky text, three annotators,
relations and attributes (imported through the canonical JSONL importer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator import formats
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY

TEXT_B = (
    "Presiden 🇮🇩 Prabowo berkata: «Kami mendukung perdamaian 😀» di Jakarta\u00a0kemarin.\n\n"
    "Keluarga 👨‍👩‍👧 minum kopi di cafe\u0301 Alaska."
)
TEXT_C = "Artikel tanpa label: Kim Jong Un menerima telepon dari Putin."
CLAIM_ATTRS = {
    "claim_type": "prediction",
    "attribution": "direct_quote",
    "certainty": "hedged",
    "check_worthy": True,
    "note": "catatan 😀 e\u0301\nbaris dua",
}


def sp(doc: str, part: str, label: str, key: str, **attrs: Any) -> dict[str, Any]:
    start = doc.index(part)
    end = start + len(part)
    return {"id": key, "start": start, "end": end, "label": label, "text": part,
            "attributes": attrs}  # fmt: skip


A_SPANS = {
    "p": sp(TRICKY, "Putin", "PERSON", "p"),
    "t": sp(TRICKY, "Trump 🇮🇩", "PERSON", "t"),
    "f": sp(TRICKY, "👨‍👩‍👧", "NORP", "f"),
    "g": sp(TRICKY, "Alaska", "GPE", "g"),
    "k": sp(TRICKY, "Kim", "PERSON", "k"),
    "c": sp(TRICKY, "«Café» e\u0301 dan\u00a0Kim", "CLAIM", "c", **CLAIM_ATTRS),
}
B_SPANS = {
    "p": sp(TEXT_B, "Prabowo", "PERSON", "p"),
    "j": sp(TEXT_B, "Jakarta", "GPE", "j"),
    "c": sp(TEXT_B, "«Kami mendukung perdamaian 😀»", "CLAIM", "c", certainty="asserted"),
    "d": sp(TEXT_B, "kemarin.\n\nKeluarga", "CLAIM", "d", note="lintas paragraf"),
    "l": sp(TEXT_B, "cafe\u0301 Alaska", "LOC", "l"),
}


def record(
    ext: str, text: str, who: str, spans: list[dict[str, Any]], rels: list[tuple[str, str, str]]
) -> dict[str, Any]:
    return {
        "id": ext,
        "text": text,
        "meta": {"title": ext.upper(), "source": "uji", "language": "id"},
        "annotator": who,
        "status": "done",
        "spans": spans,
        "relations": [{"head": h, "child": c, "label": label} for h, c, label in rels],
    }


def records() -> list[dict[str, Any]]:
    a, b = A_SPANS, B_SPANS
    return [
        record("a", TRICKY, "alice", list(a.values()),
               [("c", "p", "SAID_BY"), ("c", "k", "ABOUT")]),
        record("a", TRICKY, "bob", [a["p"], a["t"], a["c"]], [("c", "p", "SAID_BY")]),
        record("a", TRICKY, "carol", [a["p"]], []),
        record("b", TEXT_B, "alice", list(b.values()), [("c", "p", "SAID_BY")]),
        record("b", TEXT_B, "bob", [b["p"], b["j"]], []),
        {"id": "c", "text": TEXT_C, "meta": {"language": "ms"}},
    ]  # fmt: skip


def write_jsonl(path: Path, recs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


def fill(corpus: Corpus, tmp: Path, recs: list[dict[str, Any]] | None = None) -> None:
    report = formats.import_paths(
        corpus, [write_jsonl(tmp / "in.jsonl", recs or records())], detect_language=False
    )
    assert report.ok, report.rejected


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def labels(corpus: Corpus, tmp: Path, name: str = "check.jsonl") -> list[Any]:
    """Every document's labels, comparable across corpora (no database ids)."""
    out = tmp / name
    formats.export(corpus, "jsonl", out)
    docs = []
    for r in read_jsonl(out):
        if r["annotator"] is None:
            continue
        by_id = {s["id"]: (s["start"], s["end"], s["label"]) for s in r["spans"]}
        spans = sorted(
            (
                s["start"],
                s["end"],
                s["label"],
                s["text"],
                json.dumps(s["attributes"], sort_keys=True),
            )
            for s in r["spans"]
        )
        rels = sorted((by_id[x["head"]], by_id[x["child"]], x["label"]) for x in r["relations"])
        docs.append((r["text"], r["annotator"], spans, rels))
    return sorted(docs)


def test_fixture_spans_cover_their_text() -> None:
    for text, spans in ((TRICKY, A_SPANS), (TEXT_B, B_SPANS)):
        for s in spans.values():
            assert text[s["start"] : s["end"]] == s["text"]
