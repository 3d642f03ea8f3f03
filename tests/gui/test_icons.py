"""Icons: the application icon's sizes, and action icons drawn in the palette's text colour
(light icons on a dark palette, dark on a light one, following a switch while running)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from annotator.gui import icons
from annotator.gui.actions import ACTIONS
from annotator.gui.palette import dark_palette, luminance

Role = QPalette.ColorRole
MAIN_ACTIONS = {
    "undo": "undo",
    "redo": "redo",
    "next_article": "next",
    "previous_article": "previous",
    "mark_done": "done",
    "mark_skipped": "skip",
    "export": "export",
    "review_mode": "review",
    "find_articles": "search",
}


def ink(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
    """The mean colour of the icon's opaque pixels, at 32 px."""
    image = icon.pixmap(32, 32, mode).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    pixels = [image.pixelColor(x, y) for x in range(32) for y in range(32)]
    solid = [p for p in pixels if p.alpha() > 200]
    assert len(solid) > 20, "the icon draws almost nothing"
    n = len(solid)
    return QColor(
        sum(p.red() for p in solid) // n,
        sum(p.green() for p in solid) // n,
        sum(p.blue() for p in solid) // n,
    )


def close(a: QColor, b: QColor, slack: int = 24) -> bool:
    channels = ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))
    return max(abs(x - y) for x, y in channels) <= slack


def test_the_main_actions_have_icons_and_every_icon_file_exists() -> None:
    by_name = {a.name: a for a in ACTIONS}
    for action, icon in MAIN_ACTIONS.items():
        assert by_name[action].icon == icon, action
    for spec in ACTIONS:
        if spec.icon:
            assert icons.action_icon_file(spec.icon).is_file(), spec.icon


def test_action_svgs_are_valid_and_drawn_only_in_the_placeholder_colour() -> None:
    files = sorted((icons.icons_dir() / "actions").glob("*.svg"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert icons.PLACEHOLDER in text, path.name
        # No fixed colour: it would not follow the palette.
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(|\b(black|white)\b", text), path.name
        renderer = QSvgRenderer(QByteArray(icons.tinted_svg(path.stem, "#123456").encode()))
        assert renderer.isValid(), path.name


def test_icons_take_the_palette_text_colour(qapp) -> None:  # type: ignore[no-untyped-def]
    light = QApplication.style().standardPalette()
    dark = dark_palette()
    for palette in (light, dark):
        text = palette.color(QPalette.ColorGroup.Active, Role.WindowText)
        icon = icons.action_icon("undo", palette)
        assert close(ink(icon), text)
        disabled = palette.color(QPalette.ColorGroup.Disabled, Role.WindowText)
        assert close(ink(icon, QIcon.Mode.Disabled), disabled)
    assert luminance(ink(icons.action_icon("done", dark))) > 0.5
    assert luminance(ink(icons.action_icon("done", light))) < 0.2
    assert icons.action_icon("no-such-icon").isNull()


def test_window_actions_follow_a_palette_switch(window, qapp) -> None:  # type: ignore[no-untyped-def]
    undo = window.action_by_name["undo"]
    previous = qapp.palette()
    try:
        qapp.setPalette(qapp.style().standardPalette())
        qapp.processEvents()
        assert luminance(ink(undo.icon())) < 0.2  # dark ink on a light palette
        qapp.setPalette(dark_palette())
        qapp.processEvents()
        assert luminance(ink(undo.icon())) > 0.5  # light ink on a dark palette
    finally:
        qapp.setPalette(previous)


def test_the_application_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    files = icons.app_icon_files()
    assert all(path.is_file() for path in files)
    for path in files[:-1]:
        size = int(Path(path).parent.parent.name.split("x")[0])
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        corner, middle = image.pixelColor(0, 0), image.pixelColor(size // 2, size // 2)
        assert corner.alpha() == 0 and middle.alpha() == 255  # a page on a clear ground
    assert QSvgRenderer(str(files[-1])).isValid()
    sizes = {(size.width(), size.height()) for size in icons.app_icon().availableSizes()}
    assert {(n, n) for n in icons.APP_ICON_SIZES} <= sizes


def test_the_application_sets_the_window_icon() -> None:
    code = (
        "from annotator.gui.app import application\n"
        "app = application(offscreen=True)\n"
        "print(sorted(s.width() for s in app.windowIcon().availableSizes()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(sorted(icons.APP_ICON_SIZES))
