"""A Hugging Face dataset is read row by row, twice, never held (ADR 0042): the memory the
reader's Python objects take does not grow with the rows, a bad row among many is named by
its split and row, and BIOES and BILOU mixed is named at the row that mixes them."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from annotator.formats import hf
from annotator.formats.common import BadRecords

datasets = pytest.importorskip("datasets")

NAMES = ["O", "B-PER", "I-PER", "S-LOC", "U-ORG", "E-PER"]


@pytest.fixture(autouse=True)
def _hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")


def _saved(tmp_path: Path, rows: int, tags: list[list[int]] | None = None) -> Path:
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=NAMES)),
        }
    )
    words = [[f"kata{k}x{i}" for i in range(40)] for k in range(rows)]
    data = {
        "id": [f"r{k}" for k in range(rows)],
        "tokens": words,
        "ner_tags": tags or [[1, 2] + [0] * 38 for _ in range(rows)],
    }
    out = tmp_path / f"ds{rows}"
    datasets.Dataset.from_dict(data, features=features).save_to_disk(str(out))
    return out


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        made = 0
        for batch in hf.read_batches(path, [], annotator="eka", size=20):
            made += len(batch)
        assert made
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """Eight times the rows: the peak of the reader's Python objects stays about the same (the
    rows made into a list first, it was eight times as much)."""
    small = _peak(_saved(tmp_path, 1500))
    large = _peak(_saved(tmp_path, 12000))
    assert large < 1.5 * small, (small, large)


def test_every_row_read_in_order_across_the_arrow_batches(tmp_path: Path) -> None:
    drafts = hf.read(_saved(tmp_path, 600), annotator="eka")
    assert [d.external_id for d in drafts] == [f"r{k}" for k in range(600)]
    for k, d in enumerate(drafts):
        assert [(s.text, s.label) for s in d.spans] == [(f"kata{k}x0 kata{k}x1", "PER")]


def test_a_bad_row_among_many_and_the_others_read(tmp_path: Path) -> None:
    tags = [[1, 2] + [0] * 38 for _ in range(700)]
    tags[612] = [2] + [0] * 39  # I-PER opening a chunk: IOB1's, but the file's B-PER make it IOB2
    bad: list[hf.FormatError] = []
    made = [d for batch in hf.read_batches(_saved(tmp_path, 700, tags), bad) for d in batch]
    assert len(made) == 699
    assert [e.reason for e in bad] == [
        "train row 613: token 1 ('kata612x0'): I-PER at the start of the sentence: an I- tag "
        "must continue a B-PER or I-PER (--scheme iob1 reads it as a chunk start) (IOB2)"
    ]


def test_mixed_bioes_and_bilou_named_at_the_row(tmp_path: Path) -> None:
    tags = [[0] * 40 for _ in range(500)]
    tags[10][0] = 3  # S-LOC: BIOES
    tags[401][5] = 4  # U-ORG: BILOU
    with pytest.raises(BadRecords, match="train row 402: token 6: the file mixes BIOES"):
        hf.read(_saved(tmp_path, 500, tags))


def test_our_export_is_read_line_by_line_and_a_change_between_passes_refused(
    tmp_path: Path,
) -> None:
    """An export of ours (``manifest.json`` beside ``features.json``) is read from its JSONL
    files without ``datasets``' Arrow copy; a file rewritten between the two passes (here
    while the first pass is still reading it) is refused."""
    from annotator import formats
    from annotator.store.corpus import Corpus
    from tests.unit.test_export_fixtures import fill

    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        formats.export(one, "hf", tmp_path / "hf")
    folder = tmp_path / "hf"
    assert (folder / "manifest.json").is_file()
    rows = hf._JsonlRows(folder, [])
    drafts = [d for b in hf.read_batches(folder, [], annotator="eka") for d in b]
    assert drafts and all(d.where.startswith("train line ") for d in drafts)  # not "row"
    data = folder / "data.jsonl"
    first = rows()
    next(first)
    data.write_bytes(data.read_bytes().replace(b'"text":"', b'"text":"X', 1))
    list(first)
    with pytest.raises(hf.FormatError, match="changed while it was read"):
        list(rows())
