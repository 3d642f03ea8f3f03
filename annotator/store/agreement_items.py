"""A lean read for agreement: what :func:`compute_layer_agreement` needs, and nothing else.

``Corpus.documents()`` builds every span (text, attributes JSON, cluster) of every layer and
every article (meta JSON) as model objects; agreement on one layer reads only:

* which annotators' work counts on each article (status filtered by the caller's statuses,
  with the same rule as ``documents()``: a status other than to-do, or in progress when the
  annotator has spans there and no such status);
* for those, the (start, end, label) of their spans **of the layer** (one scan of ``span``,
  ``WHERE layer = ?``, plain tuples, no per-span objects);
* relations, and for the annotators who drew some on an article all their spans (every
  layer: relation agreement matches endpoints of any layer), in the order ``documents()``
  gives them;
* the text, only of articles two or more chosen annotators did (it is tokenized there),
  streamed in id order;
* with ``hand_only``, each span's origin, and the text of an article one annotator did
  where a span began as a suggestion too (core/agreement_hand.py widens its places to
  whole tokens).

The result is exactly what ``items_from_documents(corpus.documents(), statuses)`` +
:func:`compute_agreement` gives (tests/unit/test_agreement_items.py checks the JSON).
"""

from __future__ import annotations

import gc
import itertools
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple
from urllib.parse import quote

from peewee import Database

from annotator.core.agreement import (
    AgreementResult,
    AgreementTally,
    LayerItem,
    SpanTuple,
    compute_layer_agreement,
)
from annotator.core.agreement_results import gc_paused
from annotator.core.model import Status
from annotator.core.origin import HAND
from annotator.store import db as store_db
from annotator.store import failures, raw
from annotator.store.access import Access, Scope
from annotator.store.context import StoreContext

TEXT_CHUNK = 500  # article ids per text query (texts are read as the items are consumed)
# Agreement over a corpus file of at least this many articles is split across processes
# (ADR 0034): at 2,000 a worker's start (~0.2 s) costs about what it saves.
PARALLEL_FROM = 5_000
MAX_PARTS = 4  # processes at most (each holds about its share of the one-process memory)


class AgreementSpan(NamedTuple):
    """A relation endpoint as agreement reads it."""

    id: int
    start: int
    end: int
    label: str
    layer: str
    origin: str = "hand"  # core/origin.py (--hand-only judges a relation's ends by it)


class AgreementRelation(NamedTuple):
    id: int
    head: int
    child: int
    label: str


def read_agreement_items(
    db: Database,
    scope: Scope,
    layer: str,
    annotators: Sequence[str] | None = None,
    statuses: Iterable[Status] = (Status.DONE,),
    hand_only: bool = False,
) -> Iterator[LayerItem]:
    """One :class:`LayerItem` per article some chosen annotator's work counts on, by id.
    ``hand_only``: each span's origin is read too (``LayerItem.origins``), for the rule of
    core/agreement_hand.py; the spans are all there.

    ``annotators`` None: everyone (of ``scope``: whose labels :class:`Access` lets the reader
    see). The counts and spans are read at once (one read transaction); the texts are
    streamed as the items are consumed.
    """
    names = _names(db, scope, annotators)
    counted = {Status(s).value for s in statuses}
    was_enabled = gc.isenabled()
    gc.disable()  # ~300k small tuples, no cycles: no need to rescan the heap meanwhile
    try:
        work, rel_work, origins = _read(db, names, layer, counted, hand_only)
    finally:
        if was_enabled:
            gc.enable()
    return _items(db, names, work, rel_work, origins)


_Work = dict[int, dict[int, list[SpanTuple]]]  # article id -> {annotator id: spans of the layer}
_RelWork = dict[tuple[int, int], tuple[list[AgreementSpan], list[AgreementRelation]]]
_Origins = dict[tuple[int, int], list[str]]  # (article id, annotator id) -> their spans' origins


Ids = tuple[int, int] | None  # article ids from, up to (excluded); None: all


def _within(ids: Ids, column: str = "article_id") -> tuple[str, tuple[int, ...]]:
    if ids is None:
        return "", ()
    return f" AND {column} >= ? AND {column} < ?", ids


def _counted(
    db: Database, names: dict[int, str], counted: set[str], ids: Ids = None
) -> list[tuple[int, int]]:
    """(article id, annotator id) of the work that counts, sorted (in a read transaction)."""
    where, params = _within(ids)
    status_of: dict[tuple[int, int], str] = {}
    for art, ann, status in raw.execute(
        db,
        "SELECT article_id, annotator_id, status FROM article_status WHERE 1 = 1" + where,
        params,
    ):
        if ann in names:
            status_of[(art, ann)] = status
    if Status.IN_PROGRESS.value in counted:
        # documents(): spans without a status row mean in progress; spans under a to-do
        # status are pre-annotations (imported predictions): still to do
        for art, ann in raw.execute(
            db,
            "SELECT DISTINCT article_id, annotator_id FROM span WHERE 1 = 1" + where,
            params,
        ):
            if ann in names:
                status_of.setdefault((art, ann), Status.IN_PROGRESS.value)
    return sorted(key for key, status in status_of.items() if status in counted)


def _read(
    db: Database,
    names: dict[int, str],
    layer: str,
    counted: set[str],
    hand_only: bool = False,
    ids: Ids = None,
) -> tuple[_Work, _RelWork, _Origins]:
    where, params = _within(ids)
    work: _Work = {}
    rel_work: _RelWork = {}
    origins: _Origins = {}
    with db.atomic():
        for art, ann in _counted(db, names, counted, ids):
            work.setdefault(art, {})[ann] = []
        if hand_only:  # each span's origin too, in the same order
            for art, ann, start, end, label, origin in raw.execute(
                db,
                'SELECT article_id, annotator_id, start, "end", label, origin FROM span '
                "WHERE layer = ?" + where,
                (layer, *params),
            ):
                by = work.get(art)
                if by is not None:
                    mine = by.get(ann)
                    if mine is not None:
                        mine.append((start, end, label))
                        origins.setdefault((art, ann), []).append(origin)
        for art, ann, start, end, label in (
            ()
            if hand_only
            else raw.execute(
                db,
                'SELECT article_id, annotator_id, start, "end", label FROM span WHERE layer = ?'
                + where,
                (layer, *params),
            )
        ):
            by = work.get(art)
            if by is not None:
                mine = by.get(ann)
                if mine is not None:
                    mine.append((start, end, label))
        for art, ann, rid, head, child, label in raw.execute(
            db,
            "SELECT article_id, annotator_id, id, head_id, child_id, label FROM relation "
            "WHERE 1 = 1" + where + " ORDER BY article_id, id",
            params,
        ):
            if ann in work.get(art, ()):
                pair = rel_work.get((art, ann))
                if pair is None:
                    pair = rel_work[(art, ann)] = ([], [])
                pair[1].append(AgreementRelation(rid, head, child, label))
        if rel_work:
            for art, ann, sid, start, end, label, span_layer, origin in raw.execute(
                db,
                'SELECT s.article_id, s.annotator_id, s.id, s.start, s."end", s.label, s.layer, '
                "s.origin FROM span AS s WHERE EXISTS (SELECT 1 FROM relation AS r "
                "WHERE r.article_id = s.article_id AND r.annotator_id = s.annotator_id)"
                + _within(ids, "s.article_id")[0]
                + " "
                'ORDER BY s.article_id, s.annotator_id, s.start, s."end" DESC, s.id',
                params,
            ):
                pair = rel_work.get((art, ann))
                if pair is not None:
                    pair[0].append(AgreementSpan(sid, start, end, label, span_layer, origin))
    return work, rel_work, origins


def _items(
    db: Database,
    names: dict[int, str],
    work: _Work,
    rel_work: _RelWork,
    origins: _Origins | None = None,
) -> Iterator[LayerItem]:
    ids = sorted(work)
    # The texts to tokenize; --hand-only widens a place to whole tokens on every article
    # (it changes the span counts of an article one annotator did too).
    suggested = {art for (art, _), of in (origins or {}).items() if any(o != HAND for o in of)}
    need = [a for a in ids if len(work[a]) > 1 or a in suggested]
    texts: dict[int, str] = {}
    done = 0
    for art in ids:
        by = work[art]
        text = ""
        if len(by) > 1 or art in suggested:
            if art not in texts:
                chunk = need[done : done + TEXT_CHUNK]
                done += len(chunk)
                marks = ",".join("?" * len(chunk))
                query = f"SELECT id, text FROM article WHERE id IN ({marks})"
                texts = dict(raw.execute(db, query, chunk))
            text = texts.get(art, "")  # "": deleted since the counts were read
        relations = {names[ann]: rel_work[(art, ann)] for ann in by if (art, ann) in rel_work}
        spans = {names[ann]: mine for ann, mine in by.items()}
        if not origins:
            yield LayerItem(art, text, spans, relations)
            continue
        of = {names[ann]: origins[(art, ann)] for ann in by if (art, ann) in origins}
        yield LayerItem(art, text, spans, relations, of)


def _names(db: Database, scope: Scope, annotators: Sequence[str] | None) -> dict[int, str]:
    mine, params = scope.sql("id")
    names = dict(raw.execute(db, f"SELECT id, name FROM annotator WHERE 1 = 1{mine}", params))
    if annotators is not None:
        chosen = set(annotators)
        names = {i: n for i, n in names.items() if n in chosen}
    return names


def cpus() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _parts(db: Database, workers: int | None) -> list[tuple[int, int]]:
    """Article id ranges to count in separate processes: one range when the work stays in
    this process (a team server, a transaction of this connection open, a small corpus, one
    core); else ``workers`` (default: the cores, at most :data:`MAX_PARTS`) ranges of about
    as many articles each."""
    whole = [(-(2**63), 2**63 - 1)]
    if workers is not None and workers < 2:
        return whole
    if raw.is_postgres(db) or not isinstance(db, store_db.CorpusFile) or db.in_transaction():
        return whole  # a worker could not see what this connection has not committed
    n = raw.one(db, "SELECT COUNT(*) FROM article")[0]
    if workers is None:
        if n < PARALLEL_FROM:
            return whole
        workers = min(cpus(), MAX_PARTS)
    cuts: list[int] = []
    for k in range(1, min(workers, n)):
        row = raw.one(
            db, "SELECT id FROM article ORDER BY id LIMIT 1 OFFSET ?", (n * k // workers,)
        )
        if row is not None and (not cuts or row[0] > cuts[-1]):
            cuts.append(row[0])
    bounds = [whole[0][0], *cuts, whole[0][1]]
    return list(itertools.pairwise(bounds))


def _tally(
    db: Database,
    names: dict[int, str],
    chosen: tuple[str, ...],
    layer: str,
    counted: set[str],
    hand_only: bool,
    per_article: bool,
    ids: tuple[int, int],
) -> AgreementTally:
    """The agreement counts of the articles with ids in ``ids`` (from, up to excluded)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        work, rel_work, origins = _read(db, names, layer, counted, hand_only, ids)
    finally:
        if was_enabled:
            gc.enable()
    tally = AgreementTally(layer, chosen, per_article=per_article, hand_only=hand_only)
    tally.add(_items(db, names, work, rel_work, origins))
    return tally


def _worker_database(db: store_db.CorpusFile) -> str:
    """Where a worker process reads the corpus: the same file, read-only."""
    if db.database.startswith("file:"):  # opened read-only already
        return str(db.database)
    return f"file:{quote(str(db.path))}?mode=ro"


def _tally_in_worker(
    database: str,
    names: dict[int, str],
    chosen: tuple[str, ...],
    layer: str,
    counted: set[str],
    hand_only: bool,
    per_article: bool,
    ids: tuple[int, int],
) -> AgreementTally:
    """:func:`_tally` in a worker process, through its own read-only connection."""
    pragmas = {k: v for k, v in store_db.SQLITE_PRAGMAS.items() if k not in store_db.WRITE_PRAGMAS}
    db = store_db.CorpusFile(
        database,
        pragmas=pragmas,
        check_same_thread=False,
        factory=failures.GuardedConnection,
        uri=True,
    )
    db.connect()
    try:
        return _tally(db, names, chosen, layer, counted, hand_only, per_article, ids)
    finally:
        db.close()


# A worker: a fresh interpreter (not a fork of this process, whose other threads, the
# window's, may be inside SQLite or hold a lock at that moment, which the copy would wait on
# for ever; nor multiprocessing's spawn, which runs the caller's main script again). It
# reads its job from stdin, takes this process's import path, and writes its tally to stdout.
_WORKER = (
    "import pickle, sys\n"
    "path, job = pickle.load(sys.stdin.buffer)\n"
    "sys.path[:] = path\n"
    "from annotator.store.agreement_items import _tally_in_worker\n"
    "tally = _tally_in_worker(*job)\n"
    "pickle.dump(tally, sys.stdout.buffer, pickle.HIGHEST_PROTOCOL)\n"
)


def _start_worker(job: tuple[object, ...]) -> subprocess.Popen[bytes] | None:
    """A worker process counting ``job``, or None when none can start (a frozen app has no
    interpreter to start; an OS error)."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return None
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    try:
        assert proc.stdin is not None
        proc.stdin.write(pickle.dumps((list(sys.path), job), pickle.HIGHEST_PROTOCOL))
        proc.stdin.close()
    except OSError:  # it ended already
        proc.kill()
        _worker_tally(proc)
        return None
    return proc


def _worker_tally(proc: subprocess.Popen[bytes] | None) -> AgreementTally | None:
    """The worker's tally, or None if it failed (its range is then counted here)."""
    if proc is None:
        return None
    assert proc.stdout is not None
    with proc.stdout:
        out = proc.stdout.read()
    if proc.wait() != 0:
        return None
    try:
        tally = pickle.loads(out)
    except Exception:  # a broken answer: count the range here
        return None
    return tally if isinstance(tally, AgreementTally) else None


def compute_store_agreement(
    db: Database,
    scope: Scope,
    layer: str,
    annotators: Sequence[str] | None = None,
    *,
    statuses: Iterable[Status] = (Status.DONE,),
    per_article: bool = True,
    hand_only: bool = False,
    workers: int | None = None,
) -> AgreementResult:
    """Agreement on ``layer`` over the store, the same result as
    ``compute_layer_agreement(read_agreement_items(...))``, on a large corpus file counted
    by several processes (ADR 0034): the articles are cut into id ranges, each process
    reads and counts its range, and the tallies are merged in id order (exact: the same
    integers, so the same figures). ``workers``: processes to use (1: this one only;
    None: automatic, see :func:`_parts`)."""
    parts = _parts(db, workers)
    if len(parts) == 1:
        items = read_agreement_items(db, scope, layer, annotators, statuses, hand_only)
        return compute_layer_agreement(
            items, layer, annotators, per_article=per_article, hand_only=hand_only
        )
    names = _names(db, scope, annotators)
    counted = {Status(s).value for s in statuses}
    if annotators is None:  # everyone whose work counts somewhere, as the one process finds
        with db.atomic():
            chosen = tuple(sorted({names[ann] for _, ann in _counted(db, names, counted)}))
    else:
        chosen = tuple(dict.fromkeys(annotators))
    args = (names, chosen, layer, counted, hand_only, per_article)
    assert isinstance(db, store_db.CorpusFile)  # _parts cuts only corpus files
    procs = [_start_worker((_worker_database(db), *args, ids)) for ids in parts[1:]]
    try:
        tally = _tally(db, *args, parts[0])  # this process counts the first range meanwhile
    except BaseException:
        for proc in procs:
            if proc is not None:
                proc.kill()
                proc.wait()
        raise
    with gc_paused():  # the answers' many small objects, as in the core
        for ids, proc in zip(parts[1:], procs, strict=True):
            part = _worker_tally(proc)
            tally.merge(part if part is not None else _tally(db, *args, ids))
        return tally.result()


class AgreementData:
    """The agreement reads: the whole corpus's agreement on a layer, and its lean items
    (everyone's labels: for readers of all, :meth:`Access.require_all`)."""

    def __init__(self, ctx: StoreContext, access: Access) -> None:
        self._ctx = ctx
        self._access = access

    def agreement(
        self,
        layer: str,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = (Status.DONE,),
        per_article: bool = True,
        hand_only: bool = False,
        workers: int | None = None,
    ) -> AgreementResult:
        """Agreement on ``layer`` (docs/agreement.md) over the whole corpus.

        An annotator's work counts on an article when their status there is one of
        ``statuses`` (default: done; imported labels are done unless the file says otherwise).
        The lean read: the same result as ``compute_agreement(items_from_documents(
        corpus.documents(), statuses), ...)``, faster; on a large corpus file counted by
        several processes (``workers``: see :func:`compute_store_agreement`).
        """
        scope = self._access.require_all()
        return compute_store_agreement(
            self._ctx.db,
            scope,
            layer,
            annotators,
            statuses=statuses,
            per_article=per_article,
            hand_only=hand_only,
            workers=workers,
        )

    def agreement_items(
        self,
        layer: str,
        annotators: Sequence[str] | None = None,
        statuses: Iterable[Status] = (Status.DONE,),
        hand_only: bool = False,
    ) -> Iterator[LayerItem]:
        """What agreement on ``layer`` reads (see :mod:`annotator.store.agreement_items`)."""
        scope = self._access.require_all()
        return read_agreement_items(self._ctx.db, scope, layer, annotators, statuses, hand_only)
