"""The CSV importer: header, text column, metadata columns, strict decoding, line numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annotator import formats
from annotator.formats.common import FormatError
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY


def write(tmp_path: Path, data: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def rejected(corpus: Corpus, path: Path, line: int) -> str:
    before = corpus.stats()
    report = formats.import_paths(corpus, [path], detect_language=False)
    assert not report.ok and not report.results
    assert corpus.stats() == before
    (err,) = report.rejected
    assert (err.path, err.line) == (path, line)
    assert str(err).startswith(f"{path}:{line}: " if line else f"{path}: ")
    return err.reason


def test_columns_map_to_fields_and_meta(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,title,source,url,published,language,text,story,section\r\n"
        f'a1,Judul,CNN,https://x.test,2025-08-13,id,"{TRICKY}",alaska,dunia\r\n'
        'a2,,,,,,"Putin menelepon Kim.\r\nBaris dua.",,\r\n',
    )
    first, second = formats.read(path)
    assert (first.external_id, first.title, first.source) == ("a1", "Judul", "CNN")
    assert (first.url, first.published) == ("https://x.test", "2025-08-13")
    assert (first.language, first.language_confidence) == ("id", 1.0)
    assert first.text == TRICKY
    assert first.meta == {"story": "alaska", "section": "dunia"}
    assert (first.line, second.line) == (2, 3)
    assert second.text == "Putin menelepon Kim.\nBaris dua."  # CRLF inside a cell -> LF
    assert second.title == "Putin menelepon Kim."  # no title: the text's first line
    assert (second.url, second.published, second.language) == (None, None, None)


def test_text_column_option(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffbody,text\nIsi berita,catatan\n")
    (draft,) = formats.read(path, text_column="body")
    assert draft.text == "Isi berita"
    assert draft.meta == {"text": "catatan"}


def test_huge_cell_is_read(tmp_path: Path) -> None:
    body = "kata " * 100_000  # 500,000 characters: over csv's default 131,072 limit
    (draft,) = formats.read(write(tmp_path, f'text\n"{body}"\n'))
    assert draft.text == body


def test_wrong_cell_count_names_the_line(tmp_path: Path, corpus: Corpus) -> None:
    # The quoted cell spans lines 2-4, so the bad row is on line 6 (not the 4th record).
    path = write(tmp_path, 'id,text\n1,"satu\ndua\ntiga"\n2,ok\n3,empat,lima\n')
    assert "3 cells but the header has 2" in rejected(corpus, path, 6)


def test_bad_last_row_rejects_the_whole_file(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "id,text\n1,satu\n2,dua\n3\n")
    assert "1 cells" in rejected(corpus, path, 4)
    assert corpus.article_count() == 0


def test_empty_text_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, 'id,text\n1,satu\n2,"  "\n')
    assert "'text' cell is empty" in rejected(corpus, path, 3)


def test_header_is_required(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "Putin menelepon Kim,Trump\n")
    assert "no 'text' column in the header" in rejected(corpus, path, 1)


def test_duplicate_header_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, "text,title,title\na,b,c\n")
    assert "appears twice" in rejected(corpus, path, 1)


def test_invalid_utf8_names_the_line(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, b"id,text\n1,ok\n2,caf\xe9\n")
    assert rejected(corpus, path, 3).startswith("invalid UTF-8 at byte column 6")


def test_binary_file_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, b"text\nabc\x00def\n")
    assert "binary" in rejected(corpus, path, 2)


def test_empty_and_header_only_files_are_rejected(tmp_path: Path, corpus: Corpus) -> None:
    assert "empty" in rejected(corpus, write(tmp_path, b"", "a.csv"), 0)
    assert "no rows" in rejected(corpus, write(tmp_path, "text\n\n", "b.csv"), 0)


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    drafts = formats.read(write(tmp_path, "id,text\n\n1,satu\n\n2,dua\n"))
    assert [(d.external_id, d.line) for d in drafts] == [("1", 3), ("2", 5)]


def test_unterminated_quote_is_rejected(tmp_path: Path, corpus: Corpus) -> None:
    path = write(tmp_path, 'id,text\n1,"satu\n')
    reason = rejected(corpus, path, 2)
    assert "malformed CSV" in reason


@pytest.mark.parametrize("annotator", [None, "alice"])
def test_csv_import_adds_articles_only(tmp_path: Path, corpus: Corpus, annotator: str) -> None:
    path = write(tmp_path, "id,text\n1,Putin menelepon Kim.\n2,Trump ke Alaska.\n")
    report = formats.import_paths(corpus, [path], annotator=annotator, detect_language=False)
    assert report.ok and report.articles == 2
    assert corpus.stats()["status_by_annotator"] == {}


def test_written_tables_neutralise_formula_cells(tmp_path: Path) -> None:
    from annotator.formats.csv_format import table_bytes, write_table

    header = ["name", "value"]
    rows = [
        ["=cmd|' /C calc'!A0", -0.25],
        ["+1", 3],
        ["-x", None],
        ["@SUM(A1)", 1.5],
        ["\tTAB", 0],
        ["\rCR", 0],
        ["plain = fine", -1],
    ]
    text = table_bytes(header, rows).decode("utf-8")
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[1:] == [
        ["'=cmd|' /C calc'!A0", "-0.25"],
        ["'+1", "3"],
        ["'-x", ""],
        ["'@SUM(A1)", "1.5"],
        ["'\tTAB", "0"],
        ["'\rCR", "0"],
        ["plain = fine", "-1"],
    ]
    out = write_table(tmp_path / "t.csv", header, rows)
    assert out.read_bytes() == text.encode("utf-8")
    write_table(out, header, rows[:1])  # an earlier table of ours: replaced
    with pytest.raises(FormatError, match="not an earlier export"):
        write_table(out, ["other", "header"], rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_one_id_for_two_texts_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,text\n1,Putin calls Kim.\n1,Trump meets Putin.\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r'd\.csv:3: "id" \'1\' was given to a different text'):
        formats.read(path)


def test_a_date_that_is_not_iso_8601_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("text,published\nPutin calls Kim.,2025-13-45\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"d\.csv:2: published: '2025-13-45' is not an ISO 8601"):
        formats.read(path)
