"""Gazetteer files (formats/gazetteer.py): both shapes read, every bad line named."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.suggestions import Lexicon
from annotator.formats.common import FormatError
from annotator.formats.gazetteer import read


def test_tab_lines_bare_terms_with_a_default_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "places.txt"
    path.write_text("# provinces\nKorea Utara\tGPE\n\n  Kursk  \nRusia\tGPE\n", encoding="utf-8")
    assert read(path, label="LOC") == [
        ("Korea Utara", "GPE", 2),
        ("Kursk", "LOC", 4),
        ("Rusia", "GPE", 5),
    ]
    lexicon = Lexicon(origin="gazetteer", fold=True)
    lexicon.update((term, label) for term, label, _ in read(path, label="LOC"))
    found = lexicon.match("Pasukan korea utara di Kursk.")
    assert [(s.text, s.label, s.origin) for s in found] == [
        ("korea utara", "GPE", "gazetteer"),
        ("Kursk", "LOC", "gazetteer"),
    ]


def test_csv_with_a_header_and_quoted_commas(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text('term,label\n"Kementerian Luar Negeri, RI",ORG\nKCNA,ORG\n', encoding="utf-8")
    assert read(path) == [("Kementerian Luar Negeri, RI", "ORG", 2), ("KCNA", "ORG", 3)]


def test_every_bad_line_is_named_and_nothing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Putin\tPERSON\nKim Jong Un\n\tGPE\nRusia\t1GPE\n", encoding="utf-8")
    with pytest.raises(FormatError) as e:
        read(path)
    message = str(e.value)
    assert "3 bad lines" in message
    assert f"{path}:2: expected term<TAB>LABEL, found 1 field(s)" in message
    assert f"{path}:3: the term is empty" in message
    assert f"{path}:4: '1GPE' is not a label name" in message
    empty = tmp_path / "empty.csv"
    empty.write_text("term,label\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no terms"):
        read(empty)
    with pytest.raises(FormatError, match="not a label name"):
        read(path, label="bad label")
