"""A whole-file JSON array read an item at a time (``records.json_items``, ADR 0042) gives
what parsing the whole document gives, items and refusals alike, on hand-made edge cases
and on thousands of generated documents with a byte put anywhere; a Label Studio file is
read a task at a time, its memory not growing with the file."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator.formats import labelstudio, records
from annotator.formats.common import FormatError

EDGES = [
    b"",
    b"[]",
    b" [ ] ",
    b'{"a": 1}',
    b"5",
    b'"x"',
    b'[{"a": "]}[{"}, {"b": [1, {"c": "\\"]"}]}]',
    b'\xef\xbb\xbf[{"a":1}]',
    b'[{"a":1},]',
    b'[{"a":1} {"b":2}]',
    b'[{"a":1}, "s", {"b":2}]',
    b'[{"a":1}, 3]',
    b'[{"a":1}',
    b'[{"a":1}]x',
    b'[{"a": "\xff"}]',
    b'[{"a":1},\n{"b": nul}]',
    b'[\x0c{"a":1}]',
    b'[{"a":1}]\x00',
    b"[[1,2],[3]]",
    b'[{"a":"\\u00e9 \xc3\xa9"}]',
    b'{"a": [1]}  ',
    b'[{"a":1}]]',
    b'[{"a":1}}]',
    b'[{"a":"x}]',
    b'[,{"a":1}]',
]


def _both(path: Path, data: bytes) -> tuple[Any, Any]:
    path.write_bytes(data)
    try:
        streamed: Any = ("ok", list(records.json_items(path, "EXPECTED")))
    except FormatError as exc:
        streamed = ("refused", exc.line, exc.reason)
    try:
        doc = records.json_document(path)
        doc = [doc] if isinstance(doc, dict) else doc
        whole: Any = ("ok", doc) if isinstance(doc, list) else ("refused", 0, "EXPECTED")
    except FormatError as exc:
        whole = ("refused", exc.line, exc.reason)
    return streamed, whole


@pytest.mark.parametrize("data", EDGES)
def test_edges_as_the_whole_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    for block in (1, 2, 3, 7, 1 << 20):
        monkeypatch.setattr(records, "_BLOCK", block)
        streamed, whole = _both(tmp_path / "x.json", data)
        assert streamed == whole, block


def test_generated_documents_with_a_byte_put_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in blocks of 1 to 40 bytes: strings, escapes and items cut anywhere."""
    rnd = random.Random(5)
    alphabet = 'ab"\\[]{},: \n\u00e9😀'
    for _ in range(1500):
        items = [
            {
                "data": {"text": "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))},
                "n": [1, {"x": "]"}],
            }
            for _ in range(rnd.randint(0, 4))
        ]
        data = orjson.dumps(items, option=orjson.OPT_INDENT_2 if rnd.random() < 0.5 else 0)
        if rnd.random() < 0.5:
            k = rnd.randrange(len(data) + 1)
            data = data[:k] + bytes([rnd.choice(b'[]{},"\\ x\n')]) + data[k:]
        monkeypatch.setattr(records, "_BLOCK", rnd.randint(1, 40))
        streamed, whole = _both(tmp_path / "x.json", data)
        assert streamed == whole, data


def _tasks(path: Path, n: int) -> Path:
    tasks = [
        {
            "id": k,
            "data": {"text": f"Prabowo mengirim {k} pasukan ke Gaza.", "id": f"t{k}"},
            "annotations": [
                {
                    "completed_by": {"email": "ana@example.org"},
                    "result": [
                        {
                            "id": f"r{k}",
                            "from_name": "label",
                            "to_name": "text",
                            "type": "labels",
                            "value": {"start": 0, "end": 7, "text": "Prabowo", "labels": ["PER"]},
                        }
                    ],
                }
            ],
        }
        for k in range(n)
    ]
    path.write_bytes(orjson.dumps(tasks, option=orjson.OPT_INDENT_2))
    return path


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        made = sum(len(b) for b in labelstudio.read_batches(path, [], size=25))
        assert made
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_label_studio_memory_is_a_task_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read whole, the tasks' objects took 17x the file; read a task at a time (in 64 KiB
    blocks), what grows is one digest per id (one id is one article): under 3/4 of the file.
    Blocks of 100 bytes (every task cut by one) give the same drafts."""
    monkeypatch.setattr(records, "_BLOCK", 64 << 10)
    path = _tasks(tmp_path / "l.json", 6000)
    assert _peak(path) < path.stat().st_size * 3 / 4
    monkeypatch.setattr(records, "_BLOCK", 100)
    small = _tasks(tmp_path / "s.json", 40)
    cut = [
        (d.external_id, d.text, [(s.start, s.end) for s in d.spans])
        for d in labelstudio.read(small)
    ]
    monkeypatch.setattr(records, "_BLOCK", 1 << 20)
    whole = [
        (d.external_id, d.text, [(s.start, s.end) for s in d.spans])
        for d in labelstudio.read(small)
    ]
    assert cut == whole and len(whole) == 40
    drafts = labelstudio.read(path)
    assert [d.external_id for d in drafts[:3]] == ["t0", "t1", "t2"]
    assert [(s.text, s.label) for s in drafts[5999].spans] == [("Prabowo", "PER")]
