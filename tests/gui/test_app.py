"""`run(db, screenshot=...)` writes a picture of the window; `display_problem` explains."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from annotator.gui import app
from tests.gui.conftest import SeedCorpus


def test_run_writes_a_screenshot(seed_corpus: SeedCorpus, tmp_path: Path, qapp) -> None:
    out = tmp_path / "shots" / "window.png"
    assert app.run(str(seed_corpus.path), annotator="alice", screenshot=out) == 0
    assert out.stat().st_size > 20_000
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
    assert len(colours) > 5  # not a blank picture
    assert not (tmp_path / "settings").exists()  # a screenshot leaves the layout alone


@pytest.mark.parametrize(
    ("env", "ok"),
    [
        ({}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
        ({"QT_QPA_PLATFORM": "minimal"}, True),
    ],
)
def test_display_problem(env: dict[str, str], ok: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    problem = app.display_problem()
    if ok:
        assert problem is None
    else:
        assert problem is not None
        assert "xvfb-run -a make run" in problem
        assert "libxcb-cursor0" in problem
        assert "annotator gui --screenshot window.png" in problem


def test_the_annotator_is_asked_once_then_remembered(
    open_corpus, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str | None] = []

    def fake_welcome(_parent, _corpus):  # type: ignore[no-untyped-def]
        asked.append(None)
        return "carol"

    monkeypatch.setattr(app, "welcome", fake_welcome)  # the first launch's dialog
    assert app.resolve_annotator(open_corpus, None) == "carol"  # first launch: asked
    assert asked == [None]
    assert app.resolve_annotator(open_corpus, None) == "carol"  # then remembered
    assert asked == [None]
    assert app.resolve_annotator(open_corpus, "dave") == "dave"  # --annotator wins
    assert app.known_annotator() == "dave"


def test_first_launch_welcomes_over_the_open_window(
    seed_corpus: SeedCorpus, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The welcome dialog comes up over the main window with the corpus already open, and
    the name given there is who the window labels as."""
    seen: dict[str, object] = {}

    def fake_welcome(parent, corpus):  # type: ignore[no-untyped-def]
        seen["parent_shown"] = parent is not None and parent.isVisible()
        seen["article"] = parent.current_article_id if parent is not None else None
        return "zoe"

    def fake_exec() -> int:
        window = qapp.activeWindow() or next(
            w for w in qapp.topLevelWidgets() if w.objectName() == "mainWindow"
        )
        seen["annotator"] = window.annotator
        window.close()
        return 0

    monkeypatch.setattr(app, "welcome", fake_welcome)
    monkeypatch.setattr(qapp, "exec", fake_exec)
    assert app.run(str(seed_corpus.path)) == 0
    assert seen["parent_shown"] is True and seen["article"] is not None
    assert seen["annotator"] == "zoe" and app.known_annotator() == "zoe"
