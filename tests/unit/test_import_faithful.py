"""Imports keep everything the file says, or refuse it at file:line (task for Label Studio):
nothing is lost with exit 0, and nothing outside the folder given is read."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator import cli, formats
from annotator.core.model import Status
from annotator.core.schema import Attribute, Label, Layer, RelationType
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY
from tests.unit.test_export_fixtures import A_SPANS, fill, record

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
T = "Putin bertemu Trump di Alaska. Putin berkata perdamaian sudah dekat."
T2 = "Prabowo tiba di Jakarta pada hari Senin."


def finishes(fn: Callable[[], Any], seconds: float = 20) -> Any:
    """``fn()``'s value; fails (instead of hanging the suite) when it blocks."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:
            out["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the import blocked"
    if "error" in out:
        raise out["error"]
    return out["value"]


def unblock(fifo: Path) -> None:
    """Open a FIFO for writing so a reader blocked on it (old code) can finish."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def labels_of(corpus: Corpus, aid: int, who: str) -> tuple[list[Any], list[Any]]:
    """(spans as (text, label, attributes), relations as (head text, child text, label))."""
    spans = corpus.spans(aid, who)
    by_id = {s.id: s.text for s in spans}
    rels = sorted((by_id[r.head], by_id[r.child], r.label) for r in corpus.relations(aid, who))
    return sorted((s.text, s.label, s.attributes) for s in spans), rels


def article_of(corpus: Corpus, text: str) -> int:
    return next(a for a in corpus.article_ids() if corpus.article(a).text == text)


# ---------------------------------------------------------------- 11.11 only regular files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_folder_import_skips_links_out_fifos_and_lists_them(tmp_path: Path, corpus: Corpus) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Kata sandi server: rahasia sekali.\n", "utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin bertemu Trump di Alaska.\n", "utf-8")
    (folder / "b.txt").symlink_to(outside / "secret.txt")
    (folder / "c.txt").symlink_to(folder / "a.txt")  # inside: the same file, once
    os.mkfifo(folder / "d.txt")
    try:
        report = finishes(lambda: formats.import_paths(corpus, [folder], detect_language=False))
    finally:
        unblock(folder / "d.txt")
    assert report.ok and report.articles == 1
    assert [corpus.article(a).text for a in corpus.article_ids()] == [
        "Putin bertemu Trump di Alaska.\n"
    ]
    assert len(report.skipped) == 2
    link, fifo = report.skipped
    assert "b.txt: a symbolic link to" in link and "outside the folder" in link
    assert "d.txt: is a named pipe (FIFO), not a regular file" in fifo


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_given_by_name_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    try:
        with pytest.raises(formats.FormatError, match=r"pipe.jsonl: is a named pipe"):
            finishes(lambda: formats.read(fifo, "jsonl"))
    finally:
        unblock(fifo)


def test_brat_text_symlinked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.ann").write_text("T1\tPERSON 0 4\troot\n", "utf-8")
    (folder / "doc.txt").symlink_to(tmp_path / "etc" / "passwd")
    with pytest.raises(formats.FormatError, match=r"doc.ann: doc.txt is a symbolic link to .*"
                       r"outside the folder"):  # fmt: skip
        formats.read(folder / "doc.ann", "brat", annotator="eka")


def test_brat_folder_given_by_a_short_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``annotator import b`` from the folder above: the reader looks for an export's
    manifest two folders up, which a relative ``b/a.ann`` does not have (it was a traceback)."""
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin bertemu Trump.", "utf-8")
    (folder / "a.ann").write_text("T1\tPERSON 0 5\tPutin\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    (draft,) = formats.read(Path("b") / "a.ann", "brat")
    assert draft.annotator is None  # no export's folder: the import asks for --annotator
    monkeypatch.chdir(folder)
    (draft,) = formats.read(Path("a.ann"), "brat", annotator="eka")
    assert [(s.start, s.end, s.label) for s in draft.spans] == [(0, 5, "PERSON")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_brat_text_that_is_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "doc.ann").write_text("T1\tPERSON 0 4\troot\n", "utf-8")
    os.mkfifo(tmp_path / "doc.txt")
    try:
        with pytest.raises(formats.FormatError, match=r"doc.txt: is a named pipe"):
            finishes(lambda: formats.read(tmp_path / "doc.ann", "brat", annotator="eka"))
    finally:
        unblock(tmp_path / "doc.txt")


def test_cli_lists_what_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin bertemu Trump di Alaska.\n", "utf-8")
    (tmp_path / "elsewhere.txt").write_text("Bukan bagian dari korpus.\n", "utf-8")
    (folder / "b.txt").symlink_to(tmp_path / "elsewhere.txt")
    argv = ["--db", str(tmp_path / "c.sqlite3"), "import", "--no-language", str(folder)]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert "imported 1 article" in out and "1 left out of folders" in out
    assert f"skipped {folder / 'b.txt'}: a symbolic link to" in err


# ---------------------------------------------------------------- 11.12 refused, not dropped


def _ann(tmp_path: Path, body: str, text: str = T) -> Path:
    (tmp_path / "doc.txt").write_text(text, "utf-8")
    (tmp_path / "doc.ann").write_text(body, "utf-8")
    return tmp_path / "doc.ann"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("T1\tPERSON 0 5\tPutin\nT1\tPERSON 14 19\tTrump\n",
         r"doc.ann:2: the id T1 is used twice \(first at line 1\)"),
        ("T1\tPERSON 0 5\tPutin\nT2\tPERSON 14 19\tPutin\n",
         r"doc.ann:2: T2: the text given, 'Putin', is not the text of doc.txt at 14 19: 'Trump'"),
        ("T1\tPERSON 0 5\tPutin\nthis is not brat\n", r"doc.ann:2: not a brat standoff line"),
        ("T1\tPERSON 0 5\tPutin\nX1\tWhat T1\n", r"doc.ann:2: X1: unknown brat line type 'X'"),
        ("T1\tPERSON 0 1000000000000000000000000000000\tPutin\n",
         r"doc.ann:1: T1: the offsets 0 1000000000000000000000000000000 are out of range"),
        ("T1\tPERSON 0 5\tPutin\nR1\tSAID_BY Arg1:T9 Arg2:T1\n",
         r"doc.ann:2: T9 is not a T or E annotation of this file"),
        ("T1\tPERSON 0 5;14 19\tPutin Trump\n",
         r"doc.ann:1: T1: a discontinuous span \(0 5;14 19\) cannot be imported"),
    ],
)  # fmt: skip
def test_brat_bad_lines_are_refused_at_their_line(tmp_path: Path, body: str, error: str) -> None:
    with pytest.raises(formats.FormatError, match=error):
        formats.read(_ann(tmp_path, body), "brat", annotator="eka")


def test_brat_label_errors_name_the_line(tmp_path: Path, corpus: Corpus) -> None:
    path = _ann(tmp_path, "T1\tPERSON 0 5\tPutin\nT2\tNOPE 14 19\tTrump\n")
    report = formats.import_paths(corpus, [path], "brat", annotator="eka", detect_language=False)
    (err,) = report.rejected
    assert err.line == 2 and "unknown labels: NOPE (1)" in str(err)
    assert corpus.article_count() == 0


def _ls(tmp_path: Path, tasks: Any) -> Path:
    path = tmp_path / "project.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    return path


def _region(rid: str, part: str, label: str, text: str = T, **value: Any) -> dict[str, Any]:
    s = text.index(part)
    return {"id": rid, "from_name": "entity", "to_name": "text", "type": "labels",
            "value": {"start": s, "end": s + len(part), "text": part, "labels": [label],
                      **value}}  # fmt: skip


def test_label_studio_repeated_region_id_is_refused(tmp_path: Path) -> None:
    result = [_region("a", "Putin", "PERSON"), _region("a", "Trump", "PERSON")]
    task = {"data": {"text": T}, "annotations": [{"completed_by": 1, "result": result}]}
    with pytest.raises(
        formats.FormatError,
        match=r"project.json: task 1, annotation 1: result 2: the region id 'a' is used twice",
    ):
        formats.read(_ls(tmp_path, [task]), "labelstudio")


def test_label_studio_errors_name_the_task(tmp_path: Path, corpus: Corpus) -> None:
    ok = {"data": {"text": T2}, "annotations": []}
    result = [_region("a", "Putin", "NOPE")]
    bad = {"data": {"text": T}, "annotations": [{"completed_by": 1, "result": result}]}
    report = formats.import_paths(
        corpus, [_ls(tmp_path, [ok, bad])], "labelstudio", detect_language=False
    )
    (err,) = report.rejected
    assert "project.json: task 2, annotation 1: span a: unknown labels: NOPE (1)" in str(err)
    assert corpus.article_count() == 0


def test_offset_of_ten_to_the_thirty_is_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        '{"text": "Putin datang.", "annotator": "a", "spans": '
        '[{"start": 0, "end": 1000000000000000000000000000000, "label": "PERSON"}]}\n',
        "utf-8",
    )
    with pytest.raises(formats.FormatError, match=r'big.jsonl:1: span 0: "end" 1e\+30 is out of'):
        formats.read(path, "jsonl")


def test_jsonl_one_id_two_texts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    recs = [{"id": "a", "text": T}, {"id": "b", "text": T2}, {"id": "a", "text": T2}]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    with pytest.raises(
        formats.FormatError,
        match=r"two.jsonl:3: \"id\" 'a' was given to a different text at line 1",
    ):
        formats.read(path, "jsonl")
    same = [{"id": "a", "text": T, "annotator": "x"}, {"id": "a", "text": T, "annotator": "y"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in same), "utf-8")
    assert len(formats.read(path, "jsonl")) == 2  # one article, two annotators: fine


# ---------------------------------------------------------------- 12.1 Label Studio


def test_label_studio_before_1_0_completions(tmp_path: Path, corpus: Corpus) -> None:
    path = FIXTURES / "labelstudio_v0_completions.json"
    source = json.loads(path.read_text("utf-8"))
    report = formats.import_paths(
        corpus, [path], "labelstudio", annotator="rina", detect_language=False
    )
    assert report.ok and report.articles == 2 and report.spans == 3
    assert report.notes == [f"{path}: skipped cancelled annotations (1): task 2, completion 1"]
    aid = article_of(corpus, T)
    spans = [(s.start, s.end, s.label, s.text) for s in corpus.spans(aid, "rina")]
    expected = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0],
                 r["value"]["text"]) for r in source[0]["completions"][0]["result"]]  # fmt: skip
    assert spans == expected
    assert corpus.status(aid, "rina") == Status.DONE
    cancelled = article_of(corpus, T2)
    assert corpus.spans(cancelled) == [] and corpus.status(cancelled, "rina") == Status.TODO


def test_label_studio_predictions_relations_choices(tmp_path: Path, corpus: Corpus) -> None:
    path = FIXTURES / "labelstudio_predictions.json"
    report = formats.import_paths(corpus, [path], "labelstudio", detect_language=False)
    assert report.ok, report.rejected
    one, two = article_of(corpus, T), article_of(corpus, T2)
    spans, rels = labels_of(corpus, one, "ana@example.org")
    assert spans == [
        ("Putin", "PERSON", {}),
        ("perdamaian sudah dekat", "CLAIM",
         {"certainty": "hedged", "claim_type": "statement", "attribution": "paraphrase",
          "check_worthy": False, "note": ""}),
    ]  # fmt: skip
    assert rels == [("perdamaian sudah dekat", "Putin", "SAID_BY")]
    assert corpus.spans(one, "ana@example.org")[0].start == T.index("Putin", 1)
    assert corpus.status(one, "ana@example.org") == Status.DONE
    # predictions: pre-annotations of the model, still to do; never the importer's own work
    assert labels_of(corpus, one, "ner-v2") == ([("Trump", "PERSON", {})], [])
    assert labels_of(corpus, two, "ner-v2")[0] == [
        ("Jakarta", "GPE", {}),
        ("Prabowo", "PERSON", {}),
    ]
    assert corpus.status(one, "ner-v2") == Status.TODO == corpus.status(two, "ner-v2")
    # ... and nobody typed them: they began as the model's (agreement --hand-only)
    assert {s.origin for s in corpus.spans(one, "ner-v2") + corpus.spans(two, "ner-v2")} == {
        "model:ner-v2"
    }
    assert {s.origin for s in corpus.spans(one, "ana@example.org")} == {"hand"}
    notes = [n.split(": ", 1)[1] for n in report.notes]
    assert notes == [
        "skipped cancelled annotations (1): task 1, annotation 2",
        "left out 'rating' results (no place for them here) (1): task 1, annotation 1: result 7",
        "left out choices 'claim_mood': the schema has no such attribute (1): "
        "task 1, annotation 1: result 4",
        "left out choices 'sentiment' (of the task, not of a region) (1): "
        "task 1, annotation 1: result 6",
    ]


def test_label_studio_predictions_as_and_single_task(tmp_path: Path, corpus: Corpus) -> None:
    result = [_region("m", "Prabowo", "PERSON", T2)]
    task = {"data": {"text": T2}, "predictions": [{"model_version": "v7", "result": result}]}
    path = _ls(tmp_path, task)  # one task object, not a list
    report = formats.import_paths(
        corpus, [path], "labelstudio", predictions_as="model-x", detect_language=False
    )
    assert report.ok and report.spans == 1
    aid = article_of(corpus, T2)
    assert [(s.text, s.origin) for s in corpus.spans(aid, "model-x")] == [
        ("Prabowo", "model:v7")
    ]  # the annotator is named by --predictions-as, the origin by the model's version
    assert corpus.status(aid, "model-x") == Status.TODO


def test_label_studio_predictions_never_mix_with_a_human(tmp_path: Path) -> None:
    path = FIXTURES / "labelstudio_predictions.json"
    with pytest.raises(
        formats.FormatError,
        match=r"task 1, prediction 1: the predictions would belong to 'ana@example.org', who "
        r"also annotated this task",
    ):
        formats.read(path, "labelstudio", predictions_as="ana@example.org")


def test_label_studio_round_trip(tmp_path: Path, corpus: Corpus) -> None:
    formats.import_paths(
        corpus, [FIXTURES / "labelstudio_predictions.json"], "labelstudio", detect_language=False
    )
    out = tmp_path / "ls.json"
    formats.export(corpus, "labelstudio", out)
    who = ("ana@example.org", "ner-v2")
    before = [labels_of(corpus, article_of(corpus, t), w) for w in who for t in (T, T2)]
    corpus.close()  # one corpus per process
    with Corpus.open(tmp_path / "again.sqlite3", tooling="tests") as again:
        report = formats.import_paths(again, [out], "labelstudio", detect_language=False)
        assert report.ok, report.rejected
        after = [labels_of(again, article_of(again, t), w) for w in who for t in (T, T2)]
    assert after == before and sum(len(s) for s, _ in after) == 5
    tasks = json.loads(out.read_text(encoding="utf-8"))
    # the model's to-do pre-annotations go out as Label Studio predictions, not annotations
    assert [[p["model_version"] for p in t.get("predictions", [])] for t in tasks] == [
        ["ner-v2"],
        ["ner-v2"],
    ]
    assert [[a["completed_by"]["email"] for a in t["annotations"]] for t in tasks] == [
        ["ana@example.org"],
        [],
    ]
    assert {r["origin"] for t in tasks for p in t["predictions"] for r in p["result"]} == {
        "prediction"
    }
    with Corpus.open(tmp_path / "again.sqlite3", tooling="tests") as again:
        aid = article_of(again, T2)
        assert again.status(aid, "ner-v2") == Status.TODO
        assert {s.origin for s in again.spans(aid, "ner-v2")} == {"model:ner-v2"}
    jsonl_out = tmp_path / "again.jsonl"
    with Corpus.open(tmp_path / "again.sqlite3", tooling="tests") as again:
        formats.export(again, "jsonl", jsonl_out)
    records = [json.loads(line) for line in jsonl_out.read_text(encoding="utf-8").splitlines()]
    # a to-do status with spans stays to do in JSONL (it read "in_progress")
    assert sorted((r["annotator"], r["status"]) for r in records) == [
        ("ana@example.org", "done"),
        ("ner-v2", "todo"),
        ("ner-v2", "todo"),
    ]


# ---------------------------------------------------------------- 12.3 brat


ORG = ("Organization",)


def brat_schema(corpus: Corpus) -> None:
    s = corpus.schema
    corpus.set_schema(
        replace(
            s,
            _by_name={},
            layers=(*s.layers, Layer("event")),
            labels=(*s.labels, Label("Organization", "entity", "#123456"),
                    Label("Merge-org", "event", "#654321")),
            attributes=(*s.attributes, Attribute("Negation", "event", "bool"),
                        Attribute("Reference", "entity", "text")),
            relations=(*s.relations,
                       *(RelationType(n, "event", ORG) for n in ("Org-Arg1", "Org-Arg2")),
                       *(RelationType(n, "entity", ORG) for n in ("Alias", "Origin"))),
        )
    )  # fmt: skip


def test_brat_events_equivalences_normalisations(tmp_path: Path, corpus: Corpus) -> None:
    brat_schema(corpus)
    folder = tmp_path / "brat"
    shutil.copytree(FIXTURES / "brat", folder)
    report = formats.import_paths(corpus, [folder], "brat", annotator="eka", detect_language=False)
    assert report.ok, report.rejected
    text = (folder / "merge.txt").read_text("utf-8")
    (aid,) = corpus.article_ids()
    spans, rels = labels_of(corpus, aid, "eka")
    assert spans == [
        ("Ericsson", "Organization", {"Reference": "Wikipedia:213849 Ericsson"}),
        ("Sony", "Organization", {}),
        ("Sony Ericsson", "Organization", {}),
        ("merged", "Merge-org", {"Negation": True}),  # the event is its trigger
    ]
    assert rels == [
        ("Sony", "Sony Ericsson", "Alias"),
        ("Sony Ericsson", "Ericsson", "Origin"),
        ("merged", "Ericsson", "Org-Arg1"),
        ("merged", "Sony", "Org-Arg2"),
    ]
    for s in corpus.spans(aid, "eka"):
        assert text[s.start : s.end] == s.text
    assert report.notes == [
        f"{folder / 'merge.ann'}: line 9: AnnotatorNotes on E1 ('check the year') is free "
        "text; left out"
    ]


def test_brat_identical_spans_are_reported(tmp_path: Path, corpus: Corpus) -> None:
    path = _ann(tmp_path, "T1\tPERSON 0 5\tPutin\nT2\tPERSON 0 5\tPutin\n")
    report = formats.import_paths(corpus, [path], "brat", annotator="eka", detect_language=False)
    assert report.ok and report.spans == 1
    assert report.notes == [
        f"{path}: 1 identical span(s) (same annotator, start, end and label) were collapsed "
        "into one"
    ]


def test_brat_attribute_on_an_event(tmp_path: Path) -> None:
    body = "T1\tPERSON 0 5\tPutin\nE1\tPERSON:T1\nA1\tcheck_worthy E1\n"
    (draft,) = formats.read(_ann(tmp_path, body), "brat", annotator="eka")
    assert [(s.key, s.label, s.attributes) for s in draft.spans] == [
        ("E1", "PERSON", {"check_worthy": True})
    ]


def test_brat_round_trip(tmp_path: Path, corpus: Corpus) -> None:
    brat_schema(corpus)
    formats.import_paths(
        corpus, [FIXTURES / "brat"], "brat", annotator="eka", detect_language=False
    )
    out = tmp_path / "out"
    formats.export(corpus, "brat", out)
    (a,) = corpus.article_ids()
    before = labels_of(corpus, a, "eka")
    corpus.close()  # one corpus per process
    with Corpus.open(tmp_path / "again.sqlite3", tooling="tests") as again:
        brat_schema(again)
        report = formats.import_paths(again, [out], "brat", detect_language=False)
        assert report.ok, report.rejected
        (b,) = again.article_ids()
        after = labels_of(again, b, "eka")
    assert after == before and len(after[0]) == 4 and len(after[1]) == 4


# ---------------------------------------------------------------- 12.8 doccano, errors, skips


def test_doccano_records_sharing_a_text_are_reported(tmp_path: Path, corpus: Corpus) -> None:
    path = tmp_path / "d.jsonl"
    recs = [
        {"id": 1, "text": T, "label": [[0, 5, "PERSON"]], "annotator": "dina",
         "meta": {"src": "a"}},
        {"id": 2, "text": T2, "label": [], "annotator": "dina"},
        {"id": 3, "text": T, "label": [[0, 5, "PERSON"], [14, 19, "PERSON"]], "annotator": "dina",
         "meta": {"src": "b"}},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    report = formats.import_paths(corpus, [path], "doccano", detect_language=False)
    assert report.ok and report.articles == 2 and report.spans == 2
    assert report.notes == [
        f"{path}: 1 record(s) share their text with an earlier record and were merged into its "
        "article (line 3); their ids and meta are kept in the article's meta under "
        "merged_records (an article already in the corpus keeps the meta it has)",
        f"{path}: 1 identical span(s) (same annotator, start, end and label) were collapsed "
        "into one",
    ]
    meta = corpus.article(article_of(corpus, T)).meta
    assert meta["src"] == "a"
    assert meta["merged_records"] == [{"at": "line 3", "id": "3", "meta": {"src": "b"}}]


def test_doccano_pretty_printed_json_is_read(tmp_path: Path) -> None:
    path = tmp_path / "doccano.json"
    recs = [{"id": 1, "text": T, "label": [[0, 5, "PERSON"]]}, {"id": 2, "text": T2, "label": []}]
    path.write_text(json.dumps(recs, indent=2), "utf-8")
    notes: list[str] = []
    drafts = formats.read(path, "doccano", annotator="dina", notes=notes)
    assert [(d.external_id, [(s.start, s.end, s.label) for s in d.spans]) for d in drafts] == [
        ("1", [(0, 5, "PERSON")]),
        ("2", []),
    ]
    assert notes == ["this is a JSON document, not JSON Lines: read its 2 record(s) as a list"]
    path.write_text(json.dumps(recs[0], indent=2), "utf-8")  # one record, pretty-printed
    assert len(formats.read(path, "doccano", annotator="dina")) == 1


def test_doccano_refusals_name_the_dialect(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "x", "label": ["positive"]}) + "\n", "utf-8")
    with pytest.raises(formats.FormatError, match=r"d.jsonl:1: .*\(expected doccano JSONL"):
        formats.read(path, "doccano")


def test_skip_misaligned_lists_the_relations_it_drops(tmp_path: Path, corpus: Corpus) -> None:
    bad = {"id": "x", "start": 0, "end": 4, "label": "PERSON", "text": "Puti"}
    fill(corpus, tmp_path, [record("a", TRICKY, "alice", [bad, A_SPANS["c"]],
                                   [("c", "x", "SAID_BY")])])  # fmt: skip
    out = tmp_path / "x.conll"
    opts = formats.ExportOptions(skip_misaligned=True)
    result = formats.export(corpus, "conll", out, options=opts)
    (lost,) = result.skipped_relations
    assert (lost.label, lost.child) == ("SAID_BY", result.skipped[0].span_id)
    manifest = json.loads(result.manifest.read_text())  # type: ignore[union-attr]
    assert manifest["skipped_relations"][0]["label"] == "SAID_BY"


def test_cli_skip_misaligned_prints_the_relations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {"id": "x", "start": 0, "end": 4, "label": "PERSON", "text": "Puti"}
    recs = [record("a", TRICKY, "alice", [bad, A_SPANS["c"]], [("c", "x", "SAID_BY")])]
    db = tmp_path / "c.sqlite3"
    with Corpus.open(db, tooling="tests") as corpus:
        fill(corpus, tmp_path, recs)
    argv = ["--db", str(db), "export", "--format", "conll", "--out", str(tmp_path / "x.conll"),
            "--skip-misaligned"]  # fmt: skip
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert "skipped 1 spans that do not fit conll and 1 relation joining them" in out
    assert "skipped article a (alice): relation" in err and "SAID_BY" in err
