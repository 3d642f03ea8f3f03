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


def test_seed_titles_from_the_text_alone(tmp_path: Path) -> None:
    for seed in SEEDS.glob("*.txt"):  # without the folder's metadata.csv
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    titles = {p.stem: formats.read(p)[0].title for p in sorted(tmp_path.glob("*.txt"))}
    assert titles == SEED_TITLES


def test_the_seeds_carry_outlet_date_title_and_story(corpus: Corpus) -> None:
    report = formats.import_paths(corpus, formats.collect([SEEDS], "auto"), detect_language=False)
    assert report.ok and report.articles == 5  # metadata.csv is not an article
    rows = {a.external_id: a for a in (corpus.article(i) for i in corpus.article_ids())}
    sources = {k: (a.source, a.published) for k, a in rows.items()}
    assert sources["002_b552c2c3d6dd6ff1"] == ("CNN Indonesia", "2025-08-13T11:08+07:00")
    assert sources["003_6ce7a80759da329a"] == ("Bisnis.com", "2025-08-13T07:56+07:00")
    assert sources["000_b2ebdb4fe16fc330"] == ("Aktual.com", None)  # the text gives no date
    assert rows["004_509a6613fde4a62d"].title.startswith("Putin Telepon Kim Jong Un")
    assert len({a.meta["story"] for a in rows.values()}) == 1


SIDECAR_HEADER = "file,title,source,published,story,desk\n"


def test_a_sidecar_fills_what_a_text_file_lacks(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"Putin calls Kim.\nThe call came on Tuesday.\n")
    write(tmp_path, "b.txt", b"A story without metadata.\n")
    (tmp_path / "metadata.csv").write_text(
        SIDECAR_HEADER + 'a.txt,"Putin, Kim",Daily Planet,2025-08-13,call,world\n',
        encoding="utf-8",
    )
    assert formats.collect([tmp_path], "txt") == [tmp_path / "a.txt", tmp_path / "b.txt"]
    (a,) = formats.read(tmp_path / "a.txt")
    assert (a.title, a.source, a.published) == ("Putin, Kim", "Daily Planet", "2025-08-13")
    assert a.meta == {"file": "a.txt", "story": "call", "desk": "world"}
    (b,) = formats.read(tmp_path / "b.txt")
    assert (b.title, b.source, b.published) == ("A story without metadata.", "", None)


@pytest.mark.parametrize(
    ("row", "line", "reason"),
    [
        ("a.txt,t,s,13/08/2025,,\n", 2, "not an ISO 8601 date"),
        ("c.txt,t,s,,,\n", 2, "c.txt is not a file"),
        ("../a.txt,t,s,,,\n", 2, "must name a file in this folder"),
        ("a.txt,t,s,,,\na.txt,u,s,,,\n", 3, "named twice (first at line 2)"),
        ("a.txt,t,s\n", 2, "row has 3 cells but the header has 6"),
    ],
)
def test_a_bad_sidecar_refuses_the_import_at_its_line(
    tmp_path: Path, corpus: Corpus, row: str, line: int, reason: str
) -> None:
    write(tmp_path, "a.txt", b"Putin calls Kim.\n")
    sidecar = tmp_path / "metadata.csv"
    sidecar.write_text(SIDECAR_HEADER + row, encoding="utf-8")
    report = formats.import_paths(corpus, [tmp_path / "a.txt"], detect_language=False)
    (err,) = report.rejected
    assert corpus.article_ids() == []
    assert str(err).startswith(f"{sidecar}:{line}: ") and reason in str(err)


def test_text_is_the_whole_file(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        (draft,) = formats.read(seed)
        assert draft.text == seed.read_text(encoding="utf-8")
        assert draft.external_id == seed.stem
        assert draft.meta["file"] == seed.name
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


def test_a_sub_folder_is_said_not_read(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"Putin calls Kim.\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.txt", b"Kim answers.\n")
    skipped: list[str] = []
    assert formats.collect([tmp_path], "auto", skipped) == [tmp_path / "a.txt"]
    assert skipped == [f"{tmp_path / 'sub'}: a sub-folder, not read (name it to import it)"]


def test_files_of_kinds_no_importer_reads_are_counted_by_kind(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"Putin calls Kim.\n")
    for name in ("scan.pdf", "photo.JPG", "notes.md", "b.md", "README"):
        write(tmp_path, name, b"x")
    write(tmp_path, "a.rejected.jsonl", b"{}\n")  # --skip-invalid's: left out, not counted
    skipped: list[str] = []
    assert formats.collect([tmp_path], "auto", skipped) == [tmp_path / "a.txt"]
    assert skipped == [
        f"{tmp_path}: 5 files of kinds no importer reads (1 (no extension), 1 .jpg, 2 .md, 1 .pdf)"
    ]
    skipped = []  # a format named: every file is taken as that format, nothing counted
    assert len(formats.collect([tmp_path], "txt", skipped)) == 6 and skipped == []
