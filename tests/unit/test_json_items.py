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
def test_edges_as_the_whole_document(tmp_path: Path, data: bytes) -> None:
    streamed, whole = _both(tmp_path / "x.json", data)
    assert streamed == whole


def test_generated_documents_with_a_byte_put_anywhere(tmp_path: Path) -> None:
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


def test_label_studio_memory_is_a_task_not_the_file(tmp_path: Path) -> None:
    """Read whole, the 3,000 tasks' objects took 17x the file; read a task at a time, what
    grows is one digest per id (one id is one article) and a batch: under half the file."""
    path = _tasks(tmp_path / "l.json", 3000)
    assert _peak(path) < path.stat().st_size / 2
    drafts = labelstudio.read(tmp_path / "l.json")
    assert [d.external_id for d in drafts[:3]] == ["t0", "t1", "t2"]
    assert [(s.text, s.label) for s in drafts[2999].spans] == [("Prabowo", "PER")]
