"""Who speaks in a claim: a speaker entity (SAID_BY), or explicitly nobody.

A claim whose ``attribution`` is ``unattributed`` is the outlet's own voice: it has no
speaker, by design. Any other claim needs one; until it has a SAID_BY link it is unfinished
work, which the span panel, ``annotator stats`` and Review show as such (issue 16). A claim
marked unattributed that still has a SAID_BY link contradicts itself, and is reported too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from annotator.core.model import Relation, Span

SAID_BY = "SAID_BY"
CLAIM_LAYER = "claim"
CUE = "CUE"  # the reporting words of a claim (kata, ujar, menurut, said): a claim-layer span
CUE_OF = "CUE_OF"  # from a cue to the claim it reports
ATTRIBUTION = "attribution"
UNATTRIBUTED = "unattributed"


class Voice(Enum):
    """A claim's speaker state."""

    SPOKEN = "spoken"  # it has a SAID_BY speaker
    UNATTRIBUTED = "unattributed"  # nobody, explicitly: the outlet's own voice
    NO_SPEAKER = "no_speaker"  # attributed, yet no speaker linked: unfinished
    CONTRADICTED = "contradicted"  # marked unattributed but linked to a speaker


@dataclass(frozen=True)
class ClaimVoice:
    claim: int  # span id
    voice: Voice
    speakers: tuple[int, ...]  # span ids of its SAID_BY speakers

    @property
    def unfinished(self) -> bool:
        return self.voice in (Voice.NO_SPEAKER, Voice.CONTRADICTED)


def is_claim(span: object) -> bool:
    """Whether a span (anything with ``layer`` and ``label``) is a claim: of the claim layer
    and not a cue word. Cues share the claim layer but are never counted, clustered or
    suggested as claims."""
    return getattr(span, "layer", None) == CLAIM_LAYER and getattr(span, "label", None) != CUE


def voice_of(attribution: object, has_speaker: bool) -> Voice:
    """The voice of one claim from its ``attribution`` attribute and whether it has a
    SAID_BY speaker (the rule of this module, for readers that count without spans)."""
    if attribution == UNATTRIBUTED:
        return Voice.CONTRADICTED if has_speaker else Voice.UNATTRIBUTED
    return Voice.SPOKEN if has_speaker else Voice.NO_SPEAKER


def voices(
    spans: Iterable[Span], relations: Iterable[Relation], *, claim_layer: str = "claim"
) -> dict[int, ClaimVoice]:
    """Every claim of ``spans`` (one annotator's, of one or more articles) with its voice."""
    speakers: dict[int, list[int]] = {}
    for r in relations:
        if r.label == SAID_BY:
            speakers.setdefault(r.head, []).append(r.child)
    out: dict[int, ClaimVoice] = {}
    for s in spans:
        if s.layer != claim_layer or s.label != "CLAIM":
            continue
        said = tuple(sorted(speakers.get(s.id, ())))
        out[s.id] = ClaimVoice(s.id, voice_of(s.attributes.get(ATTRIBUTION), bool(said)), said)
    return out


def unfinished(spans: Iterable[Span], relations: Iterable[Relation]) -> list[ClaimVoice]:
    """The claims that still need work on their speaker, in span id order."""
    return sorted(
        (v for v in voices(spans, relations).values() if v.unfinished), key=lambda v: v.claim
    )
