"""A claim's voice: spoken (SAID_BY), unattributed by design, or unfinished (issue 16)."""

from __future__ import annotations

from annotator.core.model import Relation, Span
from annotator.core.speakers import Voice, unfinished, voices


def _span(i: int, label: str, layer: str, **attributes: object) -> Span:
    return Span(i, 1, "ani", i * 10, i * 10 + 5, label, layer, "x" * 5, dict(attributes))


def test_each_claim_gets_its_voice() -> None:
    spans = [
        _span(1, "PERSON", "entity"),
        _span(2, "CLAIM", "claim", attribution="direct_quote"),  # said by 1
        _span(3, "CLAIM", "claim", attribution="unattributed"),  # the outlet's voice
        _span(4, "CLAIM", "claim", attribution="paraphrase"),  # nobody linked yet
        _span(5, "CLAIM", "claim", attribution="unattributed"),  # yet linked to 1
        _span(6, "CLAIM", "claim"),  # no attribution given: needs a speaker
    ]
    relations = [
        Relation(1, 1, "ani", 2, 1, "SAID_BY"),
        Relation(2, 1, "ani", 5, 1, "SAID_BY"),
        Relation(3, 1, "ani", 4, 1, "ABOUT"),  # about someone is not said by them
    ]
    got = {c: v.voice for c, v in voices(spans, relations).items()}
    assert got == {
        2: Voice.SPOKEN,
        3: Voice.UNATTRIBUTED,
        4: Voice.NO_SPEAKER,
        5: Voice.CONTRADICTED,
        6: Voice.NO_SPEAKER,
    }
    assert voices(spans, relations)[2].speakers == (1,)
    assert [v.claim for v in unfinished(spans, relations)] == [4, 5, 6]
