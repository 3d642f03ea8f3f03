"""The application icon, and action icons drawn in the palette's text colour.

Action icons are monochrome SVGs in ``resources/icons/actions/`` drawn with the colour
``currentColor``. :func:`action_icon` puts the palette's window-text colour in its place (the
disabled text colour for disabled actions, the highlighted-text colour for a highlighted menu
entry), so the icons read on a light and on a dark palette. :func:`follow_palette` re-draws a
window's action icons whenever its palette changes (the system switched between light and dark).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from annotator.paths import APP_ID, resources_dir

log = logging.getLogger(__name__)

PLACEHOLDER = "currentColor"  # the colour the action SVGs are drawn with, replaced at run time
ICON_PROPERTY = "annotatorIcon"  # QAction property: the name of its action icon
PIXMAP_SIZES = (16, 24, 32, 48, 64)
APP_ICON_SIZES = (16, 32, 48, 64, 128, 256)

Group = QPalette.ColorGroup
Role = QPalette.ColorRole


def icons_dir() -> Path:
    return resources_dir() / "icons"


def action_icon_file(name: str) -> Path:
    return icons_dir() / "actions" / f"{name}.svg"


def app_icon_files() -> list[Path]:
    """The application icon: the PNG sizes, then the scalable SVG (hicolor theme layout)."""
    hicolor = icons_dir() / "hicolor"
    files = [hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in APP_ICON_SIZES]
    return [*files, hicolor / "scalable" / "apps" / f"{APP_ID}.svg"]


def app_icon() -> QIcon:
    icon = QIcon()
    for path in app_icon_files():
        if path.is_file():
            icon.addFile(str(path))
    return icon


@cache
def _svg(name: str) -> str:
    return action_icon_file(name).read_text(encoding="utf-8")


def tinted_svg(name: str, color: str) -> str:
    """The action icon's SVG with ``color`` (``#rrggbb``) instead of the placeholder."""
    return _svg(name).replace(PLACEHOLDER, color)


def _pixmaps(svg: str) -> list[QPixmap]:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    made = []
    for size in PIXMAP_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        made.append(pixmap)
    return made


def action_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The action icon ``name`` in ``palette``'s text colours (default: the application's).
    An unknown name gives an empty icon (and a log line), never an error in the window."""
    if palette is None:
        palette = QGuiApplication.palette()
    try:
        _svg(name)
    except OSError as exc:
        log.warning("no action icon %s: %s", name, exc)
        return QIcon()
    icon = QIcon()
    for mode, group, role in (
        (QIcon.Mode.Normal, Group.Active, Role.WindowText),
        (QIcon.Mode.Active, Group.Active, Role.WindowText),
        (QIcon.Mode.Selected, Group.Active, Role.HighlightedText),
        (QIcon.Mode.Disabled, Group.Disabled, Role.WindowText),
    ):
        for pixmap in _pixmaps(tinted_svg(name, palette.color(group, role).name())):
            icon.addPixmap(pixmap, mode)
    return icon


def set_action_icon(action: QAction, name: str) -> None:
    """Give ``action`` the icon ``name``, and remember it so :func:`follow_palette` can
    re-draw it."""
    action.setProperty(ICON_PROPERTY, name)
    action.setIcon(action_icon(name))


def refresh_action_icons(window: QWidget) -> int:
    """Re-draw the icons of ``window``'s actions in the current palette; return how many."""
    palette = QGuiApplication.palette()
    count = 0
    for action in window.findChildren(QAction):
        name = action.property(ICON_PROPERTY)
        if name:
            action.setIcon(action_icon(str(name), palette))
            count += 1
    return count


class _PaletteWatcher(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            refresh_action_icons(self._window)
        return False


def follow_palette(window: QWidget) -> None:
    """Re-draw ``window``'s action icons whenever its palette changes (once per window)."""
    if window.findChild(_PaletteWatcher) is None:
        window.installEventFilter(_PaletteWatcher(window))
