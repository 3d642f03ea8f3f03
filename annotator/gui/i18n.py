"""The GUI's language: which one, and switching it while the windows are open.

The choice is the QSettings key ``language``: ``""`` follows the system locale
(``QLocale.system()``), ``"en"`` or ``"id"`` override it. :func:`apply_language` installs
the compiled translation (see :mod:`annotator.i18n`) with a ``QTranslator`` — replacing the
previous one, which makes Qt send every widget a ``LanguageChange`` event; the widgets
answer it by setting their texts again (their ``retranslate`` methods), so nothing restarts.

Strings are marked for ``lupdate`` with ``self.tr(...)`` in widgets and
``QCoreApplication.translate("Context", ...)`` elsewhere; table rows that are translated when
used carry ``QT_TRANSLATE_NOOP``. Label names from the schema are data and stay as they are.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from annotator.gui.settings import settings
from annotator.i18n import LANGUAGES, SOURCE_LANGUAGE, qm_file, set_translator

log = logging.getLogger(__name__)

LANGUAGE_KEY = "language"
SYSTEM = ""  # the stored choice that follows the system locale

set_translator(QCoreApplication.translate)  # Qt-free modules translate through Qt too
_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for ``lupdate`` under ``context``; translated later, where it is shown.
    (PySide6's own returns ``object`` to type checkers.)"""
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate`` (the name ``lupdate`` looks for)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def stored_choice() -> str:
    """The language chosen in Preferences: ``""`` (system), ``"en"`` or ``"id"``."""
    value = settings().value(LANGUAGE_KEY, SYSTEM)
    value = str(value) if value else SYSTEM
    return value if value in LANGUAGES else SYSTEM


def system_language() -> str:
    """The supported language closest to the system locale; English if none is."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-", 1)[0].lower()
        if code == "in":  # the old ISO code of Indonesian
            code = "id"
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def resolve(choice: str | None) -> str:
    return choice if choice in LANGUAGES else system_language()


def current_language() -> str:
    """The language the GUI is showing now."""
    return _current


def apply_language(choice: str | None) -> str:
    """Show the GUI in ``choice`` (``""``/None: the system's); return the language shown.

    A missing translation falls back to English (logged), never an error."""
    global _current
    language = resolve(choice)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("apply_language needs the QApplication")
    fresh: list[QTranslator] = []
    path = qm_file(language)
    own = QTranslator(app)
    if path is not None and own.load(str(path)):
        fresh.append(own)
    else:
        log.warning("no %s translation could be loaded; the GUI shows English", language)
        if language != SOURCE_LANGUAGE:
            language = SOURCE_LANGUAGE
            english = qm_file(SOURCE_LANGUAGE)
            if english is not None and own.load(str(english)):
                fresh.append(own)
    qt_own = QTranslator(app)  # Qt's own texts (standard buttons, context menus)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != SOURCE_LANGUAGE and qt_own.load(f"qtbase_{language}", qt_dir):
        fresh.append(qt_own)
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    for translator in fresh:
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
    QLocale.setDefault(QLocale(language))
    _current = language
    # Qt posts LanguageChange to the top-level widgets; deliver it now, so every open window
    # shows the new language when this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    log.info("GUI language %s (choice %r)", language, choice or "system")
    return language


def set_language(choice: str) -> str:
    """Remember ``choice`` in QSettings and show the GUI in it now."""
    store = settings()
    store.setValue(LANGUAGE_KEY, choice if choice in LANGUAGES else SYSTEM)
    store.sync()
    return apply_language(choice)


class Retranslated:
    """A mixin, placed before the Qt widget class: on a language switch, the widget's
    ``retranslate()`` sets its texts again."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
