"""Gold, as the review view and the CLI see it: the errors, the overlap policy, rejections,
an article's gold status and links, and when a span group counts as settled. Pure Python: the
store (``annotator/store/gold*.py``) computes and raises them."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core import model
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.core.review import Kind, SpanGroup

DONE: tuple[Status, ...] = (Status.DONE,)

# A reviewer's decision on a gold span's links of one relation type ("this claim's speakers
# are what gold has, if any") is kept as a row of gold_rejection (see ADR 0018): layer
# LINK_LAYER, the head's start and end, label "<head label>><relation>".
LINK_LAYER = "@link"


def link_key(head_label: str, relation: str) -> str:
    return f"{head_label}>{relation}"


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
    rejected. ``resolved`` counts the settled groups among the ``disagreements``. Complete
    needs every group and every link (:class:`LinkState`) settled.
    """

    state: GoldState
    groups: int
    settled: int
    disagreements: int
    resolved: int
    gold_spans: int
    gold_relations: int
    rejections: int
    links: int = 0  # (gold head, relation type) pairs that annotators' links ask to settle
    links_settled: int = 0


@dataclass(frozen=True)
class LinkState:
    """The links of one relation type from one gold span (a gold claim's speakers).

    ``proposed``: for each compared annotator who did the article, the extents their spans of
    the head's layer that overlap it link to (whatever the boundaries). Settled when gold has a
    link of this type from the head, when the reviewer decided its links (possibly none), or
    when no annotator proposes one.
    """

    head: int  # gold span id
    head_start: int
    head_end: int
    head_label: str
    relation: str
    proposed: dict[str, frozenset[tuple[int, int]]]
    gold: tuple[int, ...]  # gold child span ids
    decided: bool

    @property
    def settled(self) -> bool:
        return self.decided or bool(self.gold) or not any(self.proposed.values())


def settled(
    group: SpanGroup, gold: Sequence[model.GoldSpan], rejected: set[tuple[int, int, str, str]]
) -> bool:
    """Gold has a span of the group's layer there (whose cluster is decided, when the
    annotators' clusters differ), or every version was rejected."""
    here = [
        g for g in gold if g.layer == group.layer and g.start < group.end and group.start < g.end
    ]
    if here:
        return Kind.CLUSTER not in group.kinds or any(g.cluster_decided for g in here)
    return all((v.start, v.end, v.label, group.layer) in rejected for v in group.versions)
