"""The one table of the window's actions: menu entries, their shortcuts and the slots they call.

A new feature adds a row here and a method of that name on :class:`MainWindow`; the menus and
shortcuts are built from this table only, so every action is in a menu with its shortcut.
The label hotkeys (1–9) come from the corpus's schema, so :func:`build_label_actions` makes
them, into the Label menu, from the schema instead of from rows.

Scope: ``window`` shortcuts work anywhere in the window (a line edit still gets its own typed
characters first); ``text`` shortcuts (Tab, Escape) only while the text pane has the focus, so
Tab still moves the focus elsewhere; ``spans`` (Delete) while the text pane or the span table
has it, so Delete still deletes in a line edit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from annotator.core.schema import LabelSchema


@dataclass(frozen=True)
class Menu:
    name: str
    text: str


@dataclass(frozen=True)
class Action:
    name: str  # stable id: tests and settings refer to it
    text: str  # menu text, with & before the mnemonic
    shortcut: str  # QKeySequence text ("Ctrl+Q"); "" for none
    slot: str  # name of the MainWindow method that runs it
    menu: str  # Menu.name
    checkable: bool = False
    tip: str = ""
    separator_before: bool = False
    scope: str = "window"  # "text": while the text pane has the focus; "spans": or the span table


MENUS: tuple[Menu, ...] = (
    Menu("file", "&File"),
    Menu("edit", "&Edit"),
    Menu("label", "&Label"),
    Menu("article", "&Article"),
    Menu("view", "&View"),
    Menu("review", "&Review"),
    Menu("help", "&Help"),
)

ACTIONS: tuple[Action, ...] = (
    Action(
        "switch_annotator",
        "Switch &annotator…",
        "Ctrl+Shift+U",
        "switch_annotator",
        "file",
        tip="Label under another name",
    ),
    Action(
        "export",
        "&Export…",
        "Ctrl+E",
        "export",
        "file",
        separator_before=True,
        tip="Write a dataset: JSONL, Prodigy, doccano, Label Studio, brat, CoNLL, spaCy, HF",
    ),
    Action(
        "quit", "&Quit", "Ctrl+Q", "close", "file", separator_before=True, tip="Close Annotator"
    ),
    # ---------------------------------------------------------------- edit
    Action("undo", "&Undo", "Ctrl+Z", "undo", "edit", tip="Undo your last change"),
    Action("redo", "&Redo", "Ctrl+Shift+Z", "redo", "edit", tip="Redo what you undid"),
    Action(
        "delete_span",
        "&Delete span",
        "Delete",
        "delete_span",
        "edit",
        separator_before=True,
        tip="Delete your span under the cursor (the innermost), or the one selected",
        scope="spans",
    ),
    Action(
        "next_span",
        "&Next span",
        "Tab",
        "next_span",
        "edit",
        tip="Select your next span",
        scope="text",
    ),
    Action(
        "previous_span",
        "&Previous span",
        "Shift+Tab",
        "previous_span",
        "edit",
        tip="Select your previous span",
        scope="text",
    ),
    Action(
        "clear_selection",
        "&Clear selection",
        "Escape",
        "clear_selection",
        "edit",
        tip="Clear the selection, or cancel linking",
        scope="text",
    ),
    Action(
        "link_speaker",
        "Link &speaker",
        "S",
        "link_speaker",
        "edit",
        separator_before=True,
        tip="The next span you click becomes the selected claim's speaker (SAID_BY)",
    ),
    Action(
        "choose_speaker",
        "C&hoose speaker…",
        "Shift+S",
        "choose_speaker",
        "edit",
        tip="Pick the selected claim's speaker from a list",
    ),
    Action(
        "link_about",
        "Link &about",
        "A",
        "link_about",
        "edit",
        tip="The next span you click becomes what the selected claim is about (ABOUT)",
    ),
    Action(
        "choose_about",
        "Choose abou&t…",
        "Shift+A",
        "choose_about",
        "edit",
        tip="Pick what the selected claim is about from a list",
    ),
    # ---------------------------------------------------------------- label
    Action(
        "character_mode",
        "&Character mode",
        "Ctrl+Shift+C",
        "set_character_mode",
        "label",
        checkable=True,
        separator_before=True,
        tip="Label exactly the selected characters instead of whole words",
    ),
    Action(
        "edit_schema",
        "Edit label &schema…",
        "",
        "edit_schema",
        "label",
        separator_before=True,
        tip="Add, rename and recolour labels and hotkeys; add attributes",
    ),
    # ---------------------------------------------------------------- article
    Action("mark_done", "Mark &done", "Ctrl+Return", "mark_done", "article", tip="I am done here"),
    Action(
        "mark_skipped",
        "Mark &skipped",
        "Ctrl+Shift+Return",
        "mark_skipped",
        "article",
        tip="Skip this article (not for labelling)",
    ),
    Action(
        "next_article",
        "&Next article",
        "Alt+Down",
        "next_article",
        "article",
        separator_before=True,
    ),
    Action("previous_article", "&Previous article", "Alt+Up", "previous_article", "article"),
    Action(
        "next_not_done",
        "Next &not done",
        "Ctrl+N",
        "next_not_done",
        "article",
        tip="The next article you have not marked done or skipped",
    ),
    # ---------------------------------------------------------------- view
    Action(
        "find_articles",
        "&Find articles…",
        "Ctrl+F",
        "focus_filter",
        "view",
        tip="Search the titles and texts of the corpus",
    ),
    Action(
        "toggle_article_list",
        "Article &list",
        "Ctrl+L",
        "set_article_list_visible",
        "view",
        checkable=True,
        tip="Show or hide the list of articles",
    ),
    Action(
        "toggle_span_panel",
        "S&pan panel",
        "Ctrl+Shift+L",
        "set_span_panel_visible",
        "view",
        checkable=True,
        tip="Show or hide the list of spans",
    ),
    Action(
        "blind_mode",
        "&Blind mode",
        "Ctrl+Shift+B",
        "set_blind_mode",
        "view",
        checkable=True,
        tip="Hide other annotators' spans",
    ),
    Action(
        "text_larger",
        "&Larger text",
        "Ctrl++",
        "text_larger",
        "view",
        separator_before=True,
        tip="Make the article text larger",
    ),
    Action("text_smaller", "&Smaller text", "Ctrl+-", "text_smaller", "view"),
    Action("text_reset", "&Normal text size", "Ctrl+0", "text_reset", "view"),
    Action(
        "dashboard",
        "Agreement &dashboard…",
        "Ctrl+Shift+D",
        "show_dashboard",
        "view",
        separator_before=True,
        tip="Charts of inter-annotator agreement, activity and label use",
    ),
    # ---------------------------------------------------------------- review (gold)
    # Active only in review mode (the window enables them; 1-9 are label hotkeys otherwise).
    Action(
        "review_mode",
        "&Review mode",
        "Ctrl+R",
        "set_review_mode",
        "review",
        checkable=True,
        tip="Compare annotators' work on an article and settle it into gold",
    ),
    Action(
        "next_disagreement",
        "&Next disagreement",
        "N",
        "next_disagreement",
        "review",
        separator_before=True,
    ),
    Action(
        "previous_disagreement", "&Previous disagreement", "P", "previous_disagreement", "review"
    ),
    *(
        Action(
            f"accept_version_{n}",
            f"Accept annotator &{n}'s version",
            str(n),
            f"accept_version:{n}",
            "review",
            separator_before=n == 1,
            tip=f"Gold takes the {n}. compared annotator's version of this disagreement",
        )
        for n in range(1, 10)
    ),
    Action(
        "accept_agreeing",
        "Accept all &agreeing spans",
        "Ctrl+Shift+A",
        "accept_agreeing",
        "review",
        tip="Every span all compared annotators have goes into gold",
    ),
    Action(
        "edit_gold",
        "&Edit gold span…",
        "E",
        "edit_gold",
        "review",
        tip="Set the gold span's label and boundaries by hand",
    ),
    Action(
        "reject_gold",
        "Re&ject",
        "R",
        "reject_gold",
        "review",
        tip="Reject the gold span here, or every version here (also Delete)",
    ),
    Action("about", "&About Annotator", "", "about", "help"),
)


def build_actions(
    window: QMainWindow, text_area: QWidget | None = None, span_table: QWidget | None = None
) -> dict[str, QAction]:
    """Create the menus and actions of ``window`` from :data:`ACTIONS`; return them by name.

    ``text`` scoped actions are added to ``text_area`` too and fire only while it has the
    focus; ``spans`` scoped ones also while ``span_table`` has it.
    """
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for menu in MENUS:
        menus[menu.name] = bar.addMenu(menu.text)
        menus[menu.name].setObjectName(f"menu_{menu.name}")
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        name, _, arg = spec.slot.partition(":")  # "accept_version:3" calls accept_version(3)
        slot: Callable[..., object] = getattr(window, name)  # a missing slot fails here
        if arg:
            slot = functools.partial(slot, int(arg))
        action = QAction(spec.text, window)
        action.setObjectName(spec.name)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.setCheckable(spec.checkable)
        if spec.checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
        areas = {"text": [text_area], "spans": [text_area, span_table]}.get(spec.scope, [])
        for area in areas:
            if area is not None:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                area.addAction(action)
        if spec.separator_before:
            menus[spec.menu].addSeparator()
        menus[spec.menu].addAction(action)
        actions[spec.name] = action
    return actions


def menu(window: QMainWindow, name: str) -> QMenu:
    found = window.menuBar().findChild(QMenu, f"menu_{name}")
    assert found is not None, name
    return found


def build_label_actions(window: QMainWindow, schema: LabelSchema) -> list[QAction]:
    """One action per label of the schema, its hotkey as shortcut, at the top of the Label
    menu; each calls ``window.apply_label(name)``. Call again after the schema changed."""
    label_menu = menu(window, "label")
    for old in label_menu.actions():
        if old.objectName().startswith("label_"):
            label_menu.removeAction(old)
            old.deleteLater()
    first = label_menu.actions()[0] if label_menu.actions() else None
    made: list[QAction] = []
    for label in schema.labels:
        pixmap = QPixmap(14, 14)
        pixmap.fill(label.color)
        action = QAction(QIcon(pixmap), label.name, window)
        action.setObjectName(f"label_{label.name}")
        action.setIconText(f"{label.hotkey} {label.name}" if label.hotkey else label.name)
        if label.hotkey:
            action.setShortcut(QKeySequence(label.hotkey))
        tip = f"Label the selection {label.name}" + (f" ({label.hotkey})" if label.hotkey else "")
        action.setToolTip(tip + (f": {label.description}" if label.description else ""))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(lambda _c=False, name=label.name: window.apply_label(name))  # type: ignore[attr-defined]
        label_menu.insertAction(first, action)  # type: ignore[arg-type]
        made.append(action)
    return made
