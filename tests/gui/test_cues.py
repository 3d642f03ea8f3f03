"""Cue words (issue 16) through the real widgets: 0 marks the reporting words as a CUE span,
its form shows none of the claim's attributes, and S then a click links it to its claim."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, SeedCorpus
from tests.gui.util import click_text, find, open_emoji, select_text, settled


def test_a_cue_marked_with_keys_has_no_claim_attributes_and_links_to_its_claim(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    select_text(window, *find("kata"))
    qtbot.keyClick(edit, Qt.Key.Key_0)  # CUE
    spans = open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)
    (cue,) = [s for s in spans if s.label == "CUE"]
    assert cue.text == "kata" and cue.layer == "claim" and cue.attributes == {}
    settled(qtbot, window)

    # The cue in hand: its form has no claim attributes, only the claim it reports.
    form = window.span_panel.editor
    assert window.labelling.current == cue.id
    assert form.editors == {} and list(form.links) == ["CUE_OF"]
    assert "press S to link" in form.links["CUE_OF"].text()
    window.resize(1280, 800)
    window.grab().save("/tmp/cue-words-form.png")

    # S on a cue links it to its claim: the next click picks the claim.
    qtbot.keyClick(edit, Qt.Key.Key_S)
    assert window.labelling.link_mode == "CUE_OF"
    click_text(qtbot, window, find("aman")[0])
    (claim,) = [s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR) if s.label == "CLAIM"]
    (rel,) = open_corpus.relations(seed_corpus.emoji_id, ANNOTATOR)
    assert (rel.head, rel.label, rel.child) == (cue.id, "CUE_OF", claim.id)
    settled(qtbot, window)
    assert "bahwa Jakarta" in form.links["CUE_OF"].text()

    # A claim's form keeps its attributes and speaker; the cue is not counted as a claim.
    click_text(qtbot, window, find("aman")[0])
    settled(qtbot, window)
    assert "attribution" in form.editors and "SAID_BY" in form.links
    assert "CUE_OF" not in form.links
    bold = [x.cursor.selectedText() for x in edit.extraSelections()]
    assert bold == ["kata"]  # the claim in hand shows its cue word
    assert window.span_panel.count_label.text() == "5 spans of yours, 1 claim without a speaker"
