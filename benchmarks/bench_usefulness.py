"""Issue 17: how useful are suggestions? After labelling the first k articles by hand, what share
of the next articles' spans is suggested (recall), and how many suggestions are wrong
(precision), per source.

The corpus: ``generate.py``'s articles, whose every planted span (names, places, organisations,
dates, quantities, claims and their speakers) is the truth a careful annotator would label.
The memory learns the entity spans of the first k articles; the rules need no labels; a model
(``--model``) is trained on the first k articles with ``annotator/learn`` (spaCy from blank).
Scored on the next 200 articles: a suggestion counts when its start, end and label are the
truth's (for claims: the claim's text, quotes and attribution left out, as the rule cuts it).

Standalone: ``python -m benchmarks.bench_usefulness [--k 5,20,100] [--model]``, or the
``usefulness`` section of ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from annotator.core.model import Article, Document, Span, Status
from annotator.core.suggestions import Lexicon, Suggestion, rule_suggestions

from .generate import Generator

SCORED = 200


def _corpus(n: int, seed: int = 17) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    gen = Generator(seed)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        lang = "id" if rng.random() < 0.7 else "en"
        text, spans = gen.article(lang, 2800, 0)
        out.append((lang, text, spans))
    return out


def _score(found: list[Suggestion], truth: set[tuple[int, int, str]], counts: Counter[str]) -> None:
    """Per source and label: suggested and right; and the true spans any source offered."""
    counts["\0 covered"] += len({(s.start, s.end, s.label) for s in found} & truth)
    for s in found:
        key = f"{s.origin.split(':')[0]} {s.label}"
        counts[key + " suggested"] += 1
        counts[key + " right"] += (s.start, s.end, s.label) in truth


def _trained(labelled: list[tuple[str, str, list[tuple[int, int, str]]]], work: Path) -> Any:
    from annotator.learn.model import ModelSuggester
    from annotator.learn.train import train

    docs = []
    for k, (lang, text, spans) in enumerate(labelled, start=1):
        article = Article(k, f"g{k}", "", "", None, None, text, "", lang, 1.0, "")
        docs.append(
            Document(
                article,
                "bench",
                Status.DONE,
                [
                    Span(k * 1000 + i, k, "bench", s, e, label, _layer(label), text[s:e])
                    for i, (s, e, label) in enumerate(spans)
                ],
                [],
            )
        )
    train(docs, work / "model", language="id", epochs=10, held_out=0.0)
    return ModelSuggester(work / "model")


def _layer(label: str) -> str:
    return "claim" if label == "CLAIM" else "entity"


DEMO = Path(__file__).resolve().parent / "fixtures" / "demo-entities.jsonl"


def _demo() -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """The demo corpus's five articles with their entities labelled by hand (551 spans; the
    judgement calls are in benchmarks/README.md)."""
    out = []
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out.append(("id", r["text"], [(s["start"], s["end"], s["label"]) for s in r["spans"]]))
    return out


def run_demo() -> dict[str, Any]:
    """On the demo corpus: memory from the first k articles (k = 1…4), scored on the rest;
    the rules on all five (they learn nothing)."""
    articles = _demo()
    print(
        f"\n== Suggestions' usefulness on the demo corpus (issue 17): {len(articles)} articles, "
        f"{sum(len(s) for *_, s in articles)} entities labelled by hand"
    )
    figures: dict[str, Any] = {}
    for k in range(1, len(articles)):
        memory = Lexicon()
        for _, text, spans in articles[:k]:
            memory.update((text[s:e], label) for s, e, label in spans)
        truth: Counter[str] = Counter(label for *_, spans in articles[k:] for *_, label in spans)
        counts: Counter[str] = Counter()
        for _, text, spans in articles[k:]:
            found = memory.match(text) + rule_suggestions(text, "id", claim=None)
            _score(found, set(spans), counts)
        figures[str(k)] = _report(k, len(memory), counts, truth)
    return figures


def run(ks: tuple[int, ...] = (5, 20, 100), *, model: bool = False) -> dict[str, Any]:
    articles = _corpus(max(ks) + SCORED)
    scored = articles[max(ks) :]
    truth_total: Counter[str] = Counter()
    for _, _, spans in scored:
        truth_total.update(label for _, _, label in spans)
    print(
        f"\n== Suggestions' usefulness (issue 17): generated articles, memory from the first k, "
        f"scored on the next {len(scored)} ({sum(truth_total.values()):,} true spans)"
    )
    figures: dict[str, Any] = {}
    for k in ks:
        memory = Lexicon()
        for _, text, spans in articles[:k]:
            memory.update((text[s:e], label) for s, e, label in spans if label != "CLAIM")
        suggester = None
        if model:
            with tempfile.TemporaryDirectory() as work:
                suggester = _trained(articles[:k], Path(work))
                counts = _count(scored, memory, suggester)
        else:
            counts = _count(scored, memory, None)
        figures[str(k)] = _report(k, len(memory), counts, truth_total)
    return figures


def _count(
    scored: list[tuple[str, str, list[tuple[int, int, str]]]], memory: Lexicon, model: Any
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for lang, text, spans in scored:
        found = memory.match(text) + rule_suggestions(text, lang)
        if model is not None:
            found += model.suggest(text)
        _score(found, set(spans), counts)
    return counts


def _report(k: int, forms: int, counts: Counter[str], truth: Counter[str]) -> dict[str, Any]:
    print(f"  after {k} labelled articles (memory of {forms:,} forms):")
    covered, total = counts["\0 covered"], sum(truth.values())
    print(
        f"    any source: {covered:,} of {total:,} true spans offered "
        f"({covered / total if total else 0:.1%})"
    )
    out: dict[str, Any] = {"covered": covered, "true": total}
    keys = sorted({c.rsplit(" ", 1)[0] for c in counts if not c.startswith("\0")})
    for key in keys:
        source, label = key.split(" ", 1)
        n, right = counts[key + " suggested"], counts[key + " right"]
        precision = right / n if n else 0.0
        recall = right / truth[label] if truth[label] else 0.0
        out[key] = {"suggested": n, "right": right, "precision": precision, "recall": recall}
        print(
            f"    {source:<8} {label:<9} suggested {n:>6,}  right {right:>6,}  "
            f"precision {precision:6.1%}  recall {recall:6.1%} of {truth[label]:,}"
        )
    return out


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_usefulness", description=__doc__)
    p.add_argument("--k", default="5,20,100", help="labelled articles before scoring (5,20,100)")
    p.add_argument("--model", action="store_true", help="also train a model on the first k")
    args = p.parse_args()
    run_demo()
    run(tuple(int(x) for x in args.k.split(",")), model=args.model)


if __name__ == "__main__":
    main()
