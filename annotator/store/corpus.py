"""`Corpus`: the one entry point to a corpus for the GUI, the CLI and the formats.

Every write commits before it returns and hands back a :class:`Changes` record. No caller
outside ``annotator/store`` sees a peewee object.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import orjson
from peewee import Database, fn

from annotator.core import model
from annotator.core.errors import CorpusError
from annotator.core.importing import ImportResult
from annotator.core.model import Changes
from annotator.core.offsets import check_span
from annotator.core.schema import Attribute, Label, LabelSchema, SchemaError, default_schema
from annotator.store import db, failures, raw, tables, team
from annotator.store.activity import Activity
from annotator.store.agreement_items import AgreementItems
from annotator.store.convert import dumps, rows
from annotator.store.editing import Editing
from annotator.store.errors import CorpusDamaged, StoreError
from annotator.store.exporting import Exporting
from annotator.store.gold import Gold
from annotator.store.importing import import_drafts
from annotator.store.operations import SCHEMA_WAITS, SERVER_WAITS, Outage, read, session, write

# Columns holding JSON, and what each value must be.
JSON_COLUMNS: tuple[tuple[str, str, type], ...] = (
    ("article", "meta", dict),
    ("span", "attributes", dict),
    ("gold_span", "attributes", dict),
    ("gold_span", "annotators", list),
    ("gold_relation", "annotators", list),
    ("event", "payload", dict),
)

_open_lock = threading.Lock()
_open_corpus: Corpus | None = None

__all__ = ["Corpus"]


class Corpus(Editing, Gold, Exporting, Activity, AgreementItems):
    """An open corpus. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, database: Database, location: str) -> None:
        self._db = database
        self.location = location
        self._schema: LabelSchema | None = None

    # ------------------------------------------------------------ lifecycle
    @classmethod
    @session
    def open(cls, target: str | Path, *, password: str | None = None) -> Corpus:
        """Open (creating and migrating if needed) the corpus at a path or URL.

        ``password`` is for a ``postgresql://`` URL (the team server); without one, libpq's
        ``PGPASSWORD`` or ``~/.pgpass`` may supply it. It is used to connect and not kept here.
        """
        global _open_corpus
        with _open_lock:
            if _open_corpus is not None:
                raise db.StoreError(
                    f"a corpus is already open in this process ({_open_corpus.location}); "
                    "close it first"
                )
            database = db.open_database(str(target), password)
            tables.database.initialize(database)
            try:
                db.migrate(database)
                corpus = cls(database, str(target))
                corpus._ensure_meta()
                if corpus.is_team:  # until the app names its annotator: the server login
                    corpus.set_user(team.parse_url(str(target)).user)
            except Exception:
                database.close()
                tables.database.initialize(None)
                raise
            _open_corpus = corpus
            return corpus

    @session
    def close(self) -> None:
        global _open_corpus
        with _open_lock:
            if _open_corpus is self:
                _open_corpus = None
                if not self._db.is_closed():
                    self._db.close()
                tables.database.initialize(None)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_sqlite(self) -> bool:
        return not raw.is_postgres(self._db)

    @property
    def is_team(self) -> bool:
        """The corpus lives on a team server (PostgreSQL), shared with other annotators."""
        return raw.is_postgres(self._db)

    def _ensure_meta(self) -> None:
        if tables.Meta.get_or_none(tables.Meta.key == "label_schema") is None:
            with self._db.atomic():
                # Ignored if another app, opening the same new server corpus, got there first.
                tables.Meta.insert(
                    key="label_schema", value=default_schema().to_json()
                ).on_conflict_ignore().execute()

    # ------------------------------------------------------------ schema
    @write(Outage.REFUSE, why=SCHEMA_WAITS)
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
    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def add_label(self, label: Label, *, by: str = "") -> Changes:
        """Add ``label`` (name, layer, #rrggbb colour, free hotkey) to the schema."""
        payload = {"op": "add_label", "label": label.name}
        return self._save_schema(lambda s: s.with_label(label), payload, by)

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
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

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
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

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
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

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def add_attribute(self, attribute: Attribute, *, by: str = "") -> Changes:
        """Add an attribute to a layer. Existing spans keep theirs as stored; a span without
        the new attribute shows its default (:meth:`LabelSchema.with_defaults`)."""
        payload = {"op": "add_attribute", "attribute": attribute.name, "layer": attribute.layer}
        return self._save_schema(lambda s: s.with_attribute(attribute), payload, by)

    @read
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
        with self._writing():
            before = self._schema_in_txn(for_update=True)
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
        self.__dict__["_schema_text"] = schema.to_json()
        return Changes(schema_changed=True, event_id=int(event.id))

    def _write_schema(self, schema: LabelSchema) -> None:
        tables.Meta.insert(key="label_schema", value=schema.to_json()).on_conflict(
            conflict_target=[tables.Meta.key], update={tables.Meta.value: schema.to_json()}
        ).execute()

    # ------------------------------------------------------------ annotators
    # ------------------------------------------------------------ import
    @write(Outage.REFUSE, why=SERVER_WAITS)
    def import_drafts(
        self,
        drafts: list[model.ArticleDraft],
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult:
        """Import one file's records all or nothing (see :mod:`annotator.store.importing`):
        ``add_labels`` adds the labels and relation types they use that the schema lacks (else
        those refuse the file); ``as_gold`` puts their labels into gold, as records whose
        annotator is ``gold`` always go.

        Labels are checked against the stored schema, not this process's copy. On a server a
        labelled import holds the schema's row (``FOR SHARE``) from that read to its commit,
        so no schema edit drops a label it brings; on a file (SQLite) the schema is read
        afresh just before (the import's write lock is taken only after language detection,
        which must not block the window's edits)."""

        def run(schema: LabelSchema) -> ImportResult:
            return import_drafts(
                self._db,
                schema,
                drafts,
                origin=origin,
                detect_language=detect_language,
                add_labels=add_labels,
                as_gold=as_gold,
            )

        if not self.is_team or not any(d.annotator for d in drafts):
            self.reload_schema()
            result = run(self.schema)
        else:
            with self._writing():
                result = run(self._schema_in_txn())
        if result.schema is not None:  # committed: the labels it added are the corpus's now
            self._schema = result.schema
        return result

    @read
    def check(self) -> list[str]:
        """Integrity problems: SQLite's own checks (a server enforces its own), every span
        against its text, every span and gold span against the label schema (a label removed
        while in use), every text against its SHA-256, and every stored JSON value (the label
        schema, articles' meta, spans' attributes, gold, the log). Damage that stops
        the reading is one more problem, not an exception."""
        problems: list[str] = []
        try:
            if self.is_sqlite:
                problems.extend(db.integrity_problems(self._db.connection()))
                if problems:  # the rows cannot be trusted to read: stop at what SQLite says
                    return problems
                for row in self._db.execute_sql("PRAGMA foreign_key_check").fetchall():
                    problems.append(f"foreign key: table {row[0]} row {row[1]} -> {row[2]}")
            problems.extend(self._json_problems())
            problems.extend(self._text_problems())
        except StoreError as exc:
            problems.append(str(exc))
        return problems

    @classmethod
    @session
    def check_file(cls, target: str | Path) -> list[str]:
        """:meth:`check` of the corpus file at ``target``, for a file that may be damaged or
        not a corpus at all: what is wrong, never an exception (and nothing written to a file
        that is not a corpus)."""
        path = Path(target)
        if not path.is_file():
            return [f"there is no corpus file at {path}"]
        try:
            corpus = cls.open(path)
        except CorpusDamaged as exc:
            more = db.file_integrity_problems(path)
            first = str(exc).replace(failures.CHECK_HINT, "")
            return [first, *(p for p in more if p.replace(failures.CHECK_HINT, "") != first)]
        except StoreError as exc:
            return [str(exc)]
        with corpus:
            return corpus.check()

    def _json_problems(self) -> list[str]:
        problems: list[str] = []
        (value,) = raw.one(self._db, "SELECT value FROM meta WHERE key = 'label_schema'") or (None,)
        try:
            LabelSchema.from_json(value or "").validate()
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"the label schema (table meta, key label_schema) is damaged: {exc}")
        for table, column, kind in JSON_COLUMNS:
            rows_ = raw.stream(self._db, f"SELECT id, {column} FROM {table} ORDER BY id")
            for row_id, text in rows_:
                if not text:
                    continue
                try:
                    value = orjson.loads(text)
                except orjson.JSONDecodeError as exc:
                    problems.append(f"{table} {row_id}: {column} is not valid JSON ({exc})")
                    continue
                if not isinstance(value, kind):
                    wanted = "an object" if kind is dict else "a list"
                    problems.append(f"{table} {row_id}: {column} is not {wanted}")
        return problems

    def _text_problems(self) -> list[str]:
        problems: list[str] = []
        # Spans and articles are both read in article order and stepped through together:
        # one query each instead of one article query per article.
        articles = raw.stream(self._db, "SELECT id, text FROM article ORDER BY id")
        current: tuple[int, str] = (0, "")
        query = tables.Span.select(
            tables.Span.id,
            tables.Span.article,
            tables.Span.start,
            tables.Span.end,
            tables.Span.text,
        ).order_by(tables.Span.article)
        for span_id, article_id, start, end, text in rows(query):
            while current[0] < article_id:
                current = next(articles, None) or (article_id, "")
            try:
                check_span(current[1], start, end, text)
            except ValueError as exc:
                problems.append(f"span {span_id} in article {article_id}: {exc}")
        try:
            self.reload_schema()  # the stored schema, not this process's copy
            known = {label.name for label in self.schema.labels}
        except CorpusDamaged:  # said by _json_problems: no schema to check the labels against
            known = None
        for table, what in ((tables.Span, "span"), (tables.GoldSpan, "gold span")):
            if known is None:
                break
            strays = table.select(table.id, table.article, table.label).where(
                table.label.not_in(known)
            )
            for row_id, article_id, label in rows(strays.order_by(table.id)):
                problems.append(
                    f"{what} {row_id} in article {article_id}: label {label!r} is not in the "
                    "label schema"
                )
        for art_id, text, sha in rows(
            tables.Article.select(tables.Article.id, tables.Article.text, tables.Article.sha256)
        ):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
                problems.append(f"article {art_id}: text does not match its SHA-256")
        return problems

    @read
    def backup(self, dest: Path) -> Path:
        """Copy the corpus to the new SQLite file ``dest`` (from a server: ``db pull``)."""
        if dest.exists():
            raise CorpusError(f"{dest} exists already; choose a new file")
        if self.is_team:
            self.copy_to(str(dest))
            return dest
        return db.backup_sqlite(self._db, dest)

    @read
    def copy_to(self, dest: str, password: str | None = None) -> dict[str, int]:
        """Copy the whole corpus into a new SQLite file or an empty server database (URL);
        rows copied per table. From a team server, for reviewers only: a copy holds
        everyone's labels."""
        from annotator.store.copying import copy_corpus

        if self.is_team:
            self._require_reader_of_all()
        return copy_corpus(self._db, dest, password)
