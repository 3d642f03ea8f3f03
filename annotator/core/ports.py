"""What the formats read from and write to a corpus, as a Protocol: ``formats`` depends on
``core`` only, and ``annotator.store.corpus.Corpus`` is one (checked by mypy wherever the GUI
or the CLI hands a ``Corpus`` to an importer or exporter)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from annotator.core import model
from annotator.core.importing import DraftFeed, ImportResult
from annotator.core.schema import LabelSchema


class CorpusPort(Protocol):
    """The corpus as importers and exporters use it."""

    location: str

    @property
    def schema(self) -> LabelSchema: ...

    def annotators(self) -> list[model.Annotator]: ...

    def article_count(self) -> int: ...

    def article_keys(self) -> dict[int, str]: ...

    def article_groups(self) -> dict[int, str]: ...

    def fingerprint(self) -> str: ...

    def cluster_names(self) -> dict[int, str]: ...

    def gold_cluster_names(self) -> dict[int, str]: ...

    def documents(
        self, annotator: str | None = None, *, only_annotated: bool = True
    ) -> Iterator[model.Document]: ...

    def gold_documents(self) -> Iterator[model.Document]: ...

    def import_feed(
        self,
        feed: DraftFeed,
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult: ...

    def import_drafts(
        self,
        drafts: list[model.ArticleDraft],
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult: ...
