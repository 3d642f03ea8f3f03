"""The one registry of the window's actions: menu entries, their shortcuts and the slots they call.

A new feature adds a row here naming its method of :class:`~annotator.gui.commands.Commands`
by reference (``Commands.undo``: "find usages" and the type checker see it); the menus and
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

from annotator.core.schema import Label, LabelSchema
from annotator.gui.commands import Commands
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.icons import follow_palette, set_action_icon


@dataclass(frozen=True)
class Menu:
    name: str
    text: str


@dataclass(frozen=True)
class Action:
    name: str  # stable id: tests and settings refer to it
    text: str  # menu text, with & before the mnemonic
    shortcut: str  # QKeySequence text ("Ctrl+Q"); "" for none
    slot: Callable[..., object]  # the Commands method that runs it: slot(commands[, arg|checked])
    menu: str  # Menu.name
    checkable: bool = False
    tip: str = ""
    separator_before: bool = False
    scope: str = "window"  # "text": while the text pane has the focus; "spans": or the span table
    icon: str = ""  # resources/icons/actions/<icon>.svg, drawn in the palette's text colour
    also_in: tuple[str, ...] = ()  # more menus listing the same action (one shortcut), at the end
    arg: int | None = None  # numbered rows: slot(commands, arg); "{n}" in the texts

    def bind(self, commands: Commands) -> Callable[..., object]:
        """The slot as a callable of the window's commands (checkable: of the checked state)."""
        if self.arg is not None:
            return functools.partial(self.slot, commands, self.arg)
        return functools.partial(self.slot, commands)


MENUS: tuple[Menu, ...] = (
    Menu("file", QT_TRANSLATE_NOOP("Actions", "&File")),
    Menu("edit", QT_TRANSLATE_NOOP("Actions", "&Edit")),
    Menu("label", QT_TRANSLATE_NOOP("Actions", "&Label")),
    Menu("article", QT_TRANSLATE_NOOP("Actions", "&Article")),
    Menu("view", QT_TRANSLATE_NOOP("Actions", "&View")),
    Menu("review", QT_TRANSLATE_NOOP("Actions", "&Review")),
    Menu("help", QT_TRANSLATE_NOOP("Actions", "&Help")),
)

ACTIONS: tuple[Action, ...] = (
    Action(
        "connect_server",
        QT_TRANSLATE_NOOP("Actions", "&Connect to team server…"),
        "",
        Commands.connect_server,
        "file",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Open a team corpus on a PostgreSQL server, shared with other annotators"
        ),
    ),
    Action(
        "open_local",
        QT_TRANSLATE_NOOP("Actions", "&Open local corpus…"),
        "Ctrl+O",
        Commands.open_local,
        "file",
        tip=QT_TRANSLATE_NOOP("Actions", "Open a corpus file on this computer"),
    ),
    Action(
        "switch_annotator",
        QT_TRANSLATE_NOOP("Actions", "Switch &annotator…"),
        "Ctrl+Shift+U",
        Commands.switch_annotator,
        "file",
        icon="annotator",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Label under another name"),
    ),
    Action(
        "import_files",
        QT_TRANSLATE_NOOP("Actions", "&Import…"),
        "Ctrl+I",
        Commands.import_files,
        "file",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Add articles and labels from files: text, CSV, JSONL, Prodigy, doccano, "
            "Label Studio, brat, CoNLL",
        ),
    ),
    Action(
        "export",
        QT_TRANSLATE_NOOP("Actions", "&Export…"),
        "Ctrl+E",
        Commands.export,
        "file",
        icon="export",
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Write a dataset: JSONL, Prodigy, doccano, Label Studio, brat, CoNLL, spaCy, HF",
        ),
    ),
    Action(
        "quit",
        QT_TRANSLATE_NOOP("Actions", "&Quit"),
        "Ctrl+Q",
        Commands.quit,
        "file",
        icon="quit",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Close Annotator"),
    ),
    # ---------------------------------------------------------------- edit
    Action(
        "undo",
        QT_TRANSLATE_NOOP("Actions", "&Undo"),
        "Ctrl+Z",
        Commands.undo,
        "edit",
        icon="undo",
        tip=QT_TRANSLATE_NOOP("Actions", "Undo your last change"),
    ),
    Action(
        "redo",
        QT_TRANSLATE_NOOP("Actions", "&Redo"),
        "Ctrl+Shift+Z",
        Commands.redo,
        "edit",
        icon="redo",
        tip=QT_TRANSLATE_NOOP("Actions", "Redo what you undid"),
    ),
    Action(
        "delete_span",
        QT_TRANSLATE_NOOP("Actions", "&Delete span"),
        "Delete",
        Commands.delete_span,
        "edit",
        icon="delete",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Delete your span under the cursor (the innermost), or the one selected"
        ),
        scope="spans",
    ),
    Action(
        "next_span",
        QT_TRANSLATE_NOOP("Actions", "&Next span"),
        "Tab",
        Commands.next_span,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "Select your next span"),
        scope="text",
    ),
    Action(
        "previous_span",
        QT_TRANSLATE_NOOP("Actions", "&Previous span"),
        "Shift+Tab",
        Commands.previous_span,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "Select your previous span"),
        scope="text",
    ),
    Action(
        "clear_selection",
        QT_TRANSLATE_NOOP("Actions", "&Clear selection"),
        "Escape",
        Commands.clear_selection,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "Clear the selection, or cancel linking"),
        scope="text",
    ),
    Action(
        "move_start_left",
        QT_TRANSLATE_NOOP("Actions", "Move span start &left"),
        "Alt+Shift+Left",
        Commands.move_start_left,
        "edit",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The span in hand starts one word earlier (one character in character mode)"
        ),
        scope="spans",
    ),
    Action(
        "move_start_right",
        QT_TRANSLATE_NOOP("Actions", "Move span start ri&ght"),
        "Alt+Shift+Right",
        Commands.move_start_right,
        "edit",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The span in hand starts one word later (one character in character mode)"
        ),
        scope="spans",
    ),
    Action(
        "move_end_left",
        QT_TRANSLATE_NOOP("Actions", "Move span end le&ft"),
        "Ctrl+Alt+Left",
        Commands.move_end_left,
        "edit",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The span in hand ends one word earlier (one character in character mode)"
        ),
        scope="spans",
    ),
    Action(
        "move_end_right",
        QT_TRANSLATE_NOOP("Actions", "Move span end rig&ht"),
        "Ctrl+Alt+Right",
        Commands.move_end_right,
        "edit",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The span in hand ends one word later (one character in character mode)"
        ),
        scope="spans",
    ),
    Action(
        "link_speaker",
        QT_TRANSLATE_NOOP("Actions", "Link &speaker"),
        "S",
        Commands.link_speaker,
        "edit",
        icon="link",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The next span you click becomes the selected claim's speaker (SAID_BY)"
        ),
    ),
    Action(
        "choose_speaker",
        QT_TRANSLATE_NOOP("Actions", "C&hoose speaker…"),
        "Shift+S",
        Commands.choose_speaker,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "Pick the selected claim's speaker from a list"),
    ),
    Action(
        "link_about",
        QT_TRANSLATE_NOOP("Actions", "Link &about"),
        "A",
        Commands.link_about,
        "edit",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The next span you click becomes what the selected claim is about (ABOUT)"
        ),
    ),
    Action(
        "choose_about",
        QT_TRANSLATE_NOOP("Actions", "Choose abou&t…"),
        "Shift+A",
        Commands.choose_about,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "Pick what the selected claim is about from a list"),
    ),
    Action(
        "join_cluster",
        QT_TRANSLATE_NOOP("Actions", "Join a c&luster…"),
        "C",
        Commands.join_cluster,
        "edit",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "The clusters the selected claim may join, ranked, with their reasons and outlets",
        ),
    ),
    Action(
        "new_cluster",
        QT_TRANSLATE_NOOP("Actions", "Start a ne&w cluster"),
        "Shift+C",
        Commands.new_cluster,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "A new cluster named from the selected claim"),
    ),
    Action(
        "leave_cluster",
        QT_TRANSLATE_NOOP("Actions", "Lea&ve cluster"),
        "",
        Commands.leave_cluster,
        "edit",
        tip=QT_TRANSLATE_NOOP("Actions", "The selected claim leaves its cluster"),
    ),
    Action(
        "preferences",
        QT_TRANSLATE_NOOP("Actions", "Prefere&nces…"),
        "Ctrl+,",
        Commands.preferences,
        "edit",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Language of the app"),
    ),
    # ---------------------------------------------------------------- label
    Action(
        "character_mode",
        QT_TRANSLATE_NOOP("Actions", "&Character mode"),
        "Ctrl+Shift+C",
        Commands.set_character_mode,
        "label",
        checkable=True,
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Label exactly the selected characters instead of whole words"
        ),
    ),
    # Suggestions (gui/suggesting.py, ADR 0030): keys on the suggestion at the cursor.
    Action(
        "next_suggestion",
        QT_TRANSLATE_NOOP("Actions", "Ne&xt suggestion"),
        "F8",
        Commands.next_suggestion,
        "label",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Select the next suggestion in the article"),
        scope="text",
    ),
    Action(
        "previous_suggestion",
        QT_TRANSLATE_NOOP("Actions", "Pre&vious suggestion"),
        "Shift+F8",
        Commands.previous_suggestion,
        "label",
        tip=QT_TRANSLATE_NOOP("Actions", "Select the previous suggestion in the article"),
        scope="text",
    ),
    Action(
        "accept_suggestion",
        QT_TRANSLATE_NOOP("Actions", "&Accept suggestion"),
        "Return",
        Commands.accept_suggestion,
        "label",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The suggestion at the cursor becomes your span (a claim with its speaker)"
        ),
        scope="text",
    ),
    Action(
        "reject_suggestion",
        QT_TRANSLATE_NOOP("Actions", "&Reject suggestion"),
        "Backspace",
        Commands.reject_suggestion,
        "label",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The suggestion at the cursor goes and is not offered here again"
        ),
        scope="text",
    ),
    Action(
        "accept_all_suggestions",
        QT_TRANSLATE_NOOP("Actions", "Accept all su&ggestions"),
        "Shift+Return",
        Commands.accept_all_suggestions,
        "label",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Every suggestion left in this article becomes your span (one undo)"
        ),
        scope="text",
    ),
    Action(
        "occurrences_here",
        QT_TRANSLATE_NOOP("Actions", "Label all &occurrences here"),
        "Alt+O",
        Commands.label_all_here,
        "label",
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Every other place of the selected span's text in this article gets its label",
        ),
        scope="spans",
    ),
    Action(
        "occurrences_corpus",
        QT_TRANSLATE_NOOP("Actions", "Label all occurrences in the co&rpus"),
        "Alt+Shift+O",
        Commands.label_all_corpus,
        "label",
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Every other place of the selected span's text in every article gets its label",
        ),
        scope="spans",
    ),
    Action(
        "suggest_memory",
        QT_TRANSLATE_NOOP("Actions", "Suggest from &memory"),
        "",
        Commands.suggest_from_memory,
        "label",
        checkable=True,
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Suggest every form you (or gold) labelled, wherever it occurs"
        ),
    ),
    Action(
        "suggest_gazetteer",
        QT_TRANSLATE_NOOP("Actions", "Suggest from &gazetteers"),
        "",
        Commands.suggest_from_gazetteer,
        "label",
        checkable=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Suggest the terms of the corpus's gazetteers"),
    ),
    Action(
        "edit_gazetteers",
        QT_TRANSLATE_NOOP("Actions", "Edit gazet&teers…"),
        "",
        Commands.edit_gazetteers,
        "label",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The corpus's gazetteer terms: filter, add, remove, import a term list"
        ),
    ),
    Action(
        "suggest_rules",
        QT_TRANSLATE_NOOP("Actions", "Suggest from r&ules"),
        "",
        Commands.suggest_from_rules,
        "label",
        checkable=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Suggest quantities, dates and claims with their speaker"),
    ),
    Action(
        "suggest_model",
        QT_TRANSLATE_NOOP("Actions", "Suggest from the mo&del"),
        "",
        Commands.suggest_from_model,
        "label",
        checkable=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Suggest what the chosen trained model finds"),
    ),
    Action(
        "choose_model",
        QT_TRANSLATE_NOOP("Actions", "Choose suggestion mod&el…"),
        "",
        Commands.choose_model,
        "label",
        tip=QT_TRANSLATE_NOOP("Actions", "A model folder `annotator train` wrote, to suggest from"),
    ),
    Action(
        "edit_schema",
        QT_TRANSLATE_NOOP("Actions", "Edit label &schema…"),
        "",
        Commands.edit_schema,
        "label",
        icon="schema",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Add, rename and recolour labels and hotkeys; add attributes"
        ),
    ),
    # ---------------------------------------------------------------- article
    Action(
        "mark_done",
        QT_TRANSLATE_NOOP("Actions", "Mark &done"),
        "Ctrl+Return",
        Commands.mark_done,
        "article",
        icon="done",
        tip=QT_TRANSLATE_NOOP("Actions", "I am done here"),
    ),
    Action(
        "mark_skipped",
        QT_TRANSLATE_NOOP("Actions", "Mark &skipped"),
        "Ctrl+Shift+Return",
        Commands.mark_skipped,
        "article",
        icon="skip",
        tip=QT_TRANSLATE_NOOP("Actions", "Skip this article (not for labelling)"),
    ),
    Action(
        "set_story",
        QT_TRANSLATE_NOOP("Actions", "S&tory…"),
        "",
        Commands.set_story,
        "article",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "The event this article reports: articles of one story are kept together"
        ),
    ),
    Action(
        "suggest_stories",
        QT_TRANSLATE_NOOP("Actions", "Suggest st&ories…"),
        "",
        Commands.suggest_stories,
        "article",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Find articles that share entities and dates, and put them in one story"
        ),
    ),
    Action(
        "train_model",
        QT_TRANSLATE_NOOP("Actions", "&Train suggestions model…"),
        "",
        Commands.train_model,
        "article",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Learn suggestions from the articles you marked done, in the background",
        ),
    ),
    Action(
        "next_article",
        QT_TRANSLATE_NOOP("Actions", "&Next article"),
        "Alt+Down",
        Commands.next_article,
        "article",
        icon="next",
        separator_before=True,
    ),
    Action(
        "previous_article",
        QT_TRANSLATE_NOOP("Actions", "&Previous article"),
        "Alt+Up",
        Commands.previous_article,
        "article",
        icon="previous",
    ),
    Action(
        "next_not_done",
        QT_TRANSLATE_NOOP("Actions", "Next &not done"),
        "Ctrl+N",
        Commands.next_not_done,
        "article",
        tip=QT_TRANSLATE_NOOP("Actions", "The next article you have not marked done or skipped"),
    ),
    # ---------------------------------------------------------------- view
    Action(
        "order_corpus",
        QT_TRANSLATE_NOOP("Actions", "Next in &corpus order"),
        "",
        Commands.order_by_corpus,
        "article",
        checkable=True,
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Next article: the next one in the list"),
    ),
    Action(
        "order_suggestions",
        QT_TRANSLATE_NOOP("Actions", "Next with the &most open suggestions"),
        "",
        Commands.order_by_suggestions,
        "article",
        checkable=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Next article: the one not done where memory, gazetteers and rules suggest most",
        ),
    ),
    Action(
        "order_uncertainty",
        QT_TRANSLATE_NOOP("Actions", "Next where the model is least &sure"),
        "",
        Commands.order_by_uncertainty,
        "article",
        checkable=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Next article: the one not done the trained model is least certain about"
        ),
    ),
    Action(
        "find_articles",
        QT_TRANSLATE_NOOP("Actions", "&Find articles…"),
        "Ctrl+F",
        Commands.focus_filter,
        "view",
        icon="search",
        tip=QT_TRANSLATE_NOOP("Actions", "Search the titles and texts of the corpus"),
    ),
    Action(
        "toggle_article_list",
        QT_TRANSLATE_NOOP("Actions", "Article &list"),
        "Ctrl+L",
        Commands.set_article_list_visible,
        "view",
        checkable=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Show or hide the list of articles"),
    ),
    Action(
        "toggle_span_panel",
        QT_TRANSLATE_NOOP("Actions", "S&pan panel"),
        "Ctrl+Shift+L",
        Commands.set_span_panel_visible,
        "view",
        checkable=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Show or hide the list of spans"),
    ),
    Action(
        "cluster_view",
        QT_TRANSLATE_NOOP("Actions", "Cl&uster view"),
        "Ctrl+K",
        Commands.set_cluster_view_visible,
        "view",
        checkable=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Your claim clusters: every member side by side, differences and conflicts marked",
        ),
    ),
    Action(
        "blind_mode",
        QT_TRANSLATE_NOOP("Actions", "&Blind mode"),
        "Ctrl+Shift+B",
        Commands.set_blind_mode,
        "view",
        checkable=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Hide other annotators' spans"),
    ),
    Action(
        "text_larger",
        QT_TRANSLATE_NOOP("Actions", "&Larger text"),
        "Ctrl++",
        Commands.text_larger,
        "view",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Make the article text larger"),
    ),
    Action(
        "text_smaller",
        QT_TRANSLATE_NOOP("Actions", "&Smaller text"),
        "Ctrl+-",
        Commands.text_smaller,
        "view",
    ),
    Action(
        "text_reset",
        QT_TRANSLATE_NOOP("Actions", "&Normal text size"),
        "Ctrl+0",
        Commands.text_reset,
        "view",
    ),
    Action(
        "dashboard",
        QT_TRANSLATE_NOOP("Actions", "Agreement &dashboard…"),
        "Ctrl+Shift+D",
        Commands.show_dashboard,
        "view",
        icon="dashboard",
        separator_before=True,
        also_in=("review",),
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Charts of inter-annotator agreement, activity and label use"
        ),
    ),
    # ---------------------------------------------------------------- review (gold)
    # Active only in review mode (the window enables them; 1-9 are label hotkeys otherwise).
    Action(
        "review_mode",
        QT_TRANSLATE_NOOP("Actions", "&Review mode"),
        "Ctrl+R",
        Commands.set_review_mode,
        "review",
        icon="review",
        checkable=True,
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Compare annotators' work on an article and settle it into gold"
        ),
    ),
    Action(
        "next_disagreement",
        QT_TRANSLATE_NOOP("Actions", "&Next disagreement"),
        "N",
        Commands.next_disagreement,
        "review",
        icon="next",
        separator_before=True,
    ),
    Action(
        "previous_disagreement",
        QT_TRANSLATE_NOOP("Actions", "&Previous disagreement"),
        "P",
        Commands.previous_disagreement,
        "review",
        icon="previous",
    ),
    *(
        Action(
            f"accept_version_{n}",
            QT_TRANSLATE_NOOP("Actions", "Accept annotator &{n}'s version"),
            str(n),
            Commands.accept_version,
            "review",
            arg=n,
            separator_before=n == 1,
            tip=QT_TRANSLATE_NOOP(
                "Actions", "Gold takes the {n}. compared annotator's version of this disagreement"
            ),
        )
        for n in range(1, 10)
    ),
    Action(
        "no_gold_cluster",
        QT_TRANSLATE_NOOP("Actions", "&No cluster for gold's claim"),
        "0",
        Commands.no_gold_cluster,
        "review",
        tip=QT_TRANSLATE_NOOP(
            "Actions",
            "Gold's claim here joins no claim cluster (1-9 take an annotator's cluster with "
            "their version)",
        ),
    ),
    Action(
        "accept_agreeing",
        QT_TRANSLATE_NOOP("Actions", "Accept all &agreeing spans"),
        "Ctrl+Shift+A",
        Commands.accept_agreeing,
        "review",
        tip=QT_TRANSLATE_NOOP("Actions", "Every span all compared annotators have goes into gold"),
    ),
    Action(
        "edit_gold",
        QT_TRANSLATE_NOOP("Actions", "&Edit gold span…"),
        "E",
        Commands.edit_gold,
        "review",
        tip=QT_TRANSLATE_NOOP("Actions", "Set the gold span's label and boundaries by hand"),
    ),
    Action(
        "reject_gold",
        QT_TRANSLATE_NOOP("Actions", "Re&ject"),
        "R",
        Commands.reject_gold,
        "review",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Reject the gold span here, or every version here (also Delete)"
        ),
    ),
    Action(
        "keyboard_reference",
        QT_TRANSLATE_NOOP("Actions", "&Keyboard reference"),
        "F1",
        Commands.keyboard_reference,
        "help",
        tip=QT_TRANSLATE_NOOP("Actions", "Every key of the window, with what it does"),
    ),
    Action(
        "about",
        QT_TRANSLATE_NOOP("Actions", "&About Annotator"),
        "",
        Commands.about,
        "help",
        icon="about",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Version, licence and where your data and logs are"),
    ),
)


def build_actions(
    window: QMainWindow,
    commands: Commands,
    text_area: QWidget | None = None,
    span_table: QWidget | None = None,
) -> dict[str, QAction]:
    """Create the menus and actions of ``window`` from :data:`ACTIONS`, each calling its
    ``commands`` method; return them by name.

    ``text`` scoped actions are added to ``text_area`` too and fire only while it has the
    focus; ``spans`` scoped ones also while ``span_table`` has it.
    """
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for menu in MENUS:
        menus[menu.name] = bar.addMenu(translate("Actions", menu.text))
        menus[menu.name].setObjectName(f"menu_{menu.name}")
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        slot = spec.bind(commands)
        action = QAction(window)
        action.setObjectName(spec.name)
        if spec.icon:
            set_action_icon(action, spec.icon)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
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
    # The same QAction in another menu: one shortcut, one checked state, one entry in the
    # keyboard reference (which lists the table's rows).
    for spec in ACTIONS:
        for other in spec.also_in:
            menus[other].addSeparator()
            menus[other].addAction(actions[spec.name])
    follow_palette(window)
    retranslate_actions(window, actions)
    return actions


def action_text(spec: Action) -> str:
    """The row's menu text in the GUI's language (``{n}`` filled in for numbered rows)."""
    text = translate("Actions", spec.text)
    return text.replace("{n}", str(spec.arg)) if spec.arg is not None else text


def action_tip(spec: Action) -> str:
    if not spec.tip:
        return ""
    tip = translate("Actions", spec.tip)
    return tip.replace("{n}", str(spec.arg)) if spec.arg is not None else tip


def retranslate_actions(window: QMainWindow, actions: dict[str, QAction]) -> None:
    """Set the menu titles and the actions' texts and tips in the GUI's language."""
    for spec_menu in MENUS:
        menu(window, spec_menu.name).setTitle(translate("Actions", spec_menu.text))
    for spec in ACTIONS:
        action = actions[spec.name]
        action.setText(action_text(spec))
        tip = action_tip(spec)
        action.setStatusTip(tip)
        action.setToolTip(tip or action.text().replace("&", ""))


def menu(window: QMainWindow, name: str) -> QMenu:
    found = window.menuBar().findChild(QMenu, f"menu_{name}")
    assert found is not None, name
    return found


def label_tip(label: Label) -> str:
    """The palette button's tip: the label name and hotkey are data, the rest translated."""
    if label.hotkey:
        tip = translate("Actions", "Label the selection {label} ({key})").format(
            label=label.name, key=label.hotkey
        )
    else:
        tip = translate("Actions", "Label the selection {label}").format(label=label.name)
    return tip + (f": {label.description}" if label.description else "")


def build_label_actions(
    window: QMainWindow, commands: Commands, schema: LabelSchema
) -> list[QAction]:
    """One action per label of the schema, its hotkey as shortcut, at the top of the Label
    menu; each calls ``commands.apply_label(name)``. Call again after the schema changed."""
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
        action.setToolTip(label_tip(label))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(lambda _c=False, name=label.name: commands.apply_label(name))
        label_menu.insertAction(first, action)  # type: ignore[arg-type]
        made.append(action)
    return made
