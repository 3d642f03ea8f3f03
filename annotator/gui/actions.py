"""The one table of the window's actions: menu entries, their shortcuts and the slots they call.

A new feature adds a row here and a method of that name on :class:`MainWindow`; the menus and
shortcuts are built from this table only, so every action is in a menu with its shortcut.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


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


MENUS: tuple[Menu, ...] = (
    Menu("file", "&File"),
    Menu("view", "&View"),
    Menu("help", "&Help"),
)

ACTIONS: tuple[Action, ...] = (
    Action("quit", "&Quit", "Ctrl+Q", "close", "file", tip="Close Annotator"),
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
    Action("about", "&About Annotator", "", "about", "help"),
)


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    """Create the menus and actions of ``window`` from :data:`ACTIONS`; return them by name."""
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for menu in MENUS:
        menus[menu.name] = bar.addMenu(menu.text)
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        slot: Callable[..., object] = getattr(window, spec.slot)  # a missing slot fails here
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
        if spec.separator_before:
            menus[spec.menu].addSeparator()
        menus[spec.menu].addAction(action)
        actions[spec.name] = action
    return actions
