"""Where the GUI keeps its own state (window layout, text size): QSettings, nothing else.

The window's dock layout is kept per mode: ``window/state`` for labelling, ``review/state``
for review mode (``MainWindow.save_layout``; closing in review mode keeps both).

``ANNOTATOR_SETTINGS_DIR`` puts the settings into an INI file in that folder (tests point it
into ``tmp_path``); otherwise Qt's usual place for organisation "Annotator", app "Annotator".
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from annotator.paths import APP_NAME

SETTINGS_ENV = "ANNOTATOR_SETTINGS_DIR"
ORGANIZATION = "Annotator"
DOMAIN = "annotator.org"


def settings() -> QSettings:
    """A QSettings for the GUI's state, honouring ``ANNOTATOR_SETTINGS_DIR``."""
    folder = os.environ.get(SETTINGS_ENV)
    if folder:
        fmt = QSettings.Format.IniFormat
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)
        return QSettings(fmt, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)
    return QSettings(ORGANIZATION, APP_NAME)
