"""CSV files are decoded and read a block at a time as the import needs them (ADR 0042):
the same drafts and refusals whatever the block size (quoted cells over several lines,
CRLF and lone CR, a BOM, multi-byte characters cut anywhere), an invalid byte named at its
line, and memory that is not the file."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from annotator.formats import csv_format
from annotator.formats.common import BadRecords, FormatError

TEXT = (
    "\ufeffid,title,text,published,outlet\r\n"
    'a1,Satu,"Prabowo berkata:\r\n“5.000 pasukan” ke Gaza 😀.",2025-08-12,Aktual\r\n'
    'a2,Dua,"Baris\rkedua\ndan ketiga",,"Bisnis, com"\n'
    "\n"
    "a3,Tiga,Teks biasa é,2025-13-01,CNN\r"
    'a4,Empat,"kutipan ""ganda"" di sini",,Kompas\r\n'
    "a5,Lima,lima,,X,extra\n"
    "a6,Enam,enam,,Y"
)


def _read(path: Path) -> Any:
    try:
        return [
            (d.external_id, d.title, d.text, d.published, d.meta, d.line)
            for d in csv_format.read(path)
        ]
    except FormatError as exc:
        problems = exc.problems if isinstance(exc, BadRecords) else [exc]
        return [(e.line, e.reason) for e in problems]


def test_any_block_size_reads_what_one_block_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode())
    whole = _read(path)
    # a bad date, a row with an extra cell (a lone CR ends a line, as the csv module counts)
    assert [line for line, _ in whole] == [8, 10]
    for size in [*range(1, 41), 1 << 20]:
        monkeypatch.setattr(csv_format, "_BLOCK", size)
        assert _read(path) == whole, size
    good = tmp_path / "b.csv"
    good.write_bytes(TEXT.replace("2025-13-01", "2025-12-01").replace(",X,extra", ",X").encode())
    drafts = _read(good)
    assert [d[0] for d in drafts] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert drafts[1][2] == "Baris\nkedua\ndan ketiga" and drafts[1][4] == {"outlet": "Bisnis, com"}
    for size in (1, 2, 3, 5, 8, 13):
        monkeypatch.setattr(csv_format, "_BLOCK", size)
        assert _read(good) == drafts, size


def test_an_invalid_byte_is_named_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode().replace("é".encode(), b"\xff"))
    for size in (4, 1 << 20):
        monkeypatch.setattr(csv_format, "_BLOCK", size)
        ((line, reason),) = _read(path)
        assert line == 7 and reason.startswith("invalid UTF-8 at byte column 20 (byte ff")


def test_memory_is_a_block_and_a_batch_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_format, "_BLOCK", 64 << 10)
    path = tmp_path / "big.csv"
    rows = "".join(f"r{k},Judul {k},{'Kata-kata berita ' * 40}{k}\n" for k in range(6000))
    path.write_text("id,title,text\n" + rows, encoding="utf-8")
    tracemalloc.start()
    try:
        made = sum(len(b) for b in csv_format.read_batches(path, [], size=50))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert made == 6000
    assert peak < path.stat().st_size / 2  # a digest per id; read whole: several times the file
