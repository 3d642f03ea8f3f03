"""Prodigy files are JSON Lines and are read line by line as the import needs them (ADR
0042): memory that does not grow with the file, every bad task named with its line while
the others are read, rejected answers left out, progress by bytes, and a file with nothing
accepted refused in words. And a file read whole (the other formats) takes its size, not the
cap's."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import orjson
import pytest

from annotator.formats import prodigy, records
from annotator.formats.common import FormatError


def _task(k: int, answer: str = "accept") -> bytes:
    text = f"Prabowo mengirim {k} pasukan ke Gaza, kata juru bicara {k}."
    return orjson.dumps(
        {
            "text": text,
            "meta": {"id": f"t{k}"},
            "spans": [{"start": 0, "end": 7, "label": "PERSON", "text": "Prabowo"}],
            "tokens": [{"text": w, "id": i} for i, w in enumerate(text.split())],
            "answer": answer,
            "_annotator_id": "ana",
        }
    )


def _file(path: Path, tasks: int) -> Path:
    path.write_bytes(b"\n".join(_task(k) for k in range(tasks)) + b"\n")
    return path


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        made = sum(len(b) for b in prodigy.read_batches(path, [], annotator="ana", size=25))
        assert made
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    small = _peak(_file(tmp_path / "s.jsonl", 400))
    large = _peak(_file(tmp_path / "l.jsonl", 4000))
    assert large < 1.5 * small, (small, large)


def test_bad_tasks_named_the_others_read_rejected_left_out(tmp_path: Path) -> None:
    lines = [_task(k) for k in range(300)]
    lines[7] = _task(7, "reject")
    lines[120] = b'{"text": "x", "spans": "none"}'
    lines[250] = b"{not json"
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n\r\n")
    bad: list[FormatError] = []
    made = [d for b in prodigy.read_batches(path, bad, annotator="ana", size=50) for d in b]
    assert len(made) == 297
    assert "t7" not in {d.external_id for d in made}
    assert [e.line for e in bad] == [121, 251]


def test_progress_by_bytes_to_the_end(tmp_path: Path) -> None:
    path = _file(tmp_path / "p.jsonl", 6000)
    seen: list[int] = []
    for _ in prodigy.read_batches(path, [], annotator="ana", progress=seen.append):
        pass
    assert len(seen) > 2 and seen == sorted(seen) and seen[-1] == path.stat().st_size


def test_nothing_accepted_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(_task(1, "reject") + b"\n")
    with pytest.raises(FormatError, match="holds no accepted tasks"):
        prodigy.read(path)


def test_json_lines_named_at_their_line_as_before(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n\n  \n{"a": 2}\r\n{"a": \xff}\n')
    with pytest.raises(FormatError, match="invalid UTF-8") as exc:
        list(records.json_lines(path))
    assert exc.value.line == 5
    bad: list[FormatError] = []
    assert [n for n, _ in records.json_lines(path, bad)] == [1, 4]
    assert [e.line for e in bad] == [5]


def test_a_whole_file_read_takes_the_file_not_the_cap(tmp_path: Path) -> None:
    """``read_capped`` reads what the file holds: reading up to the 1 GiB cap at once had
    Python allocate the cap for every small file read whole."""
    from annotator.formats.common import read_capped

    path = _file(tmp_path / "p.jsonl", 20)
    tracemalloc.start()
    try:
        assert read_capped(path, 1 << 30) == path.read_bytes()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * path.stat().st_size
