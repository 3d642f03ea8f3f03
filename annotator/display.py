"""Whether a window can be shown here, asked without Qt: `make run` asks it before installing
anything, and `annotator gui` before starting Qt.

Run as ``python -m annotator.display`` (or as a file) it prints the reason to stderr and exits 1
when there is no display; it imports nothing beyond the standard library.
"""

from __future__ import annotations

import os
import sys

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
        annotator gui --screenshot window.png
    (after `make run` in a checkout the command is .venv/bin/annotator)"""


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


if __name__ == "__main__":
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
    sys.exit(1 if problem else 0)
