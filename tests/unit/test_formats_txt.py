"""The .txt importer: strict UTF-8, whole file as text, first short line as title."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import formats
from annotator.formats import text
from annotator.formats.common import derive_title, title_line
from annotator.store.corpus import Corpus
from tests.conftest import SEEDS

SEED_TITLES = {
    "000_b2ebdb4fe16fc330": "Jelang Pertemuan Putin-Trump, Mendadak Kim Jong Un Dihubungi Putin",
    # The file's first line is a breadcrumb ("Home Lainnya <headline>"); the headline follows.
    "001_a3dd190503d8792f": "Putin Telepon Kim Jong Un Jelang KTT Alaska dengan Trump",
    "002_b552c2c3d6dd6ff1": "Putin Lapor ke Kim Jong Un Mau Temui Trump di Alaska",
    "003_6ce7a80759da329a": "Putin Telepon Kim Jong-un sebelum Bertemu Trump Pekan Ini",
    # No title line: the first line is a long paragraph, so its first words make the title.
    "004_509a6613fde4a62d": (
        "Presiden Rusia, Vladimir Putin, melakukan panggilan telepon dengan Pemimpin…"
    ),
}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejected(corpus: Corpus, path: Path) -> formats.FormatError:
    """Import ``path`` expecting a rejection; check the corpus did not change."""
    before = corpus.stats()
    report = formats.import_paths(corpus, [path], detect_language=False)
    assert not report.ok and not report.results
    assert corpus.stats() == before
    (err,) = report.rejected
    assert err.path == path
    return err


def test_seed_titles() -> None:
    titles = {p.stem: formats.read(p)[0].title for p in sorted(SEEDS.glob("*.txt"))}
    assert titles == SEED_TITLES


def test_text_is_the_whole_file(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        (draft,) = formats.read(seed)
        assert draft.text == seed.read_text(encoding="utf-8")
        assert draft.external_id == seed.stem
        assert draft.meta == {"file": seed.name}
        assert draft.annotator is None and not draft.spans


def test_bom_is_stripped_and_line_ends_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfJudul\r\nBaris satu.\rBaris dua.\r\n")
    (draft,) = formats.read(path)
    assert draft.text == "Judul\nBaris satu.\nBaris dua.\n"
    assert draft.title == "Judul"


def test_annotator_is_ignored_for_text_files(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Judul\nIsi berita.\n")
    (draft,) = formats.read(path, annotator="alice")
    assert draft.annotator is None


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Judul Pendek\nIsi.", "Judul Pendek"),
        ("  Judul   dengan  spasi \n\nIsi.", "Judul dengan spasi"),
        ("\n\nJudul setelah baris kosong\nIsi.", "Judul setelah baris kosong"),
        ("Apakah Putin datang?\nIsi.", "Apakah Putin datang?"),  # short: first words = line
        ("Hanya satu kalimat tanpa judul", "Hanya satu kalimat tanpa judul"),
    ],
)
def test_title_rule(content: str, title: str) -> None:
    assert (title_line(content) or derive_title(content)) == title


def test_a_sentence_is_not_a_title() -> None:
    assert title_line("Putin menelepon Kim.\nIsi.") is None
    assert title_line("Dia berkata, «Kami siap.»\nIsi.") is None
    assert title_line("Satu-satunya baris") is None  # the only line is the text


def test_a_long_first_line_is_not_a_title() -> None:
    long_line = "kata " * 50 + "akhir"
    assert len(long_line) > 200
    assert title_line(long_line + "\nIsi.") is None


def test_derived_title_cuts_at_a_word_boundary() -> None:
    words = "Presiden Rusia melakukan panggilan telepon dengan Pemimpin Tertinggi Korea Utara"
    content = words + " dan seterusnya sampai kalimat ini menjadi sangat panjang sekali."
    title = derive_title(content)
    assert title.endswith("…") and len(title) <= 80
    assert content.startswith(title[:-1])
    assert content[len(title) - 1] == " "  # the cut falls between words


def test_invalid_utf8_names_line_and_byte_column(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "bad.txt", b"Judul\nbaris dua\nabc\xffdef\n")
    err = rejected(corpus, path)
    assert err.line == 3
    assert str(err).startswith(f"{path}:3: invalid UTF-8 at byte column 4")


def test_latin1_file_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "latin.txt", "Judul\nCafé résumé\n".encode("latin-1"))
    err = rejected(corpus, path)
    assert err.line == 2 and "invalid UTF-8" in err.reason


def test_binary_file_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    err = rejected(corpus, path)
    assert "binary" in err.reason
    assert str(err).startswith(f"{path}:")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf"])
def test_empty_file_is_rejected(tmp_path: Path, corpus: Corpus, data: bytes) -> None:
    path = write(tmp_path, "empty.txt", data)
    err = rejected(corpus, path)
    assert "empty" in err.reason
    assert str(err) == f"{path}: {err.reason}"


def test_oversize_file_is_rejected_with_size_and_cap(
    tmp_path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "MAX_BYTES", 1000)
    path = write(tmp_path, "big.txt", b"Judul\n" + b"kata " * 400)
    err = rejected(corpus, path)
    assert "2,006 bytes" in err.reason and "1,000 bytes" in err.reason


def test_real_cap_refuses_a_file_over_it(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.txt", b"a" * (text.MAX_BYTES + 1))
    with pytest.raises(formats.FormatError, match="over the cap"):
        formats.read(path)
