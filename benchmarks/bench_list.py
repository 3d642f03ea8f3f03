"""Issue 3: the article list's queries on the large corpus, without Qt.

The list (``gui/article_list.py``) is a lazy model that asks ``Corpus.article_rows`` for
pages of 200 rows, and fills its language filter from ``Corpus.languages()``. Each query is
timed on the corpus the import section built (languages set to the generator's truth first,
so the language filter has a realistic selectivity), once on a freshly opened corpus
("first") and then as the median of several runs, against the issue's 100 ms target.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.core.model import Status

from .common import human, open_corpus, raw_connect, repeat_ms
from .generate import GeneratedCorpus

TARGET = 0.100
PAGE = 200


STORIES = 1_000  # each article in one of them (id modulo STORIES): ~100 articles each of 100k


def _set_true_languages(path: Path, languages: list[str]) -> None:
    """The generator's languages, and every article in one of :data:`STORIES` stories."""
    conn = raw_connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "UPDATE article SET language = ?, language_confidence = 1.0 WHERE id = ?",
            [(lang, n) for n, lang in enumerate(languages, 1)],
        )
        conn.executemany(
            "INSERT INTO story (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(k + 1, f"story {k + 1}") for k in range(STORIES)],
        )
        conn.execute(f"UPDATE article SET story_id = (id % {STORIES}) + 1")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _matches(path: Path, word: str) -> int:
    conn = raw_connect(path)
    try:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM article_fts WHERE article_fts MATCH ?", (f'"{word}"*',)
            ).fetchone()[0]
        )
    finally:
        conn.close()


def run(gen: GeneratedCorpus, path: Path, *, repeat: int) -> list[dict[str, Any]]:
    _set_true_languages(path, gen.languages)
    who = gen.annotators[0]
    words = gen.words
    hits = {kind: _matches(path, word) for kind, word in words.items()}
    print(
        f"\n== Article list (issue 3) on {human(gen.articles)} articles, annotator {who!r}, "
        f"pages of {PAGE}; target < {TARGET * 1000:.0f} ms each"
    )
    print(
        "  search words: "
        + ", ".join(f"{w!r} in {hits[k]:,} articles ({k})" for k, w in words.items())
    )
    results: list[dict[str, Any]] = []
    with open_corpus(path) as corpus:
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("languages() for the filter box", corpus.languages),
            ("first page", lambda: corpus.article_rows(who, limit=PAGE)),
            (
                f"page at row {min(50_000, gen.articles // 2):,} (scrolled)",
                lambda: corpus.article_rows(who, offset=min(50_000, gen.articles // 2), limit=PAGE),
            ),
            (
                "last page (scrolled to the end)",
                lambda: corpus.article_rows(who, offset=max(0, gen.articles - PAGE), limit=PAGE),
            ),
            (
                f"search {words['common']!r}",
                lambda: corpus.article_rows(who, search=words["common"], limit=PAGE),
            ),
            (
                f"search {words['medium']!r}",
                lambda: corpus.article_rows(who, search=words["medium"], limit=PAGE),
            ),
            (
                f"search {words['rare']!r}",
                lambda: corpus.article_rows(who, search=words["rare"], limit=PAGE),
            ),
            (
                "search with no match",
                lambda: corpus.article_rows(who, search="qwxzyk", limit=PAGE),
            ),
            ("language = en", lambda: corpus.article_rows(who, language="en", limit=PAGE)),
            (
                f"story = one of {STORIES:,}",
                lambda: corpus.article_rows(who, story=STORIES // 2, limit=PAGE),
            ),
            (
                f"story + search {words['common']!r} + done",
                lambda: corpus.article_rows(
                    who, story=STORIES // 2, search=words["common"], status=Status.DONE, limit=PAGE
                ),
            ),
            ("stories() for the filter box", corpus.stories),
            (
                "status = done",
                lambda: corpus.article_rows(who, status=Status.DONE, limit=PAGE),
            ),
            (
                "status = skipped",
                lambda: corpus.article_rows(who, status=Status.SKIPPED, limit=PAGE),
            ),
            (
                "status = todo",
                lambda: corpus.article_rows(who, status=Status.TODO, limit=PAGE),
            ),
            (
                f"search {words['common']!r} + language id + done",
                lambda: corpus.article_rows(
                    who, search=words["common"], language="id", status=Status.DONE, limit=PAGE
                ),
            ),
            (
                f"search {words['common']!r} + language en (no match)",
                lambda: corpus.article_rows(who, search=words["common"], language="en", limit=PAGE),
            ),
            (
                "search 'a' (1 letter, as typed)",
                lambda: corpus.article_rows(who, search="a", limit=PAGE),
            ),
            (
                "search 'me' (2 letters, as typed)",
                lambda: corpus.article_rows(who, search="me", limit=PAGE),
            ),
            (
                "search 'men' (3 letters, as typed)",
                lambda: corpus.article_rows(who, search="men", limit=PAGE),
            ),
        ]
        for name, fn in cases:
            first, median, rows = repeat_ms(fn, repeat)
            n = len(rows) if isinstance(rows, list | dict) else 0
            verdict = "ok" if max(first, median) < TARGET else "OVER TARGET"
            print(
                f"{name:<52} {median * 1000:8.1f} ms   first {first * 1000:7.1f} ms   "
                f"target {TARGET * 1000:.0f} ms   ratio {median / TARGET:5.2f}x   "
                f"{n:>3} rows  {verdict}"
            )
            results.append(
                {"query": name, "median_s": median, "first_s": first, "rows": n, "ok": verdict}
            )
    return results
