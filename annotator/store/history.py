"""The event log: every edit appends one event; undo and redo replay events backwards/forwards.

An annotator's undo and redo stacks are not stored: they are recomputed from that annotator's
``do``/``undo``/``redo`` events, so they survive a restart and never disagree with the log.
"""

from __future__ import annotations

from typing import Any

from annotator.core.errors import CorpusError, NothingToUndo
from annotator.core.gold import GoldConflict
from annotator.core.model import Changes, Replayed
from annotator.core.schema import LabelSchema
from annotator.store import raw, tables
from annotator.store.context import StoreContext
from annotator.store.convert import dumps, loads, rows
from annotator.store.db import now
from annotator.store.schemas import Schemas

UNDOABLE = (
    "add_span",
    "add_spans",
    "delete_span",
    "update_span",
    "add_relation",
    "delete_relation",
    "status",
    "gold",
    "cluster",
)
CLUSTER = "cluster"  # a claim joined, started or left a cluster (store/clusters.py)

# Gold changes (action "gold") log whole rows: {"article", "op", "add": {table: [row]},
# "remove": {table: [row]}, "update": [{"id", "before", "after"}]} over these tables, so one
# replay covers every gold operation (accept, prefill, edit, reject, delete).
_GOLD_TABLES: dict[str, type[tables.Base]] = {
    "gold_span": tables.GoldSpan,
    "gold_relation": tables.GoldRelation,
    "gold_rejection": tables.GoldRejection,
}


def log(annotator: str, action: str, payload: dict[str, Any], article: int | None) -> int:
    event = tables.Event.create(
        annotator=annotator,
        action=action,
        kind="do",
        payload=dumps(payload),
        article=article,
        created_at=now(),
    )
    return int(event.id)


def stacks(annotator: str) -> tuple[list[int], list[int]]:
    """(undo stack, redo stack) of event ids, most recent last."""
    undo: list[int] = []
    redo: list[int] = []
    query = (
        tables.Event.select(tables.Event.id, tables.Event.kind, tables.Event.target)
        .where((tables.Event.annotator == annotator) & (tables.Event.action.in_(UNDOABLE)))
        .order_by(tables.Event.id)
    )
    for event_id, kind, target in rows(query):
        if kind == "do":
            undo.append(event_id)
            redo.clear()
        elif kind == "undo" and undo and undo[-1] == target:
            redo.append(undo.pop())
        elif kind == "redo" and redo and redo[-1] == target:
            undo.append(redo.pop())
    return undo, redo


def _insert_span(rec: dict[str, Any]) -> None:
    tables.Span.insert(
        id=rec["id"],
        article=rec["article"],
        annotator=rec["annotator"],
        start=rec["start"],
        end=rec["end"],
        label=rec["label"],
        layer=rec["layer"],
        text=rec["text"],
        attributes=rec["attributes"],
        cluster=rec["cluster"],
        created_at=rec["created_at"],
        updated_at=rec["updated_at"],
        origin=rec.get("origin", "hand"),  # events logged before v7: typed by hand
    ).execute()


def _insert_relation(rec: dict[str, Any]) -> None:
    tables.Relation.insert(
        id=rec["id"],
        article=rec["article"],
        annotator=rec["annotator"],
        head=rec["head"],
        child=rec["child"],
        label=rec["label"],
        created_at=rec["created_at"],
    ).execute()


def _set_span_fields(span_id: int, fields: dict[str, Any]) -> None:
    tables.Span.update(**fields, updated_at=now()).where(tables.Span.id == span_id).execute()


def _set_status(article: int, annotator_id: int, status: str) -> None:
    tables.ArticleStatus.insert(
        article=article, annotator=annotator_id, status=status, updated_at=now()
    ).on_conflict(
        conflict_target=[tables.ArticleStatus.article, tables.ArticleStatus.annotator],
        update={tables.ArticleStatus.status: status, tables.ArticleStatus.updated_at: now()},
    ).execute()


def _insert_gold(table: str, rec: dict[str, Any]) -> None:
    """Put a gold row back; a source span deleted since is forgotten, a relation whose end
    is gone is not put back."""
    rec = dict(rec)
    source = rec.get("source_span") if table == "gold_span" else None
    if source is not None and tables.Span.get_or_none(tables.Span.id == source) is None:
        rec["source_span"] = None
    if table == "gold_relation":
        ends = tables.GoldSpan.select().where(tables.GoldSpan.id.in_([rec["head"], rec["child"]]))
        if ends.count() < 2:
            return
    _GOLD_TABLES[table].insert(**rec).execute()


# What a gold span is, for undo and redo: a replay changes a gold span only while it is still
# as the change left it (else another reviewer changed it since: GoldConflict, nothing done).
_GOLD_CONTENT = ("start", "end", "label", "attributes")


def _apply_gold(payload: dict[str, Any], *, forward: bool) -> None:
    database = tables.database.obj
    article = payload["article"]
    if raw.is_postgres(database):  # gold writes on an article take turns (store/gold_edit.py)
        raw.execute(database, "SELECT id FROM article WHERE id = ? FOR NO KEY UPDATE", (article,))
    gone, back = ("remove", "add") if forward else ("add", "remove")
    for table in ("gold_relation", "gold_rejection", "gold_span"):
        model = _GOLD_TABLES[table]
        for rec in payload.get(gone, {}).get(table, []):
            query = model.delete().where(model.id == rec["id"])  # type: ignore[attr-defined]
            if table == "gold_span":
                for name in _GOLD_CONTENT:
                    query = query.where(getattr(tables.GoldSpan, name) == rec[name])
            if query.execute() != 1 and table == "gold_span":
                raise _replaced(rec)
    for table in ("gold_span", "gold_relation", "gold_rejection"):
        for rec in payload.get(back, {}).get(table, []):
            if table == "gold_span":
                twin = tables.GoldSpan.get_or_none(
                    (tables.GoldSpan.article == article)
                    & (tables.GoldSpan.start == rec["start"])
                    & (tables.GoldSpan.end == rec["end"])
                    & (tables.GoldSpan.label == rec["label"])
                )
                if twin is not None:
                    raise _replaced(rec)
            _insert_gold(table, rec)
    for upd in payload.get("update", []):
        fields = dict(upd["after" if forward else "before"])
        now_is = upd["before" if forward else "after"]
        fields.pop("version", None)  # versions only grow, so a stale editor is always caught
        update = tables.GoldSpan.update(**fields, version=tables.GoldSpan.version + 1).where(
            tables.GoldSpan.id == upd["id"]
        )
        for name in _GOLD_CONTENT:
            if name in now_is:
                update = update.where(getattr(tables.GoldSpan, name) == now_is[name])
        if update.execute() != 1:
            raise _replaced({"id": upd["id"], **now_is})


def _replaced(rec: dict[str, Any]) -> GoldConflict:
    return GoldConflict(
        f"gold span {rec.get('label')} [{rec.get('start')},{rec.get('end')}) was changed by "
        "another reviewer since: this decision cannot be taken back or redone as it was; "
        "reload the article"
    )


def apply(action: str, payload: dict[str, Any], *, forward: bool) -> Changes:
    """Replay one logged change forwards (redo) or backwards (undo)."""
    changes = Changes(article_ids={payload["article"]})
    if action == "gold":
        _apply_gold(payload, forward=forward)
        changes.gold_changed = True
    elif action in ("add_span", "delete_span"):
        rec = payload["span"]
        adding = (action == "add_span") == forward
        if adding:
            _insert_span(rec)
            for rel in payload.get("relations", []):
                _insert_relation(rel)
                changes.relations_added.add(rel["id"])
            changes.spans_added.add(rec["id"])
        else:
            tables.Span.delete().where(tables.Span.id == rec["id"]).execute()
            changes.spans_removed.add(rec["id"])
            changes.relations_removed.update(r["id"] for r in payload.get("relations", []))
        if rec.get("cluster") is not None:  # a clustered claim gone or back: its cluster's count
            changes.clusters_changed = True
            changes.cluster_ids.add(int(rec["cluster"]))
    elif action == "add_spans":  # suggestions accepted: spans, speakers and their links
        changes.article_ids.update(payload.get("articles", []))
        if forward:
            for rec in payload["spans"]:
                _insert_span(rec)
                changes.spans_added.add(rec["id"])
            for rel in payload["relations"]:
                _insert_relation(rel)
                changes.relations_added.add(rel["id"])
        else:
            for rel in payload["relations"]:
                tables.Relation.delete().where(tables.Relation.id == rel["id"]).execute()
                changes.relations_removed.add(rel["id"])
            for rec in payload["spans"]:
                tables.Span.delete().where(tables.Span.id == rec["id"]).execute()
                changes.spans_removed.add(rec["id"])
    elif action in ("add_relation", "delete_relation"):
        rec = payload["relation"]
        if (action == "add_relation") == forward:
            _insert_relation(rec)
            changes.relations_added.add(rec["id"])
        else:
            tables.Relation.delete().where(tables.Relation.id == rec["id"]).execute()
            changes.relations_removed.add(rec["id"])
    elif action == "update_span":
        fields = payload["after"] if forward else payload["before"]
        _set_span_fields(payload["id"], fields)
        changes.spans_updated.add(payload["id"])
    elif action == CLUSTER:
        # the claim's cluster as the change left it (forward) or found it (backward); an
        # emptied cluster's row is kept, so a redo puts the claim back into the same one
        tables.Span.update(
            cluster=payload["after" if forward else "before"], updated_at=now()
        ).where(tables.Span.id == payload["span"]).execute()
        changes.spans_updated.add(payload["span"])
        changes.clusters_changed = True
        changes.cluster_ids.update(c for c in (payload["before"], payload["after"]) if c)
    elif action == "status":
        _set_status(
            payload["article"], payload["annotator_id"], payload["after" if forward else "before"]
        )
        changes.status_changed = True
    return changes


def _labels_restored(action: str, payload: dict[str, Any], *, forward: bool) -> set[str]:
    """Labels that replaying this change would put back into the store."""
    if action in ("add_span", "delete_span") and (action == "add_span") == forward:
        return {payload["span"]["label"]}
    if action == "update_span":
        return {payload["after" if forward else "before"]["label"]}
    if action == "add_spans" and forward:
        return {s["label"] for s in payload["spans"]}
    if action == "gold":
        side = "add" if forward else "remove"
        labels = {r["label"] for r in payload.get(side, {}).get("gold_span", [])}
        labels |= {u["after" if forward else "before"]["label"] for u in payload.get("update", [])}
        return labels
    return set()


def step(annotator: str, schema: LabelSchema, *, backwards: bool) -> Changes:
    """Undo (backwards) or redo the annotator's latest change. Call inside a transaction.

    A change whose label has since been renamed or deleted from the schema is not replayed:
    that would bring back a label the schema no longer has.
    """
    undo, redo = stacks(annotator)
    stack = undo if backwards else redo
    if not stack:
        raise NothingToUndo("nothing to undo" if backwards else "nothing to redo")
    target = tables.Event.get_by_id(stack[-1])
    payload = loads(target.payload)
    for label in _labels_restored(target.action, payload, forward=not backwards):
        if not schema.has_label(label):
            word = "undo" if backwards else "redo"
            raise CorpusError(
                f"cannot {word} this change: its label {label} is no longer in the schema "
                "(renamed or deleted since)"
            )
    changes = apply(target.action, payload, forward=not backwards)
    event = tables.Event.create(
        annotator=annotator,
        action=target.action,
        kind="undo" if backwards else "redo",
        target=target.id,
        payload=target.payload,
        article=target.article,
        created_at=now(),
    )
    changes.event_id = int(event.id)
    changes.replayed = replayed(target.action, payload)
    return changes


def replayed(action: str, payload: dict[str, Any]) -> Replayed:
    """What a logged change was about, for "Undid: added PERSON “Putin”"."""
    if action in ("add_span", "delete_span"):
        span = payload["span"]
        return Replayed(action, label=span["label"], text=span["text"])
    if action == "add_spans":
        one = payload["spans"][0] if payload["spans"] else {}
        return Replayed(
            action,
            label=one.get("label", ""),
            text=one.get("text", ""),
            after=str(len(payload["spans"])),
        )
    if action == "update_span":
        before, after = payload["before"], payload["after"]
        if before["label"] != after["label"]:
            what = "label"
        elif (before["start"], before["end"]) != (after["start"], after["end"]):
            what = "bounds"
        else:
            what = "attributes"
        return Replayed(
            action, label=after["label"], text=after["text"], before=before["label"], what=what
        )
    if action in ("add_relation", "delete_relation"):
        return Replayed(action, label=payload["relation"]["label"])
    if action == "status":
        return Replayed(action, before=payload["before"], after=payload["after"])
    if action == CLUSTER:
        return Replayed(action, label=payload["name"], text=payload["text"], what=payload["op"])
    added = payload.get("add", {}).get("gold_span", [])
    removed = payload.get("remove", {}).get("gold_span", [])
    updated = [u["after"] for u in payload.get("update", [])]
    first: dict[str, Any] = next(iter([*added, *updated, *removed]), {})
    return Replayed(
        action,
        label=first.get("label", ""),
        text=first.get("text", ""),
        after=payload.get("op", ""),
    )


class History:
    """Undo and redo of an annotator's own changes, replayed from the event log."""

    def __init__(self, ctx: StoreContext, schemas: Schemas) -> None:
        self._ctx = ctx
        self._schemas = schemas

    def undo(self, annotator: str) -> Changes:
        # On a file the write lock is taken at once (IMMEDIATE): the replay checks what it
        # changes (a gold span another reviewer changed since is not overwritten) under it.
        with self._ctx.writing():
            return step(annotator, self._schemas.in_txn(), backwards=True)

    def redo(self, annotator: str) -> Changes:
        with self._ctx.writing():
            return step(annotator, self._schemas.in_txn(), backwards=False)

    def can_undo(self, annotator: str) -> bool:
        return bool(stacks(annotator)[0])

    def can_redo(self, annotator: str) -> bool:
        return bool(stacks(annotator)[1])
