"""Every bad record of a brat, CoNLL, CSV, spaCy or HF file named in one refusal (issue 15,
item 5), as for JSONL (test_import_bad_records.py): the reader's problems and the store's
together, the first 50 in full and a count of the rest, the corpus unchanged. ``--skip-invalid``
does not set these formats' records aside: the file is refused whole, and the refusal says so."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.formats import BadRecords
from annotator.store.corpus import Corpus

ONLY = "--skip-invalid is for JSONL, Prodigy, doccano and Label Studio files only"


def state(corpus: Corpus) -> dict[str, Any]:
    """What an import could change: every count of the corpus."""
    return corpus.stats()


def seeded(corpus: Corpus, tmp_path: Path) -> dict[str, Any]:
    """The corpus with one article already in it (a refused import must leave it as it is)."""
    path = tmp_path / "seed.jsonl"
    record = {"id": "seed", "text": "Putin menelepon Kim.", "annotator": "alice",
              "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}  # fmt: skip
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert formats.import_paths(corpus, [path], detect_language=False).ok
    before = state(corpus)
    assert before["articles"] == 1
    return before


def refusal(report: formats.ImportReport) -> BadRecords:
    assert len(report.rejected) == 1 and not report.results
    (err,) = report.rejected
    assert isinstance(err, BadRecords)
    return err


def named(err: BadRecords, path: Path, lines: list[int]) -> str:
    """The refusal's text, having checked it names each of ``lines`` of ``path`` and no other."""
    assert [e.line for e in err.problems] == lines
    text = str(err)
    assert text.startswith(f"{path}: {len(lines)} bad records")
    assert "nothing of the file was imported" in text
    for line in lines:
        assert f"\n  {path}:{line}: " in text
    return text


def counted(err: BadRecords, path: Path, total: int) -> None:
    """More than 50 problems: the first 50 in full, then a count of the rest."""
    assert len(err.problems) == total
    text = str(err)
    assert text.count(f"\n  {path}") == BadRecords.SHOWN
    assert text.rstrip().endswith(f"… and {total - BadRecords.SHOWN} more")


# ---------------------------------------------------------------- CSV


def csv_file(tmp_path: Path, rows: list[str], name: str = "news.csv") -> Path:
    path = tmp_path / name
    path.write_text("id,title,published,text\n" + "".join(f"{r}\n" for r in rows), "utf-8")
    return path


def csv_good(n: int) -> str:
    return f"c{n},Judul {n},2024-01-0{n % 9 + 1},Berita nomor {n} tentang Putin."


def test_csv_names_every_bad_row(tmp_path: Path, corpus: Corpus) -> None:
    before = seeded(corpus, tmp_path)
    rows = [csv_good(n) for n in range(10)]
    rows[1] = "c1,Judul,,"  # line 3: the text cell is empty
    rows[4] = "c4,Judul,2024-01-01"  # line 6: a cell short
    rows[8] = "c8,Judul,kemarin,Teks yang baik."  # line 10: not a date
    rows.append("c2,Judul,,Teks lain untuk id yang sama.")  # line 12: id c2 given twice
    path = csv_file(tmp_path, rows)
    err = refusal(formats.import_paths(corpus, [path], detect_language=False))
    text = named(err, path, [3, 6, 10, 12])
    assert "the 'text' cell is empty" in text and "row has 3 cells but the header has 4" in text
    assert "published: " in text and "'c2' was given to a different text at line 4" in text
    assert ONLY in text  # CSV rows are not set aside: the refusal says so
    assert state(corpus) == before


def test_csv_names_more_than_fifty_bad_rows_and_counts_the_rest(
    tmp_path: Path, corpus: Corpus
) -> None:
    before = seeded(corpus, tmp_path)
    path = csv_file(tmp_path, [csv_good(1)] + [f"e{n},Judul,," for n in range(60)])
    err = refusal(formats.import_paths(corpus, [path], detect_language=False))
    counted(err, path, 60)
    assert state(corpus) == before


def test_csv_malformed_rows_do_not_stop_the_reading(tmp_path: Path) -> None:
    path = csv_file(tmp_path, [csv_good(1), 'c2,"a"b,,teks', csv_good(3), 'c4,"x"y,,teks'])
    with pytest.raises(BadRecords) as caught:
        formats.read(path, "csv")
    assert [(e.line, e.reason.split(":")[0]) for e in caught.value.problems] == [
        (3, "malformed CSV"),
        (5, "malformed CSV"),
    ]
    assert [d.external_id for d in caught.value.drafts] == ["c1", "c3"]


def test_skip_invalid_refuses_a_csv_file_whole_and_says_so(tmp_path: Path, corpus: Corpus) -> None:
    before = seeded(corpus, tmp_path)
    path = csv_file(tmp_path, [csv_good(1), "c2,Judul,,", csv_good(3), "c4,Judul,,"])
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    err = refusal(report)
    named(err, path, [3, 5])
    assert ONLY in str(err) and report.set_aside == []
    assert not (tmp_path / "news.csv.rejected.jsonl").exists()
    assert state(corpus) == before
    # One bad row: its own message, and what --skip-invalid does not do.
    path = csv_file(tmp_path, [csv_good(1), "c2,Judul,,"], "one.csv")
    report = formats.import_paths(corpus, [path], detect_language=False, skip_invalid=True)
    assert [str(e) for e in report.rejected] == [f"{path}:3: the 'text' cell is empty ({ONLY})"]
    assert state(corpus) == before


# ---------------------------------------------------------------- CoNLL


def conll_file(tmp_path: Path, docs: list[list[str]], name: str = "news.conll") -> Path:
    """One ``-DOCSTART-`` document per item, each a list of token lines ("" between
    sentences); a document starts at line 1 + 3 per earlier document + its earlier lines."""
    path = tmp_path / name
    body = "".join("-DOCSTART- O\n\n" + "\n".join(doc) + "\n\n" for doc in docs)
    path.write_text(body, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The (only) line of ``path`` that is ``text``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines.count(text) == 1
    return lines.index(text) + 1


def conll_good(n: int) -> list[str]:
    return [f"Berita{n} O", "Putin B-PERSON", "menelepon O", "Kim B-PERSON", "Jong I-PERSON"]


def test_conll_names_every_bad_line_and_sentence(tmp_path: Path, corpus: Corpus) -> None:
    before = seeded(corpus, tmp_path)
    docs = [conll_good(n) for n in range(8)]
    # a line of three columns where the others have two; the I- tag after it is not read
    # (the sentence has lost its B- line), so it adds nothing of its own
    docs[1] = ["Berita O", "Kim B-PERSON x", "Jong I-PERSON", "datang O"]
    docs[2] = ["Berita O", "sendirian", "datang O"]  # a token without a tag
    docs[3] = ["Trump B-PERSON", "datang O", "", "Ke O", "Putin I-PERSON"]  # I- after O (IOB2)
    docs[5] = ["Presiden X-PERSON", "Putin O"]  # a malformed tag
    docs[6] = ["Kim B-PERSON", "\u0301 B-PERSON", "datang O"]  # the store: inside a character
    path = conll_file(tmp_path, docs)
    ragged = line_of(path, "Kim B-PERSON x")
    untagged = line_of(path, "sendirian")
    sequence = line_of(path, "Putin I-PERSON")
    malformed = line_of(path, "Presiden X-PERSON")
    store = line_of(path, "\u0301 B-PERSON") - 3  # a document's line: its -DOCSTART-
    err = refusal(
        formats.import_paths(corpus, [path], "conll", annotator="eka", detect_language=False)
    )
    text = named(err, path, [ragged, untagged, sequence, malformed, store])
    assert f"3 columns, but line {line_of(path, 'Berita0 O')} has 2" in text
    assert "a token line needs a token and a tag" in text
    assert "I-PERSON after O" in text and "bad tag 'X-PERSON'" in text
    assert "cuts a character apart" in text and ONLY in text
    assert state(corpus) == before


def test_conll_names_more_than_fifty_bad_sentences_and_counts_the_rest(
    tmp_path: Path, corpus: Corpus
) -> None:
    before = seeded(corpus, tmp_path)
    docs = [conll_good(0)] + [[f"Kata{n} X-PERSON", "lain O"] for n in range(60)]
    path = conll_file(tmp_path, docs)
    err = refusal(
        formats.import_paths(corpus, [path], "conll", annotator="eka", detect_language=False)
    )
    counted(err, path, 60)
    assert all("bad tag 'X-PERSON'" in e.reason for e in err.problems)
    assert state(corpus) == before


def test_conll_columns_are_those_of_most_lines(tmp_path: Path) -> None:
    # The first token line is the odd one: it alone is named, not every line after it.
    path = conll_file(tmp_path, [["Putin NNP B-PERSON", "menelepon O", "Kim B-PERSON"]])
    with pytest.raises(BadRecords) as caught:
        formats.read(path, "conll", annotator="eka")
    (problem,) = caught.value.problems
    assert str(problem) == (
        f"{path}:3: 3 columns, but line 4 has 2 (tokens are one column: a token with spaces "
        "needs tab-separated columns)"
    )


def test_skip_invalid_refuses_a_conll_file_the_store_refuses_a_document_of(
    tmp_path: Path, corpus: Corpus
) -> None:
    """Before, the store's refusal of a document was set aside as its first line alone."""
    before = seeded(corpus, tmp_path)
    docs = [conll_good(1), ["Kim B-PERSON", "\u0301 B-PERSON"], conll_good(2)]
    path = conll_file(tmp_path, docs)
    report = formats.import_paths(
        corpus, [path], "conll", annotator="eka", detect_language=False, skip_invalid=True
    )
    (err,) = report.rejected
    assert str(err).startswith(f"{path}:9: span ") and str(err).endswith(f" ({ONLY})")
    assert report.set_aside == [] and not (tmp_path / "news.conll.rejected.jsonl").exists()
    assert state(corpus) == before


# ---------------------------------------------------------------- brat

BRAT_TEXT = "Putin menelepon Kim. Trump datang ke Alaska."


def brat_file(tmp_path: Path, lines: list[str]) -> Path:
    (tmp_path / "doc.txt").write_text(BRAT_TEXT, encoding="utf-8")
    path = tmp_path / "doc.ann"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_brat_names_every_bad_line_of_an_ann_file(tmp_path: Path, corpus: Corpus) -> None:
    before = seeded(corpus, tmp_path)
    lines = [
        "T1\tPERSON 0 5\tPutin",
        "T2\tPERSON 16 99\tKim",  # line 2: past the end of the text
        "T3\tPERSON 21 26\tTrump",
        "R1\tSAID_BY Arg1:T3 Arg2:T2",  # names T2, whose line is named already: not again
        "X1\tWhat T1",  # line 5: no such line type
        "A1\tcertainty T3 hedged",
        "R2\tSAID_BY Arg1:T3 Arg2:T9",  # line 7: no T9 in the file
        "T4\tPLACE 37 43\tAlaska",
        "A2\tcertainty T3 sure",  # line 9: the attribute twice
    ]
    path = brat_file(tmp_path, lines)
    err = refusal(
        formats.import_paths(corpus, [path], "brat", annotator="eka", detect_language=False)
    )
    text = named(err, path, [2, 5, 7, 9])
    assert "T2: the offsets 16 99 are out of range" in text
    assert "X1: unknown brat line type 'X'" in text
    assert "T9 is not a T or E annotation of this file" in text
    assert "T3 has the attribute certainty twice (first at line 6)" in text and ONLY in text
    assert state(corpus) == before


def test_brat_names_more_than_fifty_bad_lines_and_counts_the_rest(
    tmp_path: Path, corpus: Corpus
) -> None:
    before = seeded(corpus, tmp_path)
    lines = ["T1\tPERSON 0 5\tPutin"] + [f"T{n}\tPERSON 0 999\tx" for n in range(2, 62)]
    path = brat_file(tmp_path, lines)
    err = refusal(
        formats.import_paths(corpus, [path], "brat", annotator="eka", detect_language=False)
    )
    counted(err, path, 60)
    assert state(corpus) == before


def test_brat_without_its_text_is_one_refusal(tmp_path: Path, corpus: Corpus) -> None:
    path = brat_file(tmp_path, ["T1\tPERSON 0 999\tx", "X1\tWhat T1"])
    (tmp_path / "doc.txt").unlink()
    report = formats.import_paths(corpus, [path], "brat", annotator="eka", detect_language=False)
    assert [str(e) for e in report.rejected] == [
        f"{path}: no doc.txt beside it (brat keeps the text there)"
    ]


# ---------------------------------------------------------------- spaCy and HF (no lines)


def named_at(err: BadRecords, path: Path, places: list[str]) -> str:
    """As :func:`named`, for records a file has no lines for: each named by its place."""
    assert [e.reason.split(":")[0] for e in err.problems] == places
    text = str(err)
    assert text.startswith(f"{path}: {len(places)} bad records")
    for place in places:
        assert f"\n  {path}: {place}: " in text
    return text


def docbin(tmp_path: Path, docs: list[Any], name: str = "news.spacy") -> Path:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    path = tmp_path / name
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return path


@functools.cache
def vocab() -> Any:
    return pytest.importorskip("spacy").blank("en").vocab


def spacy_doc(words: list[str], ents: tuple[tuple[int, int, str], ...] = (), **user: Any) -> Any:
    from spacy.tokens import Doc, Span

    doc = Doc(vocab(), words=words)
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    doc.user_data.update(user)
    return doc


def spacy_good(n: int) -> Any:
    return spacy_doc([f"Berita{n}", "Putin", "menelepon"], ((1, 2, "PERSON"),), id=f"s{n}")


def test_spacy_names_every_bad_doc(tmp_path: Path, corpus: Corpus) -> None:
    before = seeded(corpus, tmp_path)
    docs = [spacy_good(n) for n in range(7)]
    docs[1] = spacy_doc([])  # doc 2: no text
    docs[3] = spacy_doc(["Putin", "datang"], ((0, 1, "PERSON"),), attributes={"0:5:PERSON": "x"})
    docs[5] = spacy_doc(["Kim", "\u0301"], ((1, 2, "PERSON"),))  # doc 6: the store's check
    path = docbin(tmp_path, docs)
    err = refusal(formats.import_paths(corpus, [path], annotator="eka", detect_language=False))
    text = named_at(err, path, ["doc 2", "doc 4", "doc 6"])
    assert "cuts a character apart" in text and ONLY in text
    assert state(corpus) == before


def test_spacy_names_more_than_fifty_bad_docs_and_counts_the_rest(
    tmp_path: Path, corpus: Corpus
) -> None:
    before = seeded(corpus, tmp_path)
    path = docbin(tmp_path, [spacy_good(0)] + [spacy_doc([]) for _ in range(60)])
    err = refusal(formats.import_paths(corpus, [path], annotator="eka", detect_language=False))
    counted(err, path, 60)
    assert state(corpus) == before


HF_NAMES = ["O", "B-PERSON", "I-PERSON"]


def hf_row(n: int, tokens: list[str] | None = None, tags: list[int] | None = None) -> str:
    tokens = tokens or [f"Berita{n}", "Putin", "menelepon"]
    return json.dumps({"id": f"h{n}", "tokens": tokens, "ner_tags": tags or [0, 1, 0]})


def test_hf_names_every_bad_row(tmp_path: Path, corpus: Corpus) -> None:
    before = seeded(corpus, tmp_path)
    folder = tmp_path / "hf"
    folder.mkdir()
    (folder / "features.json").write_text(
        json.dumps({"ner_tags": {"feature": {"names": HF_NAMES}}}), encoding="utf-8"
    )
    rows = [hf_row(n) for n in range(10)]
    rows[1] = '{"tokens": ["broken"'  # line 2: not JSON
    rows[4] = hf_row(4, tags=[0, 1])  # line 5: two tags for three tokens
    rows[7] = hf_row(7, tags=[0, 2, 0])  # line 8: I-PERSON after O (IOB2)
    rows[9] = hf_row(9, ["Kim", "\u0301"], [0, 1])  # line 10: the store, inside a character
    data = folder / "data.jsonl"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    err = refusal(
        formats.import_paths(corpus, [folder], "hf", annotator="eka", detect_language=False)
    )
    where = [(e.path, e.line) for e in err.problems]
    assert where == [(folder, 0), (data, 2), (data, 5), (data, 8)]
    text = str(err)
    assert text.startswith(f"{folder}: 4 bad records") and ONLY in text
    assert f"\n  {folder}: train line 10: span t1: span 4..5 cuts a character apart" in text
    assert f"\n  {data}:2: malformed JSON" in text
    assert f'\n  {data}:5: "ner_tags" must be a list of 3 tags, one per token' in text
    assert f"\n  {data}:8: token 2 ('Putin'): I-PERSON after O: " in text
    assert state(corpus) == before


def test_hf_names_more_than_fifty_bad_rows_and_counts_the_rest(
    tmp_path: Path, corpus: Corpus
) -> None:
    datasets = pytest.importorskip("datasets")
    before = seeded(corpus, tmp_path)
    rows = {  # tags as strings: a dataset made by datasets, read with it
        "tokens": [["Putin", "datang"]] + [["kata", "lain"]] * 60,
        "ner_tags": [["B-PERSON", "O"]] + [["O", "X-Y"]] * 60,
    }
    folder = tmp_path / "saved"
    datasets.Dataset.from_dict(rows).save_to_disk(str(folder))
    err = refusal(
        formats.import_paths(corpus, [folder], "hf", annotator="eka", detect_language=False)
    )
    counted(err, folder, 60)
    assert err.problems[0].reason.startswith("train row 2: token 2 ('lain'): bad tag 'X-Y'")
    assert state(corpus) == before


def test_the_command_line_names_every_bad_row_with_or_without_skip_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli import main

    db = tmp_path / "c.sqlite3"
    path = csv_file(tmp_path, [csv_good(1), "c2,Judul,,", csv_good(3), "c4,J", "c5,J,x,teks"])
    for extra in ([], ["--skip-invalid"]):
        assert main(["--db", str(db), "import", "--no-language", *extra, str(path)]) == 1
        out = capsys.readouterr()
        assert "imported 0 articles" in out.out and "1 file rejected" in out.out
        assert f"rejected {path}: 3 bad records" in out.err and ONLY in out.err
        for line in (3, 5, 6):
            assert f"\n  {path}:{line}: " in out.err
        assert not (tmp_path / "news.csv.rejected.jsonl").exists()
