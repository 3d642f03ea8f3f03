"""Labels the schema lacks: one refusal naming them all, or ``--add-labels`` adding them with the
import in its one transaction (distinct colours, free hotkeys, the right layer)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.schema import (
    Label,
    LabelSchema,
    LabelUse,
    default_schema,
    distinct_colour,
    free_hotkeys,
    with_labels_for,
)
from annotator.store.corpus import Corpus
from tests.conftest import Peek

TEXT = "Barack Obama visited Paris and Berlin with the French delegation, officials said."


def at(word: str, label: str, key: str) -> dict[str, Any]:
    start = TEXT.index(word)
    return {"id": key, "start": start, "end": start + len(word), "label": label}


RECORD = {
    "id": "obama",
    "text": TEXT,
    "annotator": "bob",
    "spans": [
        at("Barack Obama", "PERSON", "p"),
        at("Paris", "CITY", "c1"),
        at("Berlin", "CITY", "c2"),
        at("French", "NATIONALITY", "n"),
    ],
    "relations": [{"head": "p", "child": "c1", "label": "VISITED"}],
}


def write(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def stored_schema(peek: Peek) -> LabelSchema:
    ((value,),) = peek("SELECT value FROM meta WHERE key = 'label_schema'")
    return LabelSchema.from_json(value)


def test_unknown_labels_refuse_the_file_once_naming_them_all(
    corpus: Corpus, tmp_path: Path, peek: Peek
) -> None:
    other = {**RECORD, "id": "two", "text": TEXT + " Again."}
    path = write(tmp_path / "ner.jsonl", {"text": "No labels here.", "id": "x"}, RECORD, other)
    report = formats.import_paths(corpus, [path], detect_language=False)
    (err,) = report.rejected
    assert isinstance(err, formats.UnknownLabelsError)
    assert str(err) == (
        f"{path}:2: unknown labels: CITY (4), NATIONALITY (2); "
        "unknown relation types: VISITED (2); add them with --add-labels"
    )
    assert err.labels == {"CITY": 4, "NATIONALITY": 2} and err.relations == {"VISITED": 2}
    assert peek("SELECT COUNT(*) FROM article") == [(0,)]
    assert stored_schema(peek) == default_schema() == corpus.schema


def test_add_labels_adds_them_with_the_import(corpus: Corpus, tmp_path: Path, peek: Peek) -> None:
    before = corpus.schema
    path = write(tmp_path / "ner.jsonl", RECORD)
    report = formats.import_paths(corpus, [path], detect_language=False, add_labels=True)
    assert report.ok, report.rejected
    assert report.labels_added == {"CITY": 2, "NATIONALITY": 1}
    assert report.relations_added == {"VISITED": 1}
    assert (report.articles, report.spans, report.relations) == (1, 4, 1)
    schema = stored_schema(peek)
    assert schema == corpus.schema  # the open corpus sees them at once
    city, nationality = schema.label("CITY"), schema.label("NATIONALITY")
    assert (city.layer, nationality.layer) == ("entity", "entity")
    colours = [x.color for x in before.labels]
    assert city.color not in colours and nationality.color not in colours
    assert city.color != nationality.color
    assert city.hotkey == nationality.hotkey == ""  # news uses all of 1-9
    visited = schema.relation("VISITED")
    assert (visited.head_layer, visited.child_labels) == ("entity", ("CITY",))
    spans = {s.label for s in corpus.spans(corpus.article_ids()[0], "bob")}
    assert spans == {"PERSON", "CITY", "NATIONALITY"}
    (payload,) = peek("SELECT payload FROM event WHERE action = 'schema'")
    logged = json.loads(payload[0])
    assert logged["op"] == "import_labels" and logged["labels"] == ["CITY", "NATIONALITY"]
    # Again: nothing more to add, nothing added twice.
    again = formats.import_paths(corpus, [path], detect_language=False, add_labels=True)
    assert again.ok and again.labels_added == {} and again.spans == 0


def test_a_refused_file_adds_no_labels(corpus: Corpus, tmp_path: Path, peek: Peek) -> None:
    bad = {**RECORD, "id": "bad", "text": "Short text.", "spans": [at("Paris", "CITY", "c")]}
    bad["relations"] = []
    bad["spans"][0]["start"] = 40  # past the end of "Short text."
    path = write(tmp_path / "ner.jsonl", RECORD, bad)
    report = formats.import_paths(corpus, [path], detect_language=False, add_labels=True)
    (err,) = report.rejected
    assert f"{path}:2:" in str(err)
    assert stored_schema(peek) == default_schema() == corpus.schema
    assert peek("SELECT COUNT(*) FROM article") == [(0,)]
    assert peek("SELECT COUNT(*) FROM event") == [(0,)]


def test_cli_refuses_then_adds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    path = write(tmp_path / "ner.jsonl", RECORD)
    assert main(["--db", str(db), "import", "--no-language", str(path)]) == 1
    out = capsys.readouterr()
    assert out.err.strip().splitlines() == [
        f"rejected {path}:1: unknown labels: CITY (2), NATIONALITY (1); "
        "unknown relation types: VISITED (1); add them with --add-labels"
    ]
    assert main(["--db", str(db), "import", "--no-language", "--add-labels", str(path)]) == 0
    out = capsys.readouterr().out
    assert "imported 1 article, 4 spans, 1 relation" in out
    assert "added labels: CITY (2), NATIONALITY (1)" in out
    assert "added relation types: VISITED (1)" in out


def _use(labels: dict[str, int], heads: dict[str, dict[str, int]] | None = None) -> LabelUse:
    heads = heads or {}
    children: dict[str, dict[str, int]] = {}
    return LabelUse(labels, {r: sum(h.values()) for r, h in heads.items()}, heads, children)


def test_new_labels_take_free_hotkeys_of_the_schemes() -> None:
    base = default_schema()
    kept = tuple(x for x in base.labels if x.hotkey in ("1", "2", "9"))
    digits = base._edited(labels=kept, relations=())
    assert free_hotkeys(digits)[:3] == ["3", "4", "5"]
    added = with_labels_for(digits, _use({"A": 1, "B": 1}))
    assert [added.label(n).hotkey for n in ("A", "B")] == ["3", "4"]
    letters = digits._edited(
        labels=tuple(
            Label(x.name, x.layer, x.color, h) for x, h in zip(digits.labels, "pgc", strict=True)
        )
    )
    assert with_labels_for(letters, _use({"A": 1})).label("A").hotkey == "a"
    none = digits._edited(labels=tuple(Label(x.name, x.layer, x.color) for x in digits.labels))
    assert with_labels_for(none, _use({"A": 1})).label("A").hotkey == ""


def test_new_label_heading_a_claim_relation_goes_to_the_claim_layer() -> None:
    use = LabelUse(
        {"QUOTE": 2, "MINISTER": 2},
        {"SAID_BY": 2},
        {"SAID_BY": {"QUOTE": 2}},
        {"SAID_BY": {"MINISTER": 2}},
    )
    schema = with_labels_for(default_schema(), use)
    assert schema.label("QUOTE").layer == "claim"
    assert schema.label("MINISTER").layer == "entity"
    assert schema.relation("SAID_BY").child_labels[-1] == "MINISTER"


def test_distinct_colours_stay_apart() -> None:
    used = [x.color for x in default_schema().labels]
    for _ in range(30):
        used.append(distinct_colour(used))
    assert len(set(used)) == len(used)


def test_labels_another_app_added_meanwhile_are_kept(
    corpus: Corpus, tmp_path: Path, peek: Peek, poke: Peek
) -> None:
    """The import extends the schema as stored in its transaction, not the one this process
    read earlier: a label another app added in between is not lost."""
    assert not corpus.schema.has_label("MEANWHILE")  # this process has read the schema
    other = stored_schema(peek).with_label(Label("MEANWHILE", "entity", "#123456"))
    poke("UPDATE meta SET value = ? WHERE key = 'label_schema'", (other.to_json(),))
    path = write(tmp_path / "ner.jsonl", RECORD)
    report = formats.import_paths(corpus, [path], detect_language=False, add_labels=True)
    assert report.ok, report.rejected
    schema = stored_schema(peek)
    assert schema.has_label("MEANWHILE") and schema.has_label("CITY")
    assert corpus.schema == schema
    assert schema.label("CITY").color != "#123456"


@pytest.mark.postgres_only
def test_a_schema_edit_in_flight_on_the_server_is_waited_for_not_overwritten(
    corpus: Corpus, backend: str, corpus_target: str, tmp_path: Path, peek: Peek
) -> None:
    """Interleaved: another app's schema edit holds the schema row (and has changed it, not yet
    committed) when the import wants to add labels. The import waits on the row lock, then
    extends the schema as committed: the other's label stays. (On SQLite the import's write
    lock is the whole file, taken before the schema is read: no interleaving is possible.)"""
    import psycopg2

    path = write(tmp_path / "ner.jsonl", RECORD)
    other = psycopg2.connect(corpus_target)
    try:
        cur = other.cursor()
        cur.execute("SELECT value FROM meta WHERE key = 'label_schema' FOR UPDATE")
        edited = LabelSchema.from_json(cur.fetchone()[0]).with_label(
            Label("MEANWHILE", "entity", "#123456")
        )
        cur.execute("UPDATE meta SET value = %s WHERE key = 'label_schema'", (edited.to_json(),))
        outcome: list[object] = []

        def run() -> None:
            try:
                outcome.append(
                    formats.import_paths(corpus, [path], detect_language=False, add_labels=True)
                )
            except Exception as exc:  # handed to the test thread
                outcome.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 30
        while not peek(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        ):
            assert time.monotonic() < deadline, "the import never waited for the schema row"
            assert thread.is_alive(), outcome
            time.sleep(0.02)
        other.commit()
        thread.join(30)
    finally:
        other.close()
    (report,) = outcome
    assert isinstance(report, formats.ImportReport) and report.ok, report
    schema = stored_schema(peek)
    assert schema.has_label("MEANWHILE") and schema.has_label("CITY")
