"""Render the application icon's SVG to the PNG sizes desktops ask for, with Qt's QSvgRenderer.

    .venv/bin/python packaging/render_icons.py

reads ``resources/icons/hicolor/scalable/apps/<APP_ID>.svg`` and writes
``resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` for each size in :data:`SIZES` (the
freedesktop hicolor layout, so the folder can be copied into ``~/.local/share/icons``). The PNGs
are committed; run this again after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48, 64, 128, 256)


def icon_dir(root: Path = ROOT) -> Path:
    return root / "resources" / "icons" / "hicolor"


def render(svg: Path, out_dir: Path, app_id: str, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}x{size}" / "apps" / f"{app_id}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    return written


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from annotator.paths import APP_ID

    svg = icon_dir() / "scalable" / "apps" / f"{APP_ID}.svg"
    for path in render(svg, icon_dir(), APP_ID):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
