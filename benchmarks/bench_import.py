"""Issue 2: bulk import through ``Corpus.import_drafts`` beside raw sqlite3 executemany.

Every store figure has a limit measured in the same run on the same machine:

* the store's import of the drafts, language detection off, against a plain ``sqlite3``
  ``executemany`` of exactly the rows the store writes (articles, annotators, spans, statuses)
  into a file with the store's own schema (created by ``Corpus.open``: same tables, indices,
  FTS5 index and its triggers) and the store's pragmas (WAL, ``synchronous=FULL``,
  ``foreign_keys=ON``, same cache size), in one transaction. Rows are prepared before the
  clock starts; only the inserts and the COMMIT are timed;
* the same raw insert without the FTS5 index, to show what full-text search costs;
* the import with language detection against raw executemany + langdetect alone on the
  same texts (the store detects before its write transaction, so the two add up), on a
  subset of articles when detecting all of them would take too long; the full-size figure
  is then extrapolated and printed as such.
"""

from __future__ import annotations

import cProfile
import hashlib
import io
import pstats
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core import language
from annotator.core.model import ArticleDraft
from annotator.core.schema import LabelSchema, default_schema
from annotator.store.convert import dumps
from annotator.store.db import now

from .common import (
    db_size,
    human,
    line,
    new_store_file,
    open_corpus,
    ratio,
    raw_connect,
    remove_db,
    seconds,
    timed,
)
from .generate import GeneratedCorpus

ARTICLE_SQL = (
    "INSERT INTO article (external_id, title, source, url, published, text, sha256, "
    "language, language_confidence, imported_at, meta, story_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SPAN_SQL = (
    'INSERT INTO span (article_id, annotator_id, start, "end", label, layer, text, '
    "attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
STATUS_SQL = (
    "INSERT INTO article_status (article_id, annotator_id, status, active_seconds, updated_at) "
    "VALUES (?, ?, ?, 0, ?)"
)


@dataclass
class RawRows:
    annotators: list[tuple[str, str]]
    articles: list[tuple[Any, ...]]
    spans: list[tuple[Any, ...]]
    statuses: list[tuple[Any, ...]]


@dataclass
class ImportFigures:
    articles: int = 0
    spans: int = 0
    store: float = 0.0
    raw: float = 0.0
    raw_no_fts: float | None = None
    raw_bulk_fts: float | None = None
    db_bytes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def raw_rows(drafts: list[ArticleDraft], schema: LabelSchema) -> RawRows:
    """The rows ``import_drafts`` writes for these drafts into an empty corpus."""
    stamp = now()
    art_ids: dict[str, int] = {}
    articles: list[tuple[Any, ...]] = []
    hashes = []
    for d in drafts:
        h = hashlib.sha256(d.text.encode("utf-8")).hexdigest()
        hashes.append(h)
        if h in art_ids:
            continue
        art_ids[h] = len(art_ids) + 1
        articles.append(
            (
                d.external_id or h[:16],
                d.title,
                d.source,
                d.url,
                d.published,
                d.text,
                h,
                language.UNKNOWN,
                0.0,
                stamp,
                dumps(d.meta),
                None,
            )
        )
    names = sorted({d.annotator for d in drafts if d.annotator})
    ann_ids = {name: n for n, name in enumerate(names, 1)}
    defaults = {
        layer.name: {
            a.name: a.default for a in schema.attributes_of(layer.name) if a.default is not None
        }
        for layer in schema.layers
    }
    spans: list[tuple[Any, ...]] = []
    statuses: list[tuple[Any, ...]] = []
    for d, h in zip(drafts, hashes, strict=True):
        if not d.annotator:
            continue
        a_id, art = ann_ids[d.annotator], art_ids[h]
        for sp in d.spans:
            layer = schema.layer_of(sp.label)
            spans.append(
                (
                    art,
                    a_id,
                    sp.start,
                    sp.end,
                    sp.label,
                    layer,
                    d.text[sp.start : sp.end],
                    dumps({**defaults[layer], **sp.attributes}),
                    stamp,
                    stamp,
                )
            )
        statuses.append((art, a_id, (d.status.value if d.status else "done"), stamp))
    return RawRows([(n, stamp) for n in names], articles, spans, statuses)


def raw_insert(path: Path, rows: RawRows, *, fts: str = "store") -> float:
    """Seconds to executemany ``rows`` into a fresh file with the store's schema, one txn.

    ``fts``: "store" keeps the full-text index maintained the way the store's schema does
    (its per-row trigger if it has one, else one INSERT ... SELECT as an importer would);
    "bulk" drops the trigger and fills the index with one INSERT ... SELECT; "none" drops
    the index.
    """
    new_store_file(path)
    conn = raw_connect(path)
    try:
        has_trigger = bool(
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'article_fts_ai'"
            ).fetchone()
        )
        has_fts = bool(
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_fts'").fetchone()
        )
        if fts in ("bulk", "none") and has_trigger:
            conn.execute("DROP TRIGGER article_fts_ai")
            has_trigger = False
        if fts == "none" and has_fts:
            conn.execute("DROP TRIGGER IF EXISTS article_fts_ad")
            conn.execute("DROP TABLE article_fts")
            has_fts = False
        fill_fts = has_fts and not has_trigger

        def insert() -> None:
            conn.execute("BEGIN IMMEDIATE")
            first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM article").fetchone()[0]
            conn.executemany(
                "INSERT INTO annotator (name, is_reviewer, created_at) VALUES (?, 0, ?)",
                rows.annotators,
            )
            conn.executemany(ARTICLE_SQL, rows.articles)
            if fill_fts:
                conn.execute(
                    "INSERT INTO article_fts (rowid, title, text) "
                    "SELECT id, title, text FROM article WHERE id >= ?",
                    (first,),
                )
            conn.executemany(SPAN_SQL, rows.spans)
            conn.executemany(STATUS_SQL, rows.statuses)
            conn.execute("COMMIT")

        elapsed, _ = timed(insert)
    finally:
        conn.close()
    return elapsed


def store_has_fts_trigger(work: Path) -> bool:
    path = work / "probe.sqlite3"
    new_store_file(path)
    conn = raw_connect(path)
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'article_fts_ai'"
        ).fetchone()
    finally:
        conn.close()
        remove_db(path)
    return bool(found)


def store_import(
    path: Path,
    drafts: list[ArticleDraft],
    *,
    detect: bool,
    profile: Path | None = None,
) -> tuple[float, Any]:
    """Seconds for ``Corpus.import_drafts`` of all drafts into a fresh corpus (one call)."""
    new_store_file(path)
    with open_corpus(path) as corpus:
        if profile is None:
            return timed(
                lambda: corpus.import_drafts(drafts, origin="benchmark", detect_language=detect)
            )
        prof = cProfile.Profile()
        elapsed, result = timed(
            lambda: prof.runcall(
                corpus.import_drafts, drafts, origin="benchmark", detect_language=detect
            )
        )
        prof.dump_stats(str(profile))
        return elapsed, result


def table_fingerprint(path: Path) -> tuple[int, ...]:
    """Counts and sums that two imports of the same rows must share."""
    conn = raw_connect(path)
    try:
        return tuple(
            conn.execute(
                "SELECT (SELECT COUNT(*) FROM article), (SELECT SUM(LENGTH(text)) FROM article), "
                '(SELECT COUNT(*) FROM span), (SELECT SUM(start + "end") FROM span), '
                "(SELECT SUM(LENGTH(text)) FROM span), (SELECT COUNT(*) FROM article_status)"
            ).fetchone()
        )
    finally:
        conn.close()


def print_profile(path: Path, top: int = 18) -> None:
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats("tottime").print_stats(top)
    print("\n".join("    " + r for r in out.getvalue().splitlines() if r.strip()))


def run(
    gen: GeneratedCorpus,
    work: Path,
    *,
    detect_articles: int,
    raw_without_fts: bool,
    profile: bool,
) -> tuple[ImportFigures, Path]:
    """Run the import section; returns its figures and the store corpus (for the list bench)."""
    schema = default_schema()
    fig = ImportFigures(articles=gen.articles, spans=gen.spans)
    size = f"{human(gen.articles)} articles + {human(gen.spans)} spans"
    print(f"\n== Import (issue 2): {size}, {len(gen.drafts):,} drafts in one import_drafts call")

    rows = raw_rows(gen.drafts, schema)
    raw_path = work / "raw.sqlite3"
    fig.raw = raw_insert(raw_path, rows)
    raw_print = table_fingerprint(raw_path)
    remove_db(raw_path)
    if raw_without_fts:
        fig.raw_no_fts = raw_insert(raw_path, rows, fts="none")
        remove_db(raw_path)
        if store_has_fts_trigger(work):
            fig.raw_bulk_fts = raw_insert(raw_path, rows, fts="bulk")
            remove_db(raw_path)
    del rows

    store_path = work / "store.sqlite3"
    prof_path = work / "import.prof" if profile else None
    fig.store, result = store_import(store_path, gen.drafts, detect=False, profile=prof_path)
    assert result.articles == gen.articles and result.spans == gen.spans, result
    assert table_fingerprint(store_path) == raw_print, "store and raw wrote different rows"
    fig.db_bytes = db_size(store_path)

    print(
        line(
            f"import {size} (no language detection)",
            seconds(fig.store),
            "raw executemany",
            seconds(fig.raw),
            ratio(fig.store, fig.raw),
        )
    )
    if fig.raw_no_fts is not None:
        share = 1 - fig.raw_no_fts / fig.raw if fig.raw else 0.0
        print(
            line(
                "  raw executemany without the FTS5 index",
                seconds(fig.raw_no_fts),
                f"(full-text index = {share:.0%} of the raw limit)",
            )
        )
    if fig.raw_bulk_fts is not None:
        print(
            line(
                "  raw, FTS5 filled by one INSERT...SELECT, not per-row trigger",
                seconds(fig.raw_bulk_fts),
                f"({fig.raw_bulk_fts / fig.raw:.0%} of the trigger-based raw limit)",
            )
        )
    print(f"  corpus file {fig.db_bytes / 2**20:,.0f} MiB")
    if prof_path is not None:
        print("  cProfile of the store import (top functions by own time):")
        print_profile(prof_path)

    _detection(gen, work, fig, detect_articles)
    return fig, store_path


def _detection(gen: GeneratedCorpus, work: Path, fig: ImportFigures, detect_articles: int) -> None:
    n = gen.articles if detect_articles <= 0 else min(detect_articles, gen.articles)
    subset = gen.drafts_of_first(n)
    sub_spans = sum(len(d.spans) for d in subset)
    full = n == gen.articles
    size = f"{human(n)} articles + {human(sub_spans)} spans"
    schema = default_schema()

    path = work / "detect.sqlite3"
    if full:
        off, raw = fig.store, fig.raw
    else:
        rows = raw_rows(subset, schema)
        raw = raw_insert(path, rows)
        del rows
        off, _ = store_import(path, subset, detect=False)
    on, result = store_import(path, subset, detect=True)
    assert result.articles == n
    truth = gen.languages[:n]
    conn = raw_connect(path)
    try:
        found = [r[0] for r in conn.execute("SELECT language FROM article ORDER BY id")]
    finally:
        conn.close()
    agree = sum(a == b for a, b in zip(found, truth, strict=True)) / n
    remove_db(path)

    texts = [subset[i].text for i in gen.first_draft[:n]]
    ld, _ = timed(lambda: language.detect_many(texts))
    sample = texts[: min(300, n)]
    language.detect(sample[0])  # load langdetect's profiles in this process first
    one, _ = timed(lambda: [language.detect(t) for t in sample])
    per_text = one / len(sample)

    print(f"\n== Language detection (langdetect, {language.PREFIX_CHARS}-char prefix)")
    if not full:
        print(
            line(
                f"import {size} (no detection, subset)",
                seconds(off),
                "raw executemany",
                seconds(raw),
                ratio(off, raw),
            )
        )
    print(
        line(
            f"import {size} WITH language detection",
            seconds(on),
            "raw + langdetect alone",
            seconds(raw + ld),
            ratio(on, raw + ld),
        )
    )
    print(
        line(
            f"  langdetect alone on the same {human(n)} texts (detect_many)",
            seconds(ld),
            f"= {ld / n * 1000:.1f} ms/text; one process {per_text * 1000:.1f} ms/text",
        )
    )
    print(f"  detected language = generator's language for {agree:.1%} of articles")
    fig.extra.update(
        detect_articles=n,
        detect_import=on,
        detect_import_no_detection=off,
        detect_raw=raw,
        langdetect_alone=ld,
        langdetect_ms_per_text_one_process=per_text * 1000,
        language_agreement=agree,
    )
    if not full:
        scale = gen.articles / n
        est_on = fig.store + (on - off) * scale
        est_ld = ld * scale
        print(
            line(
                f"EXTRAPOLATED x{scale:g}: import {human(gen.articles)} + {human(gen.spans)} "
                "WITH detection",
                f"~{est_on:7.0f} s",
                "raw + langdetect alone ~",
                f"{fig.raw + est_ld:.0f} s",
                ratio(est_on, fig.raw + est_ld),
            )
        )
        print(
            "  (extrapolated = measured full import without detection + the subset's detection "
            f"cost x{scale:g}; langdetect alone x{scale:g})"
        )
        fig.extra.update(extrapolated_detect_import=est_on, extrapolated_langdetect=est_ld)
