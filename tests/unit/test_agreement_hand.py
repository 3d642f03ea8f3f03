"""``agreement --hand-only`` (core/agreement_hand.py, ADR 0041): every place where a compared
annotator's span began as a suggestion is left out for everyone.

Each case is checked against a hand computation: the same annotators on the text with the
places cut out by hand (and the spans after them moved back by hand), compared with every
span counted, give every figure the rule gives on the original (the JSON is the same but
for ``hand_only`` and ``left_out``); the two-annotator case also against figures worked out
on paper.
"""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.agreement import Item, compute_agreement, items_from_documents
from annotator.core.agreement_hand import find_places
from annotator.core.agreement_unitizing import unitizing_alpha
from annotator.core.model import Relation, Span, Status
from annotator.core.tokenize import token_classes
from annotator.store.corpus import Corpus
from tests.conftest import Peek
from tests.unit.test_agreement_items import mixed  # noqa: F401 (a fixture)

_ids = count(1)
TEXT = "Joko Widodo bertemu Vladimir Putin di Alaska."
#       0    5      12      20       29    35 38    44
CUT = "Joko Widodo bertemu  di Alaska."  # "Vladimir Putin" [20, 34) cut out by hand


def sp(who: str, start: int, end: int, label: str, origin: str = "hand", **kw: Any) -> Span:
    return Span(next(_ids), 1, who, start, end, label, kw.get("layer", "entity"), "", origin=origin)


def _plain(result_json: dict[str, Any]) -> dict[str, Any]:
    """The JSON without what says whether hand-only was applied and what it left out."""
    out = dict(result_json)
    out.pop("hand_only")
    out.pop("left_out", None)
    return out


def test_two_annotators_same_offsets_suggested_on_one_side() -> None:
    """ani accepted memory's Vladimir Putin, budi typed it: the place [20, 34) goes for both.
    On paper: ani Joko Widodo PERSON, Alaska GPE; budi Widodo PERSON, Alaska LOC. Exact
    matches 0, overlap 1 of 2 + 2 spans: F1 0 and 0.5. Tokens Joko Widodo bertemu di Alaska .
    (Vladimir and Putin left out): ani P P O O G O, budi O P O O L O; p_o = 4/6, p_e =
    (2·1 + 3·4)/36 = 14/36, Cohen's κ = (24 − 14)/(36 − 14) = 5/11."""
    item = Item(
        1,
        TEXT,
        {
            "ani": [
                sp("ani", 0, 11, "PERSON"),
                sp("ani", 20, 34, "PERSON", "memory"),
                sp("ani", 38, 44, "GPE"),
            ],
            "budi": [
                sp("budi", 5, 11, "PERSON"),
                sp("budi", 20, 34, "PERSON"),
                sp("budi", 38, 44, "LOC"),
            ],
        },
    )
    got = compute_agreement([item], "entity", hand_only=True)
    assert got.spans == {"ani": 2, "budi": 2}
    assert got.span_f1_exact.value == 0
    assert got.span_f1_overlap.value == pytest.approx(0.5)
    assert got.pair("ani", "budi").cohen_kappa.value == pytest.approx(5 / 11)
    assert got.tokens_compared == 6
    data = got.to_json()
    assert data["hand_only"] is True
    assert data["left_out"] == {
        "places": 1,
        "suggested": {"memory": 1},
        "spans": {"ani": 1, "budi": 1},
        "relations": {"ani": 0, "budi": 0},
        "tokens": 2,
        "characters": 14,
    }
    # αu on the continuum without the place: 45 − 14 = 31 characters, Alaska moved to 24.
    by_hand = unitizing_alpha(
        [
            (
                31,
                {
                    "ani": [(0, 11, "PERSON"), (24, 30, "GPE")],
                    "budi": [(5, 11, "PERSON"), (24, 30, "LOC")],
                },
            )
        ],
        ["ani", "budi"],
    )
    assert got.krippendorff_alpha_u.value == pytest.approx(by_hand.alpha_u.value)
    assert got.unitizing.length == 31
    cut = Item(
        1,
        CUT,
        {
            "ani": [sp("ani", 0, 11, "PERSON"), sp("ani", 24, 30, "GPE")],
            "budi": [sp("budi", 5, 11, "PERSON"), sp("budi", 24, 30, "LOC")],
        },
    )
    assert _plain(data) == _plain(compute_agreement([cut], "entity").to_json())
    assert compute_agreement([item], "entity").to_json()["hand_only"] is False


def test_three_annotators_overlapping_suggestions_on_both_sides() -> None:
    """cici accepted a gazetteer's "Wido" (cutting the word Widodo: the whole word goes, and
    with it ani's Joko Widodo and budi's Widodo, which overlap it: [0, 11)); budi accepted a
    rule's "Putin" inside ani's and cici's hand-made Vladimir Putin ([20, 34)); Alaska is
    hand-made by all. Left: Alaska alone, on "bertemu  di Alaska." by hand."""
    item = Item(
        1,
        TEXT,
        {
            "ani": [
                sp("ani", 0, 11, "PERSON"),
                sp("ani", 20, 34, "PERSON"),
                sp("ani", 38, 44, "GPE"),
            ],
            "budi": [
                sp("budi", 5, 11, "PERSON"),
                sp("budi", 29, 34, "PERSON", "rule"),
                sp("budi", 38, 44, "LOC"),
            ],
            "cici": [
                sp("cici", 5, 9, "PERSON", "gazetteer"),
                sp("cici", 20, 34, "PERSON"),
                sp("cici", 38, 44, "GPE"),
            ],
        },
    )
    got = compute_agreement([item], "entity", hand_only=True).to_json()
    assert got["left_out"] == {
        "places": 2,
        "suggested": {"gazetteer": 1, "rule": 1},
        "spans": {"ani": 2, "budi": 2, "cici": 2},
        "relations": {"ani": 0, "budi": 0, "cici": 0},
        "tokens": 4,
        "characters": 11 + 14,
    }
    text = " bertemu  di Alaska."  # [0, 11) and [20, 34) cut out by hand: Alaska at 13
    assert text == TEXT[11:20] + TEXT[34:]
    cut = Item(
        1,
        text,
        {
            "ani": [sp("ani", 13, 19, "GPE")],
            "budi": [sp("budi", 13, 19, "LOC")],
            "cici": [sp("cici", 13, 19, "GPE")],
        },
    )
    plain = _plain(compute_agreement([cut], "entity").to_json())
    assert _plain(got) == plain
    assert plain["fleiss_kappa"] is not None and plain["krippendorff_alpha"] is not None


def test_places_are_groups_of_overlapping_spans_widened_to_whole_tokens() -> None:
    classes = token_classes(TEXT)
    # A chain: [0,5) suggested, [3,11) overlaps it, [9,19) overlaps that one: one place.
    assert find_places(classes, [(0, 5, True), (3, 11, False), (9, 19, False)]) == [(0, 19)]
    # Touching spans share no code point: not in the place.
    assert find_places(classes, [(0, 4, True), (5, 11, False)]) == [(0, 4)]
    # A cut word is taken whole, and a span in the rest of it joins: "Wi" + "dodo".
    assert find_places(classes, [(5, 7, True), (7, 11, False)]) == [(5, 11)]
    assert find_places(classes, [(5, 7, True)]) == [(5, 11)]
    # Hand-made spans alone make no place.
    assert find_places(classes, [(0, 11, False), (5, 11, False)]) == []


def test_a_relation_to_a_suggested_speaker_is_left_out_for_both() -> None:
    """ani's claim links to a speaker she accepted from memory, budi's to the speaker he
    typed: both links go (the speaker's place, on the entity layer); the claims stay."""
    claim, said = (20, 44), "SAID_BY"
    ani_claim = sp("ani", *claim, "CLAIM", layer="claim")
    ani_who = sp("ani", 0, 11, "PERSON", "memory")
    budi_claim = sp("budi", *claim, "CLAIM", layer="claim")
    budi_who = sp("budi", 0, 11, "PERSON")
    item = Item(
        1,
        TEXT,
        {"ani": [ani_claim, ani_who], "budi": [budi_claim, budi_who]},
        {
            "ani": [Relation(1, 1, "ani", ani_claim.id, ani_who.id, said)],
            "budi": [Relation(2, 1, "budi", budi_claim.id, budi_who.id, said)],
        },
    )
    assert compute_agreement([item], "claim").relation_f1_exact.value == 1
    got = compute_agreement([item], "claim", hand_only=True)
    assert got.spans == {"ani": 1, "budi": 1} and got.span_f1_exact.value == 1
    assert got.relation_f1_exact.value is None  # neither side drew a relation that counts
    assert got.to_json()["left_out"]["relations"] == {"ani": 1, "budi": 1}


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "c.db"
    with Corpus.open(db, tooling="tests") as c:
        c.import_drafts(
            [formats.jsonl._draft({"id": "a", "text": TEXT}, 1, None)],
            origin="test",
            detect_language=False,
        )
        art = c.article_ids()[0]
        for who, spans in {
            "ani": [(0, 11, "PERSON", "hand"), (20, 34, "PERSON", "memory")],
            "bob": [(0, 11, "PERSON", "hand"), (29, 34, "PERSON", "hand")],
        }.items():
            for start, end, label, origin in spans:
                c.add_span(art, who, start, end, label, origin=origin)
            c.add_span(art, who, 38, 44, "GPE", origin="gazetteer" if who == "bob" else "hand")
            c.set_status(art, who, Status.DONE)
    return db


def test_the_command_says_hand_only_and_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _store(tmp_path)
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--json", "--hand-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hand_only"] is True
    assert data["spans"] == {"ani": 1, "bob": 1} and data["span_f1_exact"] == 1
    assert data["left_out"] == {
        "places": 2,
        "suggested": {"gazetteer": 1, "memory": 1},
        "spans": {"ani": 2, "bob": 2},
        "relations": {"ani": 0, "bob": 0},
        "tokens": 3,  # Vladimir Putin, Alaska
        "characters": 14 + 6,
    }
    assert main(["--db", str(db), "agreement", "--hand-only"]) == 0
    assert (
        "hand-made spans only: 2 places left out where a span began as a suggestion "
        "(gazetteer 1, memory 1); spans left out: ani 2, bob 2; 3 tokens, 20 characters"
    ) in capsys.readouterr().out
    assert main(["--db", str(db), "agreement", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hand_only"] is False and "left_out" not in data
    assert main(["--db", str(db), "agreement"]) == 0
    assert "hand-made" not in capsys.readouterr().out


def test_claim_clusters_leave_out_the_places_of_suggested_claims(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ani's claim [20, 34) began as a rule's; bob typed [29, 44) over it: both go, and
    each is left with the one claim both typed."""
    db = tmp_path / "c.db"
    with Corpus.open(db, tooling="tests") as c:
        c.import_drafts(
            [formats.jsonl._draft({"id": "a", "text": TEXT}, 1, None)],
            origin="test",
            detect_language=False,
        )
        art = c.article_ids()[0]
        c.add_span(art, "ani", 0, 11, "CLAIM")
        c.add_span(art, "ani", 20, 34, "CLAIM", origin="rule")
        c.add_span(art, "bob", 0, 11, "CLAIM")
        c.add_span(art, "bob", 29, 44, "CLAIM")
        for who in ("ani", "bob"):
            c.set_status(art, who, Status.DONE)
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--layer", "clusters", "--json", "--hand-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hand_only"] is True
    assert data["left_out"] == {
        "places": 1,
        "suggested": {"rule": 1},
        "claims": {"ani": 1, "bob": 1},
    }
    assert data["pairwise"][0]["claims"] == 1
    assert main(["--db", str(db), "agreement", "--layer", "clusters", "--hand-only"]) == 0
    assert (
        "1 place left out where a span began as a suggestion (rule 1); "
        "claims left out: ani 1, bob 1" in capsys.readouterr().out
    )


@pytest.mark.parametrize("layer", ["entity", "claim"])
@pytest.mark.parametrize("workers", [2, 3])
def test_several_processes_give_the_one_process_result(
    mixed: Corpus,  # noqa: F811
    poke: Peek,
    layer: str,
    workers: int,
) -> None:
    """A third of the spans (every layer: speakers too) began as suggestions; split across
    processes, one process, and the documents path all give the same figures."""
    poke("UPDATE span SET origin = 'memory' WHERE (id / 3) * 3 = id")
    poke("UPDATE span SET origin = 'model:berita' WHERE (id / 7) * 7 = id")
    one = mixed.agreement(layer, hand_only=True, workers=1).to_json()
    several = mixed.agreement(layer, hand_only=True, workers=workers).to_json()
    assert several == one
    documents = compute_agreement(
        items_from_documents(mixed.documents()), layer, hand_only=True
    ).to_json()
    for key in one:
        assert documents[key] == one[key], key
    assert one["left_out"]["places"] > 0 and one["left_out"]["suggested"].keys() == {
        "memory",
        "model",
    }
    assert one != mixed.agreement(layer, workers=1).to_json()
