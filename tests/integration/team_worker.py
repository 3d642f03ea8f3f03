"""Child process of ``test_team.py``: one annotator's app on the team server.

``python -m tests.integration.team_worker spans URL NAME N``: wait for the go-file, then add N
spans as NAME (one word each, in turn over the articles), printing each committed span's id.
``python -m tests.integration.team_worker gold URL NAME GOLD_ID VERSION LABEL``: edit a gold
span as reviewer NAME expecting VERSION; prints "ok" or "conflict".
``... reject URL NAME GOLD_ID VERSION``: reject that gold span; ``... undo URL NAME``: undo
NAME's latest change; ``... accept URL NAME SPAN_ID``: accept an annotator's span into gold;
each prints "ok" or "conflict".
The password comes from PGPASSWORD, as libpq reads it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from annotator.core.gold import GoldConflict
from annotator.store.corpus import Corpus


def spans(url: str, name: str, n: int, go: Path) -> None:
    with Corpus.open(url, tooling="tests") as corpus:
        corpus.set_user(name)
        articles = [(a, corpus.article(a).text) for a in corpus.article_ids()]
        words = [(a, m.start(), m.end()) for a, t in articles for m in re.finditer(r"\w+", t)]
        while not go.exists():
            time.sleep(0.005)
        for i in range(n):
            art, start, end = words[(i * 7) % len(words)]
            changes = corpus.add_span(art, name, start, end, "PERSON")
            print(next(iter(changes.spans_added)), flush=True)


def gold(url: str, name: str, op: str, rest: list[str]) -> None:
    with Corpus.open(url, tooling="tests") as corpus:
        corpus.set_user(name)
        try:
            if op == "gold":
                corpus.update_gold_span(int(rest[0]), name, int(rest[1]), label=rest[2])
            elif op == "reject":
                corpus.reject_gold_span(int(rest[0]), name, int(rest[1]))
            elif op == "accept":
                corpus.accept_span(int(rest[0]), name)
            else:
                corpus.undo(name)
        except GoldConflict as exc:
            print(f"conflict: {exc}", flush=True)
            return
        print("ok", flush=True)


if __name__ == "__main__":
    kind, url, name, *rest = sys.argv[1:]
    if kind == "spans":
        spans(url, name, int(rest[0]), Path(rest[1]))
    else:
        gold(url, name, kind, rest)
