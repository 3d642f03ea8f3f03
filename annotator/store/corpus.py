"""`Corpus`: the one entry point to a corpus for the GUI, the CLI and the formats.

A thin facade over the store's services (docs/architecture.md, "The store"), each owning its
queries and made here with what it shares (:class:`~annotator.store.context.StoreContext`):

* ``articles`` (:mod:`~annotator.store.articles`): articles and the article list;
* ``labels`` (:mod:`~annotator.store.labels`): spans, relations, statuses, active time;
* ``history`` (:mod:`~annotator.store.history`): undo and redo from the event log;
* ``clusters`` (:mod:`~annotator.store.clusters`): an annotator's claim clusters;
* ``schemas`` (:mod:`~annotator.store.schemas`): the label schema and its edits;
* ``gold`` (:mod:`~annotator.store.gold`, :mod:`~annotator.store.gold_queries`): gold;
* ``agreement`` (:mod:`~annotator.store.agreement_items`): the agreement reads;
* ``activity`` (:mod:`~annotator.store.activity`): work per annotator per day;
* ``exports`` (:mod:`~annotator.store.exporting`): what the exporters read;
* ``imports`` (:mod:`~annotator.store.importing`): bulk import;
* ``maintenance`` (:mod:`~annotator.store.maintenance`): check, backup, copies, statistics;
* ``access`` (:mod:`~annotator.store.access`): the user, reviewers, and who reads whose
  labels (the rule, in one place, failing closed: ADR 0022).

Each public method declares what it is (``@read``, ``@write(...)``, ``@session``:
:mod:`annotator.store.operations`) here, on the facade, and runs with peewee's models bound to
this corpus's database (``tables.bound``), so several corpora may be open in one process.
Every write commits before it returns and hands back a :class:`Changes` record. No caller
outside ``annotator/store`` sees a peewee object.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from peewee import Database

from annotator.core import model
from annotator.core.activity import DayActivity
from annotator.core.agreement import AgreementResult, Item, LayerItem
from annotator.core.cluster_view import ClusterMember, ClusterSummary
from annotator.core.clusters import ClaimRef
from annotator.core.gold import DONE, GoldStatus, LinkState, Overlap, Rejection, SpanKey
from annotator.core.importing import DraftFeed, ImportResult
from annotator.core.model import Changes, Status
from annotator.core.offers import Accept, Offer, SourceAnnotator
from annotator.core.review import ArticleReview, Strategy
from annotator.core.schema import Attribute, Label, LabelSchema
from annotator.store import db, failures, tables, team
from annotator.store.access import Access
from annotator.store.activity import Activity
from annotator.store.agreement_items import AgreementData
from annotator.store.articles import Articles
from annotator.store.clusters import Clusters
from annotator.store.context import StoreContext
from annotator.store.errors import CorpusDamaged, StoreError
from annotator.store.exporting import Exports
from annotator.store.gazetteers import Gazetteers
from annotator.store.gold import Gold
from annotator.store.history import History
from annotator.store.importing import Imports
from annotator.store.labels import Labels
from annotator.store.maintenance import Maintenance
from annotator.store.operations import (
    GOLD_WAITS,
    SCHEMA_WAITS,
    SERVER_WAITS,
    UNDO_WAITS,
    Outage,
    read,
    session,
    write,
)
from annotator.store.schemas import Schemas
from annotator.store.stories import Stories
from annotator.store.suggestions import SuggestionStore

__all__ = ["Corpus"]

F = TypeVar("F", bound=Callable[..., Any])


def _bound(method: F) -> F:
    """``method`` run with peewee's models on this corpus's database (``tables.bound``, per
    thread): what lets several corpora be open in one process. Its declaration is kept."""

    @functools.wraps(method)
    def run(self: Corpus, *args: Any, **kwargs: Any) -> Any:
        with tables.bound(self._db):
            return method(self, *args, **kwargs)

    return cast(F, run)


def _operations_bound(cls: type[Corpus]) -> type[Corpus]:
    """Every public method of the facade runs through :func:`_bound`."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _bound(member))
    return cls


@_operations_bound
class Corpus:
    """An open corpus. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, database: Database, location: str, *, tooling: str = "") -> None:
        self.location = location
        self._db = database
        ctx = self._ctx = StoreContext(database, location)
        self._access = Access(ctx, tooling=tooling)
        self._schemas = Schemas(ctx)
        self._articles = Articles(ctx, self._access)
        self._labels = Labels(ctx, self._access, self._schemas, self._articles)
        self._history = History(ctx, self._schemas)
        self._clusters = Clusters(ctx, self._access)
        self._gold = Gold(ctx, self._access, self._schemas, self._articles, self._labels)
        self._agreement = AgreementData(ctx, self._access)
        self._activity = Activity(ctx, self._access)
        self._exports = Exports(ctx, self._access)
        self._imports = Imports(ctx, self._schemas)
        self._maintenance = Maintenance(ctx, self._access, self._schemas, self._articles)
        self._gazetteers = Gazetteers(ctx, self._schemas)
        self._suggestions = SuggestionStore(
            ctx, self._access, self._schemas, self._articles, self._labels
        )
        self._stories = Stories(ctx, self._access)

    # ------------------------------------------------------------ lifecycle
    @classmethod
    @session
    def open(cls, target: str | Path, *, password: str | None = None, tooling: str = "") -> Corpus:
        """Open (creating and migrating if needed) the corpus at a path or URL.

        ``password`` is for a ``postgresql://`` URL (the team server); without one, libpq's
        ``PGPASSWORD`` or ``~/.pgpass`` may supply it. It is used to connect and not kept here.
        ``tooling``: why this process reads everyone's labels with no user named (the CLI's
        commands that read everyone's, tests); without it and without a user, it reads no
        one's (:mod:`annotator.store.access`). Other corpora may be open at the same time.
        """
        database = db.open_database(str(target), password)
        try:
            with tables.bound(database):
                db.migrate(database)
                corpus = cls(database, str(target), tooling=tooling)
                corpus._schemas.ensure_stored()
                if corpus.is_team:  # until the app names its annotator: the server login
                    corpus.set_user(team.parse_url(str(target)).user)
        except Exception:
            database.close()
            raise
        tables.database.initialize(database)  # for code outside an operation: the latest
        return corpus

    @session
    def close(self) -> None:
        if not self._db.is_closed():
            self._db.close()
        if tables.initialised() is self._db:  # (.obj is the one bound now: always ours)
            tables.database.initialize(None)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            corpus = cls.open(path, tooling="db check")
        except CorpusDamaged as exc:
            more = db.file_integrity_problems(path)
            first = str(exc).replace(failures.CHECK_HINT, "")
            return [first, *(p for p in more if p.replace(failures.CHECK_HINT, "") != first)]
        except StoreError as exc:
            return [str(exc)]
        with corpus:
            return corpus.check()

    @property
    def is_sqlite(self) -> bool:
        return not self._ctx.pg

    @property
    def is_team(self) -> bool:
        """The corpus lives on a team server (PostgreSQL), shared with other annotators."""
        return self._ctx.pg

    @property
    def schema(self) -> LabelSchema:
        """The label schema as this process last read it (:class:`Schemas`)."""
        return self._schemas.schema

    @property
    def user(self) -> str | None:
        return self._access.user

    @session
    def as_tooling(self, reason: str) -> None:
        """Read everyone's labels while no user is named, as a tool, saying why (ADR 0022)."""
        self._access.as_tooling(reason)

    # ------------------------------------------------------------ articles
    @read
    def revision(self) -> int:
        """A number that grows with every change anyone makes (the event log's last id): a window
        polls it to refresh what other annotators changed (docs/adr: team refresh)."""
        return self._articles.revision()

    @read
    def annotators(self) -> list[model.Annotator]:
        return self._articles.annotators()

    @read
    def article_count(self) -> int:
        return self._articles.article_count()

    @read
    def article(self, article_id: int) -> model.Article:
        return self._articles.article(article_id)

    @read
    def article_text(self, article_id: int) -> str:
        """Just the text of an article (an edit checks its offsets against it: no need to build the
        whole article)."""
        return self._articles.article_text(article_id)

    @read
    def article_ids(self) -> list[int]:
        return self._articles.article_ids()

    @read
    def article_rows(
        self,
        annotator: str | None = None,
        *,
        search: str = "",
        language: str | None = None,
        status: Status | None = None,
        story: int | None = None,
        offset: int = 0,
        limit: int | None = None,
        only: int | None = None,
    ) -> list[model.ArticleRow]:
        """Rows for the article list: filtered, in import order, with my status and spans (``only``:
        just the row of that article id; ``story``: the articles of that story id)."""
        return self._articles.article_rows(
            annotator,
            search=search,
            language=language,
            status=status,
            story=story,
            offset=offset,
            limit=limit,
            only=only,
        )

    @read
    def article_row(self, article_id: int, annotator: str | None = None) -> model.ArticleRow:
        """One row of the article list, fresh (after its status or spans changed): the list's own
        query narrowed to one id, so both always agree (one statement, not four)."""
        return self._articles.article_row(article_id, annotator)

    @read
    def progress(self, annotator: str) -> tuple[int, int]:
        """(articles ``annotator`` marked done, articles in the corpus). On a team corpus a non-
        reviewer may ask only their own (blind mode)."""
        return self._articles.progress(annotator)

    @read
    def next_article(self, after: int, annotator: str, *, not_done: bool = False) -> int | None:
        """The id of the first article after ``after`` (import order), wrapping around; with
        ``not_done``, the first that ``annotator`` has not marked done or skipped."""
        return self._articles.next_article(after, annotator, not_done=not_done)

    @read
    def has_sources(self) -> bool:
        """Whether any article names its source (outlet)."""
        return self._articles.has_sources()

    @read
    def has_dates(self) -> bool:
        """Whether any article says when it was published."""
        return self._articles.has_dates()

    @read
    def languages(self) -> dict[str, int]:
        return self._articles.languages()

    # ------------------------------------------------------------ stories
    @read
    def stories(self) -> list[model.Story]:
        """Every story with articles, by name, with how many articles it has."""
        return self._stories.stories()

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def set_story(self, article_ids: Iterable[int], story: str | None, annotator: str) -> Changes:
        """Put the articles in story ``story`` (made when new), or in none (``None``): article
        metadata shared by every annotator, logged under ``annotator``; not undoable."""
        return self._stories.set_story(article_ids, story, annotator)

    @read
    def story_suggestions(self, *, days: int = 3) -> list[model.StorySuggestion]:
        """Groups of articles that seem to tell one story (shared entities, dates at most
        ``days`` apart) with the story each would join; groups already in one are left out."""
        return self._stories.suggestions(days=days)

    # ------------------------------------------------------------ labels
    @read
    def spans(self, article_id: int, annotator: str | None = None) -> list[model.Span]:
        """The article's spans in text order; one annotator's, or everyone's."""
        return self._labels.spans(article_id, annotator)

    @read
    def span(self, span_id: int) -> model.Span:
        return self._labels.span(span_id)

    @read
    def relations(self, article_id: int, annotator: str | None = None) -> list[model.Relation]:
        return self._labels.relations(article_id, annotator)

    @read
    def relation(self, relation_id: int) -> model.Relation:
        return self._labels.relation(relation_id)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def annotator_id(self, name: str) -> int:
        """The id of annotator ``name``, created on first use."""
        return self._labels.annotator_id(name)

    @write(Outage.QUEUE)
    def add_span(
        self,
        article_id: int,
        annotator: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
        origin: str = "hand",
    ) -> Changes:
        """``origin``: how the span began (``hand``, or the suggestion accepted:
        core/origin.py)."""
        return self._labels.add_span(article_id, annotator, start, end, label, attributes, origin)

    @write(Outage.QUEUE)
    def delete_span(self, span_id: int, annotator: str) -> Changes:
        return self._labels.delete_span(span_id, annotator)

    @write(Outage.QUEUE)
    def update_span(
        self,
        span_id: int,
        annotator: str,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Changes:
        """Change a span's label, boundaries and/or attributes (attributes are merged)."""
        return self._labels.update_span(
            span_id, annotator, label=label, start=start, end=end, attributes=attributes
        )

    @write(Outage.QUEUE)
    def add_relation(self, head: int, child: int, label: str, annotator: str) -> Changes:
        return self._labels.add_relation(head, child, label, annotator)

    @write(Outage.QUEUE)
    def delete_relation(self, relation_id: int, annotator: str) -> Changes:
        return self._labels.delete_relation(relation_id, annotator)

    @read
    def status(self, article_id: int, annotator: str) -> Status:
        """``annotator``'s status of the article (on a team corpus, a non-reviewer's own)."""
        return self._labels.status(article_id, annotator)

    @write(Outage.QUEUE)
    def set_status(self, article_id: int, annotator: str, status: Status) -> Changes:
        return self._labels.set_status(article_id, annotator, status)

    @write(Outage.QUEUE)
    def add_active_time(self, article_id: int, annotator: str, seconds: float) -> None:
        self._labels.add_active_time(article_id, annotator, seconds)

    @read
    def active_seconds(self, article_id: int, annotator: str) -> float:
        return self._labels.active_seconds(article_id, annotator)

    # ------------------------------------------------------------ claim clusters
    @write(Outage.QUEUE)
    def join_cluster(self, span_id: int, annotator: str, cluster_id: int) -> Changes:
        """``annotator``'s claim ``span_id`` joins their cluster ``cluster_id`` (undoable)."""
        return self._clusters.join(span_id, annotator, cluster_id)

    @write(Outage.QUEUE)
    def start_cluster(self, span_id: int, annotator: str, name: str | None = None) -> Changes:
        """A new cluster of ``annotator``'s holding claim ``span_id``: named ``name`` or from
        the claim's first words, with the story of the claim's article (undoable)."""
        return self._clusters.start(span_id, annotator, name)

    @write(Outage.QUEUE)
    def leave_cluster(self, span_id: int, annotator: str) -> Changes:
        """``annotator``'s claim ``span_id`` leaves its cluster (undoable)."""
        return self._clusters.leave(span_id, annotator)

    @read
    def clusters(self, annotator: str, ids: Iterable[int] | None = None) -> list[ClusterSummary]:
        """``annotator``'s claim clusters (only those of ``ids`` if given, each still holding
        a claim of theirs), by story and name, with their members' count and outlets."""
        return self._clusters.summaries(annotator, ids)

    @read
    def cluster_members(self, cluster_id: int, annotator: str) -> list[ClusterMember]:
        """What the cluster view shows of ``annotator``'s cluster: every claim with its
        article (outlet, date, title), speaker, attribution, certainty and entities."""
        return self._clusters.members(cluster_id, annotator)

    @read
    def cluster_claims(self, annotator: str) -> dict[str, list[ClaimRef]]:
        """``annotator``'s clustered claims by cluster id (as text): the index the cluster
        suggestions rank from (``core.clusters.ClusterIndex``)."""
        return self._clusters.claims(annotator)

    @read
    def claim_ref(self, span_id: int, annotator: str) -> ClaimRef:
        """``annotator``'s claim ``span_id`` as the cluster suggestions see it."""
        return self._clusters.claim(span_id, annotator)

    # ------------------------------------------------------------ history
    @write(Outage.REFUSE, why=UNDO_WAITS)
    def undo(self, annotator: str) -> Changes:
        # On a file the write lock is taken at once (IMMEDIATE): the replay checks what it
        # changes (a gold span another reviewer changed since is not overwritten) under it.
        return self._history.undo(annotator)

    @write(Outage.REFUSE, why=UNDO_WAITS)
    def redo(self, annotator: str) -> Changes:
        return self._history.redo(annotator)

    @read
    def can_undo(self, annotator: str) -> bool:
        return self._history.can_undo(annotator)

    @read
    def can_redo(self, annotator: str) -> bool:
        return self._history.can_redo(annotator)

    # ------------------------------------------------------------ schemas
    @read
    def reload_schema(self) -> bool:
        """Read the stored schema again; whether it differs from the one this process had (another
        user edited it: the window rebuilds its palette and hotkeys)."""
        return self._schemas.reload_schema()

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def set_schema(self, schema: LabelSchema, *, by: str = "") -> Changes:
        """Replace the label schema; refused if a label in use would disappear."""
        return self._schemas.set_schema(schema, by=by)

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def add_label(self, label: Label, *, by: str = "") -> Changes:
        """Add ``label`` (name, layer, #rrggbb colour, free hotkey) to the schema."""
        return self._schemas.add_label(label, by=by)

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
        """Change a label's colour, hotkey ("" for none) and/or description."""
        return self._schemas.update_label(
            name, color=color, hotkey=hotkey, description=description, by=by
        )

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def rename_label(self, old: str, new: str, *, by: str = "") -> Changes:
        """Rename label ``old`` to ``new`` everywhere, in one transaction."""
        return self._schemas.rename_label(old, new, by=by)

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def delete_label(self, name: str, *, by: str = "") -> Changes:
        """Remove label ``name``; refused, with the count, while any span has it."""
        return self._schemas.delete_label(name, by=by)

    @write(Outage.REFUSE, why=SCHEMA_WAITS)
    def add_attribute(self, attribute: Attribute, *, by: str = "") -> Changes:
        """Add an attribute to a layer. Existing spans keep theirs as stored; a span without the new
        attribute shows its default (:meth:`LabelSchema.with_defaults`)."""
        return self._schemas.add_attribute(attribute, by=by)

    @read
    def label_use(self, name: str) -> tuple[int, int]:
        """(spans of every annotator, gold spans) labelled ``name``."""
        return self._schemas.label_use(name)

    @read
    def span_counts_by_label(self) -> dict[str, int]:
        return self._schemas.span_counts_by_label()

    # ------------------------------------------------------------ gold
    @write(Outage.REFUSE, why=GOLD_WAITS)
    def accept_span(
        self,
        span_id: int,
        reviewer: str,
        *,
        on_overlap: Overlap | str = Overlap.REFUSE,
        annotators: Sequence[str] | None = None,
    ) -> Changes:
        """Copy an annotator's span into gold (see :meth:`accept_spans`)."""
        return self._gold.accept_span(
            span_id, reviewer, on_overlap=on_overlap, annotators=annotators
        )

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def accept_spans(
        self,
        span_ids: Sequence[int],
        reviewer: str,
        *,
        on_overlap: Overlap | str = Overlap.REFUSE,
        annotators: Sequence[str] | None = None,
    ) -> Changes:
        """Copy annotators' spans of one article into gold, in one transaction."""
        return self._gold.accept_spans(
            span_ids, reviewer, on_overlap=on_overlap, annotators=annotators
        )

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def accept_relation(self, relation_id: int, reviewer: str) -> Changes:
        """Copy an annotator's relation into gold; both its ends must be in gold already."""
        return self._gold.accept_relation(relation_id, reviewer)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def accept_agreeing(
        self,
        article_id: int,
        annotators: Sequence[str],
        reviewer: str,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> Changes:
        """Every span (and relation) all of the chosen annotators who did the article have."""
        return self._gold.accept_agreeing(article_id, annotators, reviewer, statuses=statuses)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def prefill_gold(
        self,
        article_id: int,
        strategy: Strategy | str,
        annotators: Sequence[str] | None,
        reviewer: str,
        annotator: str | None = None,
        *,
        on_overlap: Overlap | str = Overlap.SKIP,
        statuses: Iterable[Status] = DONE,
    ) -> Changes:
        """Pre-fill gold with ``core.review.merge``: ``unanimous``, ``majority`` (more than half of
        the chosen annotators who did the article) or ``annotator`` (``annotator``'s spans).
        Spans gold has are kept; rejected versions are left out; overlaps with other gold spans
        follow ``on_overlap`` (default: keep what gold has)."""
        return self._gold.prefill_gold(
            article_id,
            strategy,
            annotators,
            reviewer,
            annotator,
            on_overlap=on_overlap,
            statuses=statuses,
        )

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def add_gold_span(
        self,
        article_id: int,
        reviewer: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
        *,
        on_overlap: Overlap | str = Overlap.REFUSE,
    ) -> Changes:
        """A gold span the reviewer marks by hand (provenance: the annotators who have it)."""
        return self._gold.add_gold_span(
            article_id, reviewer, start, end, label, attributes, on_overlap=on_overlap
        )

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def update_gold_span(
        self,
        gold_id: int,
        reviewer: str,
        expected_version: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Changes:
        """Edit a gold span by hand. ``expected_version`` is the version the reviewer saw: if the
        span changed since, :class:`GoldConflict` is raised and nothing changes. Attributes are
        merged (reset when the label moves to another layer); provenance is recomputed (the
        annotators who have the edited span); the reviewer becomes its acceptor."""
        return self._gold.update_gold_span(
            gold_id,
            reviewer,
            expected_version,
            label=label,
            start=start,
            end=end,
            attributes=attributes,
        )

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def delete_gold_span(
        self, gold_id: int, reviewer: str, expected_version: int | None = None
    ) -> Changes:
        """Take a span out of gold (and its gold relations); its group is unsettled again."""
        return self._gold.delete_gold_span(gold_id, reviewer, expected_version)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def reject_gold_span(
        self, gold_id: int, reviewer: str, expected_version: int | None = None
    ) -> Changes:
        """Take a span out of gold and reject its version (start, end, label)."""
        return self._gold.reject_gold_span(gold_id, reviewer, expected_version)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def reject_span(self, span_id: int, reviewer: str) -> Changes:
        """Reject an annotator's version: it is not gold (an identical gold span goes)."""
        return self._gold.reject_span(span_id, reviewer)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def reject_version(
        self, article_id: int, start: int, end: int, label: str, reviewer: str
    ) -> Changes:
        return self._gold.reject_version(article_id, start, end, label, reviewer)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def reject_versions(
        self, article_id: int, versions: Iterable[SpanKey], reviewer: str
    ) -> Changes:
        """Reject versions (start, end, label) of one article in one transaction: identical gold
        spans go, and each version is remembered as rejected (so a disagreement whose versions
        are all rejected is settled with no gold span)."""
        return self._gold.reject_versions(article_id, versions, reviewer)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def decide_gold_cluster(
        self,
        gold_id: int,
        reviewer: str,
        annotator: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """The reviewer settles a gold claim's cluster: ``annotator``'s (compared by its
        members), or none (``annotator`` None); see :mod:`annotator.store.gold_clusters`."""
        return self._gold.decide_gold_cluster(gold_id, reviewer, annotator, expected_version)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def set_gold_links(
        self,
        head_id: int,
        relation: str,
        children: Sequence[int],
        reviewer: str,
        expected_version: int | None = None,
    ) -> Changes:
        """The reviewer settles a gold span's ``relation`` links: gold links it to exactly
        ``children`` (gold span ids; none: it has no such link). Recorded as a decision, so
        automatic passes (accepting, merging) add no other link of this type to it later.
        ``expected_version`` is the head's version the reviewer saw (GoldConflict if stale)."""
        return self._gold.set_gold_links(head_id, relation, children, reviewer, expected_version)

    @write(Outage.REFUSE, why=GOLD_WAITS)
    def delete_gold_relation(self, relation_id: int, reviewer: str) -> Changes:
        return self._gold.delete_gold_relation(relation_id, reviewer)

    @read
    def gold_spans(self, article_id: int) -> list[model.GoldSpan]:
        return self._gold.gold_spans(article_id)

    @read
    def gold_span(self, gold_id: int) -> model.GoldSpan:
        return self._gold.gold_span(gold_id)

    @read
    def gold_relations(self, article_id: int) -> list[model.GoldRelation]:
        return self._gold.gold_relations(article_id)

    @read
    def gold_rejections(self, article_id: int) -> list[Rejection]:
        return self._gold.gold_rejections(article_id)

    @read
    def gold_links(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
        item: Item | None = None,
    ) -> list[LinkState]:
        """Each gold span's links of each relation type that starts in its layer, with what the
        compared annotators proposed (see :class:`LinkState`); only pairs with something in them
        (a proposal, a gold link or a decision)."""
        return self._gold.gold_links(article_id, annotators, statuses=statuses, item=item)

    @read
    def gold_status(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> GoldStatus:
        """none / partial / complete, with the counts behind it (see :class:`GoldStatus`)."""
        return self._gold.gold_status(article_id, annotators, statuses=statuses)

    @read
    def review(
        self,
        article_id: int,
        layer: str,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> ArticleReview:
        """The article's span groups of ``layer``, with their disagreements classified."""
        return self._gold.review(article_id, layer, annotators, statuses=statuses)

    @read
    def review_item(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> Item:
        """The article with the labels of the chosen annotators whose work counts there."""
        return self._gold.review_item(article_id, annotators, statuses=statuses)

    @read
    def conflicts_resolved(self, article_id: int, annotators: Sequence[str] | None = None) -> int:
        """How many of the article's disagreement groups gold has settled."""
        return self._gold.conflicts_resolved(article_id, annotators)

    # ------------------------------------------------------------ agreement
    @read
    def agreement(
        self,
        layer: str,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
        per_article: bool = True,
        hand_only: bool = False,
        workers: int | None = None,
    ) -> AgreementResult:
        """Agreement on ``layer`` (docs/agreement.md) over the whole corpus; ``hand_only``:
        every place where a compared annotator's span began as a suggestion left out for
        everyone (core/agreement_hand.py, ADR 0041).
        ``workers``: processes that count it (1: this one; None: several on a large corpus
        file, ADR 0034); the result is the same."""
        return self._agreement.agreement(
            layer,
            annotators,
            statuses=statuses,
            per_article=per_article,
            hand_only=hand_only,
            workers=workers,
        )

    @read
    def agreement_items(
        self,
        layer: str,
        annotators: Sequence[str] | None = None,
        statuses: Iterable[Status] = (Status.DONE,),
        hand_only: bool = False,
    ) -> Iterator[LayerItem]:
        """What agreement on ``layer`` reads (see :mod:`annotator.store.agreement_items`);
        ``hand_only``: with each span's origin, for ``compute_layer_agreement(...,
        hand_only=True)``."""
        return self._agreement.agreement_items(layer, annotators, statuses, hand_only)

    # ------------------------------------------------------------ activity
    @read
    def activity_by_day(self, annotators: list[str] | None = None) -> list[DayActivity]:
        """Per (day, annotator) counts of annotation events, sorted by day then annotator."""
        return self._activity.activity_by_day(annotators)

    @session
    def close_thread_connection(self) -> None:
        """Close the database connection the calling thread opened, if any."""
        self._activity.close_thread_connection()

    # ------------------------------------------------------------ exports
    @read
    def documents(
        self, annotator: str | None = None, *, only_annotated: bool = True
    ) -> Iterator[model.Document]:
        """(article, annotator, status, spans, relations) per article x annotator."""
        return self._exports.documents(annotator, only_annotated=only_annotated)

    @read
    def gold_documents(self) -> Iterator[model.Document]:
        """One document per article that has gold spans, annotator ``"gold"``, status done."""
        return self._exports.gold_documents()

    @read
    def article_keys(self) -> dict[int, str]:
        """Article id -> the SHA-256 of its text (a key that survives export and re-import)."""
        return self._exports.article_keys()

    @read
    def article_groups(self) -> dict[int, str]:
        """Article id -> a group key: articles of one story, or linked through claim spans of one
        claim cluster (directly or transitively), share a key; others get their own."""
        return self._exports.article_groups()

    @read
    def cluster_names(self) -> dict[int, str]:
        """Every claim cluster's name by id."""
        return self._exports.cluster_names()

    @read
    def gold_cluster_names(self) -> dict[int, str]:
        """Every gold claim cluster with a claim in it, its name by id (what exports of gold
        write a gold claim's ``cluster`` as)."""
        return self._exports.gold_cluster_names()

    @read
    def fingerprint(self) -> str:
        """SHA-256 over the SHA-256 of every article's text, in import order."""
        return self._exports.fingerprint()

    # ------------------------------------------------------------ gazetteers
    @write(Outage.REFUSE, why=SERVER_WAITS)
    def add_gazetteer_terms(self, terms: Iterable[tuple[str, str]], source: str) -> tuple[int, int]:
        """Keep (term, label) pairs from ``source`` in the corpus, all or none: (added,
        already there); every label must be the schema's."""
        return self._gazetteers.add_terms(terms, source)

    @read
    def gazetteer_version(self) -> int:
        """A number every gazetteer change raises (in its own transaction): a window that
        read the terms reads them again when it changed (another process, a team member)."""
        return self._gazetteers.version()

    @read
    def gazetteer_terms(self) -> list[tuple[str, str, str]]:
        """Every gazetteer term of the corpus: (term, label, source)."""
        return self._gazetteers.terms()

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def remove_gazetteer_terms(self, terms: Iterable[tuple[str, str]]) -> int:
        """Remove these (term, label) pairs, whatever their source; how many went."""
        return self._gazetteers.remove(terms)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def clear_gazetteer(self, source: str | None = None) -> int:
        """Remove the terms of ``source`` (None: all of them); how many went."""
        return self._gazetteers.clear(source)

    # ------------------------------------------------------------ suggestions
    @read
    def memory_forms(self, annotator: str) -> list[tuple[str, str, int]]:
        """The corpus memory of ``annotator``: every entity form they and gold labelled,
        (text, label, how often)."""
        return self._suggestions.memory_forms(annotator)

    @read
    def suggestion_rejections(self, article_id: int, annotator: str) -> set[tuple[int, int, str]]:
        """(start, end, label) of the suggestions ``annotator`` rejected in the article."""
        return self._suggestions.rejections(article_id, annotator)

    @read
    def pending_suggestions(self, article_id: int, annotator: str) -> list[Offer]:
        """The suggestions waiting for ``annotator`` in the article (``suggest --into``)."""
        return self._suggestions.pending(article_id, annotator)

    @read
    def waiting_suggestions(self, annotator: str) -> list[tuple[str, str, int]]:
        """(article external id, origin, how many) of the suggestions waiting for
        ``annotator`` (``suggest --into``), by article then origin."""
        return self._suggestions.waiting(annotator)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def clear_waiting_suggestions(self, annotator: str, origin: str | None = None) -> int:
        """Take away the suggestions waiting for ``annotator`` (of ``origin`` only, when
        given), rejecting none; how many were taken."""
        return self._suggestions.clear_pending(annotator, origin)

    @read
    def suggestion_annotators(self, exclude: str | None = None) -> list[SourceAnnotator]:
        """The annotators (and imported models) but ``exclude`` whose labels the reader may
        read, as suggestion sources; none for a reader who may not read others' (ADR 0039)."""
        return self._suggestions.annotators(exclude)

    @read
    def annotator_suggestions(self, article_id: int, annotator: str) -> list[Offer]:
        """``annotator``'s spans in the article offered as suggestions (origin
        ``annotator:NAME`` or ``model:NAME``); refused when their labels are not readable."""
        return self._suggestions.annotator_offers(article_id, annotator)

    @read
    def suggestion_sources(self) -> set[str]:
        """The suggestion sources this corpus turns on."""
        return self._suggestions.sources()

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def set_suggestion_sources(self, sources: Iterable[str]) -> None:
        self._suggestions.set_sources(sources)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def accept_suggestions(self, annotator: str, items: Sequence[Accept]) -> Changes:
        """Make the suggestions ``annotator``'s spans with their origins (and a claim's
        speaker, linked by SAID_BY): one change, one undo."""
        return self._suggestions.accept(annotator, items)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def reject_suggestion(
        self, article_id: int, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Never offer this suggestion to ``annotator`` in this article again."""
        self._suggestions.reject(article_id, annotator, start, end, label)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def add_pending_suggestions(
        self, annotator: str, items: Sequence[tuple[int, Offer]]
    ) -> tuple[int, int, int]:
        """Keep (article id, offer) pairs as suggestions waiting for ``annotator``, all or
        none: (added, left out as rejected or labelled, already waiting)."""
        return self._suggestions.add_pending(annotator, items)

    # ------------------------------------------------------------ imports
    @write(Outage.REFUSE, why=SERVER_WAITS)
    def import_feed(
        self,
        feed: DraftFeed,
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult:
        """Import one file's records batch by batch, all or nothing, in bounded memory (see
        :mod:`annotator.store.importing`; the feed decides at the end whether its bad records
        refuse the file)."""
        return self._imports.import_feed(
            feed,
            origin=origin,
            detect_language=detect_language,
            add_labels=add_labels,
            as_gold=as_gold,
        )

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
        annotator is ``gold`` always go."""
        return self._imports.import_drafts(
            drafts,
            origin=origin,
            detect_language=detect_language,
            add_labels=add_labels,
            as_gold=as_gold,
        )

    # ------------------------------------------------------------ maintenance
    @read
    def check(self) -> list[str]:
        """Integrity problems: SQLite's own checks (a server enforces its own), every span against
        its text, every span and gold span against the label schema (a label removed while in
        use), every text against its SHA-256, and every stored JSON value (the label schema,
        articles' meta, spans' attributes, gold, the log). Damage that stops the reading is one
        more problem, not an exception."""
        return self._maintenance.check()

    @read
    def backup(self, dest: Path) -> Path:
        """Copy the corpus to the new SQLite file ``dest`` (from a server: ``db pull``)."""
        return self._maintenance.backup(dest)

    @read
    def copy_to(self, dest: str, password: str | None = None) -> dict[str, int]:
        """Copy the whole corpus into a new SQLite file or an empty server database (URL); rows
        copied per table. From a team server, for reviewers only: a copy holds everyone's labels."""
        return self._maintenance.copy_to(dest, password)

    @read
    def stats(self) -> dict[str, Any]:
        """Counts of the corpus. On a team corpus a non-reviewer gets their own only (blind mode):
        their spans, relations and statuses, no other annotator and no gold count."""
        return self._maintenance.stats()

    # ------------------------------------------------------------ access
    @session
    def set_user(self, name: str | None) -> None:
        """The annotator using the app (what blind mode on a team corpus protects against). On a
        secured corpus (:mod:`annotator.store.security`) that is the login, no other."""
        self._access.set_user(name)

    @read
    def is_secured(self) -> bool:
        """Whether the server itself keeps each login to its own labels (row-level security)."""
        return self._access.is_secured()

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def secure(self) -> None:
        """Turn on the server's own blind mode (the tables' owner, once): see
        :mod:`annotator.store.security`."""
        self._access.secure()

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def grant(self, role: str) -> None:
        """Let server role ``role`` (an annotator's login) use this corpus."""
        self._access.grant(role)

    @read
    def is_reviewer(self, name: str | None) -> bool:
        return self._access.is_reviewer(name)

    @read
    def can_read_others(self) -> bool:
        """Whether the user may see other annotators' labels: always on a local file; on a team
        corpus, reviewers only. (No user at all is the store's own code and tests: the CLI and
        the GUI always name one on a server.)"""
        return self._access.can_read_others()

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def set_reviewer(self, name: str, reviewer: bool = True, *, by: str | None = None) -> None:
        """Make ``name`` a reviewer (or not). Only a reviewer may, except for the first one."""
        self._access.set_reviewer(name, reviewer, by=by)
