"""Gold types: the errors, the overlap policy, rejections and an article's gold status.

Split out of :mod:`annotator.store.gold`, which re-exports these names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from annotator.core.model import Status
from annotator.store.errors import CorpusError

DONE: tuple[Status, ...] = (Status.DONE,)

SpanKey = tuple[int, int, str]  # start, end, label


class GoldConflict(CorpusError):
    """A gold span changed (or went) since the reviewer read it: reload and decide again."""


class GoldOverlap(CorpusError):
    """Gold already has a different span of the layer there; say whether to replace it."""


class Overlap(str, enum.Enum):
    """What accepting a span does to gold spans of the same layer that it overlaps."""

    REFUSE = "refuse"  # raise GoldOverlap, naming them (the default for single accepts)
    REPLACE = "replace"  # delete them (and their relations): the reviewer settles the group
    ADD = "add"  # keep them (nested spans: ORG "Bank Indonesia Jakarta" over GPE "Jakarta")
    SKIP = "skip"  # keep them and do not add this span (pre-filling never overrides decisions)


class GoldState(str, enum.Enum):
    NONE = "none"  # no gold span and no rejection on the article yet
    PARTIAL = "partial"  # some span groups are not settled yet
    COMPLETE = "complete"  # every span group is settled (and some gold decision was made)


@dataclass(frozen=True)
class Rejection:
    id: int
    article_id: int
    start: int
    end: int
    label: str
    layer: str
    rejected_by: str
    rejected_at: str


@dataclass(frozen=True)
class GoldStatus:
    """How far an article's adjudication is.

    A *group* is a set of overlapping annotator spans of one layer (``core.review``); it is
    *settled* when a gold span of its layer overlaps it, or when every version in it was
    rejected. ``resolved`` counts the settled groups among the ``disagreements``.
    """

    state: GoldState
    groups: int
    settled: int
    disagreements: int
    resolved: int
    gold_spans: int
    gold_relations: int
    rejections: int
