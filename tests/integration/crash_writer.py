"""Child process of ``test_crash.py``: adds spans forever, reporting each committed one.

Run as ``python crash_writer.py DB SEED``. It opens the corpus, then loops: pick an article,
a word-aligned range and a label, call ``Corpus.add_span``, and only after that call has
returned print one JSON line ``{"id", "article", "annotator", "start", "end", "label",
"text"}`` to stdout, flushed. A line on stdout is therefore a promise: "this span is
committed". The parent SIGKILLs this process at a random moment and holds the store to it.
"""

from __future__ import annotations

import json
import random
import re
import sys

from annotator.store.corpus import Corpus

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "QUANTITY", "EVENT", "CLAIM")
ANNOTATORS = ("alice", "budi", "citra")
# Words and the single emoji/flag/ZWJ "words" between them: spans start and end on these.
TOKEN = re.compile(r"\S+")


def main(db: str, seed: int) -> None:
    rng = random.Random(seed)
    corpus = Corpus.open(db, tooling="tests")
    articles = [(a, corpus.article(a).text) for a in corpus.article_ids()]
    tokens = {a: [(m.start(), m.end()) for m in TOKEN.finditer(text)] for a, text in articles}
    out = sys.stdout
    while True:
        article_id, text = rng.choice(articles)
        words = tokens[article_id]
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(4))
        start, end = words[first][0], words[last][1]
        label = rng.choice(LABELS)
        annotator = rng.choice(ANNOTATORS)
        changes = corpus.add_span(article_id, annotator, start, end, label)
        (span_id,) = changes.spans_added
        record = {
            "id": span_id,
            "article": article_id,
            "annotator": annotator,
            "start": start,
            "end": end,
            "label": label,
            "text": text[start:end],
        }
        out.write(json.dumps(record) + "\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
