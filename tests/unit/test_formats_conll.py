"""CoNLL import: tokens are data (never re-tokenised), IOB1/IOB2/BIOES/BILOU read strictly,
an invalid tag sequence refused at its line; CoNLL-2003's and spaCy's 4-column files."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import formats
from annotator.formats import conll
from annotator.store.corpus import Corpus
from tests.integration.test_cli import run
from tests.unit.test_export_fixtures import TEXT_C, fill, labels

# CoNLL-2003 as distributed with IOB2 NER tags (spaCy's and Hugging Face's form): token, POS,
# chunk, NER; -DOCSTART- with -X- columns; tokens that \w+|[^\w\s] would split.
CONLL2003 = """-DOCSTART- -X- -X- O

U.S. NNP B-NP B-LOC
stocks NNS I-NP O
do VBP B-VP O
n't RB I-VP O
fall VB I-VP O
. . O O

Shares NNS B-NP O
rose VBD B-VP O
3.99 CD B-NP O
percent NN I-NP O
on IN B-PP O
the DT B-NP O
New NNP I-NP B-ORG
York NNP I-NP I-ORG
Stock NNP I-NP I-ORG
Exchange NNP I-NP I-ORG
. . O O

-DOCSTART- -X- -X- O

Arsenal NNP B-NP B-ORG
won VBD B-VP O
1-0 CD B-NP O
at IN B-PP O
Leeds NNP B-NP B-ORG
United NNP I-NP I-ORG
. . O O
"""

SENTENCES = [
    [
        ["U.S.", "stocks", "do", "n't", "fall", "."],
        ["Shares", "rose", "3.99", "percent", "on", "the", "New", "York", "Stock", "Exchange", "."],
    ],
    [["Arsenal", "won", "1-0", "at", "Leeds", "United", "."]],
]
SPANS = [
    [("U.S.", "LOC"), ("New York Stock Exchange", "ORG")],
    [("Arsenal", "ORG"), ("Leeds United", "ORG")],
]


def _write(tmp_path: Path, body: str, name: str = "eng.testa") -> Path:
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


def _check(drafts: list[formats.ArticleDraft]) -> None:
    assert len(drafts) == len(SENTENCES)
    for draft, sentences, spans in zip(drafts, SENTENCES, SPANS, strict=True):
        # The text is the file's tokens, one space between, one newline between sentences;
        # so every token is found, one by one, at its place.
        assert draft.text == "\n".join(" ".join(s) for s in sentences)
        assert [line.split(" ") for line in draft.text.split("\n")] == sentences
        got = [(draft.text[s.start : s.end], s.label) for s in draft.spans]
        assert got == spans
        assert all(s.text == draft.text[s.start : s.end] for s in draft.spans)


def test_conll2003_four_columns_tokens_are_data(tmp_path: Path) -> None:
    drafts = formats.read(_write(tmp_path, CONLL2003), "conll", annotator="eka")
    _check(drafts)
    assert drafts[0].spans[1].start == drafts[0].text.index("New York")


def test_original_conll2003_iob1_is_detected(tmp_path: Path) -> None:
    # The original CoNLL-2003 files are IOB1: chunks start with I-, B- only separates two
    # adjacent chunks of one label.
    iob1 = CONLL2003.replace("B-LOC", "I-LOC").replace("B-ORG", "I-ORG")
    iob1 = iob1.replace("won VBD B-VP O\n1-0 CD B-NP O\nat IN B-PP O\n", "")
    iob1 = iob1.replace("Leeds NNP B-NP I-ORG", "Leeds NNP B-NP B-ORG")  # adjacent ORGs
    (doc1, doc2) = formats.read(_write(tmp_path, iob1), "conll", annotator="eka")
    assert [(doc1.text[s.start : s.end], s.label) for s in doc1.spans] == SPANS[0]
    assert doc2.text == "Arsenal Leeds United ."
    assert [(doc2.text[s.start : s.end], s.label) for s in doc2.spans] == SPANS[1]
    # Read as IOB2 the same file is refused at its first I- chunk start.
    with pytest.raises(formats.FormatError, match=r"eng.testa:3: I-LOC at the start of the"):
        formats.read(_write(tmp_path, iob1), "conll", scheme="iob2")


def _bioes(scheme: str) -> str:
    end, single = ("E", "S") if scheme == "bioes" else ("L", "U")
    return (
        CONLL2003.replace("B-LOC", f"{single}-LOC")
        .replace("Exchange NNP I-NP I-ORG", f"Exchange NNP I-NP {end}-ORG")
        .replace("Arsenal NNP B-NP B-ORG", f"Arsenal NNP B-NP {single}-ORG")
        .replace("United NNP I-NP I-ORG", f"United NNP I-NP {end}-ORG")
    )


@pytest.mark.parametrize("scheme", ["bioes", "bilou"])
def test_bioes_and_bilou(tmp_path: Path, scheme: str) -> None:
    _check(formats.read(_write(tmp_path, _bioes(scheme)), "conll"))
    _check(formats.read(_write(tmp_path, _bioes(scheme)), "conll", scheme=scheme))


@pytest.mark.parametrize(
    ("base", "old", "new", "line", "why"),
    [
        # IOB2 (detected: B- starts chunks): I-PER after B-ORG
        ("iob2", "York NNP I-NP I-ORG", "York NNP I-NP I-PER", 17, r"I-PER after B-ORG: .*IOB2"),
        # BIOES: E- without B-
        ("bioes", "fall VB I-VP O", "fall VB I-VP E-PER", 7, r"E-PER after O: no B-PER.*BIOES"),
        # BILOU: L- without B-
        ("bilou", "fall VB I-VP O", "fall VB I-VP L-PER", 7, r"L-PER after O: no B-PER.*BILOU"),
        # BIOES: a chunk left open
        ("bioes", "Exchange NNP I-NP E-ORG", "Exchange NNP I-NP I-ORG", 20,
         r"O after I-ORG: the ORG chunk was not closed with E-ORG \(BIOES\)"),
        ("bioes", "Arsenal NNP B-NP S-ORG", "Arsenal NNP B-NP U-ORG", 24,
         r"the file mixes BIOES \(E-/S-\) and BILOU \(L-/U-\) tags"),
        ("iob2", "3.99 CD B-NP O", "3.99 CD B-NP X-MONEY", 12, r"bad tag 'X-MONEY'"),
    ],
)  # fmt: skip
def test_invalid_sequence_refused_at_its_line(
    tmp_path: Path, base: str, old: str, new: str, line: int, why: str
) -> None:
    body = CONLL2003 if base == "iob2" else _bioes(base)
    assert old in body
    path = _write(tmp_path, body.replace(old, new))
    with pytest.raises(formats.FormatError, match=rf"eng.testa:{line}: {why}"):
        formats.read(path, "conll")
    with Corpus.open(tmp_path / "c.db", tooling="tests") as corpus:
        report = formats.import_paths(corpus, [path], "conll", annotator="eka")
        assert not report.ok and report.rejected[0].line == line
        assert corpus.article_count() == 0


def test_tag_column_reads_another_column(tmp_path: Path) -> None:
    (doc, _) = formats.read(_write(tmp_path, CONLL2003), "conll", tag_column=3)
    assert [(doc.text[s.start : s.end], s.label) for s in doc.spans][:3] == [
        ("U.S. stocks", "NP"),
        ("do n't fall", "VP"),
        ("Shares", "NP"),
    ]
    with pytest.raises(formats.FormatError, match=r"--tag-column 5: the file has columns 1"):
        formats.read(_write(tmp_path, CONLL2003), "conll", tag_column=5)
    with pytest.raises(formats.FormatError, match=r"--tag-column is for CoNLL files"):
        formats.read(_write(tmp_path, "{}", "x.jsonl"), "jsonl", tag_column=4)


def test_ragged_columns_refused_at_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, CONLL2003.replace("3.99 CD", "3 .99 CD"))
    with pytest.raises(formats.FormatError, match=r"eng.testa:12: 5 columns, but line 3 has 4"):
        formats.read(path, "conll")


def test_spacy_conll_ner_and_tab_separated(tmp_path: Path) -> None:
    # spaCy's `convert` docs: "-DOCSTART- -X- O O"; tab-separated tokens may hold a space.
    body = "-DOCSTART- -X- O O\n\nI PRP B-NP O\nlike VBP B-VP O\nNew\tNNP B-NP B-GPE\n"
    body = body.replace("New\tNNP B-NP B-GPE", "New York\tNNP\tB-NP\tB-GPE")
    path = _write(tmp_path, body.replace(" ", "\t").replace("New\tYork", "New York"))
    (doc,) = formats.read(path, "conll")
    assert doc.text == "I like New York"
    assert [(doc.text[s.start : s.end], s.label) for s in doc.spans] == [("New York", "GPE")]


def test_conllu_text_comment_is_the_text_when_it_holds_the_tokens(tmp_path: Path) -> None:
    body = (
        "# sent_id = 1\n# text = Stocks didn't fall in the U.S.\n"
        "Stocks O\ndid O\nn't O\nfall O\nin O\nthe O\nU.S. B-LOC\n\n"
        "# text = this text is not the tokens\nShares O\nrose O\n"
    )
    (doc,) = formats.read(_write(tmp_path, body), "conll")
    assert doc.text == "Stocks didn't fall in the U.S.\nShares rose"
    (span,) = doc.spans
    assert (doc.text[span.start : span.end], span.label) == ("U.S.", "LOC")


def test_cli_import_conll2003_with_tag_column_and_scheme(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    path = _write(tmp_path, CONLL2003, "eng.conll")
    done = run("--db", str(db), "import", "--format", "conll", "--tag-column", "4",
               "--scheme", "iob2", "--annotator", "eka", "--no-language", str(path))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "imported 2 articles, 4 spans" in done.stdout
    with Corpus.open(db, tooling="tests") as corpus:
        texts = sorted(corpus.article(i).text for i in corpus.article_ids())
        assert texts == sorted("\n".join(" ".join(s) for s in doc) for doc in SENTENCES)
    bad = _write(
        tmp_path, CONLL2003.replace("York NNP I-NP I-ORG", "York NNP I-NP I-PER"), "b.conll"
    )
    done = run("--db", str(db), "import", "--format", "conll", "--scheme", "iob2", str(bad))
    assert done.returncode == 1
    assert f"{bad}:17: I-PER after B-ORG" in done.stderr


def test_own_export_round_trips_exactly(tmp_path: Path) -> None:
    out = tmp_path / "out.conll"
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        formats.export(one, "conll", out)
        before = labels(one, tmp_path, "a.jsonl")
        texts = {one.article(i).text for i in one.article_ids()}
    drafts = conll.read(out)
    assert {d.text for d in drafts} == texts - {TEXT_C}  # each text exactly, from # text
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [out], "conll", detect_language=False)
        assert report.ok, report.rejected
        after = labels(two, tmp_path, "b.jsonl")
    assert len(before) == 5
    assert [(t, w, [x[:4] for x in sp]) for t, w, sp, _ in after] == [
        (t, w, [x[:4] for x in sp]) for t, w, sp, _ in before
    ]


def test_conllu_columns_refused_not_misread(tmp_path: Path) -> None:
    body = "# text = EU rejects.\n1\tEU\tEU\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    body += "2\trejects\treject\tVERB\tVBZ\t_\t0\troot\t_\tSpaceAfter=No\n"
    with pytest.raises(formats.FormatError, match=r"x.conllu:2: this is CoNLL-U"):
        formats.read(_write(tmp_path, body, "x.conllu"), "conll")
