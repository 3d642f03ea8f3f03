"""A claim's voice: spoken (SAID_BY), unattributed by design, or unfinished (issue 16)."""

from __future__ import annotations

from pathlib import Path

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


def test_stats_count_claims_by_voice_for_whoever_may_read_them(tmp_path: Path) -> None:
    from annotator import formats
    from annotator.store.corpus import Corpus

    text = "Kata Putin, perang berakhir. Perang berakhir. Cuaca cerah. Cuaca."
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        c.import_drafts(
            [formats.jsonl._draft({"id": "a", "text": text}, 1, None)],
            origin="t",
            detect_language=False,
        )
        art = c.article_ids()[0]
        putin = min(c.add_span(art, "ani", 5, 10, "PERSON").spans_added)
        said = min(c.add_span(art, "ani", 12, 27, "CLAIM").spans_added)
        c.add_relation(said, putin, "SAID_BY", "ani")
        c.add_span(art, "ani", 29, 44, "CLAIM", {"attribution": "unattributed"})
        c.add_span(art, "ani", 46, 57, "CLAIM")  # attributed (the default): no speaker yet
        c.add_span(art, "budi", 46, 57, "CLAIM")
        assert c.stats()["claims_by_voice"] == {"no_speaker": 2, "spoken": 1, "unattributed": 1}
    with Corpus.open(tmp_path / "c.db") as c:
        assert c.stats()["claims_by_voice"] == {}  # no user, no tooling mode: no one's
        c.set_user("budi")  # a local file: a named user reads everyone's
        assert c.stats()["claims_by_voice"]["no_speaker"] == 2
