"""The article list's queries: paging, full-text search, filters, per-annotator counts."""

from __future__ import annotations

from annotator.core.model import ArticleDraft, Status
from annotator.store.corpus import Corpus


def make(corpus: Corpus) -> list[int]:
    drafts = [
        ArticleDraft(text=f"Putin bertemu Trump di Alaska pada hari ke-{i}.", title=f"Hari {i}")
        for i in range(7)
    ]
    english = ArticleDraft(text="The summit in Anchorage ended.", title="Summit", language="en")
    drafts.append(english)
    return corpus.import_drafts(drafts, origin="t", detect_language=False).article_ids


def test_rows_page_in_import_order(corpus: Corpus) -> None:
    ids = make(corpus)
    first = corpus.article_rows(limit=3)
    rest = corpus.article_rows(offset=3, limit=10)
    assert [r.id for r in first + rest] == ids


def test_search_language_and_status_filters(corpus: Corpus) -> None:
    ids = make(corpus)
    assert [r.id for r in corpus.article_rows(search="anchor")] == [ids[-1]]
    assert [r.id for r in corpus.article_rows(search="alaska ke-3")] == [ids[3]]
    assert [r.id for r in corpus.article_rows(search='"quoted')] == []  # no syntax error
    assert [r.id for r in corpus.article_rows(language="en")] == [ids[-1]]
    corpus.set_status(ids[2], "alice", Status.DONE)
    assert [r.id for r in corpus.article_rows("alice", status=Status.DONE)] == [ids[2]]
    assert len(corpus.article_rows("alice", status=Status.TODO)) == len(ids) - 1
    assert corpus.article_rows("bob", status=Status.DONE) == []


def test_span_counts_are_mine_or_everyones(corpus: Corpus) -> None:
    art = make(corpus)[0]
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    corpus.add_span(art, "bob", 0, 5, "PERSON")
    corpus.add_span(art, "bob", 14, 19, "PERSON")
    assert corpus.article_rows("alice")[0].span_count == 1
    assert corpus.article_rows("bob")[0].span_count == 2
    assert corpus.article_rows()[0].span_count == 3
    assert corpus.article_rows("carol")[0].span_count == 0


def test_search_finds_articles_of_every_import(corpus: Corpus) -> None:
    first = corpus.import_drafts(
        [ArticleDraft(text="Gempa mengguncang Wakatobi pagi ini.")],
        origin="a",
        detect_language=False,
    ).article_ids
    second = corpus.import_drafts(
        [
            ArticleDraft(text="Banjir di Wakatobi merendam rumah warga."),
            ArticleDraft(text="Gempa mengguncang Wakatobi pagi ini."),  # already there
        ],
        origin="b",
        detect_language=False,
    ).article_ids
    assert [r.id for r in corpus.article_rows(search="wakatobi")] == first + second
    assert [r.id for r in corpus.article_rows(search="banjir")] == second
