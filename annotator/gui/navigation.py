"""Moving between articles: next/previous in the list, next not done, the last one opened.

The list's order (with its filter) decides next and previous; "next not done" asks the store,
so it finds articles the list has not fetched yet. The last article opened is kept per corpus
in QSettings and opened again on the next start.

"Next article" can follow another order, chosen in the Article menu and kept per corpus
(``settings.article_order``): the most open suggestions first, or the model's least certain
first (issue 17). That ranking of the articles not done is computed on the navigator's runner
(the documents read and scored off the GUI thread, annotator/learn/ordering.py) when the
order is chosen and again after each step; until it arrives, and for "Previous article",
the list's order holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from annotator.core.model import Document, Status
from annotator.gui.article_list import ArticleList
from annotator.gui.settings import article_order, set_article_order, settings, suggestion_model
from annotator.gui.workers import Runner
from annotator.store.corpus import Corpus


def corpus_key(location: str) -> str:
    """A QSettings-safe key for one corpus (settings that belong to it: the last article)."""
    return hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]


def documents_of(corpus: Corpus, annotator: str) -> list[Document]:
    """Every article as ``annotator``'s document: their spans and status where they have
    any, else to do with no spans."""
    docs = {d.article.id: d for d in corpus.documents(annotator, only_annotated=False)}
    for article_id in corpus.article_ids():
        if article_id not in docs:
            docs[article_id] = Document(corpus.article(article_id), annotator, Status.TODO, [], [])
    return [docs[k] for k in sorted(docs)]


class Navigator:
    def __init__(self, corpus: Corpus, article_list: ArticleList) -> None:
        self.corpus = corpus
        self.article_list = article_list
        self._key = f"last_article/{corpus_key(corpus.location)}"
        self.order = article_order(corpus.location)
        self.annotator: str | None = None
        self.ranking: list[int] | None = None  # article ids in the order's sequence
        self.on_ranked: Callable[[str], None] | None = None  # told the order's outcome
        self._runner: Runner | None = None
        self._asked = 0

    # ------------------------------------------------------------------ orders
    def set_order(self, order: str, annotator: str | None) -> None:
        """Follow ``order`` ("corpus", "suggestions", "uncertainty") from now on, for this
        corpus; its ranking is computed in the background."""
        set_article_order(self.corpus.location, order)
        self.order = order
        self.annotator = annotator
        self.ranking = None
        self.rank()

    def rank(self) -> None:
        """Compute the order's ranking again (off the GUI thread); nothing for the corpus's
        order or without an annotator."""
        if self.order == "corpus" or not self.annotator:
            return
        if self._runner is None:
            self._runner = Runner(
                "article-order", on_thread_end=self.corpus.close_thread_connection
            )
        corpus, annotator, order = self.corpus, self.annotator, self.order
        model = suggestion_model(corpus.location)
        self._asked += 1
        asked = self._asked

        def job() -> list[int] | str:
            from annotator.learn import ordering

            docs = documents_of(corpus, annotator)
            if order == "uncertainty":
                if model is None:
                    return "no model"
                return ordering.ranking(ordering.uncertainties(docs, model))
            terms = [(term, label) for term, label, _ in corpus.gazetteer_terms()]
            return ordering.ranking(ordering.suggestion_counts(docs, terms))

        def done(result: list[int] | str) -> None:
            if asked != self._asked or order != self.order:
                return  # an order chosen since
            self.ranking = result if isinstance(result, list) else None
            if self.on_ranked is not None:
                self.on_ranked(result if isinstance(result, str) else "ranked")

        def failed(exc: BaseException) -> None:
            if asked == self._asked and self.on_ranked is not None:
                self.on_ranked(f"failed: {exc}")

        self._runner.submit(job, done, failed)

    def busy(self) -> bool:
        return self._runner is not None and self._runner.busy()

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.stop()

    def _ranked_step(self, current: int | None) -> bool | None:
        """The next article in the ranking after ``current`` (the first one when ``current``
        is not in it); None when there is no ranking (yet)."""
        if self.ranking is None:
            return None
        ids = self.ranking
        start = ids.index(current) + 1 if current in ids else 0
        for article_id in ids[start:]:
            if article_id != current and self.article_list.select_article(article_id):
                self.rank()  # statuses and labels changed since: rank again, behind
                return True
        return False

    # ------------------------------------------------------------------ steps
    def step(self, current: int | None, step: int) -> bool:
        """Select the article ``step`` rows from ``current`` in the list (forwards: in the
        chosen order's ranking when there is one); False at an end."""
        if step > 0 and self.order != "corpus":
            ranked = self._ranked_step(current)
            if ranked is not None:
                return ranked
        model = self.article_list.model
        row = model.row_of(current) if current is not None else None
        target = 0 if row is None else row + step
        if target >= model.rowCount() and model.canFetchMore():
            model.fetchMore()
        return 0 <= target < model.rowCount() and self.article_list.select_row(target)

    def next_not_done(self, current: int | None, annotator: str) -> int | None:
        return self.corpus.next_article(current or 0, annotator, not_done=True)

    def remember(self, article_id: int) -> None:
        settings().setValue(self._key, article_id)

    def last_article(self) -> int | None:
        """The article open when this corpus was last closed, if it is still there."""
        saved = settings().value(self._key)
        try:
            article_id = int(str(saved)) if saved is not None else None
        except ValueError:
            return None
        if article_id is None or article_id not in set(self.corpus.article_ids()):
            return None
        return article_id
