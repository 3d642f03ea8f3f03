"""What an export format is: how it writes documents (a sink), and what it needs checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from annotator.core.model import Document
from annotator.core.schema import LabelSchema
from annotator.formats.checks import Tokens

ENTITY, CLAIM = "entity", "claim"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a format's one-line summary for ``lupdate`` (:func:`annotator.i18n.gui_sources`
    reads this package too); the dialogs translate it where they show it, under ``context``."""
    return text


@dataclass(frozen=True)
class Context:
    """What every sink may need besides the documents."""

    schema: LabelSchema
    tokens: bool = False
    """JSONL: add ``tokens`` and ``token_start``/``token_end`` (inclusive) to each record."""
    options: dict[str, Any] = field(default_factory=dict)
    clusters: dict[int, str] = field(default_factory=dict)
    """Claim clusters' names by id (JSONL writes a claim's ``cluster`` by name)."""

    def layer_labels(self, layer: str) -> list[str]:
        return [label.name for label in self.schema.labels_of(layer)]


class Sink(Protocol):
    def add(self, doc: Document, tokens: Tokens | None) -> None:
        """Write one checked document (``tokens`` given when the format is token based)."""

    def close(self) -> None:
        """Finish writing (flush, fsync); called only when every document was added."""


@runtime_checkable
class Abortable(Protocol):
    """A sink that holds something open (a file, a thread): told when the export stops early
    (refused, cancelled, a failed write), instead of :meth:`Sink.close`."""

    def abort(self) -> None:
        """Stop that work and let go of what it holds, writing nothing more; the staging
        folder is removed after."""


@dataclass(frozen=True)
class ExportFormat:
    """``suffix`` is the file extension of a split's file, or ``""`` when each split is a
    folder of files (brat). ``folder``: the output is always a folder (brat, hf).
    ``tokens``: spans must align to tokens. ``flat``: layers whose spans may not overlap
    (IOB tags); ``("*",)`` means every layer. ``sidecars(ctx)``: extra files written once
    (suffix -> bytes). ``finish(ctx, files)``: extra files written once every data file is,
    given ``(split, data file name, records)`` per written file (the split is ``None``
    without ``--split``): name -> bytes (a dataset card). ``unlabelled``: articles nobody
    labelled are exported too."""

    name: str
    suffix: str
    open: Callable[[Path, Context], Sink]
    folder: bool = False
    tokens: bool = False
    flat: tuple[str, ...] = ()
    sidecars: Callable[[Context], dict[str, bytes]] | None = None
    finish: Callable[[Context, list[tuple[str | None, str, int]]], dict[str, bytes]] | None = None
    unlabelled: bool = False
    default_name: str = "data"
    sidecar_suffixes: tuple[str, ...] = ()
    """The suffixes ``sidecars`` returns, known without building them (to check targets)."""
    relations: bool = True
    """The format carries relations; when not, the export counts none and says how many of
    the selection's relations it left out."""
    split_by_story: bool = False
    """``--split`` keeps the articles of one story or claim cluster in one part whatever
    ``--group-by`` says (claim clusters and pairs: no cluster may straddle train and test)."""
    values: bool = False
    """The format carries span attributes as JSON: its QUANTITY spans and claims get their
    numbers as a ``values`` attribute (``exporter.with_values``)."""
    # How the Export dialog presents the format (it builds its list from these alone).
    title: str = ""
    """The format's name as people know it ("Label Studio"); the name when empty."""
    summary: str = ""
    """One line of what it holds, in English (``QT_TRANSLATE_NOOP("ExportDialog", ...)``)."""
    package: str = ""
    """The optional package it needs ("spacy", "datasets"), else empty."""
    extra: str = ""
    """The ``annotator[extra]`` that installs ``package``."""
    tokens_option: bool = False
    """It can add each record's tokens on request (``Context.tokens``: JSONL)."""

    @property
    def shown_name(self) -> str:
        return self.title or self.name

    def flat_layers(self, schema: LabelSchema) -> frozenset[str]:
        if self.flat == ("*",):
            return frozenset(layer.name for layer in schema.layers)
        return frozenset(self.flat)


@dataclass(frozen=True)
class ImportFormat:
    """An import format: its reader, the extensions ``auto`` takes it for, and how the Import
    dialog presents it (``title``; ``summary`` in English, translated where shown)."""

    name: str
    read: Callable[..., Any]
    extensions: tuple[str, ...] = ()
    title: str = ""
    summary: str = ""

    @property
    def shown_name(self) -> str:
        return self.title or self.name
