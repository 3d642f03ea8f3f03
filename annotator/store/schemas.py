"""The label schema: this process's copy (read on every paint), the stored one read inside
a write's transaction under its row's lock, and the schema editor's edits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from peewee import fn

from annotator.core.errors import CorpusError
from annotator.core.model import Changes
from annotator.core.schema import Attribute, Label, LabelSchema, SchemaError, default_schema
from annotator.store import db, raw, tables
from annotator.store.context import StoreContext
from annotator.store.convert import dumps, rows
from annotator.store.errors import CorpusDamaged

_SCHEMA_READ = "SELECT value FROM meta WHERE key = 'label_schema'"


class Schemas:
    """The label schema and its edits (each in one transaction, logged, refused while a label
    it drops is in use)."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx
        self._schema: LabelSchema | None = None
        self._schema_text: str | None = None

    @property
    def schema(self) -> LabelSchema:
        """The label schema as this process last read it (kept: asked on every paint). A write
        never trusts it: it reads the stored one in its own transaction
        (:meth:`in_txn`); :meth:`reload_schema` catches up with others' edits."""
        if self._schema is None:
            self._take_schema(_SCHEMA_READ)
        assert self._schema is not None
        return self._schema

    def take(self, schema: LabelSchema) -> None:
        """The schema a committed write stored (an import that added labels)."""
        self._schema = schema
        self._schema_text = schema.to_json()

    def reload_schema(self) -> bool:
        """Read the stored schema again; whether it differs from the one this process had
        (another user edited it: the window rebuilds its palette and hotkeys)."""
        before = self._schema
        self._take_schema(_SCHEMA_READ)
        return before is not None and self._schema != before

    def in_txn(self, *, for_update: bool = False) -> LabelSchema:
        """The stored schema, read inside the caller's write transaction. On a server under a
        row lock on the schema's row, held until that transaction ends: ``FOR SHARE`` for an
        edit that uses labels (no schema edit commits in between, and one that committed first
        is seen), ``FOR UPDATE`` for a schema edit. On SQLite the writer holds the file's
        write lock (BEGIN IMMEDIATE, ``StoreContext.writing``), which does the same."""
        sql = _SCHEMA_READ
        if self._ctx.pg:
            sql += " FOR UPDATE" if for_update else " FOR SHARE"
        self._take_schema(sql)
        assert self._schema is not None
        return self._schema

    def _take_schema(self, sql: str) -> None:
        row = raw.one(self._ctx.db, sql)
        if row is None:
            raise CorpusError("this corpus has no label schema")
        text = str(row[0])
        if self._schema is None or text != self._schema_text:
            try:
                self._schema = LabelSchema.from_json(text)
            except (ValueError, KeyError, TypeError) as exc:  # SchemaError is a ValueError
                raise CorpusDamaged(
                    f"the label schema stored in the corpus is damaged ({exc}); "
                    "`annotator db check` tells more"
                ) from None
            self._schema_text = text

    def checked_layer(self, label: str, attributes: dict[str, Any]) -> str:
        """The label's layer, once the label and its attributes check out: inside a write's
        transaction against the stored schema (another user may have just removed the
        label), otherwise against this process's copy."""
        schema = self.in_txn() if self._ctx.db.in_transaction() else self.schema
        try:
            layer = schema.layer_of(label)
            schema.check_attributes(layer, attributes, label)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        return layer

    def ensure_stored(self) -> None:
        if tables.Meta.get_or_none(tables.Meta.key == "label_schema") is None:
            with self._ctx.db.atomic():
                # Ignored if another app, opening the same new server corpus, got there first.
                tables.Meta.insert(
                    key="label_schema", value=default_schema().to_json()
                ).on_conflict_ignore().execute()

    # ------------------------------------------------------------ schema
    def set_schema(self, schema: LabelSchema, *, by: str = "") -> Changes:
        """Replace the label schema; refused if a label in use would disappear.

        What it checks (the labels spans and gold spans use) is read in its own transaction,
        after it has locked the schema's row: a span added meanwhile with a label it drops is
        either committed before (and counted) or refused (it sees the new schema)."""
        schema.validate()

        def refuse_dropped() -> None:
            kept = {label.name for label in schema.labels}
            used = self.span_counts_by_label()
            for label, n in self._gold_counts_by_label().items():
                used[label] = used.get(label, 0) + n
            missing = sorted(set(used) - kept)
            if missing:
                counts = ", ".join(f"{name} ({used[name]} spans)" for name in missing)
                raise CorpusError(f"the new schema drops labels still in use: {counts}")

        return self._save_schema(lambda _: schema, {"op": "set_schema"}, by, first=refuse_dropped)

    def _gold_counts_by_label(self) -> dict[str, int]:
        query = tables.GoldSpan.select(tables.GoldSpan.label, fn.COUNT(tables.GoldSpan.id))
        return {label: int(n) for label, n in rows(query.group_by(tables.GoldSpan.label))}

    # Schema edits from the schema editor. Each validates first, then writes the schema, the
    # spans it concerns and one event (action "schema", kind "log") in one transaction that
    # commits before it returns. They are logged for the audit trail only: they are not on any
    # annotator's undo stack, so Ctrl+Z in the editor does not revert them.
    def add_label(self, label: Label, *, by: str = "") -> Changes:
        """Add ``label`` (name, layer, #rrggbb colour, free hotkey) to the schema."""
        payload = {"op": "add_label", "label": label.name}
        return self._save_schema(lambda s: s.with_label(label), payload, by)

    def update_label(
        self,
        name: str,
        *,
        color: str | None = None,
        hotkey: str | None = None,
        description: str | None = None,
        by: str = "",
    ) -> Changes:
        """Change a label's colour, hotkey ("" for none) and/or description.

        A hotkey another label already has is refused (naming that label).
        """

        def edit(s: LabelSchema) -> LabelSchema:
            return s.with_label_updated(name, color=color, hotkey=hotkey, description=description)

        given = {"color": color, "hotkey": hotkey, "description": description}
        payload = {"op": "update_label", "label": name}
        payload.update({k: v for k, v in given.items() if v is not None})
        return self._save_schema(edit, payload, by)

    def rename_label(self, old: str, new: str, *, by: str = "") -> Changes:
        """Rename label ``old`` to ``new`` everywhere, in one transaction.

        Every annotator's spans and the gold spans with that label are relabelled, and
        relation types that point to it point to the new name. Refused (nothing changed) when
        ``new`` is not a valid name or another label has it.
        """
        new = new.strip()
        payload: dict[str, object] = {"op": "rename_label", "label": old, "new": new}
        found: list[tuple[int, int]] = []

        def relabel() -> None:
            query = tables.Span.select(tables.Span.id, tables.Span.article)
            found.extend(rows(query.where(tables.Span.label == old)))
            tables.Span.update(label=new, updated_at=db.now()).where(
                tables.Span.label == old
            ).execute()
            gold = tables.GoldSpan.update(label=new).where(tables.GoldSpan.label == old)
            payload["spans"] = len(found)
            payload["gold_spans"] = int(gold.execute())

        edit = lambda s: s.with_label_renamed(old, new)  # noqa: E731
        changes = self._save_schema(edit, payload, by, first=relabel)
        changes.spans_updated = {span_id for span_id, _ in found}
        changes.article_ids = {article_id for _, article_id in found}
        return changes

    def delete_label(self, name: str, *, by: str = "") -> Changes:
        """Remove label ``name``; refused, with the count, while any span has it."""

        def refuse_if_used() -> None:  # inside the transaction: nobody adds one meanwhile
            n_spans, n_gold = self.label_use(name)
            parts = []
            if n_spans:
                parts.append(f"{n_spans} span{'' if n_spans == 1 else 's'}")
            if n_gold:
                parts.append(f"{n_gold} gold span{'' if n_gold == 1 else 's'}")
            if parts:
                raise CorpusError(
                    f"{name} is used by {' and '.join(parts)}; relabel or delete them first"
                )

        payload = {"op": "delete_label", "label": name}
        return self._save_schema(lambda s: s.without_label(name), payload, by, first=refuse_if_used)

    def add_attribute(self, attribute: Attribute, *, by: str = "") -> Changes:
        """Add an attribute to a layer. Existing spans keep theirs as stored; a span without
        the new attribute shows its default (:meth:`LabelSchema.with_defaults`)."""
        payload = {"op": "add_attribute", "attribute": attribute.name, "layer": attribute.layer}
        return self._save_schema(lambda s: s.with_attribute(attribute), payload, by)

    def label_use(self, name: str) -> tuple[int, int]:
        """(spans of every annotator, gold spans) labelled ``name``."""
        n_spans = tables.Span.select().where(tables.Span.label == name).count()
        n_gold = tables.GoldSpan.select().where(tables.GoldSpan.label == name).count()
        return int(n_spans), int(n_gold)

    def _save_schema(
        self,
        edit: Callable[[LabelSchema], LabelSchema],
        payload: Mapping[str, object],
        by: str,
        *,
        first: Callable[[], None] | None = None,
    ) -> Changes:
        """In one transaction: lock and read the stored schema, ``edit`` it, ``first`` (span
        updates, checks), write the schema and the log event.

        The edit applies to the schema as stored (another user may have changed it since this
        process read it), never to a stale copy; on a server its row stays locked until the
        commit, so an edit that uses a label waits and then sees the new schema. An edit that
        changes nothing (same colour, same hotkey) writes and logs nothing.
        """
        with self._ctx.writing():
            before = self.in_txn(for_update=True)
            try:
                schema = edit(before)
            except SchemaError as exc:
                raise CorpusError(str(exc)) from None
            if first is None and schema == before:
                return Changes()
            if first is not None:
                first()
            self._write_schema(schema)
            event = tables.Event.create(
                annotator=by,
                action="schema",
                kind="log",
                payload=dumps({**payload, "before": before.to_dict()}),
                article=None,
                created_at=db.now(),
            )
        self._schema = schema
        self._schema_text = schema.to_json()
        return Changes(schema_changed=True, event_id=int(event.id))

    def _write_schema(self, schema: LabelSchema) -> None:
        tables.Meta.insert(key="label_schema", value=schema.to_json()).on_conflict(
            conflict_target=[tables.Meta.key], update={tables.Meta.value: schema.to_json()}
        ).execute()

    def span_counts_by_label(self) -> dict[str, int]:
        query = tables.Span.select(tables.Span.label, fn.COUNT(tables.Span.id)).group_by(
            tables.Span.label
        )
        return {label: int(n) for label, n in rows(query)}
