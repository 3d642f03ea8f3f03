"""``stats`` counts spans by origin and claims by voice in SQL (issue 15); its counts are those
of reading every span in Python (core/speakers.py ``voices``, each span's ``origin``), on
SQLite and on PostgreSQL, for everyone and for a team non-reviewer (own only)."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator import formats
from annotator.core.speakers import voices
from annotator.store.corpus import Corpus
from annotator.store.errors import CorpusDamaged
from tests.conftest import Peek

WORDS = [f"kata{i:02d}" for i in range(40)]
TEXT = " ".join(WORDS) + "."


def _at(i: int) -> tuple[int, int]:
    start = sum(len(w) + 1 for w in WORDS[:i])
    return start, start + len(WORDS[i])


def _fill(corpus: Corpus) -> None:
    """Two articles, two annotators; every voice (spoken, unattributed, no speaker yet with
    and without an attribution, unattributed yet linked, linked by another relation only)
    and five origins."""
    corpus.import_drafts(
        [formats.jsonl._draft({"id": ext, "text": TEXT}, 1, None) for ext in ("a", "b")],
        origin="t",
        detect_language=False,
    )
    for n, art in enumerate(corpus.article_ids()):
        for who in ("ani", "budi"):
            person = min(corpus.add_span(art, who, *_at(0), "PERSON").spans_added)
            corpus.add_span(art, who, *_at(1), "GPE", origin="gazetteer")
            corpus.add_span(art, who, *_at(2), "ORG", origin="model:berita-v1")
            spoken = min(
                corpus.add_span(
                    art, who, *_at(4), "CLAIM", {"attribution": "direct_quote"}
                ).spans_added
            )
            corpus.add_relation(spoken, person, "SAID_BY", who)
            corpus.add_span(art, who, *_at(6), "CLAIM", {"attribution": "unattributed"})
            corpus.add_span(art, who, *_at(8), "CLAIM", origin="memory")  # no speaker yet
            corpus.add_span(art, who, *_at(10), "CLAIM", {"attribution": "paraphrase"})
            linked = min(
                corpus.add_span(
                    art, who, *_at(12), "CLAIM", {"attribution": "unattributed"}
                ).spans_added
            )
            corpus.add_relation(linked, person, "SAID_BY", who)  # contradicts itself
            if who == "ani":  # a few more of one kind, so the counts differ per annotator
                for i in range(14, 18 + 2 * n):
                    corpus.add_span(art, who, *_at(i), "CLAIM", origin="rule")
            else:
                corpus.add_span(art, who, *_at(20), "CLAIM", {"attribution": "unattributed"})


def _read_in_python(corpus: Corpus, annotator: str | None) -> tuple[Counter[str], Counter[str]]:
    """Origins and voices by reading every span and relation (the reference)."""
    origins: Counter[str] = Counter()
    by_voice: Counter[str] = Counter()
    for art in corpus.article_ids():
        for who in ("ani", "budi") if annotator is None else (annotator,):
            spans = corpus.spans(art, who)
            origins.update(s.origin for s in spans)
            found = voices(spans, corpus.relations(art, who))
            by_voice.update(v.voice.value for v in found.values())
    return origins, by_voice


def test_origins_and_voices_counted_in_sql_match_reading_every_span(
    corpus: Corpus, backend: str
) -> None:
    _fill(corpus)
    origins, by_voice = _read_in_python(corpus, None)
    assert set(by_voice) == {"spoken", "unattributed", "no_speaker", "contradicted"}
    assert len(origins) == 5
    stats = corpus.stats()
    assert stats["spans_by_origin"] == dict(sorted(origins.items()))
    assert list(stats["spans_by_origin"]) == sorted(origins)
    assert stats["claims_by_voice"] == dict(sorted(by_voice.items()))
    assert list(stats["claims_by_voice"]) == sorted(by_voice)
    assert sum(stats["spans_by_origin"].values()) == stats["spans"]
    if backend == "postgres":  # a team non-reviewer counts their own only
        corpus.set_user("budi")
        own_origins, own_voices = _read_in_python(corpus, "budi")
        assert own_voices != by_voice and own_origins != origins
        own = corpus.stats()
        assert own["spans_by_origin"] == dict(sorted(own_origins.items()))
        assert own["claims_by_voice"] == dict(sorted(own_voices.items()))


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]"])
def test_a_claim_whose_attributes_are_damaged_is_named(
    corpus: Corpus, poke: Peek, damage: str
) -> None:
    _fill(corpus)
    (claim,) = poke("SELECT MIN(id) FROM span WHERE label = 'CLAIM'")
    poke("UPDATE span SET attributes = ? WHERE id = ?", (damage, claim[0]))
    with pytest.raises(CorpusDamaged, match=f"span {claim[0]}'s attributes"):
        corpus.stats()
    poke("UPDATE span SET attributes = '{}' WHERE id = ?", (claim[0],))
    assert corpus.stats()["claims_by_voice"]  # the statement's failure left nothing behind
