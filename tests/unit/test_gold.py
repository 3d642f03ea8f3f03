"""Gold: accepting annotators' spans with provenance, overlaps, merge strategies, optimistic
concurrency, rejection and status, undo, agreement from the store, and `export --gold`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.core.gold import GoldConflict, GoldOverlap, GoldState, Overlap
from annotator.core.model import Status
from annotator.core.review import Kind
from annotator.store.corpus import Corpus
from tests.conftest import Peek

TEXT = "Joko Widodo bertemu Vladimir Putin di Alaska. Harga beras akan turun, kata Jokowi."


def at(word: str, label: str, key: str) -> dict[str, Any]:
    start = TEXT.index(word)
    return {"id": key, "start": start, "end": start + len(word), "label": label}


JOKO = at("Joko Widodo", "PERSON", "joko")
WIDODO = at("Widodo", "PERSON", "widodo")
PUTIN = at("Vladimir Putin", "PERSON", "putin")
ALASKA_GPE = at("Alaska", "GPE", "alaska")
ALASKA_LOC = at("Alaska", "LOC", "alaska")
CLAIM = at("Harga beras akan turun", "CLAIM", "claim")
JOKOWI = at("Jokowi", "PERSON", "jokowi")
SAID = {"head": "claim", "child": "jokowi", "label": "SAID_BY"}

WORK = {
    "ani": ([JOKO, PUTIN, ALASKA_GPE, CLAIM, JOKOWI], [SAID]),
    "budi": ([WIDODO, PUTIN, ALASKA_LOC, CLAIM, JOKOWI], [SAID]),
    "cici": ([JOKO, PUTIN, CLAIM, JOKOWI], [SAID]),
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


Work = dict[str, tuple[list[dict[str, Any]], list[dict[str, str]]]]


def fill(corpus: Corpus, tmp_path: Path, status: str = "done", work: Work | None = None) -> int:
    for name, (spans, relations) in (work or WORK).items():
        rec = {"id": "a1", "text": TEXT, "annotator": name, "status": status}
        rec |= {"spans": spans, "relations": relations}
        path = write_jsonl(tmp_path / f"{name}.jsonl", [rec])
        report = formats.import_paths(corpus, [path], "jsonl", detect_language=False)
        assert report.ok, report.rejected
    return corpus.article_ids()[0]


def span_of(corpus: Corpus, art: int, annotator: str, extent: dict[str, Any]) -> int:
    for s in corpus.spans(art, annotator):
        if (s.start, s.end, s.label) == (extent["start"], extent["end"], extent["label"]):
            return s.id
    raise AssertionError(f"{annotator} has no {extent}")


def gold_keys(corpus: Corpus, art: int) -> list[tuple[str, str]]:
    return [(g.text, g.label) for g in corpus.gold_spans(art)]


@pytest.fixture
def art(corpus: Corpus, tmp_path: Path) -> int:
    return fill(corpus, tmp_path)


def test_accept_span_records_provenance(corpus: Corpus, art: int, peek: Peek) -> None:
    source = span_of(corpus, art, "budi", PUTIN)
    changes = corpus.accept_span(source, "rev")
    assert changes.gold_changed and changes.article_ids == {art} and changes.event_id
    (g,) = corpus.gold_spans(art)
    assert (g.start, g.end, g.label, g.layer, g.text) == (
        PUTIN["start"],
        PUTIN["end"],
        "PERSON",
        "entity",
        "Vladimir Putin",
    )
    assert g.annotators == ("ani", "budi", "cici")  # everyone had exactly this span
    assert g.source_span_id == source and g.accepted_by == "rev" and g.accepted_at
    assert g.version == 1
    # Accepting the same span again changes nothing.
    assert not corpus.accept_span(span_of(corpus, art, "ani", PUTIN), "rev")
    # Committed before it returned: another connection sees it.
    (row,) = peek("SELECT annotators, accepted_by FROM gold_span")
    assert json.loads(row[0]) == ["ani", "budi", "cici"] and row[1] == "rev"


def test_provenance_limited_to_the_chosen_annotators(corpus: Corpus, art: int) -> None:
    corpus.accept_span(span_of(corpus, art, "ani", JOKO), "rev", annotators=["ani", "budi"])
    assert corpus.gold_spans(art)[0].annotators == ("ani",)


def test_overlapping_gold_span_refused_replaced_or_added(corpus: Corpus, art: int) -> None:
    corpus.accept_span(span_of(corpus, art, "ani", JOKO), "rev")
    widodo = span_of(corpus, art, "budi", WIDODO)
    with pytest.raises(GoldOverlap, match="Joko Widodo"):
        corpus.accept_span(widodo, "rev")
    assert gold_keys(corpus, art) == [("Joko Widodo", "PERSON")]
    corpus.accept_span(widodo, "rev", on_overlap=Overlap.ADD)
    assert gold_keys(corpus, art) == [("Joko Widodo", "PERSON"), ("Widodo", "PERSON")]
    corpus.accept_span(span_of(corpus, art, "ani", JOKO), "rev", on_overlap="replace")
    assert gold_keys(corpus, art) == [("Joko Widodo", "PERSON")]
    assert corpus.gold_spans(art)[0].annotators == ("ani", "cici")
    # Another layer does not overlap: the claim does not collide with entities.
    corpus.accept_span(span_of(corpus, art, "ani", CLAIM), "rev")


def test_relations_come_along_when_both_ends_are_gold(corpus: Corpus, art: int) -> None:
    claim = span_of(corpus, art, "ani", CLAIM)
    corpus.accept_span(claim, "rev")
    assert corpus.gold_relations(art) == []  # the speaker is not gold yet
    (rel,) = corpus.relations(art, "ani")
    with pytest.raises(CorpusError, match=r"Jokowi.*into gold first"):
        corpus.accept_relation(rel.id, "rev")
    corpus.accept_span(span_of(corpus, art, "budi", JOKOWI), "rev")
    (grel,) = corpus.gold_relations(art)
    by_id = {g.id: g for g in corpus.gold_spans(art)}
    assert (by_id[grel.head].text, by_id[grel.child].text, grel.label) == (
        "Harga beras akan turun",
        "Jokowi",
        "SAID_BY",
    )
    assert grel.annotators == ("ani", "budi", "cici") and grel.accepted_by == "rev"


def test_accept_relation_explicitly(corpus: Corpus, art: int) -> None:
    corpus.add_gold_span(art, "rev", CLAIM["start"], CLAIM["end"], "CLAIM")
    corpus.add_gold_span(art, "rev", JOKOWI["start"], JOKOWI["end"], "PERSON")
    # Everyone who has this claim links it to Jokowi: the link came along.
    (brought,) = corpus.gold_relations(art)
    corpus.delete_gold_relation(brought.id, "rev")
    assert corpus.gold_relations(art) == []
    (rel,) = corpus.relations(art, "cici")
    corpus.accept_relation(rel.id, "rev")
    assert corpus.gold_relations(art)[0].annotators == ("ani", "budi", "cici")


def test_accept_agreeing_takes_what_everyone_has(corpus: Corpus, art: int) -> None:
    changes = corpus.accept_agreeing(art, ["ani", "budi", "cici"], "rev")
    assert changes.gold_changed
    assert gold_keys(corpus, art) == [
        ("Vladimir Putin", "PERSON"),
        ("Harga beras akan turun", "CLAIM"),
        ("Jokowi", "PERSON"),
    ]
    assert all(g.annotators == ("ani", "budi", "cici") for g in corpus.gold_spans(art))
    assert [r.label for r in corpus.gold_relations(art)] == ["SAID_BY"]
    # Of ani and cici, Joko Widodo is agreed too (Alaska is not: cici has none).
    corpus.accept_agreeing(art, ["ani", "cici"], "rev")
    assert ("Joko Widodo", "PERSON") in gold_keys(corpus, art)
    assert ("Alaska", "GPE") not in gold_keys(corpus, art)
    with pytest.raises(CorpusError, match="fewer than two"):
        corpus.accept_agreeing(art, ["ani", "nobody"], "rev")


def test_prefill_majority_and_one_annotator(corpus: Corpus, art: int) -> None:
    corpus.prefill_gold(art, "majority", None, "rev")
    keys = gold_keys(corpus, art)
    assert ("Joko Widodo", "PERSON") in keys  # 2 of 3
    assert ("Widodo", "PERSON") not in keys and all(t != "Alaska" for t, _ in keys)
    joko = next(g for g in corpus.gold_spans(art) if g.text == "Joko Widodo")
    assert joko.annotators == ("ani", "cici")
    # Budi's version does not override the gold decisions: overlaps are skipped by default.
    corpus.prefill_gold(art, "annotator", None, "rev", annotator="budi")
    keys = gold_keys(corpus, art)
    assert ("Widodo", "PERSON") not in keys and ("Alaska", "LOC") in keys
    # ... unless the reviewer says to replace.
    corpus.prefill_gold(art, "annotator", None, "rev2", annotator="budi", on_overlap="replace")
    keys = gold_keys(corpus, art)
    assert ("Widodo", "PERSON") in keys and ("Joko Widodo", "PERSON") not in keys


def test_prefill_unanimous_leaves_out_rejected(corpus: Corpus, art: int) -> None:
    corpus.reject_version(art, PUTIN["start"], PUTIN["end"], "PERSON", "rev")
    corpus.prefill_gold(art, "unanimous", ["ani", "budi", "cici"], "rev")
    assert gold_keys(corpus, art) == [("Harga beras akan turun", "CLAIM"), ("Jokowi", "PERSON")]


def test_a_gold_claim_relabelled_as_a_cue_loses_the_claim_attributes(
    corpus: Corpus, art: int
) -> None:
    corpus.add_gold_span(
        art, "rev", CLAIM["start"], CLAIM["end"], "CLAIM", {"attribution": "direct_quote"}
    )
    (g,) = corpus.gold_spans(art)
    corpus.update_gold_span(g.id, "rev", g.version, label="CUE")
    fresh = corpus.gold_span(g.id)
    assert (fresh.label, fresh.attributes) == ("CUE", {})


def test_update_gold_span_with_optimistic_concurrency(corpus: Corpus, art: int) -> None:
    corpus.accept_span(span_of(corpus, art, "ani", ALASKA_GPE), "rev")
    (g,) = corpus.gold_spans(art)
    corpus.update_gold_span(g.id, "rev", g.version, label="LOC")
    fresh = corpus.gold_span(g.id)
    assert fresh.label == "LOC" and fresh.version == 2
    assert fresh.annotators == ("budi",)  # provenance follows the edited span
    with pytest.raises(GoldConflict, match="version 2, you edited version 1"):
        corpus.update_gold_span(g.id, "rev2", g.version, label="GPE")
    assert corpus.gold_span(g.id).label == "LOC"  # the stale edit changed nothing
    corpus.update_gold_span(g.id, "rev", 2, start=g.start + 1)
    assert corpus.gold_span(g.id).text == "laska"
    with pytest.raises(CorpusError, match="unknown label"):
        corpus.update_gold_span(g.id, "rev", 3, label="NOPE")
    corpus.delete_gold_span(g.id, "rev")
    with pytest.raises(GoldConflict, match="removed"):
        corpus.update_gold_span(g.id, "rev", 3, label="GPE")


def test_status_counts_and_rejection(corpus: Corpus, art: int) -> None:
    status = corpus.gold_status(art)
    assert status.state is GoldState.NONE
    # Groups: Joko/Widodo, Putin, Alaska, claim, Jokowi; disagreements: Joko/Widodo, Alaska.
    assert (status.groups, status.disagreements, status.resolved) == (5, 2, 0)
    corpus.accept_agreeing(art, ["ani", "budi", "cici"], "rev")
    status = corpus.gold_status(art)
    assert status.state is GoldState.PARTIAL and status.settled == 3 and status.resolved == 0
    corpus.accept_span(span_of(corpus, art, "budi", WIDODO), "rev")
    assert corpus.conflicts_resolved(art) == 1
    # Alaska: reject both versions, settling the group with no gold span.
    corpus.reject_span(span_of(corpus, art, "ani", ALASKA_GPE), "rev")
    assert corpus.conflicts_resolved(art) == 1
    corpus.reject_span(span_of(corpus, art, "budi", ALASKA_LOC), "rev")
    status = corpus.gold_status(art)
    assert status.state is GoldState.COMPLETE and status.resolved == 2 and status.rejections == 2
    # Accepting a rejected version overrides the rejection.
    corpus.accept_span(span_of(corpus, art, "ani", ALASKA_GPE), "rev")
    assert corpus.gold_status(art).rejections == 1
    # reject_gold_span removes the span and rejects its version.
    gpe = next(g for g in corpus.gold_spans(art) if g.label == "GPE")
    corpus.reject_gold_span(gpe.id, "rev", gpe.version)
    assert ("Alaska", "GPE") not in gold_keys(corpus, art)
    assert corpus.gold_status(art).rejections == 2


def test_only_done_work_counts(corpus: Corpus, tmp_path: Path) -> None:
    art = fill(corpus, tmp_path, status="in_progress")
    assert corpus.review_item(art).annotations == {}
    with pytest.raises(CorpusError, match="none of the chosen"):
        corpus.prefill_gold(art, "majority", None, "rev")
    corpus.set_status(art, "ani", Status.DONE)
    corpus.set_status(art, "budi", Status.DONE)
    assert sorted(corpus.review_item(art).annotations) == ["ani", "budi"]
    assert corpus.agreement("entity").annotators == ("ani", "budi")


def test_gold_changes_undo_and_redo_per_reviewer(corpus: Corpus, art: int, peek: Peek) -> None:
    corpus.accept_span(span_of(corpus, art, "ani", JOKO), "rev")
    corpus.accept_agreeing(art, ["ani", "budi", "cici"], "rev")
    before = gold_keys(corpus, art)
    assert len(corpus.gold_relations(art)) == 1
    corpus.accept_span(span_of(corpus, art, "budi", WIDODO), "rev", on_overlap="replace")
    g = next(g for g in corpus.gold_spans(art) if g.text == "Widodo")
    corpus.update_gold_span(g.id, "rev", 1, label="ORG")
    assert corpus.gold_span(g.id).version == 2
    changes = corpus.undo("rev")
    assert changes.gold_changed and corpus.gold_span(g.id).label == "PERSON"
    assert corpus.gold_span(g.id).version == 3  # versions only grow
    corpus.undo("rev")  # the replace: Joko Widodo is back, Widodo gone
    assert gold_keys(corpus, art) == before
    corpus.undo("rev")  # accept_agreeing, with its relation
    assert gold_keys(corpus, art) == [("Joko Widodo", "PERSON")]
    assert corpus.gold_relations(art) == []
    corpus.redo("rev")
    assert gold_keys(corpus, art) == before and len(corpus.gold_relations(art)) == 1
    # Another reviewer's stack is their own.
    assert not corpus.can_undo("rev2")
    kinds = [r[0] for r in peek("SELECT kind FROM event WHERE action = 'gold'")]
    assert kinds.count("undo") == 3 and kinds.count("redo") == 1


def test_export_gold_round_trip(
    corpus: Corpus, art: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus.accept_agreeing(art, ["ani", "budi", "cici"], "rev")
    corpus.accept_span(span_of(corpus, art, "budi", WIDODO), "rev")
    expected = sorted((g.start, g.end, g.label) for g in corpus.gold_spans(art))
    location = corpus.location
    corpus.close()
    out = tmp_path / "gold.jsonl"
    assert main(["--db", location, "export", "--gold", "--out", str(out)]) == 0
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["annotator"] == "gold"
    assert sorted((s["start"], s["end"], s["label"]) for s in rec["spans"]) == expected
    assert all(rec["text"][s["start"] : s["end"]] == s["text"] for s in rec["spans"])
    assert [r["label"] for r in rec["relations"]] == ["SAID_BY"]
    # ... and back into a fresh corpus's gold layer (tests/unit/test_gold_import.py).
    again = tmp_path / "again.sqlite3"
    assert main(["--db", str(again), "import", "--no-language", str(out)]) == 0
    with Corpus.open(again, tooling="tests") as fresh:
        (a2,) = fresh.article_ids()
        spans = sorted((s.start, s.end, s.label) for s in fresh.gold_spans(a2))
        assert spans == expected and len(fresh.gold_relations(a2)) == 1
    capsys.readouterr()


def test_undo_does_not_overwrite_another_reviewers_later_edit(corpus: Corpus, art: int) -> None:
    corpus.accept_span(span_of(corpus, art, "ani", ALASKA_GPE), "rev")
    (g,) = corpus.gold_spans(art)
    corpus.update_gold_span(g.id, "rev", g.version, label="LOC")
    corpus.update_gold_span(g.id, "rev2", g.version + 1, start=g.start + 1)  # another reviewer
    with pytest.raises(GoldConflict, match="changed by another reviewer"):
        corpus.undo("rev")  # would put GPE [start, end) back over rev2's edit
    after = corpus.gold_span(g.id)
    assert (after.label, after.text, after.version) == ("LOC", "laska", 3)
    corpus.undo("rev2")  # rev2's own edit can go back; then rev's can too
    corpus.undo("rev")
    assert corpus.gold_span(g.id).label == "GPE"
    # An undone acceptance does not take away a span another reviewer edited since.
    corpus.delete_gold_span(g.id, "rev")
    corpus.undo("rev")  # the span is back
    corpus.update_gold_span(g.id, "rev2", corpus.gold_span(g.id).version, label="LOC")
    corpus.undo("rev2")
    corpus.redo("rev2")
    with pytest.raises(GoldConflict):
        corpus.redo("rev")  # redoing rev's delete would delete rev2's LOC
    assert corpus.gold_span(g.id).label == "LOC"


# ---------------------------------------------------------------- links (issue 11)
SHORT_CLAIM = at("beras akan turun", "CLAIM", "claim")  # the same claim, other boundaries
PUTIN_SAID = {"head": "claim", "child": "putin", "label": "SAID_BY"}
ABOUT_ALASKA = {"head": "claim", "child": "alaska", "label": "ABOUT"}
SAME_SPEAKER: Work = {
    "ani": ([CLAIM, JOKOWI, PUTIN], [SAID]),
    "budi": ([SHORT_CLAIM, JOKOWI, PUTIN], [SAID]),
}


def by_text(corpus: Corpus, art: int) -> list[tuple[str, str, str]]:
    gold = {g.id: g for g in corpus.gold_spans(art)}
    return sorted(
        (gold[r.head].text, r.label, gold[r.child].text) for r in corpus.gold_relations(art)
    )


def test_accepting_the_speaker_later_brings_the_link_of_a_gold_claim(
    corpus: Corpus, tmp_path: Path
) -> None:
    art = fill(corpus, tmp_path, work=SAME_SPEAKER)
    (claims,) = [g for g in corpus.review(art, "claim").groups]
    assert claims.kinds == {Kind.BOUNDARIES}  # the same speaker: no link disagreement
    corpus.accept_span(span_of(corpus, art, "ani", CLAIM), "rev", on_overlap="replace")
    status = corpus.gold_status(art)
    assert status.state is GoldState.PARTIAL and (status.links, status.links_settled) == (1, 0)
    corpus.accept_agreeing(art, ["ani", "budi"], "rev")  # Jokowi and Putin, agreed
    assert by_text(corpus, art) == [("Harga beras akan turun", "SAID_BY", "Jokowi")]
    (rel,) = corpus.gold_relations(art)
    assert rel.annotators == ("ani",) and rel.accepted_by == "rev"
    status = corpus.gold_status(art)
    assert status.state is GoldState.COMPLETE and (status.links, status.links_settled) == (1, 1)
    corpus.undo("rev")  # the link goes back out with the acceptance that brought it
    assert corpus.gold_relations(art) == []


def test_an_open_link_keeps_the_article_from_complete(corpus: Corpus, tmp_path: Path) -> None:
    art = fill(corpus, tmp_path, work=SAME_SPEAKER)
    corpus.accept_span(span_of(corpus, art, "ani", CLAIM), "rev", on_overlap="replace")
    corpus.accept_span(span_of(corpus, art, "ani", PUTIN), "rev")
    corpus.reject_span(span_of(corpus, art, "ani", JOKOWI), "rev")  # the speaker is not gold
    status = corpus.gold_status(art)
    assert status.settled == status.groups and status.state is GoldState.PARTIAL
    (link,) = corpus.gold_links(art)
    assert not link.settled and link.proposed == {
        "ani": frozenset({(JOKOWI["start"], JOKOWI["end"])}),
        "budi": frozenset({(JOKOWI["start"], JOKOWI["end"])}),
    }
    claim = next(g for g in corpus.gold_spans(art) if g.label == "CLAIM")
    corpus.set_gold_links(claim.id, "SAID_BY", [], "rev", claim.version)  # no speaker in gold
    assert corpus.gold_links(art)[0].settled and corpus.gold_relations(art) == []
    assert corpus.gold_status(art).state is GoldState.COMPLETE
    assert corpus.gold_rejections(art)[0].label == "PERSON"  # decisions are not rejections


def test_link_disagreement_is_found_whatever_the_boundaries(corpus: Corpus, tmp_path: Path) -> None:
    work: Work = {
        "ani": ([CLAIM, JOKOWI, PUTIN, ALASKA_GPE], [SAID, ABOUT_ALASKA]),
        "budi": ([SHORT_CLAIM, JOKOWI, PUTIN, ALASKA_GPE], [PUTIN_SAID]),
    }
    art = fill(corpus, tmp_path, work=work)
    (claims,) = corpus.review(art, "claim").groups
    assert claims.kinds == {Kind.BOUNDARIES, Kind.SPEAKER, Kind.SUBJECT}
    assert claims.links["SAID_BY"] == {
        "ani": frozenset({(JOKOWI["start"], JOKOWI["end"])}),
        "budi": frozenset({(PUTIN["start"], PUTIN["end"])}),
    }
    # Ani's version: her speaker and subject come along once they are gold.
    corpus.accept_span(span_of(corpus, art, "ani", CLAIM), "rev", on_overlap="replace")
    corpus.accept_agreeing(art, ["ani", "budi"], "rev")
    assert by_text(corpus, art) == [
        ("Harga beras akan turun", "ABOUT", "Alaska"),
        ("Harga beras akan turun", "SAID_BY", "Jokowi"),
    ]
    # The reviewer sets the speaker by hand: Putin. Merging later keeps it.
    claim = next(g for g in corpus.gold_spans(art) if g.label == "CLAIM")
    putin = next(g for g in corpus.gold_spans(art) if g.text == "Vladimir Putin")
    corpus.set_gold_links(claim.id, "SAID_BY", [putin.id], "rev", claim.version)
    corpus.prefill_gold(art, "annotator", None, "rev", annotator="ani")
    assert ("Harga beras akan turun", "SAID_BY", "Vladimir Putin") in by_text(corpus, art)
    assert ("Harga beras akan turun", "SAID_BY", "Jokowi") not in by_text(corpus, art)
    with pytest.raises(CorpusError, match=r"SAID_BY points to .*, not CLAIM"):
        corpus.set_gold_links(claim.id, "SAID_BY", [claim.id], "rev")
    with pytest.raises(GoldConflict):
        corpus.set_gold_links(claim.id, "SAID_BY", [], "rev", claim.version + 5)
    corpus.undo("rev")  # the hand-set speaker (the prefill changed nothing: no event)
    assert ("Harga beras akan turun", "SAID_BY", "Jokowi") in by_text(corpus, art)


def test_merge_settles_links_by_majority_across_boundaries(corpus: Corpus, tmp_path: Path) -> None:
    work: Work = {
        "ani": ([CLAIM, JOKOWI, PUTIN], [SAID]),
        "budi": ([SHORT_CLAIM, JOKOWI, PUTIN], [SAID]),
        "cici": ([CLAIM, JOKOWI, PUTIN], [PUTIN_SAID]),
    }
    art = fill(corpus, tmp_path, work=work)
    corpus.prefill_gold(art, "majority", None, "rev")  # claim 2 of 3; Jokowi 2 of 3 (any span)
    assert by_text(corpus, art) == [("Harga beras akan turun", "SAID_BY", "Jokowi")]
    assert corpus.gold_status(art).state is GoldState.COMPLETE
