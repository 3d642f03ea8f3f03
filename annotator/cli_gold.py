"""`annotator gold merge`: settle gold in batch by a strategy, and say what stays open.

For each article (or the one named), the spans and links the strategy decides among the
chosen annotators who finished the article go into gold: a version every one of them has
(``unanimous``) or more than half of them (``majority``); links by the same rule, also between
claims whose boundaries differ. A reviewer's decisions are never overwritten: a gold span
that is there stays as it is, a rejected version is left out, a claim whose links the reviewer
set keeps them. A merged claim's cluster is decided by the same rule, comparing the annotators'
clusters by their members (the claims in them), never by name; a claim whose cluster the
reviewer decided keeps it. What was accepted and what stays open (span groups, links, claims
whose clusters differ) is printed.
"""

from __future__ import annotations

import argparse
import getpass
from typing import TextIO

from annotator.core.errors import CorpusError
from annotator.core.gold import settled
from annotator.core.review import review_article
from annotator.store.corpus import Corpus

EXIT_OK = 0


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="gold_command", metavar="ACTION", required=True)
    merge = actions.add_parser(
        "merge",
        parents=[common],
        help="put into gold every span and link the strategy decides; print what stays open",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    merge.add_argument("--strategy", required=True, choices=("unanimous", "majority"))
    merge.add_argument(
        "--annotators",
        metavar="A,B,...",
        help="whose work counts (default: everyone who finished the article)",
    )
    merge.add_argument("--article", metavar="ID", help="this article only (id or external id)")
    merge.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who the decisions are recorded as, on whose undo stack (default: the --as or "
        "login name on a team server, else your system user name)",
    )


def _article_ids(corpus: Corpus, wanted: str | None) -> list[int]:
    ids = corpus.article_ids()
    if wanted is None:
        return ids
    if wanted.isdigit() and int(wanted) in ids:
        return [int(wanted)]
    for article_id in ids:
        if corpus.article(article_id).external_id == wanted:
            return [article_id]
    raise CorpusError(f"no article with id or external id {wanted!r}")


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def run(corpus: Corpus, args: argparse.Namespace, out: TextIO) -> int:
    annotators = (
        [a.strip() for a in args.annotators.split(",") if a.strip()] if args.annotators else None
    )
    reviewer = args.reviewer or corpus.user or getpass.getuser()
    totals = {"articles": 0, "spans": 0, "links": 0, "open_groups": 0, "open_links": 0}
    for article_id in _article_ids(corpus, args.article):
        item = corpus.review_item(article_id, annotators)
        article = corpus.article(article_id)
        name = f"article {article_id} ({article.external_id})"
        if len(item.annotations) < 2:
            if args.article is not None:
                print(f"{name}: fewer than two of the annotators finished it: skipped", file=out)
            continue
        totals["articles"] += 1
        before_spans = {g.id for g in corpus.gold_spans(article_id)}
        before_links = {r.id for r in corpus.gold_relations(article_id)}
        before_decided = {(k.head, k.relation) for k in corpus.gold_links(article_id, item=item)}
        before_clustered = {g.id for g in corpus.gold_spans(article_id) if g.cluster_decided}
        corpus.prefill_gold(article_id, args.strategy, annotators, reviewer)
        gold = corpus.gold_spans(article_id)
        by_id = {g.id: g for g in gold}
        new_spans = [g for g in gold if g.id not in before_spans]
        new_links = [r for r in corpus.gold_relations(article_id) if r.id not in before_links]
        links = corpus.gold_links(article_id, annotators)
        none_now = [
            k
            for k in links
            if k.decided and not k.gold and (k.head, k.relation) not in before_decided
        ]
        rejected = {(r.start, r.end, r.label, r.layer) for r in corpus.gold_rejections(article_id)}
        open_groups = [
            group
            for layer in corpus.schema.layers
            for group in review_article(item, layer.name, annotators).groups
            if not settled(group, gold, rejected)
        ]
        open_links = [k for k in links if not k.settled]
        totals["spans"] += len(new_spans)
        totals["links"] += len(new_links) + len(none_now)
        totals["open_groups"] += len(open_groups)
        totals["open_links"] += len(open_links)
        print(
            f"{name}: accepted {len(new_spans)} span(s), {len(new_links) + len(none_now)} "
            f"link(s); open: {len(open_groups)} span group(s), {len(open_links)} link(s)",
            file=out,
        )
        for g in new_spans:
            print(f"  + {g.label} [{g.start},{g.end}) {_short(g.text)}", file=out)
        for r in new_links:
            head, child = by_id[r.head], by_id[r.child]
            print(f"  + {r.label} {_short(head.text)} -> {_short(child.text)}", file=out)
        for k in none_now:
            print(f"  + {k.relation} {_short(by_id[k.head].text)} -> (none)", file=out)
        clustered = [g for g in gold if g.cluster_decided and g.id not in before_clustered]
        names = corpus.gold_cluster_names() if clustered else {}
        for g in clustered:
            cluster = repr(names[g.cluster_id]) if g.cluster_id in names else "(none)"
            print(f"  + cluster of {_short(g.text)} -> {cluster}", file=out)
        for group in open_groups:
            kinds = ", ".join(sorted(k.value for k in group.kinds)) or "agreed"
            text = _short(article.text[group.start : group.end])
            print(f"  ? {group.layer} [{group.start},{group.end}) {text}: {kinds}", file=out)
        for k in open_links:
            said = "; ".join(
                f"{who} -> "
                + (", ".join(_short(article.text[a:b]) for a, b in sorted(e)) or "(none)")
                for who, e in k.proposed.items()
            )
            print(f"  ? {k.relation} of {_short(by_id[k.head].text)}: {said}", file=out)
    print(
        f"gold merge ({args.strategy}) as {reviewer}: {totals['articles']} article(s); accepted "
        f"{totals['spans']} span(s) and {totals['links']} link(s); {totals['open_groups']} span "
        f"group(s) and {totals['open_links']} link(s) stay open for review",
        file=out,
    )
    return EXIT_OK
