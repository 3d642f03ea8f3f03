"""`annotator agreement`: inter-annotator agreement as a readable table or JSON.

Definitions: docs/agreement.md. An undefined figure prints as "—" and its reason is listed
under the table (JSON: ``null``, with the reason under ``"undefined"``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from typing import TextIO

from annotator.core.agreement import AgreementResult, LeftOut, Score
from annotator.core.agreement_clusters import clusterings, pairwise_cluster_agreement
from annotator.core.agreement_hand import find_places, in_place, origin_kind
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.core.origin import HAND
from annotator.core.speakers import is_claim
from annotator.core.tokenize import token_classes
from annotator.store.corpus import Corpus

DASH = "—"
CLUSTERS = "clusters"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layer",
        default="entity",
        metavar="LAYER",
        help="entity (default), claim, or clusters (the claim clusters: MUC, B-cubed, CEAF-e "
        "and CoNLL F1 per annotator pair, on the claims both marked)",
    )
    parser.add_argument(
        "--annotators", metavar="A,B,…", help="compare these annotators (default: everyone)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--per-article", action="store_true", help="add per-article figures")
    parser.add_argument(
        "--hand-only",
        action="store_true",
        help="on hand-made spans alone: every place where a compared annotator's span began as "
        "a suggestion is left out for everyone (docs/agreement.md; a study can report both)",
    )


def run(corpus: Corpus, args: argparse.Namespace, out: TextIO) -> int:
    layers = [layer.name for layer in corpus.schema.layers]
    if args.layer not in layers and args.layer != CLUSTERS:
        raise CorpusError(
            f"unknown layer {args.layer!r} (the schema has {', '.join(layers)}; "
            f"or {CLUSTERS} for the claim clusters)"
        )
    chosen: list[str] | None = None
    if args.annotators:
        chosen = list(dict.fromkeys(a.strip() for a in args.annotators.split(",") if a.strip()))
        known = {a.name for a in corpus.annotators()}
        unknown = [a for a in chosen if a not in known]
        if unknown:
            raise CorpusError(f"no annotator named {', '.join(unknown)}")
    if args.layer == CLUSTERS:
        return _clusters(corpus, args, chosen, out)
    result = corpus.agreement(
        args.layer, chosen, per_article=args.per_article, hand_only=args.hand_only
    )
    if args.json:
        data = result.to_json(per_article=args.per_article)
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(table(result, corpus if args.per_article else None))
    return 0


def _clusters(
    corpus: Corpus, args: argparse.Namespace, chosen: list[str] | None, out: TextIO
) -> int:
    """Agreement on the claim clusters: each pair of annotators, on the claims both marked
    (docs/agreement.md, *Claim clusters*); their work counts on the articles they marked done."""
    claims: list[tuple[str, int, int, int, int | None]] = []
    left_out = LeftOut() if args.hand_only else None
    for art, text, rows in _claims_by_article(corpus, chosen):
        if left_out is not None:  # the rule of core/agreement_hand.py, on the claims
            rows = _hand_made(rows, text, left_out)
        claims.extend((a, art, s, e, k) for a, s, e, k, _ in rows)
    by_annotator = clusterings(claims)
    names = chosen if chosen is not None else sorted(by_annotator)
    if len(names) < 2:
        who = f"only {', '.join(names)} has" if names else "no annotator has"
        raise CorpusError(
            f"cluster agreement compares two annotators or more; {who} claims on done articles"
        )
    pairs = pairwise_cluster_agreement(by_annotator, names)
    defined = [r.conll_f1.value for *_, r in pairs if r.conll_f1.value is not None]
    mean = sum(defined) / len(defined) if defined else None
    if args.json:
        data = {
            "layer": CLUSTERS,
            "annotators": names,
            "pairwise": [{"a": a, "b": b, "claims": n, **r.to_json()} for a, b, n, r in pairs],
            "hand_only": left_out is not None,
            **({} if left_out is None else {"left_out": _claims_left_out(left_out, names)}),
            "conll_f1": mean,
            "undefined": {} if mean is not None else {"conll_f1": "no pair could be compared"},
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    notes: list[str] = []
    body = [
        [
            f"{a} / {b}",
            str(n),
            fmt(r.muc.f1, notes, f"{a}/{b} MUC"),
            fmt(r.b_cubed.f1, notes, f"{a}/{b} B-cubed"),
            fmt(r.ceaf_e.f1, notes, f"{a}/{b} CEAF-e"),
            fmt(r.conll_f1, notes, f"{a}/{b} CoNLL"),
        ]
        for a, b, n, r in pairs
    ]
    out.write(
        f"claim clusters, {len(names)} annotators; CoNLL F1 (mean over pairs) "
        f"{DASH if mean is None else f'{mean:.3f}'}\n"
    )
    if left_out is not None:
        out.write(hand_only_line(left_out, names, claims=True))
    out.write("\n")
    out.write(_grid(["pair", "claims", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1"], body))
    for note in dict.fromkeys(notes):
        out.write(f"  {note}\n")
    return 0


_Claim = tuple[str, int, int, int | None, str]  # annotator, start, end, cluster, origin


def _claims_by_article(
    corpus: Corpus, chosen: list[str] | None
) -> Iterator[tuple[int, str, list[_Claim]]]:
    """Per article, its text and the claims of the chosen annotators who marked it done."""
    rows: list[_Claim] = []
    article: tuple[int, str] | None = None
    for doc in corpus.documents():
        if article is None or doc.article.id != article[0]:
            if article is not None:
                yield (*article, rows)
            article, rows = (doc.article.id, doc.article.text), []
        if doc.annotator is None or doc.status is not Status.DONE:
            continue
        if chosen is not None and doc.annotator not in chosen:
            continue
        rows.extend(
            (doc.annotator, s.start, s.end, s.cluster_id, s.origin)
            for s in doc.spans
            if is_claim(s)
        )
    if article is not None:
        yield (*article, rows)


def _hand_made(rows: list[_Claim], text: str, left_out: LeftOut) -> list[_Claim]:
    """One article's claims (annotator, start, end, cluster, origin) outside the places where
    a claim began as a suggestion (core/agreement_hand.py); ``left_out`` counts the rest."""
    places = find_places(token_classes(text), ((s, e, o != HAND) for _, s, e, _, o in rows))
    if not places:
        return rows
    left_out.places += len(places)
    kept = []
    for row in rows:
        if in_place(places, row[1], row[2]):
            left_out.spans[row[0]] += 1
            if row[4] != HAND:
                left_out.suggested[origin_kind(row[4])] += 1
        else:
            kept.append(row)
    return kept


def _claims_left_out(left_out: LeftOut, names: Sequence[str]) -> dict[str, object]:
    return {
        "places": left_out.places,
        "suggested": dict(sorted(left_out.suggested.items())),
        "claims": {n: left_out.spans[n] for n in names},
    }


def hand_only_line(left_out: LeftOut, names: Sequence[str], *, claims: bool = False) -> str:
    """What ``--hand-only`` left out, in one line (docs/agreement.md, *Hand-made spans only*)."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(left_out.suggested.items()))
    line = (
        f"hand-made spans only: {left_out.places} "
        f"place{'' if left_out.places == 1 else 's'} left out where a span began as a "
        f"suggestion{f' ({kinds})' if kinds else ''}; "
    )
    what = "claims" if claims else "spans"
    line += f"{what} left out: " + ", ".join(f"{n} {left_out.spans[n]}" for n in names)
    if not claims:
        rels = sum(left_out.relations[n] for n in names)
        if rels:
            line += f"; relations {rels}"
        line += f"; {left_out.tokens} tokens, {left_out.characters} characters"
    return line + "\n"


def fmt(score: Score, notes: list[str] | None = None, where: str = "") -> str:
    if score.value is None:
        if notes is not None and score.reason:
            notes.append(f"{where}: {score.reason}")
        return DASH
    return f"{score.value:.3f}"


def _row(cells: Sequence[str], widths: Sequence[int], left: int) -> str:
    """Cells padded to ``widths``: the first ``left`` columns flush left, numbers right."""
    out = [
        f"{c:<{w}}" if i < left else f"{c:>{w}}"
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(out).rstrip() + "\n"


def _grid(header: Sequence[str], body: list[list[str]], left: int = 1) -> str:
    widths = [max(len(r[i]) for r in [list(header), *body]) for i in range(len(header))]
    lines = [_row(header, widths, left), _row(["-" * w for w in widths], widths, left)]
    lines += [_row(r, widths, left) for r in body]
    return "".join(lines)


def table(result: AgreementResult, corpus: Corpus | None = None) -> str:
    """The readable report; with ``corpus``, per-article rows (titles from it)."""
    notes: list[str] = []
    names = ", ".join(result.annotators) or "nobody"
    parts = [
        f"Agreement on the {result.layer} layer: {len(result.annotators)} annotators ({names})\n",
        f"articles: {result.articles} done by someone, {result.articles_compared} by two or "
        f"more ({result.tokens_compared} tokens), {result.articles_all} by all "
        f"({result.tokens_all} tokens)\n",
        "spans: " + ", ".join(f"{a} {n}" for a, n in result.spans.items()) + "\n",
    ]
    if result.left_out is not None:
        parts.append(hand_only_line(result.left_out, result.annotators))
    parts.append("\n")
    body = []
    for p in result.pairwise:
        pair = f"{p.a} – {p.b}"
        body.append(
            [
                pair,
                str(p.articles),
                str(p.tokens),
                f"{p.spans_a}/{p.spans_b}",
                f"{p.exact_matches}/{p.overlap_matches}",
                fmt(p.span_f1_exact, notes, f"{pair} span F1 exact"),
                fmt(p.span_f1_overlap, notes, f"{pair} span F1 overlap"),
                fmt(p.cohen_kappa, notes, f"{pair} Cohen's kappa"),
                fmt(p.relation_f1_exact, notes, f"{pair} relation F1 exact"),
            ]
        )
    body.append(
        [
            "all pairs (pooled)",
            str(result.articles_compared),
            str(result.tokens_compared),
            "",
            "",
            fmt(result.span_f1_exact, notes, "pooled span F1 exact"),
            fmt(result.span_f1_overlap, notes, "pooled span F1 overlap"),
            "",
            fmt(result.relation_f1_exact, notes, "pooled relation F1 exact"),
        ]
    )
    header = [
        "pair",
        "articles",
        "tokens",
        "spans a/b",
        "matches ex/ov",
        "F1 exact",
        "F1 overlap",
        "Cohen κ",
        "rel F1",
    ]
    parts.append(_grid(header, body))
    parts.append(
        f"\nFleiss' κ          {fmt(result.fleiss_kappa, notes, 'Fleiss kappa'):>6}"
        f"   over {result.articles_all} articles done by all, {result.tokens_all} tokens\n"
        f"Krippendorff's α   {fmt(result.krippendorff_alpha, notes, 'Krippendorff alpha'):>6}"
        f"   over {result.articles_compared} articles done by two or more, "
        f"{result.tokens_compared} tokens\n"
        f"Krippendorff's αu  {fmt(result.krippendorff_alpha_u, notes, 'unitizing alpha'):>6}"
        f"   over {result.unitizing.articles} articles done by all, "
        f"{result.unitizing.length} characters\n\n"
    )
    if result.per_label:
        rows = []
        for name, r in sorted(result.per_label.items()):
            rows.append(
                [
                    name,
                    " ".join(str(n) for n in r.spans.values()),
                    f"{r.exact_matches}/{r.overlap_matches}",
                    fmt(r.span_f1_exact, notes, f"{name} span F1 exact"),
                    fmt(r.span_f1_overlap, notes, f"{name} span F1 overlap"),
                    fmt(r.fleiss_kappa, notes, f"{name} Fleiss kappa"),
                    fmt(r.krippendorff_alpha, notes, f"{name} alpha"),
                    fmt(r.krippendorff_alpha_u, notes, f"{name} unitizing alpha"),
                ]
            )
        spans_head = "spans (" + " ".join(result.annotators) + ")"
        header = [
            "label",
            spans_head,
            "matches ex/ov",
            "F1 exact",
            "F1 overlap",
            "Fleiss κ",
            "α",
            "αu",
        ]
        parts.append(_grid(header, rows))
    if corpus is not None and result.per_article:
        rows = []
        for a in result.per_article:
            if len(a.annotators) < 2:
                continue
            title = corpus.article(a.article_id).title[:40]
            rows.append(
                [
                    str(a.article_id),
                    title,
                    ", ".join(a.annotators),
                    str(a.tokens),
                    fmt(a.span_f1_exact, notes, f"article {a.article_id} span F1 exact"),
                    fmt(a.span_f1_overlap, notes, f"article {a.article_id} span F1 overlap"),
                    fmt(a.fleiss_kappa, notes, f"article {a.article_id} Fleiss kappa"),
                    fmt(a.krippendorff_alpha_u, notes, f"article {a.article_id} unitizing alpha"),
                ]
            )
        header = [
            "article",
            "title",
            "annotators",
            "tokens",
            "F1 exact",
            "F1 overlap",
            "Fleiss κ",
            "αu",
        ]
        parts.append("\n" + _grid(header, rows, left=3))
    if notes:
        parts.append(f"\n{DASH} undefined:\n" + "".join(f"  {n}\n" for n in notes))
    return "".join(parts)
