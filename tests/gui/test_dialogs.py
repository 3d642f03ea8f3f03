"""The identity dialog and the schema editor, driven through their real widgets.

Modal dialogs (QInputDialog, QColorDialog, QMessageBox, the add-label and add-attribute forms)
are answered from the event loop by :func:`answer_modal` once they show: the editor's own
code path runs unchanged, and the tests assert on the store.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from annotator.gui.dialogs import IdentityDialog, SchemaEditor, ask_annotator
from annotator.gui.dialogs.schema_editor import AttributeDialog, LabelDialog
from annotator.gui.palette import (
    apply_style,
    contrast,
    dark_palette,
    is_dark,
    outline,
    readable_text,
    span_background,
    tint,
)
from annotator.store.corpus import Corpus
from tests.gui.conftest import SeedCorpus
from tests.gui.util import answer_modal


def click_ok(qtbot: Any, dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def type_into(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def answer_text(qtbot: Any, text: str) -> list[str]:
    """Type ``text`` into the next QInputDialog and press OK; returns the prompts seen."""
    prompts: list[str] = []

    def act(dialog: QInputDialog) -> None:
        prompts.append(dialog.labelText())
        edit = dialog.findChild(QLineEdit)
        assert edit is not None
        type_into(qtbot, edit, text)
        click_ok(qtbot, dialog)

    answer_modal(QInputDialog, act)
    return prompts


def answer_message(qtbot: Any, button: QMessageBox.StandardButton) -> list[str]:
    texts: list[str] = []

    def act(box: QMessageBox) -> None:
        texts.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    answer_modal(QMessageBox, act)
    return texts


@pytest.fixture
def editor(qtbot: Any, open_corpus: Corpus) -> SchemaEditor:
    dialog = SchemaEditor(open_corpus, by="alice")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click_label(qtbot: Any, editor: SchemaEditor, name: str) -> None:
    table = editor.labels_table
    (item,) = table.findItems(name, Qt.MatchFlag.MatchExactly)
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.selected_label() == name


def click(qtbot: Any, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_names(editor: SchemaEditor) -> list[str]:
    table = editor.labels_table
    return [table.item(row, 1).text() for row in range(table.rowCount())]


# ------------------------------------------------------------------ schema editor
def test_rename_relabels_the_spans_in_the_store(
    qtbot: Any, editor: SchemaEditor, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    assert not editor.rename_button.isEnabled()  # nothing selected yet
    click_label(qtbot, editor, "GPE")
    prompts = answer_text(qtbot, "PLACE")
    with qtbot.waitSignal(editor.schema_changed) as signal:
        click(qtbot, editor.rename_button)
    assert prompts == ["New name for GPE. Its 2 spans will be relabelled."]

    assert open_corpus.span_counts_by_label() == {"PERSON": 1, "CLAIM": 1, "PLACE": 2}
    with sqlite3.connect(seed_corpus.path) as conn:  # committed: another connection sees it
        labels = conn.execute("SELECT DISTINCT label FROM span ORDER BY label").fetchall()
    assert labels == [("CLAIM",), ("PERSON",), ("PLACE",)]
    assert open_corpus.schema.label("PLACE").hotkey == "3"
    assert "PLACE" in open_corpus.schema.relation("SAID_BY").child_labels
    changes = signal.args[0]
    assert changes.schema_changed and len(changes.spans_updated) == 2
    # The editor redrew from the store and keeps the renamed label selected.
    assert "PLACE" in table_names(editor) and "GPE" not in table_names(editor)
    assert editor.selected_label() == "PLACE"
    assert "2 spans relabelled" in editor.message.text()


def test_rename_to_a_taken_name_is_refused_with_a_message(
    qtbot: Any, editor: SchemaEditor, open_corpus: Corpus
) -> None:
    click_label(qtbot, editor, "GPE")
    answer_text(qtbot, "PERSON")
    messages = answer_message(qtbot, QMessageBox.StandardButton.Ok)
    click(qtbot, editor.rename_button)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["There is already a label called PERSON."]
    assert open_corpus.span_counts_by_label()["GPE"] == 2
    assert editor.message.text() == messages[0]


def test_delete_of_a_used_label_is_refused_with_the_count(
    qtbot: Any, editor: SchemaEditor, open_corpus: Corpus
) -> None:
    click_label(qtbot, editor, "GPE")
    messages = answer_message(qtbot, QMessageBox.StandardButton.Ok)
    click(qtbot, editor.delete_button)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["GPE is used by 2 spans; relabel or delete them first."]
    assert open_corpus.schema.has_label("GPE")
    assert "GPE" in table_names(editor)

    # An unused label goes, after a confirmation.
    click_label(qtbot, editor, "EVENT")
    answer_message(qtbot, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.schema_changed):
        click(qtbot, editor.delete_button)
    assert not open_corpus.schema.has_label("EVENT")
    assert "EVENT" not in table_names(editor)
    assert editor.selected_label() is None and not editor.delete_button.isEnabled()


def test_hotkey_change_is_stored_and_a_clash_refused(
    qtbot: Any, editor: SchemaEditor, open_corpus: Corpus
) -> None:
    click_label(qtbot, editor, "LOC")
    answer_text(qtbot, "l")
    click(qtbot, editor.hotkey_button)
    assert open_corpus.schema.label("LOC").hotkey == "l"
    row = table_names(editor).index("LOC")
    assert editor.labels_table.item(row, 3).text() == "l"

    answer_text(qtbot, "1")
    messages = answer_message(qtbot, QMessageBox.StandardButton.Ok)
    click(qtbot, editor.hotkey_button)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["Hotkey 1 is already used by PERSON."]
    assert open_corpus.schema.label("LOC").hotkey == "l"


def test_recolour_through_the_colour_dialog(
    qtbot: Any, editor: SchemaEditor, open_corpus: Corpus
) -> None:
    def pick(dialog: QColorDialog) -> None:
        dialog.setCurrentColor(QColor("#123abc"))
        dialog.accept()

    click_label(qtbot, editor, "CLAIM")
    answer_modal(QColorDialog, pick)
    click(qtbot, editor.recolour_button)
    assert open_corpus.schema.label("CLAIM").color == "#123abc"
    row = table_names(editor).index("CLAIM")
    assert editor.labels_table.item(row, 0).text() == "#123abc"


def test_add_label_through_its_form(qtbot: Any, editor: SchemaEditor, open_corpus: Corpus) -> None:
    def fill(dialog: LabelDialog) -> None:
        type_into(qtbot, dialog.name_edit, "PERSON")  # taken: the form says so and stays
        click_ok(qtbot, dialog)
        assert dialog.isVisible()
        assert dialog.problem_label.text() == "There is already a label called PERSON."
        type_into(qtbot, dialog.name_edit, "WEAPON")
        type_into(qtbot, dialog.hotkey_edit, "w")
        qtbot.keyClicks(dialog.description_edit, "Arms and munitions")
        click_ok(qtbot, dialog)

    answered = answer_modal(LabelDialog, fill)
    with qtbot.waitSignal(editor.schema_changed):
        click(qtbot, editor.add_label_button)
    assert answered
    weapon = open_corpus.schema.label("WEAPON")
    assert (weapon.layer, weapon.hotkey, weapon.description) == (
        "entity", "w", "Arms and munitions",
    )  # fmt: skip
    assert weapon.color not in {x.color for x in open_corpus.schema.labels if x is not weapon}
    assert editor.selected_label() == "WEAPON"


def test_add_attribute_through_its_form(
    qtbot: Any, editor: SchemaEditor, open_corpus: Corpus
) -> None:
    def fill(dialog: AttributeDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "role")
        dialog.layer_combo.setCurrentText("entity")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("choice"))
        qtbot.keyClicks(dialog.choices_edit, "speaker, subject, bystander")
        dialog.default_combo.setCurrentText("subject")
        labels = dialog.labels_list
        names = [labels.item(n).text() for n in range(labels.count())]
        assert names == [x.name for x in open_corpus.schema.labels_of("entity")]
        for name in ("PERSON", "ORG"):  # ticked with the space bar
            labels.setCurrentRow(names.index(name))
            qtbot.keyClick(labels, Qt.Key.Key_Space)
        click_ok(qtbot, dialog)

    answer_modal(AttributeDialog, fill)
    click(qtbot, editor.add_attribute_button)
    (role,) = open_corpus.schema.attributes_of("entity")
    assert (role.name, role.kind, role.choices, role.default, role.labels) == (
        "role", "choice", ("speaker", "subject", "bystander"), "subject", ("PERSON", "ORG"),
    )  # fmt: skip
    assert [a.name for a in open_corpus.schema.attributes_for("GPE")] == []
    entity = editor.attributes_tree.topLevelItem(0)
    assert entity.text(0) == "entity (1)" and entity.child(0).text(0) == "role"
    assert entity.child(0).text(4) == "PERSON, ORG"


# ------------------------------------------------------------------ identity
def test_identity_dialog_returns_the_typed_name(qtbot: Any, open_corpus: Corpus) -> None:
    def fill(dialog: IdentityDialog) -> None:
        assert "saved under this name" in dialog.findChild(QWidget, "identityIntro").text()
        assert [dialog.combo.itemText(i) for i in range(dialog.combo.count())] == ["alice"]
        assert not dialog.ok_button.isEnabled()  # empty
        edit = dialog.combo.lineEdit()
        qtbot.keyClicks(edit, "   ")
        assert not dialog.ok_button.isEnabled()
        assert dialog.problem.text().startswith("Type a name")
        qtbot.keyClicks(edit, "Carol Danvers  ")
        assert dialog.ok_button.isEnabled() and not dialog.problem.text()
        click_ok(qtbot, dialog)

    answer_modal(IdentityDialog, fill)
    assert ask_annotator(None, open_corpus, None) == "Carol Danvers"


def test_identity_dialog_offers_the_current_name_and_cancel_gives_none(
    qtbot: Any, open_corpus: Corpus
) -> None:
    def cancel(dialog: IdentityDialog) -> None:
        assert dialog.name() == "alice" and dialog.ok_button.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_modal(IdentityDialog, cancel)
    assert ask_annotator(None, open_corpus, "alice") is None

    dialog = IdentityDialog(["alice", "bob"], "alice")
    qtbot.addWidget(dialog)
    dialog.combo.setCurrentIndex(1)
    assert dialog.name() == "bob"
    dialog.combo.setEditText("x" * 65)
    assert not dialog.ok_button.isEnabled() and "too long" in dialog.problem.text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted


# ------------------------------------------------------------------ palette
def light_and_dark() -> tuple[QPalette, QPalette]:
    light = QApplication.style().standardPalette()
    return light, dark_palette()


def test_is_dark_with_real_palettes(qapp: QApplication) -> None:
    light, dark = light_and_dark()
    assert not is_dark(light)
    assert is_dark(dark)
    custom = QPalette(QColor("#101418"))  # from a dark button colour Qt derives the rest
    assert is_dark(custom) == (
        custom.color(QPalette.ColorRole.Window).lightness()
        < custom.color(QPalette.ColorRole.WindowText).lightness()
    )


def test_tint_blends_over_the_background(qapp: QApplication) -> None:
    assert tint("#ff0000", "#ffffff", 0.0).name() == "#ffffff"
    assert tint("#ff0000", "#ffffff", 1.0).name() == "#ff0000"
    assert tint("#ff0000", "#000000", 0.5).name() in ("#7f0000", "#800000")
    assert tint("#1f77b4", "#1e1e1e", 0.4).alpha() == 255  # opaque: no stacking surprises


@pytest.mark.parametrize("dark", [False, True])
def test_span_tints_keep_text_readable_and_marks_visible(qapp: QApplication, dark: bool) -> None:
    palette = light_and_dark()[dark]
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    for color in ("#1f77b4", "#ff7f0e", "#f2c14e", "#bcbd22", "#7f7f7f", "#000000", "#ffffff"):
        background = span_background(color, palette)
        assert contrast(background, text) >= 4.5, color
        assert background != base or color in ("#ffffff", "#000000"), color
        assert contrast(outline(color, palette), base) >= 3.0, color
    assert readable_text("#f2c14e").name() == "#000000"
    assert readable_text("#1f1f5f").name() == "#ffffff"


def test_apply_style_uses_fusion_and_follows_the_scheme(qapp: QApplication) -> None:
    before = QPalette(qapp.palette())
    style_before = qapp.style().name()
    try:
        follower = apply_style(qapp)
        assert apply_style(qapp) is follower  # once per application
        assert qapp.style().name().lower() == "fusion"
        seen: list[bool] = []
        follower.scheme_changed.connect(seen.append)
        follower.follow(Qt.ColorScheme.Dark)
        assert is_dark(qapp.palette()) and follower.dark
        follower.follow(Qt.ColorScheme.Light)
        assert not is_dark(qapp.palette())
        assert seen == [True, False]
    finally:
        qapp.setStyle(style_before)
        qapp.setPalette(before)
