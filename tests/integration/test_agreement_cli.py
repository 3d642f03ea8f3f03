"""`annotator agreement` on the seed articles labelled by three annotators (imported JSONL).

The expected figures are computed here independently: span F1 from sets, token labels from
the documented tokenizer regex, Cohen's kappa with sklearn, Fleiss' kappa with statsmodels,
alpha with the `krippendorff` package.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from annotator.cli import main
from annotator.store.corpus import Corpus
from tests.conftest import SEEDS

NAMES = [
    ("Kim Jong Un", "PERSON"),
    ("Putin", "PERSON"),
    ("Trump", "PERSON"),
    ("Zelensky", "PERSON"),
    ("Alaska", "GPE"),
    ("Rusia", "GPE"),
    ("Ukraina", "GPE"),
    ("Kremlin", "ORG"),
]
TOKEN = re.compile(r"\w+|[^\w\s]")
Spans = set[tuple[int, int, str]]


def label_seeds(text: str, who: str, seed: int) -> Spans:
    """Realistic variation: ani marks every name; budi misses some and calls Alaska a LOC;
    cici marks "Jong Un" instead of "Kim Jong Un" and misses others."""
    rng = random.Random(f"{who}-{seed}")
    taken: list[tuple[int, int]] = []
    out: Spans = set()
    for name, label in NAMES:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if who != "ani" and rng.random() < 0.15:
                continue
            if who == "budi" and name == "Alaska" and rng.random() < 0.6:
                label = "LOC"
            if who == "cici" and name == "Kim Jong Un" and rng.random() < 0.5:
                start += 4
            out.add((start, end, label))
            label = dict(NAMES)[name]
    return out


def token_labels(text: str, spans: Spans) -> list[str]:
    out = []
    for m in TOKEN.finditer(text):
        covering = [s for s in spans if s[0] < m.end() and m.start() < s[1]]
        out.append(min(covering, key=lambda s: (s[1] - s[0], s[0], s[2]))[2] if covering else "O")
    return out


@pytest.fixture(scope="module")
def corpus_with_three(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("agreement")
    db = tmp / "c.sqlite3"
    assert main(["--db", str(db), "import", "--no-language", str(SEEDS)]) == 0
    with Corpus.open(db, tooling="tests") as corpus:
        articles = {
            a: (corpus.article(a).external_id, corpus.article(a).text) for a in corpus.article_ids()
        }
    work: dict[str, dict[int, Spans]] = {}
    for who in ("ani", "budi", "cici"):
        records = []
        work[who] = {}
        for n, (art, (ext, text)) in enumerate(sorted(articles.items())):
            if who == "budi" and n == 4:
                status = "in_progress"  # not finished: does not count
            elif who == "cici" and n == 0:
                continue  # never opened it
            else:
                status = "done"
            spans = label_seeds(text, who, n)
            if status == "done":
                work[who][art] = spans
            records.append(
                {
                    "id": ext,
                    "text": text,
                    "annotator": who,
                    "status": status,
                    "spans": [
                        {"start": s, "end": e, "label": lab, "text": text[s:e]}
                        for s, e, lab in sorted(spans)
                    ],
                }
            )
        path = tmp / f"{who}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        assert main(["--db", str(db), "import", "--no-language", str(path)]) == 0
    return {"db": db, "work": work, "texts": {a: t for a, (_, t) in articles.items()}}


def agreement_json(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def overlap_matches(a: Spans, b: Spans) -> int:
    # In these fixtures no span of one side overlaps two of the other side with its label.
    return sum(any(x[2] == y[2] and x[0] < y[1] and y[0] < x[1] for y in b) for x in a)


def test_pairwise_span_f1_and_cohen_kappa(
    corpus_with_three: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    data = agreement_json(corpus_with_three["db"], capsys)
    work, texts = corpus_with_three["work"], corpus_with_three["texts"]
    assert data["layer"] == "entity" and data["annotators"] == ["ani", "budi", "cici"]
    assert data["articles"] == 5
    assert {(p["a"], p["b"]) for p in data["pairwise"]} == {
        ("ani", "budi"),
        ("ani", "cici"),
        ("budi", "cici"),
    }
    for p in data["pairwise"]:
        both = sorted(set(work[p["a"]]) & set(work[p["b"]]))
        assert p["articles"] == len(both)
        a_all = sum(len(work[p["a"]][art]) for art in both)
        b_all = sum(len(work[p["b"]][art]) for art in both)
        exact = sum(len(work[p["a"]][art] & work[p["b"]][art]) for art in both)
        over = sum(overlap_matches(work[p["a"]][art], work[p["b"]][art]) for art in both)
        assert p["span_f1_exact"] == pytest.approx(2 * exact / (a_all + b_all), abs=1e-9)
        assert p["span_f1_overlap"] == pytest.approx(2 * over / (a_all + b_all), abs=1e-9)
        ya: list[str] = []
        yb: list[str] = []
        for art in both:
            ya += token_labels(texts[art], work[p["a"]][art])
            yb += token_labels(texts[art], work[p["b"]][art])
        assert p["tokens"] == len(ya)
        assert p["cohen_kappa"] == pytest.approx(cohen_kappa_score(ya, yb), abs=1e-9)
    assert 0 < data["span_f1_exact"] < data["span_f1_overlap"] < 1


def test_fleiss_and_alpha_match_reference_packages(
    corpus_with_three: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    data = agreement_json(corpus_with_three["db"], capsys)
    work, texts = corpus_with_three["work"], corpus_with_three["texts"]
    coders = ["ani", "budi", "cici"]
    all_did = [a for a in sorted(texts) if all(a in work[c] for c in coders)]
    assert data["articles_all"] == len(all_did) == 3
    rows = []
    for art in all_did:
        rows += zip(*(token_labels(texts[art], work[c][art]) for c in coders), strict=True)
    codes = {lab: i for i, lab in enumerate(sorted({x for r in rows for x in r}))}
    table, _ = aggregate_raters(np.array([[codes[x] for x in r] for r in rows]))
    assert data["fleiss_kappa"] == pytest.approx(fleiss_kappa(table), abs=1e-9)

    matrix: list[list[float]] = [[], [], []]
    for art in sorted(texts):
        did = [c for c in coders if art in work[c]]
        if len(did) < 2:
            continue
        n = len(TOKEN.findall(texts[art]))
        for i, c in enumerate(coders):
            labels = token_labels(texts[art], work[c][art]) if c in did else [None] * n
            matrix[i] += [np.nan if x is None else codes.setdefault(x, len(codes)) for x in labels]
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert data["krippendorff_alpha"] == pytest.approx(expected, abs=1e-9)


def test_per_label_and_per_article(
    corpus_with_three: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    work = corpus_with_three["work"]
    data = agreement_json(corpus_with_three["db"], capsys, "--annotators", "ani,budi")
    assert data["annotators"] == ["ani", "budi"] and "per_article" not in data
    both = sorted(set(work["ani"]) & set(work["budi"]))
    for label in ("PERSON", "GPE"):
        a = {art: {s for s in work["ani"][art] if s[2] == label} for art in both}
        b = {art: {s for s in work["budi"][art] if s[2] == label} for art in both}
        exact = sum(len(a[x] & b[x]) for x in both)
        total = sum(len(a[x]) + len(b[x]) for x in both)
        got = data["per_label"][label]["span_f1_exact"]
        assert got == pytest.approx(2 * exact / total, abs=1e-9)
    per = agreement_json(
        corpus_with_three["db"], capsys, "--per-article", "--annotators", "ani,budi"
    )
    rows = {r["article_id"]: r for r in per["per_article"]}
    for art in both:
        a, b = work["ani"][art], work["budi"][art]
        assert rows[art]["span_f1_exact"] == pytest.approx(2 * len(a & b) / (len(a) + len(b)))


def test_readable_table_and_undefined(
    corpus_with_three: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(corpus_with_three["db"])
    capsys.readouterr()
    assert main(["--db", db, "agreement"]) == 0
    out = capsys.readouterr().out
    assert "ani – budi" in out and "Fleiss' κ" in out and "Krippendorff's α" in out
    assert "PERSON" in out and "F1 exact" in out
    # No claims anywhere: every figure undefined, shown as "—" with the reason, never 0.
    assert main(["--db", db, "agreement", "--layer", "claim"]) == 0
    out = capsys.readouterr().out
    assert "—" in out and "neither side marked any span" in out
    data = agreement_json(corpus_with_three["db"], capsys, "--layer", "claim")
    assert data["span_f1_exact"] is None
    assert data["undefined"]["span_f1_exact"] == "neither side marked any span"
    assert main(["--db", db, "agreement", "--annotators", "ani"]) == 0
    assert "fewer than two annotators" in capsys.readouterr().out
    assert main(["--db", db, "agreement", "--annotators", "ani,zed"]) == 1
    assert "no annotator named zed" in capsys.readouterr().err
    assert main(["--db", db, "agreement", "--layer", "nope"]) == 1
    assert "unknown layer" in capsys.readouterr().err
