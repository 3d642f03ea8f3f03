"""Schema edits on a corpus: rename relabels everything at once, delete is refused while used."""

from __future__ import annotations

import json
import sqlite3

import pytest

from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft
from annotator.core.schema import Attribute, Label
from annotator.store import tables
from annotator.store.corpus import Corpus
from tests.conftest import Peek

TEXT = "Putin 😀 bertemu Trump di Alaska. Kata Trump, Alaska indah."


def add_article(corpus: Corpus, text: str = TEXT) -> int:
    return corpus.import_drafts([ArticleDraft(text=text, title="t")], origin="t").article_ids[0]


def label_spans(corpus: Corpus, art: int, who: str, needle: str, label: str) -> list[int]:
    ids: list[int] = []
    start = TEXT.find(needle)
    while start >= 0:
        ids.append(min(corpus.add_span(art, who, start, start + len(needle), label).spans_added))
        start = TEXT.find(needle, start + 1)
    return ids


def stored_schema(peek: Peek) -> dict[str, object]:
    ((value,),) = peek("SELECT value FROM meta WHERE key = 'label_schema'")
    data: dict[str, object] = json.loads(value)
    return data


def add_gold(art: int, label: str) -> None:
    """No gold API yet: a gold span row as adjudication will write it."""
    tables.GoldSpan.create(
        article=art, start=0, end=5, label=label, layer="entity", text="Putin",
        accepted_by="rev", accepted_at="2026-01-01T00:00:00Z",
    )  # fmt: skip


@pytest.fixture
def labelled(corpus: Corpus) -> tuple[Corpus, int]:
    art = add_article(corpus)
    label_spans(corpus, art, "alice", "Trump", "PERSON")  # 2 spans
    label_spans(corpus, art, "bob", "Trump", "PERSON")  # 2 spans of another annotator
    label_spans(corpus, art, "bob", "Putin", "PERSON")  # 1
    label_spans(corpus, art, "alice", "Alaska", "GPE")  # 2
    add_gold(art, "PERSON")
    return corpus, art


def test_rename_relabels_every_annotators_spans_gold_and_relations(
    labelled: tuple[Corpus, int], peek: Peek
) -> None:
    corpus, art = labelled
    person_ids = {s.id for s in corpus.spans(art) if s.label == "PERSON"}
    changes = corpus.rename_label("PERSON", "PEOPLE")

    assert changes.schema_changed and changes.spans_updated == person_ids
    assert changes.article_ids == {art}
    # Committed when it returns: another connection sees spans, gold and schema renamed.
    labels = peek("SELECT label, COUNT(*) FROM span GROUP BY label ORDER BY label")
    assert labels == [("GPE", 2), ("PEOPLE", 5)]
    assert peek("SELECT label FROM gold_span") == [("PEOPLE",)]
    schema = stored_schema(peek)
    names = [x["name"] for x in schema["labels"]]  # type: ignore[attr-defined]
    assert "PEOPLE" in names and "PERSON" not in names
    said_by = next(r for r in schema["relations"] if r["name"] == "SAID_BY")  # type: ignore[attr-defined]
    assert said_by["child_labels"][0] == "PEOPLE"
    # The label keeps its colour and hotkey; the cached schema agrees with the store.
    assert corpus.schema.label("PEOPLE").hotkey == "1"
    corpus.schema.check_relation("SAID_BY", "CLAIM", "PEOPLE")
    assert {s.label for s in corpus.spans(art, "bob")} == {"PEOPLE"}
    # Logged for the audit trail, not on anyone's undo stack.
    events = peek("SELECT action, kind, payload FROM event WHERE action = 'schema'")
    assert [(a, k) for a, k, _ in events] == [("schema", "log")]
    payload = json.loads(str(events[0][2]))
    assert (payload["op"], payload["label"], payload["new"], payload["spans"]) == (
        "rename_label", "PERSON", "PEOPLE", 5,
    )  # fmt: skip
    assert not corpus.can_undo("nobody")


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("GPE", "already a label called GPE"),
        ("", "needs a name"),
        ("1PERSON", "must start with a letter"),
        ("TWO WORDS", "must start with a letter"),
        ("X" * 41, "at most 40"),
    ],
)
def test_rename_to_an_existing_or_invalid_name_is_refused(
    labelled: tuple[Corpus, int], peek: Peek, new: str, message: str
) -> None:
    corpus, _ = labelled
    before = stored_schema(peek)
    with pytest.raises(CorpusError, match=message):
        corpus.rename_label("PERSON", new)
    assert stored_schema(peek) == before
    assert corpus.span_counts_by_label() == {"PERSON": 5, "GPE": 2}
    with pytest.raises(CorpusError, match="unknown label"):
        corpus.rename_label("POTATO", "CHIPS")


def test_a_failure_during_rename_leaves_everything_unchanged(
    labelled: tuple[Corpus, int], peek: Peek, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, art = labelled
    before = stored_schema(peek)
    events_before = peek("SELECT COUNT(*) FROM event")

    def disk_full(schema: object) -> None:  # fails after the spans were relabelled
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(corpus._schemas, "_write_schema", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        corpus.rename_label("PERSON", "PEOPLE")

    assert corpus.span_counts_by_label() == {"PERSON": 5, "GPE": 2}
    assert peek("SELECT label FROM gold_span") == [("PERSON",)]
    assert stored_schema(peek) == before
    assert peek("SELECT COUNT(*) FROM event") == events_before
    assert corpus.schema.has_label("PERSON") and not corpus.schema.has_label("PEOPLE")
    assert {s.label for s in corpus.spans(art)} == {"PERSON", "GPE"}


def test_delete_is_refused_with_the_count_while_spans_use_the_label(
    labelled: tuple[Corpus, int], peek: Peek
) -> None:
    corpus, art = labelled
    with pytest.raises(
        CorpusError,
        match="PERSON is used by 5 spans and 1 gold span; relabel or delete them first",
    ):
        corpus.delete_label("PERSON")
    with pytest.raises(CorpusError, match="GPE is used by 2 spans; relabel or delete"):
        corpus.delete_label("GPE")
    assert corpus.schema.has_label("GPE")
    for span in corpus.spans(art, "alice"):
        if span.label == "GPE":
            corpus.delete_span(span.id, "alice")
    changes = corpus.delete_label("GPE")
    assert changes.schema_changed
    assert not corpus.schema.has_label("GPE")
    names = [x["name"] for x in stored_schema(peek)["labels"]]  # type: ignore[attr-defined]
    assert "GPE" not in names
    # Relation types stop pointing to it.
    assert "GPE" not in corpus.schema.relation("SAID_BY").child_labels
    with pytest.raises(CorpusError, match="unknown label"):
        corpus.delete_label("GPE")


def test_hotkey_change_is_stored_and_a_clash_is_refused(corpus: Corpus, peek: Peek) -> None:
    changes = corpus.update_label("LOC", hotkey="l", color="#AA0000", description="Places")
    assert changes.schema_changed
    loc = next(x for x in stored_schema(peek)["labels"] if x["name"] == "LOC")  # type: ignore[attr-defined]
    assert (loc["hotkey"], loc["color"], loc["description"]) == ("l", "#aa0000", "Places")

    before = stored_schema(peek)
    with pytest.raises(CorpusError, match="hotkey 1 is already used by PERSON"):
        corpus.update_label("LOC", hotkey="1")
    with pytest.raises(CorpusError, match="one letter or digit"):
        corpus.update_label("LOC", hotkey="F1")
    with pytest.raises(CorpusError, match="not #rrggbb"):
        corpus.update_label("LOC", color="red")
    assert stored_schema(peek) == before
    assert corpus.schema.label("LOC").hotkey == "l"
    corpus.update_label("LOC", hotkey="")  # no hotkey at all is fine
    assert corpus.schema.label("LOC").hotkey == ""
    assert corpus.update_label("LOC", hotkey="") == type(changes)()  # nothing to do, no event


def test_add_label_and_its_checks(corpus: Corpus, peek: Peek) -> None:
    corpus.add_label(Label("WEAPON", "entity", "#123456", "w", "Arms"))
    assert corpus.schema.label("WEAPON").layer == "entity"
    assert "WEAPON" in [x["name"] for x in stored_schema(peek)["labels"]]  # type: ignore[attr-defined]
    with pytest.raises(CorpusError, match="already a label called WEAPON"):
        corpus.add_label(Label("WEAPON", "entity", "#123456"))
    with pytest.raises(CorpusError, match="hotkey w is already used by WEAPON"):
        corpus.add_label(Label("TOOL", "entity", "#123456", "w"))
    with pytest.raises(CorpusError, match="unknown layer"):
        corpus.add_label(Label("TOOL", "fish", "#123456"))
    art = add_article(corpus)
    corpus.add_span(art, "alice", 0, 5, "WEAPON")  # usable at once


def test_added_attribute_keeps_old_spans_and_shows_its_default(corpus: Corpus) -> None:
    art = add_article(corpus)
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    corpus.add_attribute(Attribute("role", "entity", "choice", ("speaker", "subject"), "subject"))
    (old,) = corpus.spans(art, "alice")
    assert old.attributes == {}  # stored as it was
    assert corpus.schema.with_defaults("entity", old.attributes) == {"role": "subject"}
    corpus.update_span(old.id, "alice", attributes={"role": "speaker"})
    assert corpus.spans(art, "alice")[0].attributes == {"role": "speaker"}
    start = TEXT.index("Trump")
    new = corpus.add_span(art, "alice", start, start + 5, "PERSON")
    assert corpus.span(min(new.spans_added)).attributes == {"role": "subject"}
    with pytest.raises(CorpusError, match="already has an attribute called role"):
        corpus.add_attribute(Attribute("role", "entity", "bool"))
    with pytest.raises(CorpusError, match="no choices"):
        corpus.add_attribute(Attribute("tone", "entity", "choice"))
    with pytest.raises(CorpusError, match="takes one of"):
        corpus.add_attribute(Attribute("tone", "entity", "choice", ("a", "b"), "c"))


def test_redo_after_a_rename_does_not_bring_back_the_old_label(corpus: Corpus) -> None:
    (art,) = corpus.import_drafts(
        [ArticleDraft(text="Putin bertemu Trump.")], origin="t", detect_language=False
    ).article_ids
    sid = next(iter(corpus.add_span(art, "alice", 0, 5, "PERSON").spans_added))
    corpus.update_span(sid, "alice", label="ORG")
    corpus.rename_label("ORG", "COMPANY")
    assert corpus.span(sid).label == "COMPANY"
    corpus.undo("alice")  # back to PERSON: still in the schema
    assert corpus.span(sid).label == "PERSON"
    with pytest.raises(CorpusError, match="ORG is no longer in the schema"):
        corpus.redo("alice")  # would set ORG, which was renamed
    assert corpus.span(sid).label == "PERSON"
    assert corpus.can_redo("alice")
