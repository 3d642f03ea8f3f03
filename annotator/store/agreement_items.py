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
  streamed in id order.

The result is exactly what ``items_from_documents(corpus.documents(), statuses)`` +
:func:`compute_agreement` gives (tests/unit/test_agreement_items.py checks the JSON).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from peewee import Database

from annotator.core.agreement import (
    AgreementResult,
    LayerItem,
    SpanTuple,
    compute_layer_agreement,
)
from annotator.core.model import Status
from annotator.store import raw
from annotator.store.access import Access, Scope
from annotator.store.context import StoreContext

TEXT_CHUNK = 500  # article ids per text query (texts are read as the items are consumed)


class AgreementSpan(NamedTuple):
    """A relation endpoint as agreement reads it."""

    id: int
    start: int
    end: int
    label: str
    layer: str


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
    ``hand_only``: the spans typed by hand alone (accepted suggestions left out).

    ``annotators`` None: everyone (of ``scope``: whose labels :class:`Access` lets the reader
    see). The counts and spans are read at once (one read transaction); the texts are
    streamed as the items are consumed.
    """
    mine, params = scope.sql("id")
    names = dict(raw.execute(db, f"SELECT id, name FROM annotator WHERE 1 = 1{mine}", params))
    if annotators is not None:
        chosen = set(annotators)
        names = {i: n for i, n in names.items() if n in chosen}
    counted = {Status(s).value for s in statuses}
    was_enabled = gc.isenabled()
    gc.disable()  # ~300k small tuples, no cycles: no need to rescan the heap meanwhile
    try:
        work, rel_work = _read(db, names, layer, counted, hand_only)
    finally:
        if was_enabled:
            gc.enable()
    return _items(db, names, work, rel_work)


_Work = dict[int, dict[int, list[SpanTuple]]]  # article id -> {annotator id: spans of the layer}
_RelWork = dict[tuple[int, int], tuple[list[AgreementSpan], list[AgreementRelation]]]


def _read(
    db: Database, names: dict[int, str], layer: str, counted: set[str], hand_only: bool = False
) -> tuple[_Work, _RelWork]:
    hand = " AND origin = 'hand'" if hand_only else ""  # core/origin.HAND
    work: _Work = {}
    rel_work: _RelWork = {}
    with db.atomic():
        status_of: dict[tuple[int, int], str] = {}
        for art, ann, status in raw.execute(
            db,
            "SELECT article_id, annotator_id, status FROM article_status WHERE status != ?",
            (Status.TODO.value,),
        ):
            if ann in names:
                status_of[(art, ann)] = status
        if Status.IN_PROGRESS.value in counted:
            # documents(): spans without a status (or with to-do) mean in progress
            for art, ann in raw.execute(db, "SELECT DISTINCT article_id, annotator_id FROM span"):
                if ann in names:
                    status_of.setdefault((art, ann), Status.IN_PROGRESS.value)
        for (art, ann), status in sorted(status_of.items()):
            if status in counted:
                work.setdefault(art, {})[ann] = []
        del status_of
        for art, ann, start, end, label in raw.execute(
            db,
            'SELECT article_id, annotator_id, start, "end", label FROM span WHERE layer = ?' + hand,
            (layer,),
        ):
            by = work.get(art)
            if by is not None:
                mine = by.get(ann)
                if mine is not None:
                    mine.append((start, end, label))
        for art, ann, rid, head, child, label in raw.execute(
            db,
            "SELECT article_id, annotator_id, id, head_id, child_id, label FROM relation "
            "ORDER BY article_id, id",
        ):
            if ann in work.get(art, ()):
                pair = rel_work.get((art, ann))
                if pair is None:
                    pair = rel_work[(art, ann)] = ([], [])
                pair[1].append(AgreementRelation(rid, head, child, label))
        if rel_work:
            for art, ann, sid, start, end, label, span_layer in raw.execute(
                db,
                'SELECT s.article_id, s.annotator_id, s.id, s.start, s."end", s.label, s.layer '
                "FROM span AS s WHERE EXISTS (SELECT 1 FROM relation AS r "
                "WHERE r.article_id = s.article_id AND r.annotator_id = s.annotator_id)"
                + hand.replace("origin", "s.origin")
                + " "
                'ORDER BY s.article_id, s.annotator_id, s.start, s."end" DESC, s.id',
            ):
                pair = rel_work.get((art, ann))
                if pair is not None:
                    pair[0].append(AgreementSpan(sid, start, end, label, span_layer))
    return work, rel_work


def _items(
    db: Database, names: dict[int, str], work: _Work, rel_work: _RelWork
) -> Iterator[LayerItem]:
    ids = sorted(work)
    need = [a for a in ids if len(work[a]) > 1]  # the texts to tokenize
    texts: dict[int, str] = {}
    done = 0
    for art in ids:
        by = work[art]
        text = ""
        if len(by) > 1:
            if art not in texts:
                chunk = need[done : done + TEXT_CHUNK]
                done += len(chunk)
                marks = ",".join("?" * len(chunk))
                query = f"SELECT id, text FROM article WHERE id IN ({marks})"
                texts = dict(raw.execute(db, query, chunk))
            text = texts.get(art, "")  # "": deleted since the counts were read
        relations = {names[ann]: rel_work[(art, ann)] for ann in by if (art, ann) in rel_work}
        yield LayerItem(art, text, {names[ann]: spans for ann, spans in by.items()}, relations)


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
    ) -> AgreementResult:
        """Agreement on ``layer`` (docs/agreement.md) over the whole corpus.

        An annotator's work counts on an article when their status there is one of
        ``statuses`` (default: done; imported labels are done unless the file says otherwise).
        The lean read: the same result as ``compute_agreement(items_from_documents(
        corpus.documents(), statuses), ...)``, faster.
        """
        items = self.agreement_items(layer, annotators, statuses, hand_only)
        return compute_layer_agreement(items, layer, annotators, per_article=per_article)

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
