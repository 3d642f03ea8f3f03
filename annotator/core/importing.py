"""An import's pure half: the checks of a file's records against a label schema, what
refuses a file, and what an import brought. The formats check records with it before the store
writes them (``annotator/store/importing.py``), and both raise the same errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from annotator.core.model import ArticleDraft
from annotator.core.schema import LabelSchema, LabelUse, SchemaError, describe_counts
from annotator.core.schema import with_labels_for as schema_with_labels_for
from annotator.core.validate import (
    GOLD_ANNOTATOR,
    DraftError,
    first_place_using,
    label_use,
    validate_draft,
)


class DraftRejected(ValueError):
    """A record of the file is invalid: nothing of the file was imported."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.reason = message


class DraftsRejected(DraftRejected):
    """Every record of the file that fails the store's checks (``problems``: index into the
        drafts, line, reason), all found before the transaction ends (nothing of them stays
    written); the first is the message."""

    def __init__(self, problems: list[tuple[int, int, str]]) -> None:
        super().__init__(problems[0][1], problems[0][2])
        self.problems = problems


class UnknownLabels(DraftRejected):
    """The records use labels or relation types the schema lacks (all of them are named, with
    their counts); nothing was imported. ``add_labels=True`` adds them instead. ``line`` (or,
    where the file has no lines for it, ``where``) is the first place one of them is used."""

    def __init__(
        self, line: int, labels: dict[str, int], relations: dict[str, int], where: str = ""
    ) -> None:
        parts = []
        if labels:
            parts.append(f"unknown labels: {describe_counts(labels)}")
        if relations:
            parts.append(f"unknown relation types: {describe_counts(relations)}")
        message = "; ".join(parts)
        super().__init__(line, f"{where}: {message}" if where else message)
        self.where = where
        self.labels = labels
        self.relations = relations


@dataclass
class ImportResult:
    origin: str
    articles: int = 0
    duplicates: int = 0
    spans: int = 0
    relations: int = 0
    article_ids: list[int] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    gold_spans: int = 0
    gold_relations: int = 0
    labels_added: dict[str, int] = field(default_factory=dict)  # label -> spans using it
    relations_added: dict[str, int] = field(default_factory=dict)  # type -> relations
    schema: LabelSchema | None = None  # the schema after the import, when it added labels
    collapsed: int = 0  # spans that repeated an earlier one of the file (same annotator,
    # text, start, end and label): the store keeps such a span once
    refused: list[tuple[int, str]] = field(default_factory=list)
    """With a feed that skips invalid records: (line, reason) of each record the store's checks
    refused (not written)."""


class DraftFeed(Protocol):
    """One file's records in batches, for an import that streams them (the store reads a batch,
    checks it and writes it, inside the one transaction of the file).

    :meth:`batches` may be called twice (an import that adds labels reads the records once
    to learn every label they use); each call starts from the first record again.
    """

    skip_invalid: bool
    """Whether the good records are imported when some are bad (else a bad one refuses all)."""

    def batches(self, pause: Callable[[], None] | None = None) -> Iterator[Sequence[ArticleDraft]]:
        """The records, batch after batch. ``pause`` (when given) is called between records
        as they are read: it may block for a while (the import runs the reading on a thread
        of its own and holds it back while the writer needs the interpreter, ADR 0036) and
        may raise an exception that is not an ``Exception`` (the import stopped), which the
        reader must let through."""
        ...

    def has_bad(self) -> bool:
        """Whether the reader has found a bad record so far (then, unless
        :attr:`skip_invalid`, nothing more need be written: the file will be refused)."""
        ...

    def settle(self, refused: list[tuple[int, int, str]], unknown: UnknownLabels | None) -> None:
        """Called inside the import's transaction after the last batch, with every record the
        store's checks refused ((index, line, reason); index counts the feed's records) and the
        labels the schema lacks (without ``add_labels``). Raising rolls everything back; a
        return commits."""
        ...


class DraftList:
    """A list of records as a :class:`DraftFeed` (all or nothing: any refusal raises)."""

    skip_invalid = False

    def __init__(self, drafts: Sequence[ArticleDraft], size: int = 1000) -> None:
        self.drafts = drafts
        self.size = size

    def batches(self, pause: Callable[[], None] | None = None) -> Iterator[Sequence[ArticleDraft]]:
        for i in range(0, len(self.drafts), self.size):
            yield self.drafts[i : i + self.size]

    def has_bad(self) -> bool:
        return False

    def settle(self, refused: list[tuple[int, int, str]], unknown: UnknownLabels | None) -> None:
        if unknown is not None:
            raise unknown
        if refused:
            raise DraftsRejected(refused)


def merge_use(into: LabelUse, part: LabelUse) -> None:
    """Add the counts of ``part`` to ``into``."""
    for mine, theirs in ((into.labels, part.labels), (into.relations, part.relations)):
        for name, n in theirs.items():
            mine[name] = mine.get(name, 0) + n
    for mine_t, theirs_t in ((into.heads, part.heads), (into.children, part.children)):
        for rel, counts in theirs_t.items():
            table = mine_t.setdefault(rel, {})
            for name, n in counts.items():
                table[name] = table.get(name, 0) + n


def as_gold_drafts(drafts: list[ArticleDraft]) -> list[ArticleDraft]:
    return [d if d.annotator else replace(d, annotator=GOLD_ANNOTATOR) for d in drafts]


def invalid_drafts(
    drafts: Sequence[ArticleDraft], schema: LabelSchema
) -> list[tuple[int, int, str]]:
    """Every record that fails :func:`validate_draft` against ``schema``: (index, line of the
    span or relation at fault or else of the record, reason), in order."""
    problems: list[tuple[int, int, str]] = []
    for i, draft in enumerate(drafts):
        try:
            validate_draft(draft, schema)
        except DraftError as exc:
            problems.append((i, exc.line or draft.line, str(exc)))
    return problems


def lenient_schema(schema: LabelSchema, use: LabelUse) -> LabelSchema:
    """``schema`` plus the labels of ``use`` it lacks, to check a refused file's records for
    their other faults (``schema`` when they cannot be added)."""
    try:
        return schema_with_labels_for(schema, use)
    except SchemaError:
        return schema


def imported_use(drafts: Sequence[ArticleDraft], schema: LabelSchema) -> LabelUse:
    """The labels that the records passing every check (their labels added to ``schema``)
    use: what an import skipping invalid records adds, never a label only a refused record
    uses."""
    bad = {i for i, _, _ in invalid_drafts(drafts, lenient_schema(schema, label_use(drafts)))}
    return label_use([d for i, d in enumerate(drafts) if i not in bad])


def check_drafts(
    schema: LabelSchema,
    drafts: list[ArticleDraft],
    *,
    add_labels: bool = False,
    as_gold: bool = False,
) -> list[tuple[int, int, str]]:
    """What :func:`import_drafts` would refuse records for, without writing anything (as
    :func:`invalid_drafts`; labels the schema lacks raise :class:`UnknownLabels` as there)."""
    if as_gold:
        drafts = as_gold_drafts(drafts)
    target = with_labels(schema, drafts, label_use(drafts), add_labels)
    return invalid_drafts(drafts, target)


def with_labels(
    schema: LabelSchema, drafts: list[ArticleDraft], use: LabelUse, add_labels: bool
) -> LabelSchema:
    """The schema the records are checked against: ``schema``, or with ``add_labels`` the
    schema plus what the records use and it lacks. Unknown labels without ``add_labels``
    refuse the file, every one named with its count."""
    labels, relations = use.unknown(schema)
    if not labels and not relations:
        return schema
    line, where = first_place_using(drafts, set(labels), set(relations))
    if not add_labels:
        raise UnknownLabels(line, labels, relations, where)
    try:
        return schema_with_labels_for(schema, use)
    except SchemaError as exc:
        raise DraftRejected(line, f"cannot add the file's labels: {exc}") from None
