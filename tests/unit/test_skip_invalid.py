"""``--skip-invalid`` loses nothing and a refusal names every bad record at once (issue 15,
item 5): the rejected file is written before the import commits (or the import rolls back),
named after the whole input name, never shared by two inputs; labels only rejected records
use are not added; unknown labels are named with the other faults; a file that gave nothing
fails; a stale rejected file of ours goes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.cli import main
from annotator.formats import BadRecords, rejected
from annotator.formats.safety import staging_name
from annotator.store.corpus import Corpus
from tests.unit.test_import_bad_records import good, inside_grapheme


def write_records(path: Path, records: list[Any]) -> Path:
    """One line per record; a str is written as it is (a line that is not JSON)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def labelled(n: int, label: str) -> dict[str, Any]:
    record = good(n)
    record["spans"] = [{**record["spans"][0], "label": label}]
    return record


def past_the_end(n: int, label: str = "PERSON") -> dict[str, Any]:
    record = good(n)
    record["spans"] = [{"start": 17, "end": 999, "label": label}]
    return record


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def articles(corpus: Corpus) -> int:
    return int(corpus.stats()["articles"])


def test_a_rejected_file_that_cannot_be_written_rolls_the_import_back(
    tmp_path: Path, corpus: Corpus
) -> None:
    path = write_records(tmp_path / "news.jsonl", [good(0), "{broken", good(2)])
    target = rejected.rejected_path(path)
    # what really fails, even as root: a folder where the file is staged before its rename
    blocker = target.with_name(staging_name(target, "rejected"))
    blocker.mkdir()
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    (err,) = report.rejected
    assert "cannot write the rejected records" in str(err)
    assert "nothing of news.jsonl was imported" in str(err)
    assert report.set_aside == [] and articles(corpus) == 0
    assert not target.exists() and blocker.is_dir()  # its folder is left as it was
    blocker.rmdir()
    again = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert again.ok and again.articles == 2 and again.duplicates == 0
    assert [r["_text"] for r in rows(target)] == ["{broken"]


def test_two_inputs_of_one_stem_keep_their_own_rejected_records(
    tmp_path: Path, corpus: Corpus
) -> None:
    first = write_records(tmp_path / "a.jsonl", [good(0), "{first"])
    second = write_records(tmp_path / "a", [good(1), "{second"])
    report = formats.import_paths(
        corpus, [first, second], "jsonl", detect_language=False, skip_invalid=True
    )
    assert report.ok and report.articles == 2
    assert [(s, t.name, n) for s, t, n in report.set_aside] == [
        (first, "a.jsonl.rejected.jsonl", 1),
        (second, "a.rejected.jsonl", 1),
    ]
    (mine,) = rows(tmp_path / "a.jsonl.rejected.jsonl")
    assert mine["_text"] == "{first" and mine["_rejected"].startswith("a.jsonl:2: ")
    assert rows(tmp_path / "a.rejected.jsonl")[0]["_text"] == "{second"
    assert rows(tmp_path / "a.rejected.jsonl")[0]["_rejected"].startswith("a:2: ")


def test_an_input_where_another_inputs_rejected_records_would_go_is_refused(
    tmp_path: Path, corpus: Corpus
) -> None:
    path = write_records(tmp_path / "news.jsonl", [good(0), "{broken"])
    clash = write_records(tmp_path / "news.jsonl.rejected.jsonl", [good(5)])
    kept = clash.read_bytes()
    report = formats.import_paths(
        corpus, [path, clash], "jsonl", detect_language=False, skip_invalid=True
    )
    (err,) = report.rejected
    assert err.path == path and f"would go to {clash}, which this import reads" in str(err)
    assert clash.read_bytes() == kept  # the input is never written over
    assert report.articles == 1  # the other file imports


def test_skip_invalid_adds_only_the_labels_of_imported_records(
    tmp_path: Path, corpus: Corpus
) -> None:
    path = write_records(
        tmp_path / "news.jsonl",
        [labelled(0, "NEWLABEL"), past_the_end(1, "ONLYBAD"), labelled(2, "NEWLABEL")],
    )
    report = formats.import_paths(
        corpus, [path], detect_language=False, skip_invalid=True, add_labels=True
    )
    assert report.ok and report.articles == 2
    assert report.labels_added == {"NEWLABEL": 2}
    assert corpus.schema.has_label("NEWLABEL") and not corpus.schema.has_label("ONLYBAD")
    (row,) = rows(rejected.rejected_path(path))
    assert row["spans"][0]["label"] == "ONLYBAD" and "outside the text" in row["_rejected"]


def test_one_refusal_names_the_readers_errors_unknown_labels_and_the_store_checks(
    tmp_path: Path, corpus: Corpus
) -> None:
    path = write_records(
        tmp_path / "news.jsonl",
        [
            good(0),
            "{broken",  # line 2: the reader's
            labelled(2, "NOPE"),  # line 3: the first unknown label
            inside_grapheme(3),  # line 4: the store's
            labelled(4, "NOPE"),
            past_the_end(5, "ALSONEW"),  # line 6: an unknown label on a bad span
            past_the_end(6),  # line 7: the store's
        ],
    )
    report = formats.import_paths(corpus, [path], detect_language=False)
    (err,) = report.rejected
    assert isinstance(err, BadRecords)
    named = {e.line: e.reason for e in err.problems}
    assert set(named) == {2, 3, 4, 6, 7}
    assert "malformed JSON" in named[2]
    assert "unknown labels: NOPE (2), ALSONEW (1)" in named[3]
    assert "--add-labels" in named[3]
    assert "cuts a character" in named[4]
    assert "outside the text" in named[6] and "outside the text" in named[7]
    assert articles(corpus) == 0
    for line in (2, 3, 4, 6, 7):
        assert f"news.jsonl:{line}: " in str(err)


def test_skip_invalid_sets_aside_a_record_using_an_unknown_label(
    tmp_path: Path, corpus: Corpus
) -> None:
    path = write_records(
        tmp_path / "news.jsonl", [good(0), labelled(1, "NOPE"), inside_grapheme(2), good(3)]
    )
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.ok and report.articles == 2
    assert not corpus.schema.has_label("NOPE")
    out = rows(rejected.rejected_path(path))
    assert [r["id"] for r in out] == ["a1", "g2"]
    assert "unknown label 'NOPE'" in out[0]["_rejected"]


def test_a_file_that_gave_nothing_fails_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_records(tmp_path / "news.jsonl", ["{broken", past_the_end(1)])
    args = ["--db", str(tmp_path / "c.sqlite3"), "import", "--no-language", "--skip-invalid"]
    assert main([*args, str(path)]) == 1
    out = capsys.readouterr()
    target = rejected.rejected_path(path)
    assert "1 file rejected" in out.out
    assert f"{path}: nothing imported: all 2 records were invalid; written with why to " in out.err
    assert len(rows(target)) == 2


def test_a_clean_run_removes_our_leftover_and_keeps_anything_else(
    tmp_path: Path, corpus: Corpus
) -> None:
    path = write_records(tmp_path / "news.jsonl", [good(0), "{broken"])
    target = rejected.rejected_path(path)
    assert formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True).ok
    assert target.exists()
    write_records(path, [good(0), good(1)])  # the bad line mended
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.ok and report.articles == 1 and not target.exists()
    assert report.notes == [
        f"{path}: removed {target}: the rejected records of an earlier run (none now)"
    ]
    target.write_text('{"mine": 1}\n', encoding="utf-8")  # not ours
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.ok and target.read_text(encoding="utf-8") == '{"mine": 1}\n'
    assert report.notes == [
        f"{path}: {target} is there and was not written by --skip-invalid; left as it is"
    ]
