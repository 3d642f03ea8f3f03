"""The token exports (CoNLL, Hugging Face, spaCy) against a plain reference written here: the
naive tokenise-and-tag loop, one Python step per token and per character, run on varied
texts (emoji with joiners and flags, combining marks, tabs, runs of spaces and line breaks,
leading and trailing whitespace, separators that are whitespace, punctuation only, no token
at all) and on a generated corpus, with spans that do not align, that overlap in one layer,
that cross paragraphs and that nest across layers. The exporters cut and write in bulk (C
joins and slices); every byte they write must be what the reference writes."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator import formats
from annotator.core.model import ArticleDraft, Document, SpanDraft, Status
from annotator.core.offsets import is_boundary
from annotator.formats.checks import Tokens
from annotator.formats.spacy_format import words_and_spaces, words_and_spaces_of
from annotator.store.corpus import Corpus

TOKEN = re.compile(r"\w+|[^\w\s]")
ENTITY_LABELS = ("PERSON", "ORG", "LOC")

TEXTS = [
    "Putin menelepon Kim.\n\nKim menjawab: “Ya, besok!” kata dia.",
    "Halo 👨‍👩‍👧 dan 🇮🇩 👍🏽 semua😀😀, apa kabar?",
    "  dua  spasi\tdan tab \n baris\n\n\n tiga  ",
    "\nAwal di baris kedua   akhir\n\n",
    "Cafe\u0301 e\u0301 snake_case x_1 Rp 1.250,50 東京 は 大阪",
    "pemisah\x1cdi\x1ftengah\u2028baris\u00a0nbsp",
    "?!...—«»",
    "x",
    " satu spasi di depan, lalu\n\ndua.",
    "baris\r\nbaru\r\n\r\nparagraf",
    "Presiden Joko Widodo berkata bahwa Jakarta akan tenggelam.\n\nMenteri Sri Mulyani "
    "menolak: “Itu tidak benar.”\nKata BPS, inflasi 2,5 %.",
    " \n\t ",
    "",
]


# ---------------------------------------------------------------- the reference


def ref_tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def ref_words_spaces(text: str, toks: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """spaCy's words and spaces, character by character: one space after a token is its
    trailing space; any other whitespace becomes a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for s, e in [*toks, (len(text), len(text))]:
        gap = text[pos:s]
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if e > s:
            words.append(text[s:e])
            spaces.append(False)
        pos = e
    assert "".join(w + " " * sp for w, sp in zip(words, spaces, strict=True)) == text
    return words, spaces


def ref_kept(doc: Document, flat: set[str] | None) -> list[Any]:
    """The spans a --skip-misaligned export keeps: on token boundaries, not empty, and (for
    the layers in ``flat``, every layer when None) not overlapping a kept span of their
    layer, in (start, -end, id) order."""
    toks = ref_tokens(doc.article.text)
    starts, ends = {s for s, _ in toks}, {e for _, e in toks}
    ok = [sp for sp in doc.spans if sp.start in starts and sp.end in ends and sp.start < sp.end]
    bad: set[int] = set()
    last: dict[str, Any] = {}
    for sp in sorted(ok, key=lambda s: (s.start, -s.end, s.id)):
        if flat is not None and sp.layer not in flat:
            continue
        prev = last.get(sp.layer)
        if prev is not None and sp.start < prev.end:
            bad.add(sp.id)
            continue
        last[sp.layer] = sp
    return [sp for sp in ok if sp.id not in bad]


def ref_index(toks: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    first = next(i for i, (s, _) in enumerate(toks) if s == start)
    last = next(i for i, (_, e) in enumerate(toks) if e == end)
    return first, last


def ref_conll(docs: list[Document], layers: list[str]) -> str:
    cols = " ".join(layer.upper() for layer in layers)
    out = [
        "# format = CoNLL-2003 style, IOB2 tags, tokens \\w+|[^\\w\\s] (Unicode); "
        f"columns TOKEN {cols}\n# columns = TOKEN {cols}\n"
    ]
    for doc in docs:
        text = doc.article.text
        toks = ref_tokens(text)
        tags = {layer: ["O"] * len(toks) for layer in layers}
        for sp in ref_kept(doc, None):
            first, last = ref_index(toks, sp.start, sp.end)
            for i in range(first, last + 1):
                tags[sp.layer][i] = ("B-" if i == first else "I-") + sp.label
        out.append("-DOCSTART-" + " O" * len(layers) + "\n")
        out.append(f"# id = {doc.article.external_id}\n# annotator = {doc.annotator}\n")
        out.append(f"# text = {orjson.dumps(text).decode()}\n\n")
        for i, (s, e) in enumerate(toks):
            inside = any(tags[layer][i].startswith("I-") for layer in layers)
            if i and "\n" in text[toks[i - 1][1] : s] and not inside:
                out.append("\n")
            out.append(" ".join([text[s:e], *(tags[layer][i] for layer in layers)]) + "\n")
        out.append("\n")
    return "".join(out)


def ref_hf(doc: Document, names: list[str]) -> dict[str, Any]:
    text = doc.article.text
    toks = ref_tokens(text)
    ner = [0] * len(toks)
    spans = []
    for sp in ref_kept(doc, {"entity"}):
        first, last = ref_index(toks, sp.start, sp.end)
        if sp.layer == "entity":
            for i in range(first, last + 1):
                ner[i] = names.index(("B-" if i == first else "I-") + sp.label)
        else:
            spans.append(
                {"start": sp.start, "end": sp.end, "token_start": first, "token_end": last,
                 "label": sp.label, "layer": sp.layer, "text": sp.text}
            )  # fmt: skip
    return {
        "id": doc.article.external_id,
        "annotator": doc.annotator,
        "text": text,
        "tokens": [text[s:e] for s, e in toks],
        "token_offsets": [[s, e] for s, e in toks],
        "ner_tags": ner,
        "spans": spans,
    }


# ---------------------------------------------------------------- the corpora


def _spans(text: str, rng: random.Random) -> list[SpanDraft]:
    """Aligned entities and claims (some crossing paragraphs, some nesting entities), spans
    that start or end inside a word, and entities that overlap each other."""
    toks = ref_tokens(text)
    out: list[tuple[int, int, str]] = []
    if toks:
        for _ in range(6):
            a = rng.randrange(len(toks))
            b = min(len(toks) - 1, a + rng.randrange(3))
            out.append((toks[a][0], toks[b][1], rng.choice(ENTITY_LABELS)))
        a = rng.randrange(len(toks))
        out.append((toks[a][0], toks[min(len(toks) - 1, a + 12)][1], "CLAIM"))
        out.append((toks[0][0], toks[-1][1], "CLAIM"))
    for s, e in toks:  # inside a word of three letters or more: not on a token boundary
        if e - s >= 3 and text[s:e].isascii():
            out.append((s + 1, e, "PERSON"))
            out.append((s, e - 1, "CLAIM"))
            break
    return [
        SpanDraft(f"k{n}", s, e, label, text[s:e])
        for n, (s, e, label) in enumerate(dict.fromkeys(out))
        if is_boundary(text, s) and is_boundary(text, e)  # import refuses a cut character
    ]


def _fill(corpus: Corpus) -> None:
    rng = random.Random(15)
    drafts = []
    for n, text in enumerate(TEXTS):
        if "\r" in text or not text.strip():  # the store holds neither (import refuses them)
            continue
        for who in ("ana", "budi")[: 1 + n % 2]:
            drafts.append(
                ArticleDraft(text, external_id=f"t{n}", annotator=who, spans=_spans(text, rng),
                             status=Status.DONE)
            )  # fmt: skip
    corpus.import_drafts(drafts, origin="test", detect_language=False)


def _generated(corpus: Corpus) -> None:
    from benchmarks.generate import generate

    gen = generate(40, spans_per_article=12, seed=7)
    rng = random.Random(16)
    ours = [  # and a fourth annotator's spans, some not on token boundaries
        ArticleDraft(d.text, external_id=d.external_id, annotator="zed",
                     spans=_spans(d.text, rng), status=Status.DONE)
        for d in gen.drafts[:20:2]
    ]  # fmt: skip
    corpus.import_drafts([*gen.drafts, *ours], origin="test", detect_language=False)


@pytest.fixture(params=["varied", "generated"])
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        (_fill if request.param == "varied" else _generated)(c)
        yield c


def _export(corpus: Corpus, fmt: str, out: Path) -> formats.ExportResult:
    return formats.export(corpus, fmt, out, options=formats.ExportOptions(skip_misaligned=True))


# ---------------------------------------------------------------- the comparisons


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_the_naive_cut(text: str) -> None:
    toks = ref_tokens(text)
    got = Tokens.of(text)
    assert got.words == [text[s:e] for s, e in toks]
    assert list(zip(got.starts, got.ends, strict=True)) == toks == got.offsets
    bounds = [0, *(x for t in toks for x in t), len(text)]
    assert got.gaps == [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    assert words_and_spaces_of(got) == ref_words_spaces(text, toks)
    assert words_and_spaces(text, toks) == ref_words_spaces(text, toks)


def test_conll_is_the_reference(corpus: Corpus, tmp_path: Path) -> None:
    result = _export(corpus, "conll", tmp_path / "out.conll")
    docs = list(corpus.documents(None))
    assert result.skipped  # the corpus has spans the export must leave out
    layers = [x.name for x in corpus.schema.layers if x.name != "entity"] + ["entity"]
    assert (tmp_path / "out.conll").read_text(encoding="utf-8") == ref_conll(docs, layers)


def test_hf_is_the_reference(corpus: Corpus, tmp_path: Path) -> None:
    _export(corpus, "hf", tmp_path / "hf")
    features = orjson.loads((tmp_path / "hf" / "features.json").read_bytes())
    names = features["ner_tags"]["feature"]["names"]
    docs = list(corpus.documents(None))
    lines = (tmp_path / "hf" / "data.jsonl").read_bytes().splitlines()
    assert lines == [orjson.dumps(ref_hf(doc, names)) for doc in docs]


def test_spacy_is_the_reference(corpus: Corpus, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    _export(corpus, "spacy", tmp_path / "out.spacy")
    back = list(
        DocBin(store_user_data=True).from_disk(tmp_path / "out.spacy").get_docs(spacy.vocab.Vocab())
    )
    docs = list(corpus.documents(None))
    assert len(back) == len(docs)
    for got, doc in zip(back, docs, strict=True):
        text = doc.article.text
        words, spaces = ref_words_spaces(text, ref_tokens(text))
        assert [t.text for t in got] == words
        assert [bool(t.whitespace_) for t in got] == spaces
        kept = ref_kept(doc, {"entity"})
        assert [(e.start_char, e.end_char, e.label_) for e in got.ents] == [
            (s.start, s.end, s.label) for s in kept if s.layer == "entity"
        ]
        claims = [(s.start, s.end, s.label) for s in kept if s.layer == "claim"]
        groups = {
            k: [(x.start_char, x.end_char, x.label_) for x in g] for k, g in got.spans.items()
        }
        assert groups == ({"claims": claims} if claims else {})
        assert got.user_data["id"] == doc.article.external_id
        assert got.user_data["annotator"] == doc.annotator
