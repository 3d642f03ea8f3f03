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
from peewee import Database

from annotator.core import model
from annotator.core.model import Changes
from annotator.core.offsets import check_span
from annotator.core.schema import Attribute, Label, LabelSchema, SchemaError, default_schema
from annotator.store import db, failures, history, raw, tables, team
from annotator.store.activity import Activity
from annotator.store.agreement_items import AgreementItems
from annotator.store.convert import dumps, rows
from annotator.store.editing import Editing
from annotator.store.errors import CorpusDamaged, CorpusError, StoreError
from annotator.store.exporting import Exporting
from annotator.store.gold import Gold
from annotator.store.importing import ImportResult, import_drafts

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

__all__ = ["Changes", "Corpus", "CorpusError", "ImportResult", "NothingToUndo"]

NothingToUndo = history.NothingToUndo


class Corpus(Editing, Gold, Exporting, Activity, AgreementItems):
    """An open corpus. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, database: Database, location: str) -> None:
        self._db = database
        self.location = location
        self._schema: LabelSchema | None = None

    # ------------------------------------------------------------ lifecycle
    @classmethod
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
    def set_schema(self, schema: LabelSchema) -> Changes:
        """Replace the label schema; refused if a label in use would disappear."""
        schema.validate()
        used = self.span_counts_by_label()
        missing = sorted(set(used) - {label.name for label in schema.labels})
        if missing:
            counts = ", ".join(f"{name} ({used[name]} spans)" for name in missing)
            raise CorpusError(f"the new schema drops labels still in use: {counts}")
        with self._db.atomic():
            self._write_schema(schema)
        self._schema = schema
        return Changes(schema_changed=True)

    # Schema edits from the schema editor. Each validates first, then writes the schema, the
    # spans it concerns and one event (action "schema", kind "log") in one transaction that
    # commits before it returns. They are logged for the audit trail only: they are not on any
    # annotator's undo stack, so Ctrl+Z in the editor does not revert them.
    def add_label(self, label: Label, *, by: str = "") -> Changes:
        """Add ``label`` (name, layer, #rrggbb colour, free hotkey) to the schema."""
        schema = self._edit_schema(lambda s: s.with_label(label))
        return self._save_schema(schema, {"op": "add_label", "label": label.name}, by)

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
        schema = self._edit_schema(
            lambda s: s.with_label_updated(
                name, color=color, hotkey=hotkey, description=description
            )
        )
        given = {"color": color, "hotkey": hotkey, "description": description}
        payload = {"op": "update_label", "label": name}
        payload.update({k: v for k, v in given.items() if v is not None})
        return self._save_schema(schema, payload, by)

    def rename_label(self, old: str, new: str, *, by: str = "") -> Changes:
        """Rename label ``old`` to ``new`` everywhere, in one transaction.

        Every annotator's spans and the gold spans with that label are relabelled, and
        relation types that point to it point to the new name. Refused (nothing changed) when
        ``new`` is not a valid name or another label has it.
        """
        new = new.strip()
        schema = self._edit_schema(lambda s: s.with_label_renamed(old, new))
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

        changes = self._save_schema(schema, payload, by, first=relabel)
        changes.spans_updated = {span_id for span_id, _ in found}
        changes.article_ids = {article_id for _, article_id in found}
        return changes

    def delete_label(self, name: str, *, by: str = "") -> Changes:
        """Remove label ``name``; refused, with the count, while any span has it."""
        schema = self._edit_schema(lambda s: s.without_label(name))

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
        return self._save_schema(schema, payload, by, first=refuse_if_used)

    def add_attribute(self, attribute: Attribute, *, by: str = "") -> Changes:
        """Add an attribute to a layer. Existing spans keep theirs as stored; a span without
        the new attribute shows its default (:meth:`LabelSchema.with_defaults`)."""
        schema = self._edit_schema(lambda s: s.with_attribute(attribute))
        payload = {"op": "add_attribute", "attribute": attribute.name, "layer": attribute.layer}
        return self._save_schema(schema, payload, by)

    def label_use(self, name: str) -> tuple[int, int]:
        """(spans of every annotator, gold spans) labelled ``name``."""
        n_spans = tables.Span.select().where(tables.Span.label == name).count()
        n_gold = tables.GoldSpan.select().where(tables.GoldSpan.label == name).count()
        return int(n_spans), int(n_gold)

    def _edit_schema(self, edit: Callable[[LabelSchema], LabelSchema]) -> LabelSchema:
        try:
            return edit(self.schema)
        except SchemaError as exc:
            raise CorpusError(str(exc)) from None

    def _save_schema(
        self,
        schema: LabelSchema,
        payload: Mapping[str, object],
        by: str,
        *,
        first: Callable[[], None] | None = None,
    ) -> Changes:
        """In one transaction: ``first`` (span updates, checks), the schema, the log event.

        The cached schema changes only once the transaction has committed. An edit that
        changes nothing (same colour, same hotkey) writes and logs nothing.
        """
        if first is None and schema == self.schema:
            return Changes()
        with self._db.atomic():
            if first is not None:
                first()
            self._write_schema(schema)
            event = tables.Event.create(
                annotator=by,
                action="schema",
                kind="log",
                payload=dumps({**payload, "before": self.schema.to_dict()}),
                article=None,
                created_at=db.now(),
            )
        self._schema = schema
        return Changes(schema_changed=True, event_id=int(event.id))

    def _write_schema(self, schema: LabelSchema) -> None:
        tables.Meta.insert(key="label_schema", value=schema.to_json()).on_conflict(
            conflict_target=[tables.Meta.key], update={tables.Meta.value: schema.to_json()}
        ).execute()

    # ------------------------------------------------------------ annotators
    # ------------------------------------------------------------ import
    def import_drafts(
        self, drafts: list[model.ArticleDraft], *, origin: str, detect_language: bool = True
    ) -> ImportResult:
        """Import one file's records all or nothing (see :mod:`annotator.store.importing`)."""
        return import_drafts(
            self._db, self.schema, drafts, origin=origin, detect_language=detect_language
        )

    def check(self) -> list[str]:
        """Integrity problems: SQLite's own checks (a server enforces its own), every span
        against its text, every text against its SHA-256, and every stored JSON value (the
        label schema, articles' meta, spans' attributes, gold, the log). Damage that stops
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
        for art_id, text, sha in rows(
            tables.Article.select(tables.Article.id, tables.Article.text, tables.Article.sha256)
        ):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
                problems.append(f"article {art_id}: text does not match its SHA-256")
        return problems

    def backup(self, dest: Path) -> Path:
        """Copy the corpus to the new SQLite file ``dest`` (from a server: ``db pull``)."""
        if dest.exists():
            raise CorpusError(f"{dest} exists already; choose a new file")
        if self.is_team:
            self.copy_to(str(dest))
            return dest
        return db.backup_sqlite(self._db, dest)

    def copy_to(self, dest: str, password: str | None = None) -> dict[str, int]:
        """Copy the whole corpus into a new SQLite file or an empty server database (URL);
        rows copied per table. From a team server, for reviewers only: a copy holds
        everyone's labels."""
        from annotator.store.copying import copy_corpus

        if self.is_team:
            self._require_reader_of_all()
        return copy_corpus(self._db, dest, password)
