"""``annotator stories``: the corpus's stories (articles about one event), the groups of
articles that seem to tell one story (from the entities marked in them and their dates), and
setting an article's story by hand. A story is article metadata, shared by every annotator."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any, TextIO

from annotator.core.errors import CorpusError
from annotator.store.corpus import Corpus

EXIT_OK = 0


def add_arguments(parser: argparse.ArgumentParser, commands: Any) -> None:
    sub = commands(parser.add_subparsers(dest="stories_command", metavar="ACTION", required=True))
    lst = sub.add_parser("list", help="the stories and how many articles each has")
    lst.add_argument("--json", action="store_true", help="print JSON")
    sug = sub.add_parser(
        "suggest",
        help="articles that seem to tell one story (shared entities, close dates); "
        "--apply puts them in it",
    )
    sug.add_argument("--apply", action="store_true", help="accept every suggestion shown")
    sug.add_argument(
        "--days", type=int, default=3, metavar="N", help="dates at most N days apart (3)"
    )
    sug.add_argument("--json", action="store_true", help="print JSON")
    put = sub.add_parser("set", help="put articles (by external id) in a story, or in none")
    put.add_argument("story", metavar="STORY", help='the story\'s name ("" for none)')
    put.add_argument("articles", nargs="+", metavar="ARTICLE", help="external ids")


def run(corpus: Corpus, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    who = corpus.user or getpass.getuser()
    if args.stories_command == "list":
        stories = corpus.stories()
        if args.json:
            data = [{"story": x.name, "articles": x.articles} for x in stories]
            print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        else:
            for story in stories:
                print(f"{story.articles:>6,}  {story.name}", file=out)
            print(f"{len(stories):,} " + ("story" if len(stories) == 1 else "stories"), file=out)
        return EXIT_OK
    if args.stories_command == "suggest":
        if args.days < 0:
            raise CorpusError("--days must be 0 or more")
        found = corpus.story_suggestions(days=args.days)
        keys = {i: corpus.article(i).external_id for s in found for i in s.article_ids}
        moved = 0
        if args.apply:
            for s in found:
                moved += len(corpus.set_story(s.joining, s.name, who).article_ids)
        if args.json:
            data = [
                {
                    "story": s.name,
                    "existing": s.existing,
                    "articles": [keys[i] for i in s.article_ids],
                    "joining": [keys[i] for i in s.joining],
                }
                for s in found
            ]
            print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        else:
            for s in found:
                kind = "story" if s.existing else "new story"
                print(f"{kind} {s.name!r}: {len(s.article_ids)} articles, joining:", file=out)
                for i in s.joining:
                    print(f"  {keys[i]}", file=out)
            if not found:
                print(
                    "no suggestions: articles that share marked entities are in one story "
                    "already, or too few entities are marked",
                    file=out,
                )
            elif args.apply:
                print(f"{moved:,} articles put in their story", file=out)
            else:
                print("nothing changed; --apply accepts these", file=out)
        return EXIT_OK
    ids = _article_ids(corpus, args.articles)
    changed = corpus.set_story(ids, args.story or None, who)
    where = f"story {' '.join(args.story.split())!r}" if args.story else "no story"
    print(f"{len(changed.article_ids):,} articles put in {where}", file=out)
    return EXIT_OK


def _article_ids(corpus: Corpus, keys: list[str]) -> list[int]:
    by_key: dict[str, list[int]] = {}
    for row in corpus.article_rows():
        by_key.setdefault(row.external_id, []).append(row.id)
    out = []
    for key in keys:
        found = by_key.get(key)
        if not found:
            raise CorpusError(f"no article with the id {key!r}")
        out.extend(found)
    return out
