"""peewee models: the tables of a corpus. Only ``annotator/store`` imports this module.

All models are bound to one :data:`database` proxy. Its database is the one :func:`bound`
names in the running thread (each operation of a ``Corpus`` binds its own, so several corpora
can be open in one process), else the one it was initialised with (``Corpus.open``: the
corpus opened last, for code that runs outside an operation).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    SqliteDatabase,
    TextField,
)

_current: ContextVar[Any] = ContextVar("annotator_store_database", default=None)
_INITIALISED: Any = vars(DatabaseProxy)["obj"]  # its slot: the database initialize() gave


class CorpusDatabase(DatabaseProxy):
    """peewee's proxy, whose database is the one bound in the running thread or task
    (a ``ContextVar``: each thread has its own), else the one it was initialised with."""

    __slots__ = ()

    @property
    def obj(self) -> Any:
        found = _current.get()
        return found if found is not None else _INITIALISED.__get__(self)

    @obj.setter
    def obj(self, value: Any) -> None:
        _INITIALISED.__set__(self, value)

    def __setattr__(self, name: str, value: Any) -> None:  # peewee's checks its own slots
        object.__setattr__(self, name, value)


database = CorpusDatabase()


def initialised() -> Any:
    """The database :data:`database` was initialised with (the latest corpus opened), not
    the one bound in this thread."""
    return _INITIALISED.__get__(database)


@contextmanager
def bound(db: Any) -> Iterator[None]:
    """The models run on ``db`` in this thread until the block ends (nested: the inner)."""
    token = _current.set(db)
    try:
        yield
    finally:
        _current.reset(token)


class KeptIdField(AutoField):
    """An id never handed out twice, even after its row is deleted: undo puts rows back by
    id. SQLite needs AUTOINCREMENT for that; a PostgreSQL sequence never goes back anyway."""

    def ddl(self, ctx: Any) -> Any:
        node = super().ddl(ctx)
        bound = self.model._meta.database  # the proxy, or a database bound for a copy
        if isinstance(getattr(bound, "obj", bound), SqliteDatabase):
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


class Base(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Meta(Base):
    """Key/value settings of the corpus (the label schema, the corpus id, …)."""

    key = CharField(primary_key=True)
    value = TextField()


class Story(Base):
    """Articles that report one event ("story"), e.g. the five seed articles."""

    id = AutoField()
    name = CharField(unique=True)


class Article(Base):
    story_id: int | None
    id = AutoField()
    external_id = CharField(index=True)
    title = TextField(default="")
    source = CharField(default="", index=True)
    url = TextField(null=True)
    published = CharField(null=True)
    text = TextField()
    sha256 = CharField(max_length=64, unique=True)
    language = CharField(max_length=16, default="unknown", index=True)
    language_confidence = DoubleField(default=0.0)
    imported_at = CharField()
    meta = TextField(default="{}")
    story = ForeignKeyField(Story, null=True, on_delete="SET NULL", index=True)


class Annotator(Base):
    id = AutoField()
    name = CharField(unique=True)
    is_reviewer = BooleanField(default=False)
    created_at = CharField()


class ClaimCluster(Base):
    """One claim reported by several articles; claim spans may belong to one."""

    story_id: int | None

    id = AutoField()
    name = CharField()
    story = ForeignKeyField(Story, null=True, on_delete="SET NULL", index=True)


class Span(Base):
    article_id: int
    annotator_id: int
    cluster_id: int | None
    id = KeptIdField()
    article = ForeignKeyField(Article, on_delete="CASCADE")
    annotator = ForeignKeyField(Annotator, on_delete="CASCADE")
    start = IntegerField()
    end = IntegerField()
    label = CharField(index=True)
    layer = CharField()
    text = TextField()
    attributes = TextField(default="{}")
    cluster = ForeignKeyField(ClaimCluster, null=True, on_delete="SET NULL", index=True)
    created_at = CharField()
    updated_at = CharField()
    origin = CharField(default="hand")  # migration v7: where the span began (core/origin.py)

    class Meta:
        indexes = ((("article", "annotator", "start"), False),)


class Relation(Base):
    article_id: int
    annotator_id: int
    head_id: int
    child_id: int
    id = KeptIdField()
    article = ForeignKeyField(Article, on_delete="CASCADE", index=True)
    annotator = ForeignKeyField(Annotator, on_delete="CASCADE", index=True)
    head = ForeignKeyField(Span, on_delete="CASCADE", index=True, backref="as_head")
    child = ForeignKeyField(Span, on_delete="CASCADE", index=True, backref="as_child")
    label = CharField()
    created_at = CharField()


class ArticleStatus(Base):
    article_id: int
    annotator_id: int
    article = ForeignKeyField(Article, on_delete="CASCADE")
    annotator = ForeignKeyField(Annotator, on_delete="CASCADE", index=True)
    status = CharField(default="todo", index=True)
    active_seconds = DoubleField(default=0.0)
    updated_at = CharField()

    class Meta:
        primary_key = False
        indexes = ((("article", "annotator"), True),)


class GoldCluster(Base):
    """A claim cluster of gold (migration v9): the reviewer settles each gold claim's cluster
    from the annotators' clusters, compared by their members (ADR 0029). Its own table, so
    that annotators renaming or dissolving their clusters never moves gold; names are unique
    (JSONL writes a claim's cluster by name)."""

    id = AutoField()
    name = CharField(unique=True)
    story = ForeignKeyField(Story, null=True, on_delete="SET NULL")
    created_by = CharField()
    created_at = CharField()


class GoldSpan(Base):
    article_id: int
    source_span_id: int | None
    cluster_id: int | None
    id = KeptIdField()
    article = ForeignKeyField(Article, on_delete="CASCADE", index=True)
    start = IntegerField()
    end = IntegerField()
    label = CharField()
    layer = CharField()
    text = TextField()
    attributes = TextField(default="{}")
    annotators = TextField(default="[]")  # JSON list: which annotators had this span
    source_span = ForeignKeyField(Span, null=True, on_delete="SET NULL")
    accepted_by = CharField()
    accepted_at = CharField()
    version = IntegerField(default=1)
    # migration v9: a gold claim's cluster, and whether it was decided (none is a decision)
    cluster = ForeignKeyField(GoldCluster, null=True, on_delete="SET NULL", index=True)
    cluster_decided = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])


class GoldRelation(Base):
    article_id: int
    head_id: int
    child_id: int
    id = KeptIdField()
    article = ForeignKeyField(Article, on_delete="CASCADE", index=True)
    head = ForeignKeyField(GoldSpan, on_delete="CASCADE", backref="gold_as_head")
    child = ForeignKeyField(GoldSpan, on_delete="CASCADE", backref="gold_as_child")
    label = CharField()
    annotators = TextField(default="[]")
    accepted_by = CharField()
    accepted_at = CharField()


class GoldRejection(Base):
    """A reviewer's decision that a version (start, end, label) does not belong in gold, so a
    disagreement can be settled with no gold span."""

    article_id: int
    id = KeptIdField()
    article = ForeignKeyField(Article, on_delete="CASCADE", index=True)
    start = IntegerField()
    end = IntegerField()
    label = CharField()
    layer = CharField()
    rejected_by = CharField()
    rejected_at = CharField()


class Event(Base):
    """Append-only log of every change. ``kind`` is do / undo / redo; ``target`` is the
    event an undo or redo replays. ``payload`` holds what is needed to invert the change."""

    id = AutoField()
    annotator = CharField(index=True)
    action = CharField()
    kind = CharField(default="do")
    target = IntegerField(null=True)
    article = IntegerField(null=True, index=True)
    payload = TextField()
    created_at = CharField()


class GazetteerTerm(Base):
    """A term that suggests a label (issue 17): a gazetteer kept in the corpus (migration v8)."""

    id = AutoField()
    term = TextField()
    label = CharField()
    source = CharField(default="")  # the file it came from
    added_at = CharField()

    class Meta:
        indexes = ((("term", "label"), True),)


class SuggestionRejection(Base):
    """A suggestion an annotator rejected in an article: never offered to them there again
    (issue 17; migration v9). The place and label, not the source: rejected is rejected."""

    article_id: int
    annotator_id: int
    id = AutoField()
    article = ForeignKeyField(Article, on_delete="CASCADE")
    annotator = ForeignKeyField(Annotator, on_delete="CASCADE")
    start = IntegerField()
    end = IntegerField()
    label = CharField()
    created_at = CharField()

    class Meta:
        indexes = ((("article", "annotator", "start", "end", "label"), True),)


class PendingSuggestion(Base):
    """A suggestion waiting for an annotator's accept or reject (``annotator suggest
    --into NAME``; migration v9): not their span, offered in the text pane. ``speaker``: a
    claim's proposed SAID_BY speaker as ``start,end,label`` ("" when none)."""

    article_id: int
    annotator_id: int
    id = AutoField()
    article = ForeignKeyField(Article, on_delete="CASCADE")
    annotator = ForeignKeyField(Annotator, on_delete="CASCADE")
    start = IntegerField()
    end = IntegerField()
    label = CharField()
    origin = CharField()
    speaker = CharField(default="")
    created_at = CharField()

    class Meta:
        indexes = ((("article", "annotator", "start", "end", "label"), True),)


TABLES: list[type[Base]] = [
    Meta,
    Story,
    Article,
    Annotator,
    ClaimCluster,
    Span,
    Relation,
    ArticleStatus,
    GoldCluster,
    GoldSpan,
    GoldRelation,
    GoldRejection,
    Event,
    GazetteerTerm,
    SuggestionRejection,
    PendingSuggestion,
]
