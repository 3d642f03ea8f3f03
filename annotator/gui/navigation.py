"""Moving between articles: next/previous in the list, next not done, the last one opened.

The list's order (with its filter) decides next and previous; "next not done" asks the store,
so it finds articles the list has not fetched yet. The last article opened is kept per corpus
in QSettings and opened again on the next start.
"""

from __future__ import annotations

import hashlib

from annotator.gui.article_list import ArticleList
from annotator.gui.settings import settings
from annotator.store.corpus import Corpus


def corpus_key(location: str) -> str:
    """A QSettings-safe key for one corpus (settings that belong to it: the last article)."""
    return hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]


class Navigator:
    def __init__(self, corpus: Corpus, article_list: ArticleList) -> None:
        self.corpus = corpus
        self.article_list = article_list
        self._key = f"last_article/{corpus_key(corpus.location)}"

    def step(self, current: int | None, step: int) -> bool:
        """Select the article ``step`` rows from ``current`` in the list; False at an end."""
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
