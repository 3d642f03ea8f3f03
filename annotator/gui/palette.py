"""Follow the system's light or dark scheme, and keep label colours readable on either.

Label colours come from the schema as one hex value each. On a dark window a light tint or a
dark underline disappears; the helpers here derive, from one label colour and the palette in
use, a background tint that the palette's text stays readable on (WCAG contrast ≥ 4.5) and an
outline colour that stands out from the background (contrast ≥ 3).

:func:`apply_style` puts the application in the Fusion style with the system's scheme (Qt 6.5+
``QStyleHints.colorScheme``) and follows it when the user switches while Annotator runs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

TEXT_CONTRAST = 4.5  # WCAG AA for body text
MARK_CONTRAST = 3.0  # WCAG for graphical objects (underlines, boxes)
LIGHT_ALPHA = 0.30  # label colour share of a span's tint on a light background
DARK_ALPHA = 0.45  # a dark background needs more colour for the tint to show

Role = QPalette.ColorRole


# ---------------------------------------------------------------- colour arithmetic
def luminance(color: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window (a dark scheme)."""
    return luminance(palette.color(Role.Window)) < luminance(palette.color(Role.WindowText))


def tint(color: QColor | str, background: QColor | str, alpha: float) -> QColor:
    """``color`` laid over ``background`` with opacity ``alpha`` (0..1), as an opaque colour."""
    fg, bg = QColor(color), QColor(background)
    a = min(max(alpha, 0.0), 1.0)
    return QColor.fromRgbF(
        fg.redF() * a + bg.redF() * (1 - a),
        fg.greenF() * a + bg.greenF() * (1 - a),
        fg.blueF() * a + bg.blueF() * (1 - a),
    )


def span_background(color: QColor | str, palette: QPalette) -> QColor:
    """The tint behind a span's text: visibly the label's colour, and the palette's text
    colour stays readable on it (the colour share shrinks until the contrast is enough)."""
    base = palette.color(Role.Base)
    text = palette.color(Role.Text)
    alpha = DARK_ALPHA if is_dark(palette) else LIGHT_ALPHA
    result = tint(color, base, alpha)
    while alpha > 0.05 and contrast(result, text) < TEXT_CONTRAST:
        alpha -= 0.05
        result = tint(color, base, alpha)
    return result


def outline(color: QColor | str, palette: QPalette) -> QColor:
    """The label colour for an underline or box, lightened (dark scheme) or darkened (light)
    until it stands out from the text background."""
    base = palette.color(Role.Base)
    result = QColor(color)
    towards = QColor("white") if is_dark(palette) else QColor("black")
    share = 0.0
    while contrast(result, base) < MARK_CONTRAST and share < 1.0:
        share += 0.1
        result = tint(towards, color, share)
    return result


def readable_text(background: QColor | str) -> QColor:
    """Black or white, whichever reads better on ``background`` (e.g. on a colour swatch)."""
    bg = QColor(background)
    black, white = QColor("black"), QColor("white")
    return black if contrast(black, bg) >= contrast(white, bg) else white


def error_color(palette: QPalette) -> QColor:
    """Red for inline error messages, readable on the palette's window colour."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def quiet_color(palette: QPalette) -> QColor:
    """Secondary text (hints, notes): the window text halfway to the window colour."""
    return tint(palette.color(Role.WindowText), palette.color(Role.Window), 0.65)


# ---------------------------------------------------------------- application style
def dark_palette() -> QPalette:
    """A dark palette for Fusion, for platforms whose theme offers none."""
    window, base, text = QColor("#2b2b2b"), QColor("#1e1e1e"), QColor("#e6e6e6")
    disabled = QColor("#7f7f7f")
    p = QPalette()
    for role, value in (
        (Role.Window, window),
        (Role.WindowText, text),
        (Role.Base, base),
        (Role.AlternateBase, QColor("#262626")),
        (Role.ToolTipBase, QColor("#3a3a3a")),
        (Role.ToolTipText, text),
        (Role.PlaceholderText, QColor("#9a9a9a")),
        (Role.Text, text),
        (Role.Button, QColor("#353535")),
        (Role.ButtonText, text),
        (Role.BrightText, QColor("#ff6b6b")),
        (Role.Light, QColor("#474747")),
        (Role.Midlight, QColor("#3c3c3c")),
        (Role.Mid, QColor("#2f2f2f")),
        (Role.Dark, QColor("#1a1a1a")),
        (Role.Shadow, QColor("#000000")),
        (Role.Highlight, QColor("#3d7bd9")),
        (Role.HighlightedText, QColor("#ffffff")),
        (Role.Link, QColor("#7fb2ff")),
        (Role.LinkVisited, QColor("#c39bff")),
    ):
        p.setColor(role, value)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


class StyleFollower(QObject):
    """Keeps the application's palette on the system scheme; ``scheme_changed(dark)`` fires
    after each switch so views that cache colours (span tints) can redraw."""

    scheme_changed = Signal(bool)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.styleHints().colorSchemeChanged.connect(self.follow)

    @property
    def dark(self) -> bool:
        return is_dark(self._app.palette())

    def follow(self, scheme: Qt.ColorScheme) -> None:
        """Use the platform theme's palette when it matches ``scheme``, else Fusion's own
        light palette or :func:`dark_palette` (platforms whose theme has no dark palette)."""
        self._app.setPalette(QPalette())  # nothing set: the platform theme's palette shows
        platform = self._app.palette()
        if scheme == Qt.ColorScheme.Dark and not is_dark(platform):
            self._app.setPalette(dark_palette())
        elif scheme == Qt.ColorScheme.Light and is_dark(platform):
            self._app.setPalette(self._app.style().standardPalette())
        self.scheme_changed.emit(self.dark)


def apply_style(app: QApplication) -> StyleFollower:
    """Fusion style, with the system's light or dark scheme, following it when it changes.

    Call once, after creating the QApplication and before building windows. The returned
    object (owned by ``app``) emits ``scheme_changed(dark)`` after a switch.
    """
    existing = app.findChild(StyleFollower)
    if isinstance(existing, StyleFollower):
        return existing
    app.setStyle("Fusion")
    follower = StyleFollower(app)
    follower.follow(app.styleHints().colorScheme())
    return follower
