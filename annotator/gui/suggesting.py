"""Suggestions in the text pane (issue 17, ADR 0030): offered, accepted, rejected.

:class:`Suggesting` keeps what is offered in the article on show (:class:`~annotator.core.
offers.Offer`) and draws it in the text pane (a dashed outline in the label's colour,
:meth:`TextPane.set_suggestions`). The sources, each turned on or off per corpus
(``Corpus.suggestion_sources``):

* the corpus memory (every entity form this annotator and gold labelled) and the corpus's
  gazetteers, matched on the GUI thread (a trie walk: milliseconds for a long article; the
  gazetteers read again when ``Corpus.gazetteer_version`` moved: a term list imported from a
  terminal or by a team member shows at the next article opened), the suggestions waiting
  for this annotator (``annotator suggest --into``), and the labels of the other annotators
  (or imported models) turned on as sources (``annotator:NAME``, ADR 0039), read where the
  access rule lets the reader read them;
* the rules (quantities, dates, claim candidates with their cited speaker) and, when a model
  folder was chosen, the model: computed on the window's :class:`Runner` thread, never on the
  keystroke path, and shown when ready (:attr:`Suggesting.ready`).

What the annotator has labelled already (a span of the same layer overlapping) and what they
rejected in this article (kept in the store) is not offered. Accepting makes the annotator's
own span with the suggestion's origin (one store change, one undo); a claim brings its
proposed speaker, linked by SAID_BY.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotator.core.errors import CorpusError
from annotator.core.model import Changes
from annotator.core.offers import (
    Accept,
    Offer,
    annotator_of,
    from_suggestions,
    occurrences,
    rule_offers,
    settle,
    speaker_label,
)
from annotator.core.speakers import CUE
from annotator.core.suggestions import Lexicon, words
from annotator.gui.workers import Runner
from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.gui.labelling import Labelling

log = logging.getLogger(__name__)

SPEAKER = "SAID_BY"
CLAIM = "CLAIM"
# The order sources win in where their suggestions overlap: waiting ones (chosen by a
# command), the memory (exact forms), gazetteers, other annotators' labels (by name), the
# model, the rules.
ORDER = ("pending", "memory", "gazetteer", "annotator:", "model", "rules")


class Suggesting(QObject):
    """The offers of the article on show, and the gestures on them (see the module doc)."""

    def __init__(
        self, labelling: Labelling, runner: Runner | None = None, reader: Any = None
    ) -> None:
        """``reader``: the corpus the runner's thread reads (on a team corpus the real one,
        not the window's stand-in); the labelling's by default."""
        super().__init__(labelling)
        self.labelling = labelling
        self.reader = reader if reader is not None else labelling.corpus
        self.runner = runner or Runner("suggestions")
        self.sources: set[str] = set()
        self.model_folder: Path | None = None
        self.offers: list[Offer] = []
        self.current: Offer | None = None
        self._found: dict[str, list[Offer]] = {}
        self._rejected: set[tuple[int, int, str]] = set()
        self._memory: Lexicon | None = None
        self._memory_of: str | None = None
        self._gazetteer: Lexicon | None = None
        self._gazetteer_version: int | None = None  # of the terms in ``_gazetteer``
        self._model: Any = None  # the loaded ModelSuggester (made on the runner's thread)
        self._model_from: Path | None = None
        self._generation = 0
        self._waiting = 0  # background jobs for the article on show not answered yet
        self.read_sources()

    # ------------------------------------------------------------ state
    @property
    def corpus(self) -> Any:
        return self.labelling.corpus

    @property
    def ready(self) -> bool:
        """Every source has answered for the article on show."""
        return self._waiting == 0

    def read_sources(self) -> None:
        try:
            self.sources = set(self.corpus.suggestion_sources())
        except CorpusError:
            self.sources = set()

    def set_source(self, name: str, on: bool) -> None:
        """Turn a source on or off for this corpus (kept in the corpus), and show it."""
        wanted = (self.sources | {name}) if on else (self.sources - {name})
        if wanted == self.sources:
            return
        self.corpus.set_suggestion_sources(sorted(wanted))
        self.sources = wanted
        self.load()

    def set_model(self, folder: Path | None) -> None:
        self.model_folder = folder
        self.load()

    def forget_memory(self) -> None:
        """Read the memory again at the next article (another annotator, spans removed)."""
        self._memory = None

    def forget_gazetteer(self) -> None:
        self._gazetteer = None

    def gazetteer_changed(self) -> bool:
        """The window came to the front again: when a gazetteer changed elsewhere meanwhile
        (``annotator gazetteer import`` in a terminal, a team member), offer its terms in the
        article on show now (one small read; nothing when the gazetteers are off)."""
        if "gazetteer" not in self.sources or self.labelling.article_id is None:
            return False
        try:
            version = self.corpus.gazetteer_version()
        except (CorpusError, StoreError):  # a team server away: the next article reads it
            return False
        if version == self._gazetteer_version:
            return False
        self.load()
        return True

    def annotator_sources(self) -> list[str]:
        """The names of the other annotators turned on as sources, sorted."""
        me = self.labelling.annotator
        names = {annotator_of(s) for s in self.sources}
        return sorted(n for n in names if n is not None and n != me)

    # ------------------------------------------------------------ computing
    def load(self) -> None:
        """Offer what the sources find in the article on show (called when it opens)."""
        self._generation += 1
        self._found = {}
        self.offers = []
        self.current = None
        self._waiting = 0
        lab = self.labelling
        article = lab.pane.article
        me = lab.annotator
        if lab.article_id is None or article is None or not me:
            self._show()
            return
        article_id, text = lab.article_id, article.text
        self._rejected = self.corpus.suggestion_rejections(article_id, me)
        self._found["pending"] = self.corpus.pending_suggestions(article_id, me)
        for name in self.annotator_sources():  # one indexed read each: the article's spans
            try:
                self._found[f"annotator:{name}"] = self.corpus.annotator_suggestions(
                    article_id, name
                )
            except CorpusError as exc:  # not readable (here): nothing from them
                log.info("no suggestions from %s: %s", name, exc)
        if "gazetteer" in self.sources:  # changed elsewhere since read: read again
            version = self.corpus.gazetteer_version()
            if version != self._gazetteer_version:
                self._gazetteer, self._gazetteer_version = None, version
        generation = self._generation
        # The memory and gazetteers: matched here once read (the text's words cut once for
        # both); read on the runner's thread (a corpus of a million spans takes a while to
        # group) the first time.
        tokens: list[tuple[int, int]] | None = None
        for name, lexicon, read in (
            ("memory", self._memory if self._memory_of == me else None, self._read_memory),
            ("gazetteer", self._gazetteer, self._read_gazetteer),
        ):
            if name not in self.sources:
                continue
            if lexicon is not None:
                if len(lexicon):
                    tokens = words(text) if tokens is None else tokens
                    self._found[name] = from_suggestions(lexicon.match(text, tokens=tokens))
                continue
            self._waiting += 1
            self.runner.submit(
                lambda read=read: read(me, text),  # type: ignore[misc]
                *self._lexicon_answers(generation, name, me),
            )
        jobs: list[tuple[str, Callable[[], list[Offer]]]] = []
        if "rules" in self.sources:
            claim = self._claim_label()
            language = article.language
            jobs.append(("rules", lambda: rule_offers(text, language, claim)))
        folder = self.model_folder
        if "model" in self.sources and folder is not None:
            jobs.append(("model", lambda: self._model_offers(folder, text)))
        for name, job in jobs:
            self._waiting += 1
            self.runner.submit(job, *self._answers(generation, name))
        self._settle()

    def _answers(
        self, generation: int, name: str
    ) -> tuple[Callable[[list[Offer]], None], Callable[[BaseException], None]]:
        def done(found: list[Offer]) -> None:
            self._arrived(generation, name, found)

        def failed(exc: BaseException) -> None:
            self._failed(generation, name, exc)

        return done, failed

    def _model_offers(self, folder: Path, text: str) -> list[Offer]:
        """On the runner's thread: the model's suggestions (loaded there, once per folder)."""
        if self._model is None or self._model_from != folder:
            from annotator.learn.model import ModelSuggester

            self._model = ModelSuggester(folder)
            self._model_from = folder
        return from_suggestions(self._model.suggest(text))

    def _arrived(self, generation: int, name: str, found: list[Offer]) -> None:
        if generation != self._generation:
            return  # another article (or the sources) since
        self._waiting -= 1
        self._found[name] = found
        self._settle()

    def _failed(self, generation: int, name: str, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._waiting -= 1
        log.warning("suggestions from %s failed", name, exc_info=exc)
        self.labelling.message.emit(
            self.tr("Suggestions from {source} failed: {error}").format(source=name, error=exc)
        )
        self._settle()

    def _read_memory(self, me: str, text: str) -> tuple[Lexicon, list[Offer]]:
        """On the runner's thread: the memory of ``me``, and what it finds in ``text``."""
        memory = Lexicon()
        for form, label, count in self.reader.memory_forms(me):
            memory.add(form, label, count)
        return memory, from_suggestions(memory.match(text))

    def _read_gazetteer(self, _me: str, text: str) -> tuple[Lexicon, list[Offer]]:
        gazetteer = Lexicon(origin="gazetteer", fold=True)
        gazetteer.update((t, label) for t, label, _ in self.reader.gazetteer_terms())
        return gazetteer, from_suggestions(gazetteer.match(text))

    def _lexicon_answers(
        self, generation: int, name: str, me: str
    ) -> tuple[Callable[[tuple[Lexicon, list[Offer]]], None], Callable[[BaseException], None]]:
        def done(result: tuple[Lexicon, list[Offer]]) -> None:
            lexicon, found = result
            if name == "gazetteer":
                self._gazetteer = lexicon
            elif me == self.labelling.annotator:
                self._memory, self._memory_of = lexicon, me
            self._arrived(generation, name, found)

        def failed(exc: BaseException) -> None:
            self._failed(generation, name, exc)

        return done, failed

    def _claim_label(self) -> str | None:
        schema = self.corpus.schema
        if schema.has_label(CLAIM) and schema.layer_of(CLAIM) == "claim":
            return CLAIM
        claims = [x for x in schema.labels_of("claim") if x.name != CUE]  # a cue is no claim
        return claims[0].name if claims else None

    def _settle(self) -> None:
        """What is offered now: every source's finds, less what is labelled or rejected."""
        schema = self.corpus.schema

        def layer_of(label: str) -> str | None:
            return schema.layer_of(label) if schema.has_label(label) else None

        # A cue word shares the claim layer but never stands in a claim offer's way.
        mine = [(s.start, s.end, s.layer) for s in self.labelling.mine if s.label != CUE]
        found = [o for name in self._order() for o in self._found.get(name, [])]
        self.offers = settle(found, layer_of, mine, self._rejected)
        if self.current is not None and self.current not in self.offers:
            self.current = None
        self._show()

    def _order(self) -> list[str]:
        out: list[str] = []
        for name in ORDER:
            if name == "annotator:":
                out += sorted(k for k in self._found if k.startswith(name))
            else:
                out.append(name)
        return out

    def _show(self) -> None:
        self.labelling.pane.set_suggestions(self.offers, self.current)

    def after_changes(self, changes: Changes) -> None:
        """My spans changed: what I labelled joins the memory (its other places in this
        article are offered at once), and what is labelled now leaves the offers."""
        if changes.spans_removed or changes.schema_changed:
            self._memory = None  # read again at the next article
        article = self.labelling.pane.article
        if self._memory is not None and "memory" in self.sources and article is not None:
            for span in self.labelling.mine:
                if span.id in changes.spans_added and span.layer == "entity":
                    self._memory.add(span.text, span.label)
                    found = occurrences(article.text, span.text, span.label)
                    self._found.setdefault("memory", []).extend(found)
        self._settle()

    # ------------------------------------------------------------ the offer in hand
    def _here(self) -> int:
        pane = self.labelling.pane
        cursor = pane.text_edit.textCursor()
        if cursor.hasSelection():
            return pane.selection()[0]
        return pane.cursor_position()

    def offer_at(self, position: int) -> Offer | None:
        """The innermost offer over the character at ``position`` (code points)."""
        covering = [o for o in self.offers if o.start <= position < o.end]
        return min(covering, key=lambda o: o.end - o.start) if covering else None

    def at_cursor(self) -> Offer | None:
        """The offer in hand (walked to), else the innermost one under the text cursor."""
        here = self._here()
        if self.current is not None and self.current.start <= here <= self.current.end:
            return self.current
        covering = [o for o in self.offers if o.start <= here < o.end]
        if not covering:
            covering = [o for o in self.offers if o.end == here]
        return min(covering, key=lambda o: o.end - o.start) if covering else None

    def step(self, direction: int) -> Offer | None:
        """F8 / Shift+F8: the next / previous offer in text order (wrapping); selected."""
        if not self.offers:
            self.labelling.message.emit(self.tr("No suggestions in this article"))
            return None
        if self.current in self.offers:
            assert self.current is not None
            n = (self.offers.index(self.current) + direction) % len(self.offers)
        else:
            here = self._here()
            later = [i for i, o in enumerate(self.offers) if o.start >= here]
            if direction > 0:
                n = later[0] if later else 0
            else:
                n = (later[0] - 1) if later else len(self.offers) - 1
        self._take(self.offers[n % len(self.offers)])
        return self.current

    def _take(self, offer: Offer | None, *, say: bool = True) -> None:
        """Make ``offer`` the one in hand: selected in the pane, its source said."""
        self.current = offer
        lab = self.labelling
        if offer is not None:  # the cursor at its start, no selection: its colours show
            lab.set_current(None, select_text=False)
            lab.pane.place_cursor(offer.start)
        if offer is not None and say:
            said = self.tr("Suggested {label} ({origin}): Enter accepts, Backspace rejects")
            if offer.others:  # a form labelled two ways: both said, the likelier first
                said = self.tr(
                    "Suggested {label} ({origin}), or {others} (its key accepts that): Enter "
                    "accepts, Backspace rejects"
                ).replace("{others}", ", ".join(offer.others))
            lab.message.emit(said.format(label=offer.label, origin=offer.origin))
        self._show()

    def _next_after(self, offer: Offer) -> None:
        later = [o for o in self.offers if (o.start, -o.end) > (offer.start, -offer.end)]
        nxt = later[0] if later else None
        if nxt is not None:
            self._take(nxt, say=False)
        else:
            self.current = None
            self.labelling.pane.clear_selection()
            self._show()

    # ------------------------------------------------------------ gestures
    def _item(self, offer: Offer) -> Accept:
        assert self.labelling.article_id is not None
        speaker = None
        if offer.speaker is not None and self.labelling.pane.article is not None:
            s, e = offer.speaker
            form = self.labelling.pane.article.text[s:e]
            try:
                allowed = list(self.corpus.schema.relation(SPEAKER).child_labels)
            except ValueError:
                allowed = []
            memory = self._memory if "memory" in self.sources else None
            label = offer.speaker_label  # the source's (another annotator's) label
            if label not in allowed:
                label = speaker_label(form, allowed, memory)
            if label is not None:
                speaker = (s, e, label)
        return Accept(
            self.labelling.article_id, offer.start, offer.end, offer.label, offer.origin, speaker
        )

    def accept(self, label: str | None = None) -> bool:
        """Enter: the offer at the cursor becomes my span (its origin kept; one undo); with
        ``label`` (a label key), with that label instead of the one suggested."""
        me = self.labelling._me()
        offer = self.at_cursor()
        if me is None:
            return False
        if offer is None:
            self.labelling.message.emit(self.tr("No suggestion under the cursor"))
            return False
        if label is not None and label != offer.label:
            offer = replace(offer, label=label, speaker=None)
        item = self._item(offer)
        changes = self.labelling.edit(lambda: self.corpus.accept_suggestions(me, [item]))
        if changes is None:
            return False
        self.labelling.message.emit(
            self.tr("Accepted {label}: {text}").format(label=offer.label, text=offer.text)
        )
        self._next_after(offer)
        return True

    def reject(self) -> bool:
        """Backspace: the offer at the cursor goes, and never comes back here for me."""
        me = self.labelling._me()
        offer = self.at_cursor()
        article_id = self.labelling.article_id
        if me is None or article_id is None:
            return False
        if offer is None:
            self.labelling.message.emit(self.tr("No suggestion under the cursor"))
            return False
        try:
            self.corpus.reject_suggestion(article_id, me, offer.start, offer.end, offer.label)
        except CorpusError as exc:
            self.labelling.message.emit(str(exc))
            return False
        self._rejected.add(offer.key)
        self._settle()
        self.labelling.message.emit(
            self.tr("Rejected {label}: {text}").format(label=offer.label, text=offer.text)
        )
        self._next_after(offer)
        return True

    def accept_all(self) -> int:
        """Shift+Enter: every offer left in the article becomes mine, in one undo step."""
        me = self.labelling._me()
        if me is None:
            return 0
        if not self.offers:
            self.labelling.message.emit(self.tr("No suggestions in this article"))
            return 0
        items = [self._item(o) for o in self.offers]
        changes = self.labelling.edit(lambda: self.corpus.accept_suggestions(me, items))
        if changes is None:
            return 0
        self.current = None
        self.labelling.pane.clear_selection()
        self._show()
        self.labelling.message.emit(
            self.tr("Accepted {n} suggestions (one undo)").format(n=len(items))
        )
        return len(items)

    def label_all_here(self) -> int:
        """Alt+O: every other place of the span in hand's text in this article gets its
        label (origin ``memory``), in one undo step."""
        lab = self.labelling
        span = lab._mine_in_hand()
        me = lab._me()
        if span is None or me is None or lab.pane.article is None or lab.article_id is None:
            return 0
        layer = span.layer
        mine = [(s.start, s.end) for s in lab.mine if s.layer == layer]
        found = occurrences(lab.pane.article.text, span.text, span.label, mine)
        article_id = lab.article_id
        items = [Accept(article_id, o.start, o.end, o.label, "memory") for o in found]
        return self._label_all(me, span.label, span.text, items, 1)

    def label_all_corpus(
        self, corpus: Any = None, done: Callable[[int], None] | None = None
    ) -> None:
        """Alt+Shift+O: the same in every article of the corpus; the articles are read on
        the runner's thread, the spans added in one undo step when they are found."""
        lab = self.labelling
        span = lab._mine_in_hand()
        me = lab._me()
        if span is None or me is None:
            return
        reader = corpus if corpus is not None else self.reader
        form, label, layer = span.text, span.label, span.layer

        def job() -> tuple[list[Accept], int]:
            items: list[Accept] = []
            articles = 0
            for article_id in reader.article_ids():
                text = reader.article_text(article_id)
                if form not in text:
                    continue
                mine = [(s.start, s.end) for s in reader.spans(article_id, me) if s.layer == layer]
                found = occurrences(text, form, label, mine)
                if found:
                    articles += 1
                items += [Accept(article_id, o.start, o.end, o.label, "memory") for o in found]
            return items, articles

        def finished(result: tuple[list[Accept], int]) -> None:
            items, articles = result
            n = self._label_all(me, label, form, items, articles)
            if done is not None:
                done(n)

        def failed(exc: BaseException) -> None:
            lab.message.emit(str(exc))
            if done is not None:
                done(0)

        lab.message.emit(self.tr("Looking for “{text}” in every article…").format(text=form))
        self.runner.submit(job, finished, failed)

    def _label_all(self, me: str, label: str, form: str, items: list[Accept], articles: int) -> int:
        lab = self.labelling
        if not items:
            lab.message.emit(self.tr("No other unlabelled “{text}” found").format(text=form))
            return 0
        changes = lab.edit(lambda: self.corpus.accept_suggestions(me, items))
        if changes is None:
            return 0
        n = len(changes.spans_added)
        lab.message.emit(
            self.tr("Labelled {n} more “{text}” {label} in {articles} article(s)").format(
                n=n, text=form, label=label, articles=articles
            )
        )
        return n

    def stop(self) -> None:
        self.runner.stop()
