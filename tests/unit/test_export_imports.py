"""Importers read what the tools themselves write, and bad files fail whole with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import formats
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY


def _one(path: Path, fmt: str, annotator: str | None = None) -> formats.ArticleDraft:
    (draft,) = formats.read(path, fmt, annotator=annotator)
    return draft


def test_doccano_as_doccano_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    start = TRICKY.index("Kim")
    rows = [
        {"id": 7, "text": TRICKY, "label": [[0, 5, "PERSON"], [start, start + 3, "PERSON"]],
         "Comments": []},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    draft = _one(path, "doccano", "dina")
    assert (draft.external_id, draft.annotator) == ("7", "dina")
    assert [(s.start, s.end) for s in draft.spans] == [(0, 5), (start, start + 3)]
    path.write_text(json.dumps({"text": "x", "label": ["positive"]}) + "\n", "utf-8")
    with pytest.raises(formats.FormatError, match=r"all.jsonl:1: .*text classification"):
        formats.read(path, "doccano")


def test_label_studio_as_label_studio_writes_it(tmp_path: Path, corpus: Corpus) -> None:
    task = {
        "id": 12,
        "data": {"text": TRICKY},
        "annotations": [
            {"id": 1, "completed_by": 3, "was_cancelled": False, "result": [
                {"id": "Ab1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 5, "text": "Putin", "labels": ["PERSON"]}}]},
            {"id": 2, "completed_by": 4, "was_cancelled": True, "result": []},
        ],
        "predictions": [],
    }  # fmt: skip
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps([task], ensure_ascii=False), "utf-8")
    draft = _one(path, "labelstudio")
    assert draft.annotator == "3" and [(s.start, s.end, s.label) for s in draft.spans] == [
        (0, 5, "PERSON")
    ]
    path.write_text(json.dumps([{"data": {}}]), "utf-8")
    with pytest.raises(formats.FormatError, match=r'task 1: .*no "text"'):
        formats.read(path, "labelstudio")


def test_prodigy_as_prodigy_writes_it(tmp_path: Path) -> None:
    start = TRICKY.index("Trump")
    tasks = [
        {"text": TRICKY, "spans": [{"start": start, "end": start + 5, "label": "PERSON",
         "token_start": 8, "token_end": 8}], "_annotator_id": "news-alice", "answer": "accept",
         "_input_hash": 1, "_task_hash": 2},
        {"text": "Ditolak.", "spans": [], "answer": "reject"},
    ]  # fmt: skip
    path = tmp_path / "db.jsonl"
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), "utf-8")
    draft = _one(path, "prodigy")
    assert draft.annotator == "news-alice" and draft.spans[0].text is None
    path.write_text('{"text": "a", "spans": []}\n{"text": ', "utf-8")
    with pytest.raises(formats.FormatError, match=r"db.jsonl:2: malformed JSON"):
        formats.read(path, "prodigy")


def test_plain_conll_2003(tmp_path: Path) -> None:
    path = tmp_path / "eng.conll"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nPutin NNP B-NP B-PERSON\nmenelepon VB B-VP O\n"
        "Kim NNP B-NP B-PERSON\nJong NNP I-NP I-PERSON\nUn NNP I-NP I-PERSON\n. . O O\n\n"
        "Lalu RB O O\n",
        "utf-8",
    )
    draft = _one(path, "auto", "eka")
    assert draft.text == "Putin menelepon Kim Jong Un .\nLalu"
    assert [(draft.text[s.start : s.end], s.label) for s in draft.spans] == [
        ("Putin", "PERSON"),
        ("Kim Jong Un", "PERSON"),
    ]
    path.write_text("-DOCSTART- O\nPutin X-PERSON\n", "utf-8")
    with pytest.raises(formats.FormatError, match=r"eng.conll:2: bad tag 'X-PERSON'"):
        formats.read(path, "conll", annotator="eka")


def test_brat_as_brat_writes_it(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Putin\nberkata hal itu.\n", "utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tPERSON 0 5\tPutin\nT2\tCLAIM 0 5;6 13\tPutin berkata\n"
        "#1\tAnnotatorNotes T2\tcek lagi nanti\nA1\tcheck_worthy T2\n"
        "R1\tSAID_BY Arg1:T2 Arg2:T1\n",
        "utf-8",
    )
    draft = _one(tmp_path / "doc.ann", "brat", "fikri")
    assert [(s.start, s.end, s.label) for s in draft.spans] == [(0, 5, "PERSON"), (0, 13, "CLAIM")]
    assert draft.spans[1].attributes == {"check_worthy": True}  # a human note is not an attribute
    assert [(r.head, r.child, r.label) for r in draft.relations] == [("T2", "T1", "SAID_BY")]
    (tmp_path / "doc.ann").write_text("T1\tPERSON zero 5\tPutin\n", "utf-8")
    with pytest.raises(formats.FormatError, match=r"doc.ann:1: cannot read"):
        formats.read(tmp_path / "doc.ann", "brat")


def test_bad_file_imports_nothing(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "two.jsonl"
    good = {"text": TRICKY, "label": [[0, 5, "PERSON"]], "annotator": "a"}
    bad = {"text": TRICKY, "label": [[0, 4, "PERSON"]], "annotator": "a"}  # fine offsets...
    bad["label"][0][2] = "NOT_A_LABEL"  # type: ignore[index]
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", "utf-8")
    report = formats.import_paths(corpus, [path], "doccano", detect_language=False)
    assert not report.ok and "NOT_A_LABEL" in str(report.rejected[0])
    assert corpus.article_count() == 0
