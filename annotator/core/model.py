"""The domain: plain dataclasses shared by the store, the formats, the CLI and the GUI.

Offsets are Unicode code points (Python ``str`` indices), end exclusive, everywhere.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NamedTuple

JSONDict = dict[str, Any]


class Status(str, enum.Enum):
    """An annotator's progress on one article."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Article:
    id: int
    external_id: str
    title: str
    source: str
    url: str | None
    published: str | None
    text: str
    sha256: str
    language: str
    language_confidence: float
    imported_at: str
    meta: JSONDict = field(default_factory=dict)
    story_id: int | None = None


@dataclass(frozen=True)
class ArticleRow:
    """One row of the article list: what a list view needs, without the text."""

    id: int
    external_id: str
    title: str
    source: str
    language: str
    status: Status
    span_count: int
    published: str | None = None  # as imported: ISO 8601 date or date and time
    story_id: int | None = None  # the story (articles about one event) it belongs to


@dataclass(frozen=True)
class Span:
    id: int
    article_id: int
    annotator: str
    start: int
    end: int
    label: str
    layer: str
    text: str
    attributes: JSONDict = field(default_factory=dict)
    cluster_id: int | None = None
    origin: str = "hand"
    """Where the span began: ``hand``, or the suggestion the annotator accepted (``memory``,
    ``gazetteer``, ``rule``, ``model:NAME``, ``annotator:NAME``: core/origin.py)."""


@dataclass(frozen=True)
class Relation:
    id: int
    article_id: int
    annotator: str
    head: int
    child: int
    label: str


@dataclass(frozen=True)
class GoldSpan:
    id: int
    article_id: int
    start: int
    end: int
    label: str
    layer: str
    text: str
    attributes: JSONDict
    annotators: tuple[str, ...]
    accepted_by: str
    accepted_at: str
    source_span_id: int | None = None  # the annotator's span it was accepted from
    version: int = 1  # bumped by every change: optimistic concurrency for edits
    cluster_id: int | None = None  # a gold claim's gold cluster (ADR 0029)
    cluster_decided: bool = False  # whether its cluster was decided (none is a decision)


@dataclass(frozen=True)
class GoldRelation:
    id: int
    article_id: int
    head: int  # gold span ids
    child: int
    label: str
    annotators: tuple[str, ...]
    accepted_by: str
    accepted_at: str


@dataclass(frozen=True)
class Story:
    """Articles that report one event; ``articles``: how many belong to it."""

    id: int
    name: str
    articles: int = 0


@dataclass(frozen=True)
class StorySuggestion:
    """Articles that seem to tell one story (``core.clusters.suggest_stories``): ``name`` is
    the story most of them already have, else one made from the entities they share;
    ``joining``: those of ``article_ids`` not in it yet (what accepting it changes)."""

    name: str
    article_ids: tuple[int, ...]
    joining: tuple[int, ...]
    existing: bool  # ``name`` is a story of the corpus already


@dataclass(frozen=True)
class ClaimCluster:
    id: int
    name: str
    story_id: int | None = None


@dataclass(frozen=True)
class Annotator:
    id: int
    name: str
    is_reviewer: bool = False


# ---------------------------------------------------------------- import drafts


@dataclass
class SpanDraft:
    """A span as read from a file, before it is in the store. ``key`` is the file's own id."""

    key: str
    start: int
    end: int
    label: str
    text: str | None = None
    attributes: JSONDict = field(default_factory=dict)
    line: int = 0
    """The line of the file the span was read from, when it has its own (brat), else 0."""
    origin: str = "hand"
    """Where the span began (core/origin.py); a file's ``"origin"``, else ``hand``."""
    cluster: str | None = None
    """The claim cluster the span belongs to, by name (a claim's ``"cluster"`` in JSONL)."""


@dataclass
class RelationDraft:
    head: str
    child: str
    label: str
    line: int = 0
    """The line of the file the relation was read from, when it has its own (brat), else 0."""


@dataclass
class ArticleDraft:
    """One record read by an importer: an article, and optionally one annotator's labels."""

    text: str
    external_id: str = ""
    title: str = ""
    source: str = ""
    url: str | None = None
    published: str | None = None
    meta: JSONDict = field(default_factory=dict)
    annotator: str | None = None
    spans: list[SpanDraft] = field(default_factory=list)
    relations: list[RelationDraft] = field(default_factory=list)
    status: Status | None = None
    language: str | None = None
    language_confidence: float | None = None
    line: int = 0
    where: str = ""
    """Where the record is when a line does not say it (a Label Studio task: ``task 3``);
    errors about the record start with it."""


@dataclass(frozen=True)
class Replayed:
    """The logged change an undo or redo replayed, in the terms the GUI says it in:
    ``action`` is the change as first made (add_span, delete_span, update_span, add_relation,
    delete_relation, status, gold, cluster); the rest is what it was about."""

    action: str
    label: str = ""  # the span's label (after the change, for update_span), or the relation's
    text: str = ""  # the span's text
    before: str = ""  # update_span: the label before; status: the status before
    after: str = ""  # status: the status after; gold: the operation
    what: str = ""  # update_span: "label", "bounds" or "attributes"; cluster: join/start/leave


@dataclass
class Changes:
    """What one store operation changed, so a view refreshes only what it shows."""

    article_ids: set[int] = field(default_factory=set)
    spans_added: set[int] = field(default_factory=set)
    spans_removed: set[int] = field(default_factory=set)
    spans_updated: set[int] = field(default_factory=set)
    relations_added: set[int] = field(default_factory=set)
    relations_removed: set[int] = field(default_factory=set)
    status_changed: bool = False
    schema_changed: bool = False
    gold_changed: bool = False  # gold spans, relations or rejections of ``article_ids``
    # a claim of ``spans_updated`` joined or left a cluster, or a clustered claim was deleted
    # or put back; ``cluster_ids``: the clusters it left and joined
    clusters_changed: bool = False
    cluster_ids: set[int] = field(default_factory=set)
    stories_changed: bool = False  # ``article_ids`` moved to another story (or none)
    event_id: int | None = None
    replayed: Replayed | None = None  # undo/redo: the change replayed

    def __bool__(self) -> bool:
        return bool(
            self.article_ids
            or self.spans_added
            or self.spans_removed
            or self.spans_updated
            or self.relations_added
            or self.relations_removed
            or self.status_changed
            or self.schema_changed
            or self.gold_changed
            or self.clusters_changed
        )


class Document(NamedTuple):
    """One article as one annotator labelled it (``annotator`` None: nobody did)."""

    article: Article
    annotator: str | None
    status: Status
    spans: list[Span]
    relations: list[Relation]
