"""Issue 2 / 15: importing a JSONL file beside the raw limit, with and without detection.

Every store figure has a limit measured in the same run on the same machine:

* ``annotator import FILE`` (``formats.import_paths``: read, parse, validate, store), language
  detection off, against the **raw limit**: read the same file, ``orjson.loads`` each line,
  build exactly the rows the store writes (articles, annotators, spans, statuses) and
  ``executemany`` them into a file with the store's own schema (created by ``Corpus.open``:
  same tables, indices and FTS5 index) and pragmas (WAL, ``synchronous=FULL``,
  ``foreign_keys=ON``) in one transaction. The file is read and parsed inside both clocks;
  only the empty schema is made before them. Target: at most 1.3x;
* the same import WITH language detection against the import without it, on the same file in
  the same round. Target: at most 2x;
* informative: the raw executemany alone (rows prepared), langdetect alone on the same texts,
  and how often the detected language matches the generator's and langdetect's on the full
  text (7 walks, first 1,000 articles);
* the peak memory (RSS) of a process that runs the import of the file, beside the limit of
  :data:`RSS_LIMIT` whatever the file's size (the import streams it: ADR 0032).
  ``python -m benchmarks.bench_import --articles 100000`` measures it alone (with and without
  detection) on a generated file of that many articles.

Rounds (``--rounds``) interleave raw, store without and store with detection; each figure is
the median of its rounds. The load average is printed beside each figure.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotator import formats
from annotator.core import language
from annotator.core.model import ArticleDraft
from annotator.core.origin import HAND
from annotator.core.schema import LabelSchema, default_schema
from annotator.formats.jsonl import META_FIELDS
from annotator.store.convert import dumps
from annotator.store.db import now
from annotator.store.importing import ImportResult

from .common import (
    LABEL_WIDTH,
    db_size,
    human,
    line,
    new_store_file,
    open_corpus,
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
    "attributes, created_at, updated_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
RSS_LIMIT = 400 * 2**20  # issue 15: the import's peak memory, whatever the file's size
FULL_TEXT_SAMPLE = 1_000  # articles checked against langdetect on the full text (13 ms each)
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
                    sp.origin,
                )
            )
        statuses.append((art, a_id, (d.status.value if d.status else "done"), stamp))
    return RawRows([(n, stamp) for n in names], articles, spans, statuses)


def raw_insert(path: Path, rows: RawRows | Callable[[], RawRows], *, fts: str = "store") -> float:
    """Seconds to executemany ``rows`` into a fresh file with the store's schema, one txn;
    when ``rows`` is a function (the parse of the file), its call is timed too.

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
            data = rows() if callable(rows) else rows
            conn.execute("BEGIN IMMEDIATE")
            first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM article").fetchone()[0]
            conn.executemany(
                "INSERT INTO annotator (name, is_reviewer, created_at) VALUES (?, 0, ?)",
                data.annotators,
            )
            conn.executemany(ARTICLE_SQL, data.articles)
            if fill_fts:
                conn.execute(
                    "INSERT INTO article_fts (rowid, title, text) "
                    "SELECT id, title, text FROM article WHERE id >= ?",
                    (first,),
                )
            conn.executemany(SPAN_SQL, data.spans)
            conn.executemany(STATUS_SQL, data.statuses)
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


def write_jsonl(path: Path, drafts: list[ArticleDraft]) -> int:
    """The drafts as the JSONL file an annotator would import (one record per draft)."""
    with path.open("wb") as fh:
        for d in drafts:
            meta = {**d.meta, "title": d.title, "source": d.source}
            if d.url is not None:
                meta["url"] = d.url
            if d.published is not None:
                meta["published"] = d.published
            rec: dict[str, Any] = {"id": d.external_id, "text": d.text, "meta": meta}
            if d.annotator:
                rec["annotator"] = d.annotator
                rec["status"] = d.status.value if d.status else "done"
                rec["spans"] = [
                    {"id": s.key, "start": s.start, "end": s.end, "label": s.label, "text": s.text}
                    for s in d.spans
                ]
            fh.write(orjson.dumps(rec) + b"\n")
    return path.stat().st_size


def rows_from_file(path: Path, schema: LabelSchema) -> RawRows:
    """The raw limit's parse: orjson per line, then exactly the rows the store writes."""
    stamp = now()
    defaults = {
        layer.name: {
            a.name: a.default for a in schema.attributes_of(layer.name) if a.default is not None
        }
        for layer in schema.layers
    }
    art_ids: dict[str, int] = {}
    ann_ids: dict[str, int] = {}
    articles: list[tuple[Any, ...]] = []
    spans: list[tuple[Any, ...]] = []
    statuses: list[tuple[Any, ...]] = []
    with path.open("rb") as fh:
        for raw_line in fh:
            rec = orjson.loads(raw_line)
            text = rec["text"]
            h = hashlib.sha256(text.encode("utf-8")).hexdigest()
            art = art_ids.get(h)
            if art is None:
                art = art_ids[h] = len(art_ids) + 1
                meta = dict(rec["meta"])
                fields = [meta.pop(k, None) for k in META_FIELDS]
                articles.append(
                    (
                        rec.get("id") or h[:16],
                        fields[0],
                        fields[1] or "",
                        fields[2],
                        fields[3],
                        text,
                        h,
                        language.UNKNOWN,
                        0.0,
                        stamp,
                        dumps(meta),
                        None,
                    )
                )
            who = rec.get("annotator")
            if not who:
                continue
            a_id = ann_ids.setdefault(who, len(ann_ids) + 1)
            for sp in rec["spans"]:
                layer = schema.layer_of(sp["label"])
                start, end = sp["start"], sp["end"]
                spans.append(
                    (
                        art,
                        a_id,
                        start,
                        end,
                        sp["label"],
                        layer,
                        text[start:end],
                        dumps({**defaults[layer], **sp.get("attributes", {})}),
                        stamp,
                        stamp,
                        sp.get("origin", HAND),
                    )
                )
            statuses.append((art, a_id, rec.get("status") or "done", stamp))
    return RawRows([(n, stamp) for n in ann_ids], articles, spans, statuses)


def store_import(
    path: Path, jsonl: Path, *, detect: bool, profile: Path | None = None
) -> tuple[float, ImportResult]:
    """Seconds for ``annotator import FILE`` (``formats.import_paths``: read, parse, validate,
    store) into a fresh corpus; the empty corpus is made before the clock starts."""
    new_store_file(path)
    with open_corpus(path) as corpus:

        def run() -> ImportResult:
            report = formats.import_paths(corpus, [jsonl], "jsonl", detect_language=detect)
            assert report.ok and len(report.results) == 1, report.rejected
            return report.results[0]

        if profile is None:
            return timed(run)
        prof = cProfile.Profile()
        elapsed, result = timed(lambda: prof.runcall(run))
        prof.dump_stats(str(profile))
        return elapsed, result


_RSS_CHILD = """
import sys
from pathlib import Path
from annotator import formats
from annotator.store.corpus import Corpus

corpus = Corpus.open(Path(sys.argv[1]), tooling="benchmarks")
detect = sys.argv[3] == "1"
report = formats.import_paths(corpus, [Path(sys.argv[2])], "jsonl", detect_language=detect)
assert report.ok, report.rejected
corpus.close()
# VmHWM: this process's own peak since its exec (ru_maxrss would start from the peak of the
# benchmark process it was forked from)
with open("/proc/self/status") as fh:
    print(next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:")))
"""


def peak_rss(jsonl: Path, work: Path, *, detect: bool) -> int:
    """Bytes: the peak resident memory (VmHWM, Linux) of a fresh process that imports
    ``jsonl`` into a new corpus, as ``annotator import`` does (its detection workers are
    processes of their own, not counted)."""
    path = work / "rss.sqlite3"
    remove_db(path)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-c", _RSS_CHILD, str(path), str(jsonl), "1" if detect else "0"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    remove_db(path)
    return int(done.stdout.split()[-1]) * 1024


def print_rss(jsonl: Path, work: Path, *, detect: bool) -> int:
    rss = peak_rss(jsonl, work, detect=detect)
    size = jsonl.stat().st_size
    mark = "ok" if rss <= RSS_LIMIT else "OVER"
    what = "with" if detect else "without"
    print(
        f"{'  peak memory (RSS) of the import ' + what + ' detection':<{LABEL_WIDTH}} "
        f"{rss / 2**20:8.0f} MiB / limit {RSS_LIMIT / 2**20:.0f} MiB ({mark}) for a file of "
        f"{size / 2**20:,.0f} MiB = {rss / size:.2f}x the file   {load()}"
    )
    return rss


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


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def versus(label: str, value: float, limit_label: str, limit: float, target: float) -> str:
    """``figure / limit = ratio (target <= X)``, with the machine's load average."""
    mark = "ok" if value <= limit * target else "OVER"
    return (
        f"{label:<{LABEL_WIDTH}} {value:8.2f} s / {limit_label} {limit:.2f} s = "
        f"{value / limit:.2f}x (target <= {target:g}x: {mark})   {load()}"
    )


def run(
    gen: GeneratedCorpus,
    work: Path,
    *,
    detect_articles: int,
    raw_without_fts: bool,
    profile: bool,
    rounds: int = 1,
) -> tuple[ImportFigures, Path]:
    """Run the import section; returns its figures and the store corpus (for the list bench).

    Each figure is the median of ``rounds`` runs, the raw limit and the store's import
    interleaved (raw, store, raw, store, ...) so both see the same load."""
    schema = default_schema()
    fig = ImportFigures(articles=gen.articles, spans=gen.spans)
    size = f"{human(gen.articles)} articles + {human(gen.spans)} spans"
    jsonl = work / "corpus.jsonl"
    file_bytes = write_jsonl(jsonl, gen.drafts)
    print(
        f"\n== Import (issue 2): {size}, {len(gen.drafts):,} records in one JSONL file of "
        f"{file_bytes / 2**20:,.0f} MiB; {load()}"
    )

    raw_path = work / "raw.sqlite3"
    store_path = work / "store.sqlite3"
    prof_path = work / "import.prof" if profile else None
    raws, stores, inserts, ons = [], [], [], []
    detect_all = detect_articles <= 0 or detect_articles >= gen.articles
    raw_print: tuple[int, ...] = ()
    for r in range(max(1, rounds)):
        raws.append(raw_insert(raw_path, lambda: rows_from_file(jsonl, schema)))
        raw_print = table_fingerprint(raw_path)
        remove_db(raw_path)
        elapsed, result = store_import(
            store_path, jsonl, detect=False, profile=prof_path if r == 0 else None
        )
        stores.append(elapsed)
        assert result.articles == gen.articles and result.spans == gen.spans, result
        assert table_fingerprint(store_path) == raw_print, "store and raw wrote different rows"
        if detect_all:  # the same file WITH detection, in the same round
            on, result = store_import(work / "detect.sqlite3", jsonl, detect=True)
            assert result.articles == gen.articles
            ons.append(on)
        rows = rows_from_file(jsonl, schema)
        inserts.append(raw_insert(raw_path, rows))
        del rows
        remove_db(raw_path)
    fig.raw, fig.store = statistics.median(raws), statistics.median(stores)
    fig.extra.update(raw_insert_only=statistics.median(inserts), rounds=rounds)
    fig.db_bytes = db_size(store_path)
    if raw_without_fts:
        rows = rows_from_file(jsonl, schema)
        fig.raw_no_fts = raw_insert(raw_path, rows, fts="none")
        remove_db(raw_path)
        del rows

    print(
        versus(
            f"import {size} from the file, no detection",
            fig.store,
            "raw limit",
            fig.raw,
            1.3,
        )
    )
    print(
        f"  raw limit = read + orjson.loads per line + the store's rows + executemany + COMMIT; "
        f"median of {len(raws)}: {', '.join(f'{x:.2f}' for x in raws)} s; store "
        f"{', '.join(f'{x:.2f}' for x in stores)} s"
    )
    print(
        line(
            "  of which raw executemany alone (rows prepared)",
            seconds(fig.extra["raw_insert_only"]),
        )
    )
    if fig.raw_no_fts is not None:
        print(line("  raw executemany without the FTS5 index", seconds(fig.raw_no_fts)))
    print(f"  corpus file {fig.db_bytes / 2**20:,.0f} MiB")
    fig.extra["peak_rss"] = print_rss(jsonl, work, detect=False)
    if prof_path is not None:
        print("  cProfile of the store import (top functions by own time):")
        print_profile(prof_path)

    _detection(gen, work, fig, jsonl, detect_articles, rounds, (stores, ons))
    return fig, store_path


def _detection(
    gen: GeneratedCorpus,
    work: Path,
    fig: ImportFigures,
    jsonl: Path,
    detect_articles: int,
    rounds: int,
    measured: tuple[list[float], list[float]],
) -> None:
    """``measured``: the imports without and with detection of the whole file, when the
    rounds of :func:`run` made them; else both are measured here on a file of fewer articles."""
    n = gen.articles if detect_articles <= 0 else min(detect_articles, gen.articles)
    subset = gen.drafts_of_first(n)
    full = n == gen.articles
    size = f"{human(n)} articles + {human(sum(len(d.spans) for d in subset))} spans"
    path = work / "detect.sqlite3"
    if not full:
        jsonl = work / "subset.jsonl"
        write_jsonl(jsonl, subset)
    offs, ons = measured if full else ([], [])
    for _ in range(0 if full else max(1, rounds)):
        offs.append(store_import(path, jsonl, detect=False)[0])
        on, result = store_import(path, jsonl, detect=True)
        ons.append(on)
        assert result.articles == n
    off, on = statistics.median(offs), statistics.median(ons)
    conn = raw_connect(path)
    try:
        found = [r[0] for r in conn.execute("SELECT language FROM article ORDER BY id")]
    finally:
        conn.close()
    remove_db(path)
    truth = gen.languages[:n]
    agree = sum(a == b for a, b in zip(found, truth, strict=True)) / n
    texts = [subset[i].text for i in gen.first_draft[:n]]
    sample = min(n, FULL_TEXT_SAMPLE)
    reference = [language.detect(t, prefix=None, n_trial=7, min_trial=7)[0] for t in texts[:sample]]
    agree_full = sum(a == b for a, b in zip(found, reference, strict=False)) / sample
    ld, _ = timed(lambda: language.detect_many(texts))
    one, _ = timed(lambda: [language.detect(t) for t in texts[:300]])

    print(
        f"\n== Language detection (langdetect, {language.PREFIX_CHARS}-char prefix, walks stop "
        f"after {language.MIN_TRIAL} that agree, at most {language.N_TRIAL})"
    )
    print(versus(f"import {size} from the file WITH detection", on, "without", off, 2.0))
    print(
        f"  medians of {len(ons)}: with {', '.join(f'{x:.2f}' for x in ons)} s, without "
        f"{', '.join(f'{x:.2f}' for x in offs)} s; ratio by round "
        f"{', '.join(f'{a / b:.2f}x' for a, b in zip(ons, offs, strict=False))}"
    )
    print(
        line(
            f"  langdetect alone on the same {human(n)} texts (detect_many)",
            seconds(ld),
            f"= {ld / n * 1000:.2f} ms/text; one process {one / min(n, 300) * 1000:.2f} ms/text",
        )
    )
    print(f"  detected language = the generator's for {agree:.2%} of {n:,} articles")
    print(
        f"  detected language = langdetect's on the full text (7 walks) for {agree_full:.2%} "
        f"of the first {sample:,} articles"
    )
    fig.extra.update(
        detect_articles=n,
        detect_import=on,
        detect_import_no_detection=off,
        langdetect_alone=ld,
        language_agreement=agree,
        language_agreement_full_text=agree_full,
    )


def memory_main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.bench_import --articles N``: the import's peak memory alone, on a
    generated file of N articles (with and without detection)."""
    from .generate import generate

    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_import", description=__doc__)
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=20250814)
    p.add_argument("--file", type=Path, help="measure on this JSONL file instead (generated once)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rss-") as folder:
        work = Path(folder)
        jsonl = args.file or work / "corpus.jsonl"
        if args.file is None:
            gen = generate(args.articles, seed=args.seed)
            write_jsonl(jsonl, gen.drafts)
            del gen
        print(
            f"== Import memory: a JSONL file of {jsonl.stat().st_size / 2**20:,.0f} MiB; {load()}"
        )
        print_rss(jsonl, work, detect=False)
        print_rss(jsonl, work, detect=True)
    return 0


if __name__ == "__main__":
    sys.exit(memory_main())
