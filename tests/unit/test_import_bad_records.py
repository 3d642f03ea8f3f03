"""Every bad record of a refused file named at once, and ``--skip-invalid`` (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.formats import BadRecords
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY

FAMILY = TRICKY.index("👨")  # a ZWJ family: one grapheme of 5 code points


def good(n: int) -> dict[str, Any]:
    return {
        "id": f"a{n}",
        "text": f"Berita nomor {n}: Putin menelepon Kim.",
        "annotator": "alice",
        "spans": [{"start": 17, "end": 22, "label": "PERSON"}],
    }


def inside_grapheme(n: int) -> dict[str, Any]:
    """A record whose span ends inside the family emoji: the store's check refuses it."""
    return {
        "id": f"g{n}",
        "text": f"{n} {TRICKY}",
        "annotator": "alice",
        "spans": [{"start": 0, "end": len(str(n)) + 1 + FAMILY + 2, "label": "PERSON"}],
    }


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def only_refusal(report: formats.ImportReport) -> BadRecords:
    assert len(report.rejected) == 1
    (err,) = report.rejected
    assert isinstance(err, BadRecords)
    return err


def test_three_bad_records_in_different_places_are_named_in_one_refusal(
    tmp_path: Path, corpus: Corpus
) -> None:
    lines = [json.dumps(good(n)) for n in range(12)]
    lines[1] = '{"text": "broken'  # line 2: not JSON
    lines[4] = json.dumps({"id": "x", "spans": []})  # line 5: no text
    lines[8] = json.dumps(inside_grapheme(9))  # line 9: refused by the store's check
    path = write_lines(tmp_path / "news.jsonl", lines)
    report = formats.import_paths(corpus, [path], detect_language=False)
    err = only_refusal(report)
    assert [e.line for e in err.problems] == [2, 5, 9]
    text = str(err)
    assert text.startswith(f"{path}: 3 bad records")
    for line in (2, 5, 9):
        assert f"{path}:{line}: " in text
    assert "malformed JSON" in text and 'no "text"' in text and "cuts a character apart" in text
    assert corpus.article_count() == 0  # all or nothing


def test_sixty_bad_records_list_fifty_and_count_the_rest(tmp_path: Path, corpus: Corpus) -> None:
    lines = [json.dumps({"id": n, "text": ""}) for n in range(60)] + [json.dumps(good(1))]
    path = write_lines(tmp_path / "empty.jsonl", lines)
    err = only_refusal(formats.import_paths(corpus, [path], detect_language=False))
    assert len(err.problems) == 60
    text = str(err)
    assert text.count(f"\n  {path}:") == 50
    assert f"{path}:50: " in text and f"{path}:51: " not in text
    assert text.rstrip().endswith("… and 10 more")
    assert corpus.article_count() == 0


def test_a_huge_value_is_not_quoted_whole(tmp_path: Path, corpus: Corpus) -> None:
    """A 3 MB label, stated text or status is cut in the middle of its message, saying how
    much was left out: the refusal stays a few lines (it was 10 MB for three records)."""
    big = {**good(1), "spans": [{"start": 17, "end": 22, "label": "L" * 3_000_000}]}
    text = {
        **good(2),
        "spans": [{"start": 17, "end": 22, "label": "PERSON", "text": "Q" * 3_000_000}],
    }
    status = {**good(3), "status": "s" * 1_000_000}
    lines = [json.dumps(x) for x in (big, text, status, good(4))]
    path = write_lines(tmp_path / "big.jsonl", lines)
    err = only_refusal(formats.import_paths(corpus, [path], detect_language=False))
    message = str(err)
    assert len(message) < 6_000
    assert {e.line for e in err.problems} == {1, 2, 3}
    assert "not the stated text 'QQQ" in message and '"status" must be one of' in message
    assert message.count("characters left out] …") >= 3
    assert "2,999," in message  # how much of the 3 MB was left out
    assert corpus.article_count() == 0


def test_spans_inside_a_grapheme_are_all_collected_by_the_store(
    tmp_path: Path, corpus: Corpus
) -> None:
    lines = [json.dumps(inside_grapheme(n) if n in (0, 3, 6) else good(n)) for n in range(8)]
    path = write_lines(tmp_path / "emoji.jsonl", lines)
    err = only_refusal(formats.import_paths(corpus, [path], detect_language=False))
    assert [e.line for e in err.problems] == [1, 4, 7]
    assert all("cuts a character apart" in e.reason for e in err.problems)
    assert corpus.article_count() == 0


def test_skip_invalid_imports_the_good_and_writes_the_rejected_beside(
    tmp_path: Path, corpus: Corpus
) -> None:
    lines = [json.dumps(good(n)) for n in range(6)]
    lines[2] = '{"text": "broken'
    lines[4] = json.dumps(inside_grapheme(4))
    path = write_lines(tmp_path / "news.jsonl", lines)
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.ok and report.articles == 4 and report.spans == 4
    out = tmp_path / "news.jsonl.rejected.jsonl"
    assert report.set_aside == [(path, out, 2)]
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["_text"] == '{"text": "broken' and rows[0]["_rejected"].startswith(
        "news.jsonl:3: "
    )
    assert {k: v for k, v in rows[1].items() if k != "_rejected"} == inside_grapheme(4)
    assert (
        rows[1]["_rejected"].startswith("news.jsonl:5: span ")
        and "cuts a character" in rows[1]["_rejected"]
    )
    # Again: our own file there is replaced; nothing new is imported.
    again = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert again.ok and again.articles == 0 and again.set_aside == [(path, out, 2)]


def test_skip_invalid_never_replaces_a_file_it_did_not_write(
    tmp_path: Path, corpus: Corpus
) -> None:
    lines = [json.dumps(good(1)), '{"text": "broken']
    path = write_lines(tmp_path / "news.jsonl", lines)
    foreign = tmp_path / "news.jsonl.rejected.jsonl"
    foreign.write_text("my notes\n", encoding="utf-8")
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert len(report.rejected) == 1 and report.set_aside == []
    assert "not a file of rejected records this tool wrote" in str(report.rejected[0])
    assert foreign.read_text(encoding="utf-8") == "my notes\n"
    assert corpus.article_count() == 0


def test_skip_invalid_does_nothing_to_a_good_file(tmp_path: Path, corpus: Corpus) -> None:
    path = write_lines(tmp_path / "news.jsonl", [json.dumps(good(n)) for n in range(3)])
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert report.ok and report.articles == 3 and report.set_aside == []
    assert not (tmp_path / "news.jsonl.rejected.jsonl").exists()


def doccano_lines() -> list[str]:
    ok = {"text": "Putin menelepon Kim.", "label": [[0, 5, "PERSON"]], "annotator": "alice"}
    return [
        json.dumps(ok),
        json.dumps({"text": "Kim.", "label": [[0, 2]]}),  # a label of 2 items
        json.dumps({**ok, "text": "Trump di Alaska.", "label": [[0, 99, "PERSON"]]}),
        json.dumps({"text": 5}),
    ]


def prodigy_lines() -> list[str]:
    ok = {"text": "Putin menelepon Kim.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}
    return [
        json.dumps({**ok, "_annotator_id": "alice"}),
        json.dumps({**ok, "spans": "nope"}),
        "[1, 2]",
        json.dumps({**ok, "relations": [{"head_span": {"start": 0}}]}),
    ]


@pytest.mark.parametrize(
    ("fmt", "lines", "bad_lines"),
    [("doccano", doccano_lines(), [2, 3, 4]), ("prodigy", prodigy_lines(), [2, 3, 4])],
)
def test_line_readers_name_every_bad_record(
    tmp_path: Path, corpus: Corpus, fmt: str, lines: list[str], bad_lines: list[int]
) -> None:
    path = write_lines(tmp_path / f"{fmt}.jsonl", lines)
    err = only_refusal(formats.import_paths(corpus, [path], fmt, detect_language=False))
    assert [e.line for e in err.problems] == bad_lines
    assert corpus.article_count() == 0


def test_label_studio_names_every_bad_task_and_skip_invalid_keeps_the_task(
    tmp_path: Path, corpus: Corpus
) -> None:
    def task(text: Any, start: int = 0, end: int = 5) -> dict[str, Any]:
        region = {"id": "r1", "type": "labels", "from_name": "entity", "to_name": "text",
                  "value": {"start": start, "end": end, "labels": ["PERSON"]}}  # fmt: skip
        annotation = {"completed_by": {"email": "alice"}, "result": [region]}
        return {"data": {"text": text}, "annotations": [annotation]}

    tasks = [task("Putin menelepon Kim."), {"data": {}}, task("Kim.", 0, 40), task("Trump.")]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    err = only_refusal(formats.import_paths(corpus, [path], "labelstudio", detect_language=False))
    assert [e.reason.split(":")[0].split(",")[0] for e in err.problems] == ["task 2", "task 3"]
    report = formats.import_paths(
        corpus, [path], "labelstudio", detect_language=False, skip_invalid=True
    )
    assert report.ok and report.articles == 2
    rows = [json.loads(x) for x in (tmp_path / "ls.json.rejected.jsonl").read_text().splitlines()]
    assert [r["data"] for r in rows] == [{}, {"text": "Kim."}]
    assert rows[1]["_rejected"].startswith("ls.json: task 3, annotation 1: ")


def test_a_folder_import_leaves_the_rejected_records_out(tmp_path: Path, corpus: Corpus) -> None:
    write_lines(tmp_path / "news.jsonl", [json.dumps(good(1)), '{"text": "broken'])
    first = formats.import_paths(corpus, [tmp_path], detect_language=False, skip_invalid=True)
    assert first.ok and first.articles == 1 and (tmp_path / "news.jsonl.rejected.jsonl").exists()
    again = formats.import_paths(corpus, [tmp_path], detect_language=False)
    assert again.results == [] and [e.path for e in again.rejected] == [tmp_path / "news.jsonl"]
