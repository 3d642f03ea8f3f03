"""Start the GUI: `run` opens the corpus and the main window; `display_problem` says if it can."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from annotator.gui.dialogs.identity import ask_annotator
from annotator.gui.main_window import DEFAULT_SIZE, MainWindow
from annotator.gui.settings import DOMAIN, ORGANIZATION, settings
from annotator.paths import APP_ID, APP_NAME
from annotator.store.corpus import Corpus

# Platforms that draw without a display server (or that the user chose knowingly).
DISPLAYLESS_PLATFORMS = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
)

# Exactly the Debian/Ubuntu packages Qt 6.11's xcb plugin needs (libQt6XcbQpa's NEEDED list)
# beyond what `xvfb` itself brings in; checked with `apt-cache depends --recurse` on bookworm.
XCB_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0"
)

NO_DISPLAY = f"""\
Annotator cannot open its window: there is no display here
(neither DISPLAY nor WAYLAND_DISPLAY is set, and QT_QPA_PLATFORM names no display-less platform).

To get one:
  * run it from a desktop session (or `ssh -X` from one);
  * on a headless Debian/Ubuntu machine, install (as root) a virtual X server and the
    libraries Qt's xcb plugin needs, then run Annotator under it:
        apt-get install xvfb xauth {XCB_PACKAGES}
        xvfb-run -a make run
  * or render the window to a picture without any display:
        annotator gui --screenshot window.png"""


def display_problem() -> str | None:
    """None when a window can be shown here; else a message saying why not and what to do."""
    if sys.platform in ("win32", "darwin"):
        return None
    wanted = os.environ.get("QT_QPA_PLATFORM", "")
    names = {part.split(":", 1)[0].strip().lower() for part in wanted.split(";")}
    if names & DISPLAYLESS_PLATFORMS:
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


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
    return app


def _quiet_offscreen(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Drop the offscreen plugin's notice about window size hints; pass the rest on."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def run(db: str, *, annotator: str | None = None, screenshot: Path | None = None) -> int:
    """Open the corpus at ``db`` in the main window, on its first article.

    With ``screenshot``, render the window (1280x800) to that PNG file instead of running the
    event loop, and return 0 (1 if the file could not be written). Needs no display: without one,
    the window is drawn offscreen. Otherwise return the event loop's exit code.
    """
    offscreen = screenshot is not None and (
        display_problem() is not None or "QT_QPA_PLATFORM" not in os.environ
    )
    app = application(offscreen=offscreen)
    corpus = Corpus.open(db)
    try:
        if screenshot is not None:
            return _screenshot(app, MainWindow(corpus, annotator), Path(screenshot))
        window = MainWindow(corpus, resolve_annotator(corpus, annotator))
        window.restore_layout()
        window.show()
        window.open_start()
        return app.exec()
    finally:
        corpus.close()


def resolve_annotator(corpus: Corpus, given: str | None) -> str | None:
    """Who labels this session: ``--annotator``, else the last session's, else asked (first
    launch). The answer is remembered; None if the user cancelled (the window opens to read)."""
    name = given or known_annotator() or ask_annotator(None, corpus, None)
    if name:
        settings().setValue("annotator", name)
    return name


def known_annotator() -> str | None:
    """The annotator of the last session (QSettings key ``annotator``), if any."""
    value = settings().value("annotator")
    return str(value).strip() or None if value else None


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    window.remember_layout = False
    window.resize(*DEFAULT_SIZE)
    window.show()
    window.select_first()
    # Show the first claim of the annotator in hand: its attributes and speaker in the panel.
    claim = next((s for s in window.labelling.mine if s.layer == "claim"), None)
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
