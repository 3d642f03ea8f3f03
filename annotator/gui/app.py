"""Start the GUI: `run` opens the corpus and the main window; `display_problem` says if it can."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from annotator.core.speakers import is_claim
from annotator.core.validate import is_gold_name
from annotator.display import display_problem
from annotator.gui import errors, i18n
from annotator.gui.dialogs.connect import ConnectDialog, password_prompt, problem_text
from annotator.gui.dialogs.welcome import welcome
from annotator.gui.icons import app_icon
from annotator.gui.main_window import DEFAULT_SIZE, MainWindow
from annotator.gui.settings import DOMAIN, ORGANIZATION, settings
from annotator.gui.team_link import quiet_disconnects
from annotator.paths import APP_ID, APP_NAME
from annotator.store import credentials, team
from annotator.store.corpus import Corpus
from annotator.store.errors import AuthenticationFailed, ServerError, StoreError


def application(*, offscreen: bool = False) -> QApplication:
    """The process's QApplication (created on first call), named so QSettings find their place."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setOrganizationDomain(DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    argv = [sys.argv[0] if sys.argv else APP_NAME]
    if offscreen:
        argv += ["-platform", "offscreen"]
    if offscreen or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen)
    app = QApplication(argv)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def _quiet_offscreen(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Drop the offscreen plugin's notice about window size hints; pass the rest on."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def run(
    db: str,
    *,
    annotator: str | None = None,
    screenshot: Path | None = None,
    language: str | None = None,
) -> int:
    """Open the corpus at ``db`` in the main window, on its first article.

    ``language`` ("en", "id") shows the GUI in it this time; by default the one chosen in
    Preferences, else the system's. Unexpected errors are logged and shown in a dialog.

    With ``screenshot``, render the window (1280x800) to that PNG file instead of running the
    event loop, and return 0 (1 if the file could not be written). Needs no display: without one,
    the window is drawn offscreen. Otherwise return the event loop's exit code.
    """
    offscreen = screenshot is not None and (
        display_problem() is not None or "QT_QPA_PLATFORM" not in os.environ
    )
    app = application(offscreen=offscreen)
    i18n.apply_language(language if language else i18n.stored_choice())
    errors.install(app)
    sys.excepthook = quiet_disconnects(sys.excepthook)
    corpus = open_target(db)
    if corpus is None:
        print("annotator: not connected to the team server", file=sys.stderr)
        return 1
    workspace = Workspace(corpus)
    try:
        if screenshot is not None:
            return _screenshot(app, MainWindow(corpus, annotator), Path(screenshot))
        known = annotator or known_annotator()
        if known:
            settings().setValue("annotator", known)
        window = open_window(workspace, known)
        window.restore_layout()
        window.show()
        window.open_start()
        if not known:  # first launch: the welcome dialog over the demo corpus, already open
            app.processEvents()
            name = resolve_annotator(corpus, None, parent=window)
            if name:
                window.set_annotator(name)
        return app.exec()
    finally:
        workspace.corpus.close()


# ---------------------------------------------------------------- opening and switching corpora
LAST_TEAM_URL = "team/last_url"  # QSettings: the last team server connected to (no password)


@dataclass
class Workspace:
    """The process's one open corpus and the window on it (ADR 0002: one corpus per process;
    switching closes both, then opens the new corpus and a new window)."""

    corpus: Corpus
    window: MainWindow | None = None


def open_target(target: str, parent: QWidget | None = None) -> Corpus | None:
    """Open the corpus at ``target``. A team URL takes its password from this session, the
    keyring or libpq (PGPASSWORD, ~/.pgpass), else asks (:func:`password_prompt`); a server
    that cannot be reached opens the connect dialog with the reason, to fix and retry.
    None: the user cancelled."""
    if not team.is_team_url(target):
        return Corpus.open(target)
    try:
        return credentials.open_corpus(target, password_prompt(parent, target))
    except AuthenticationFailed:
        return None  # the prompt was cancelled (or refused three times)
    except ServerError as exc:
        dialog = ConnectDialog(parent, url=target, reason=problem_text(exc))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return open_team(dialog.url(), dialog.given_password(), dialog.remember.isChecked())
        finally:
            dialog.deleteLater()


def open_team(
    url: str, password: str | None, remember: bool = False, parent: QWidget | None = None
) -> Corpus:
    """Open the team corpus at ``url`` with the password typed (None: the session's, the
    keyring's or libpq's, else asked); a password that worked is held for the session and,
    with ``remember`` and a secure keyring, kept in it."""
    if password is None:
        corpus = credentials.open_corpus(url, password_prompt(parent, url))
    else:
        corpus = Corpus.open(url, password=password)
        credentials.remember(team.parse_url(url).key, password, keep=remember)
    settings().setValue(LAST_TEAM_URL, url)
    return corpus


def open_window(workspace: Workspace, annotator: str | None) -> MainWindow:
    """A main window on the workspace's corpus, whose File menu can switch corpora."""
    window = MainWindow(workspace.corpus, annotator)
    window.corpus_requested.connect(lambda kind: choose_corpus(workspace, kind))
    workspace.window = window
    return window


def choose_corpus(workspace: Workspace, kind: str) -> bool:
    """File › Connect to team server ("team") or Open local corpus ("local"): ask where,
    then switch. False when the user cancelled or the corpus could not be opened."""
    parent = workspace.window
    if kind == "team":
        last = settings().value(LAST_TEAM_URL)
        dialog = ConnectDialog(parent, url=str(last) if last else None)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            target, password = dialog.url(), dialog.given_password()
            remember = dialog.remember.isChecked()
        finally:
            dialog.deleteLater()
    else:
        target, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("App", "Open local corpus"),
            "",
            QCoreApplication.translate(
                "App", "Annotator corpus (*.sqlite3 *.sqlite *.db);;All files (*)"
            ),
        )
        if not target:
            return False
        password, remember = None, False
    return switch_corpus(workspace, target, password=password, remember=remember)


def switch_corpus(
    workspace: Workspace, target: str, *, password: str | None = None, remember: bool = False
) -> bool:
    """Close the window and its corpus, open ``target`` and a new window on it (same
    annotator). If ``target`` cannot be opened, say why and reopen the previous corpus."""
    old = workspace.window
    annotator = old.annotator if old is not None else None
    previous = workspace.corpus.location
    app = QApplication.instance()
    quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)  # the old window closes before the new one shows
    try:
        if old is not None:
            old.close()  # saves its active time and layout while its corpus is open
            old.deleteLater()
            workspace.window = None
        workspace.corpus.close()
        opened = True
        try:
            corpus = (
                open_team(target, password, remember)
                if team.is_team_url(target)
                else Corpus.open(target)
            )
        except StoreError as exc:
            opened = False
            QMessageBox.warning(
                None,
                QCoreApplication.translate("App", "Cannot open the corpus"),
                problem_text(exc),
            )
            back = open_target(previous)
            if back is None:
                QCoreApplication.quit()
                return False
            corpus = back
        workspace.corpus = corpus
        window = open_window(workspace, annotator or resolve_annotator(corpus, None))
        window.restore_layout()
        window.show()
        window.activateWindow()
        window.open_start()
        return opened
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quit_on_close)


def resolve_annotator(
    corpus: Corpus, given: str | None, *, parent: QWidget | None = None
) -> str | None:
    """Who labels this session: ``--annotator``, else the last session's, else asked by the
    welcome dialog (first launch: the name and a tour of the keys). The answer is remembered;
    None if the user cancelled (the window opens to read)."""
    name = given or known_annotator() or welcome(parent, corpus)
    if name:
        settings().setValue("annotator", name)
    return name


def known_annotator() -> str | None:
    """The annotator of the last session (QSettings key ``annotator``), if any."""
    value = settings().value("annotator")
    name = str(value).strip() or None if value else None
    return None if is_gold_name(name) else name  # gold is reserved: ask again


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    window.remember_layout = False
    window.resize(*DEFAULT_SIZE)
    window.show()
    window.select_first()
    # Show the first claim of the annotator in hand: its attributes and speaker in the panel.
    claim = next((s for s in window.labelling.mine if is_claim(s)), None)
    if claim is not None:
        window.labelling.set_current(claim.id, select_text=False)
    for _ in range(3):  # layout settles over a few passes (dock sizes, word wrap)
        app.processEvents()
    if claim is not None:
        window.span_panel.show_current(claim.id)  # scroll to it now that the table has a size
        app.processEvents()
    pixmap = window.grab()
    window.close()
    window.deleteLater()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        print(f"annotator: could not write the screenshot to {path}", file=sys.stderr)
        return 1
    print(f"Saved a screenshot of the window to {path}", file=sys.stderr)
    return 0
