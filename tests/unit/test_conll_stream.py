"""CoNLL import in two passes over the file, never holding it (ADR 0042): the same drafts
whatever the block size, memory that does not grow with the file, the scheme detected when
``# columns`` comes late, a file that changes between the passes refused, progress that
moves through both passes, and the import through the CLI unchanged."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from annotator.formats import conll
from annotator.formats.common import BadRecords, FormatError
from annotator.store.corpus import Corpus
from tests.integration.test_cli import run

# Our export's form (BOM, CRLF, no newline at the end, a multi-byte token, a JSON # text) and
# CoNLL-2003's (4 columns, IOB1), one document each.
OURS = (
    "\ufeff# format = CoNLL-2003 style\r\n# columns = TOKEN CLAIM ENTITY\r\n"
    "-DOCSTART- O O\r\n# id = a1\r\n# annotator = ana\r\n"
    '# text = "Prabowo  berkata: “5.000 pasukan” ke Gaza 😀."\r\n\r\n'
    "Prabowo O B-PERSON\r\nberkata O O\r\n: O O\r\n“ B-CLAIM O\r\n5 I-CLAIM B-QUANTITY\r\n"
    ". I-CLAIM I-QUANTITY\r\n000 I-CLAIM I-QUANTITY\r\npasukan I-CLAIM I-QUANTITY\r\n"
    "” I-CLAIM O\r\nke O O\r\nGaza O B-LOC\r\n😀 O O\r\n. O O"
)
IOB1 = (
    "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n"
    "call NN I-NP O\n. . O O\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n"
)


def _drafts(path: Path, **kw: object) -> list[tuple[object, ...]]:
    return [
        (d.external_id, d.text, d.annotator, [(s.start, s.end, s.label) for s in d.spans])
        for d in conll.read(path, **kw)  # type: ignore[arg-type]
    ]


IOB2 = (
    "-DOCSTART- O O\n# id = b2\n\nEU O B-ORG\nrejects O O\n\n\nPeter O B-PER\nBlackburn O I-PER\n"
)


@pytest.mark.parametrize("text", [OURS, IOB1, OURS + "\n\n" + IOB2])
def test_any_block_size_reads_the_same_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Blocks of 1 to 40 bytes (cut inside 😀, between CR and LF, inside the BOM's line)
    read what one block reads."""
    path = tmp_path / "a.conll"
    path.write_bytes(text.encode())
    whole = _drafts(path)
    assert whole and all(spans for *_, spans in whole)
    for size in [*range(1, 41), 4096]:
        monkeypatch.setattr(conll, "_CHUNK", size)
        assert _drafts(path) == whole, size


def test_a_bad_byte_is_named_at_its_line_in_any_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.conll"
    path.write_bytes(IOB1.encode().replace(b"call", b"c\xffll"))
    for size in (3, 64, 1 << 20):
        monkeypatch.setattr(conll, "_CHUNK", size)
        with pytest.raises(FormatError, match="invalid UTF-8") as exc:
            conll.read(path)
        assert exc.value.line == 6


def _file(path: Path, docs: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# columns = TOKEN CLAIM ENTITY\n")
        for k in range(docs):
            fh.write(f"-DOCSTART- O O\n# id = d{k}\n# annotator = ana\n\n")
            rows = (f"kata{k}x{i} O {'B-PER' if i % 7 == 0 else 'O'}\n" for i in range(60))
            fh.write("".join(rows))
            fh.write("\n")
    return path


def _peak(path: Path) -> int:
    """Traced peak while every batch is read and let go, as the import does."""
    tracemalloc.start()
    try:
        for batch in conll.read_batches(path, [], size=20):
            assert batch
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the documents: the peak stays about the same (read whole, it was ten times
    as much). Blocks of 32 KiB, so both files are many blocks."""
    monkeypatch.setattr(conll, "_CHUNK", 32 << 10)
    small = _peak(_file(tmp_path / "small.conll", 200))
    large = _peak(_file(tmp_path / "large.conll", 2000))
    assert large < 1.5 * small, (small, large)


def test_columns_declared_late_still_detect_each_column(tmp_path: Path) -> None:
    """``# columns`` after the first document: the first pass fed only the last column's
    detector for it, so the claim column is detected by a pass of its own (its I- at a
    sentence's start is IOB1's), and both columns are read."""
    path = tmp_path / "a.conll"
    path.write_text(
        "-DOCSTART- O O\n# annotator = ana\n\nJoko I-CLAIM I-PER\nkata I-CLAIM O\n\n"
        "-DOCSTART- O O\n# annotator = ana\n# columns = TOKEN CLAIM ENTITY\n\nAni O I-PER\n",
        encoding="utf-8",
    )
    first, second = conll.read(path)
    assert [(s.text, s.label) for s in first.spans] == [("Joko kata", "CLAIM"), ("Joko", "PER")]
    assert [(s.text, s.label) for s in second.spans] == [("Ani", "PER")]


def test_mixed_schemes_are_named_with_every_other_problem(tmp_path: Path) -> None:
    path = tmp_path / "a.conll"
    path.write_text("-DOCSTART- O\n\nA S-PER\nB O\n\nC B-LOC\nD L-LOC\n\nE O O\n", encoding="utf-8")
    with pytest.raises(BadRecords) as exc:
        conll.read(path)
    assert [(p.line, p.reason[:20]) for p in exc.value.problems] == [
        (7, "the file mixes BIOES"),
        (9, "3 columns, but line "),
    ]


def test_a_file_that_changes_between_the_passes_is_refused(tmp_path: Path) -> None:
    """The first pass's progress call rewrites a token (the same length): the second pass
    reads other bytes, and the file is refused, not imported half one and half the other."""
    path = tmp_path / "a.conll"
    path.write_text(IOB1, encoding="utf-8")
    changed: list[int] = []

    def progress(done: int) -> None:
        if not changed:
            path.write_text(IOB1.replace("Peter", "Petra"), encoding="utf-8")
            changed.append(done)

    with pytest.raises(FormatError, match="changed while it was read"):
        for _ in conll.read_batches(path, [], progress=progress):
            pass
    assert changed


def test_progress_moves_through_both_passes_to_the_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path / "a.conll", 50)
    monkeypatch.setattr(conll, "_CHUNK", 1024)
    seen: list[int] = []
    for _ in conll.read_batches(path, [], size=10, progress=seen.append):
        pass
    size = path.stat().st_size
    assert seen == sorted(seen) and seen[-1] == size
    assert any(0 < x < size // 2 for x in seen) and any(size // 2 < x < size for x in seen)


def test_cli_import_of_a_streamed_file_and_its_refusal(tmp_path: Path) -> None:
    path = _file(tmp_path / "a.conll", 30)
    db = tmp_path / "c.db"
    out = run("--db", str(db), "import", "--format", "conll", "--add-labels", str(path))
    assert out.returncode == 0, out.stderr
    with Corpus.open(db) as corpus:
        assert corpus.article_count() == 30
    bad = tmp_path / "b.conll"
    bad.write_text(path.read_text(encoding="utf-8") + "tail O\n", encoding="utf-8")
    bad.write_text(bad.read_text(encoding="utf-8").replace("kata29x59 O O", "kata29x59 O"))
    out = run("--db", str(db), "import", "--format", "conll", "--add-labels", str(bad))
    assert out.returncode != 0
    assert "2 columns, but # columns has 3" in out.stderr
    with Corpus.open(db) as corpus:
        assert corpus.article_count() == 30
