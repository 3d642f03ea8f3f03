"""Team mode in the window, against the real PostgreSQL server the suite starts: the connect
dialog (wrong password, keyring, no keyring), others' changes arriving by polling, a server
killed mid-edit, and blind mode enforced for non-reviewers. Assertions on the store go through
a second connection (psycopg2), as another annotator's app would see it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from annotator.core.model import ArticleDraft, Status
from annotator.gui import app
from annotator.gui.dialogs.connect import ConnectDialog
from annotator.gui.dialogs.schema_editor import SchemaEditor
from annotator.gui.main_window import MainWindow
from annotator.gui.team_link import quiet_disconnects
from annotator.store import credentials, team
from annotator.store.corpus import Corpus
from annotator.store.errors import ConnectionLost
from tests.conftest import ROOT
from tests.gui.conftest import EMOJI_TEXT, EMOJI_TITLE, SeedCorpus
from tests.gui.test_dialogs import answer_message, answer_text, click_label, type_into
from tests.gui.util import answer_modal, find, select_text
from tests.keyrings import MemoryKeyring
from tests.pg_server import PgServer

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CLAIM = "bahwa Jakarta aman 🎉 dan Bandung juga"
PERSON = "Anies Baswedan"


@pytest.fixture
def team_corpus(team_url: str) -> tuple[str, int]:
    """The team database with the emoji article and another one; "rev" is the reviewer and
    bob has labelled the person. Returns (url, emoji article id)."""
    with Corpus.open(team_url) as corpus:
        drafts = [
            ArticleDraft(text=EMOJI_TEXT, title=EMOJI_TITLE, external_id="emoji", language="en"),
            ArticleDraft(text="Second article.\nNothing here.\n", title="Second", external_id="2"),
        ]
        emoji_id, _second = corpus.import_drafts(drafts, origin="test").article_ids
        corpus.set_reviewer("rev")
        corpus.add_span(emoji_id, "bob", *find(PERSON), "PERSON")
    return team_url, emoji_id


def peek(pg_server: PgServer, url: str, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    """A statement on a second connection: what another annotator's app sees."""
    conn = pg_server.connect(team.parse_url(url).dbname)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())
    finally:
        conn.close()


def spans_in_store(pg_server: PgServer, url: str, annotator: str) -> list[tuple[int, int, str]]:
    return [
        tuple(r)
        for r in peek(
            pg_server,
            url,
            'SELECT s.start, s."end", s.label FROM span s JOIN annotator a ON a.id = s.annotator_id'
            " WHERE a.name = %s ORDER BY s.start",
            (annotator,),
        )
    ]


@pytest.fixture
def workspace(
    qtbot, team_corpus: tuple[str, int], seed_corpus: SeedCorpus
) -> Iterator[app.Workspace]:  # type: ignore[no-untyped-def]
    """A window on a local corpus, as the app opens it (File › Connect switches it); the team
    database is made first (one corpus open at a time)."""
    space = app.Workspace(Corpus.open(seed_corpus.path))
    window = app.open_window(space, "alice")
    window.remember_layout = False
    window.show()
    qtbot.waitExposed(window)
    yield space
    if space.window is not None:
        space.window.remember_layout = False
        space.window.close()
    space.corpus.close()


def team_window(qtbot, url: str, annotator: str) -> MainWindow:  # type: ignore[no-untyped-def]
    corpus = Corpus.open(url)
    window = MainWindow(corpus, annotator)
    window.remember_layout = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.select_first()
    return window


def close_team_window(window: MainWindow) -> None:
    window.close()
    assert window.team is not None
    window.team.corpus.close()


def fill_address(qtbot, dialog: ConnectDialog, url: str, password: str) -> None:  # type: ignore[no-untyped-def]
    address = team.parse_url(url)
    type_into(qtbot, dialog.host, address.host)
    dialog.port.setValue(address.port)
    type_into(qtbot, dialog.database, address.dbname)
    type_into(qtbot, dialog.user, address.user)
    type_into(qtbot, dialog.password, password)


def click_connect(qtbot, dialog: ConnectDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def without_pgpassword(monkeypatch: pytest.MonkeyPatch, pg_server: PgServer) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(pg_server.base / "no-such-pgpass"))


# ---------------------------------------------------------------- the connect dialog
def test_wrong_password_is_said_in_the_dialog_and_the_retry_opens_the_corpus(
    qtbot,  # type: ignore[no-untyped-def]
    workspace: app.Workspace,
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    seed_corpus: SeedCorpus,
) -> None:
    url, emoji_id = team_corpus
    without_pgpassword(monkeypatch, pg_server)
    seen: dict[str, Any] = {}

    def act(dialog: ConnectDialog) -> None:
        fill_address(qtbot, dialog, url, "not-the-password")
        click_connect(qtbot, dialog)
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""
        seen["still_open"] = dialog.isVisible()
        seen["url"] = dialog.url()
        type_into(qtbot, dialog.password, pg_server.password)
        dialog.remember.setChecked(False)
        click_connect(qtbot, dialog)

    answered = answer_modal(ConnectDialog, act)
    workspace.window.action_by_name["connect_server"].trigger()  # type: ignore[union-attr]
    assert answered, "the connect dialog did not show"
    assert "refused this user name or password" in seen["problem"]
    assert "not-the-password" not in seen["problem"]
    assert seen["still_open"]
    assert pg_server.password not in seen["url"] and "not-the-password" not in seen["url"]
    assert seen["url"].endswith("?sslmode=prefer")

    window = workspace.window
    assert window is not None and window.team is not None
    assert workspace.corpus.is_team and workspace.corpus.user == "alice"
    server = team.parse_url(url).key
    assert window.windowTitle() == f"Annotator — {server}"
    assert window.location_label.text() == f"Team server: {server}"
    assert window.article_list.model.rowCount() == 2
    # Labelling on the server: the span is in the store, seen through another connection.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.article_list.select_article(emoji_id)
    window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    select_text(window, *find(CLAIM))
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_9)  # CLAIM
    assert spans_in_store(pg_server, url, "alice") == [(*find(CLAIM), "CLAIM")]
    assert memory_keyring.store == {}  # not asked to remember

    # File › Open local corpus…: back to the file, the team window and its polling gone.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(seed_corpus.path), ""))
    window.action_by_name["open_local"].trigger()
    assert workspace.window is not window and workspace.window is not None
    assert not workspace.corpus.is_team and workspace.window.team is None
    assert workspace.window.windowTitle() == f"Annotator — {seed_corpus.path.name}"
    assert not window.team.poll_timer.isActive()


def test_remembered_password_lands_in_the_keyring_and_is_not_asked_again(
    qtbot,  # type: ignore[no-untyped-def]
    workspace: app.Workspace,
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    url, _ = team_corpus
    without_pgpassword(monkeypatch, pg_server)

    def act(dialog: ConnectDialog) -> None:
        assert dialog.remember.isEnabled() and dialog.remember.isChecked()
        assert not dialog.keyring_note.isVisible()
        fill_address(qtbot, dialog, url, pg_server.password)
        click_connect(qtbot, dialog)

    answered = answer_modal(ConnectDialog, act)
    workspace.window.action_by_name["connect_server"].trigger()  # type: ignore[union-attr]
    assert answered and workspace.corpus.is_team
    key = team.parse_url(url).key
    assert memory_keyring.store == {(credentials.SERVICE, key): pg_server.password}

    # Next start (a new process: nothing in its memory): the keyring has it, nobody is asked.
    workspace.window.close()  # type: ignore[union-attr]
    workspace.window = None
    workspace.corpus.close()
    credentials.forget_session()
    asked: list[str] = []
    monkeypatch.setattr(app, "password_prompt", lambda *a: lambda key, why: asked.append(key))
    corpus = app.open_target(f"{url}?sslmode=prefer")
    assert corpus is not None
    workspace.corpus = corpus
    assert corpus.is_team and asked == []


def test_without_a_secure_keyring_the_box_is_off_and_the_password_is_written_nowhere(
    qtbot,  # type: ignore[no-untyped-def]
    workspace: app.Workspace,
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
    tmp_path: Path,
) -> None:
    url, _ = team_corpus
    without_pgpassword(monkeypatch, pg_server)
    seen: dict[str, Any] = {}

    def act(dialog: ConnectDialog) -> None:
        seen["enabled"] = dialog.remember.isEnabled()
        seen["checked"] = dialog.remember.isChecked()
        seen["note"] = dialog.keyring_note.text() if dialog.keyring_note.isVisible() else ""
        fill_address(qtbot, dialog, url, pg_server.password)
        qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)  # disabled: no effect
        seen["checked_after_click"] = dialog.remember.isChecked()
        click_connect(qtbot, dialog)

    answered = answer_modal(ConnectDialog, act)
    workspace.window.action_by_name["connect_server"].trigger()  # type: ignore[union-attr]
    assert answered and workspace.corpus.is_team
    assert seen["enabled"] is False and seen["checked"] is False
    assert seen["checked_after_click"] is False
    assert "No secure keyring is available" in seen["note"]
    assert "memory for this session only" in seen["note"]
    # Close everything (settings and layout saved, logs flushed), then look for the password.
    workspace.window.close()  # type: ignore[union-attr]
    workspace.window = None
    workspace.corpus.close()
    from annotator.gui.settings import settings

    settings().sync()
    folders = [Path(os.environ["ANNOTATOR_SETTINGS_DIR"]), tmp_path]
    folders += [Path(os.environ[v]) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")]
    folders += [Path(os.environ[v]) for v in ("XDG_STATE_HOME", "XDG_CACHE_HOME")]
    from annotator.logs import log_dir

    folders.append(log_dir())
    files = [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix in (".conf", ".ini") or "settings" in str(p) for p in files), files
    secret = pg_server.password.encode()
    assert [p for p in files if secret in p.read_bytes()] == []


def test_password_prompt_for_a_known_address_asks_again_after_a_refusal(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
) -> None:
    """``annotator gui --db postgresql://…``: the address read-only, the password asked."""
    url, _ = team_corpus
    without_pgpassword(monkeypatch, pg_server)
    reasons: list[str] = []

    def act(dialog: ConnectDialog) -> None:
        assert dialog.host.isReadOnly() and dialog.user.isReadOnly()
        reasons.append(dialog.problem.text() if dialog.problem.isVisible() else "")
        password = "wrong" if len(reasons) == 1 else pg_server.password
        type_into(qtbot, dialog.password, password)
        if len(reasons) == 1:
            answer_modal(ConnectDialog, act)  # the second prompt
        click_connect(qtbot, dialog)

    answer_modal(ConnectDialog, act)
    corpus = app.open_target(url)
    assert corpus is not None
    try:
        assert corpus.is_team
        assert reasons[0] == ""
        assert "refused this user name or password" in reasons[1]
    finally:
        corpus.close()


def test_gui_with_a_team_url_asks_for_the_password_and_opens_the_window(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
    tmp_path: Path,
) -> None:
    """``annotator gui --db postgresql://…`` (here rendering to a picture): the prompt, then the
    window on the team corpus."""
    url, _ = team_corpus
    without_pgpassword(monkeypatch, pg_server)
    prompted: list[str] = []

    def act(dialog: ConnectDialog) -> None:
        prompted.append(dialog.intro.text())
        type_into(qtbot, dialog.password, pg_server.password)
        click_connect(qtbot, dialog)

    answer_modal(ConnectDialog, act)
    picture = tmp_path / "team.png"
    assert app.run(f"{url}?sslmode=prefer", annotator="alice", screenshot=picture) == 0
    assert picture.stat().st_size > 0
    assert prompted == [f"The server {team.parse_url(url).key} needs your password."]


def test_an_unreachable_server_is_said_in_the_dialog(qtbot, no_keyring: None) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_address(qtbot, dialog, f"postgresql://ani@127.0.0.1:{port}/news", "secret")
    click_connect(qtbot, dialog)
    assert dialog.isVisible()  # stays open to fix the address and try again
    assert dialog.problem.isVisible()
    assert "Cannot connect to the team server" in dialog.problem.text()
    assert "secret" not in dialog.problem.text()
    assert dialog.url() == f"postgresql://ani@127.0.0.1:{port}/news?sslmode=prefer"


def test_a_read_cut_short_by_a_dropped_connection_is_logged_not_shown() -> None:
    shown: list[BaseException] = []
    hook = quiet_disconnects(lambda kind, error, tb: shown.append(error))
    hook(ConnectionLost, ConnectionLost("lost the connection"), None)
    assert shown == []
    error = ValueError("a bug")
    hook(ValueError, error, None)
    assert shown == [error]


# ---------------------------------------------------------------- others' changes
ANOTHER_APP = """
import sys
from annotator.store.corpus import Corpus
url, article, who, start, end, label = sys.argv[1:]
with Corpus.open(url) as corpus:
    corpus.add_span(int(article), who, int(start), int(end), label)
"""


def another_app_adds(url: str, article: int, who: str, needle: str, label: str) -> None:
    """Another annotator's app (another process) adds a span."""
    start, end = find(needle)
    args = [url, str(article), who, str(start), str(end), label]
    subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ANOTHER_APP), *args],
        check=True,
        cwd=ROOT,
        env={**os.environ},
        timeout=60,
    )


def test_polling_shows_changes_made_elsewhere_and_keeps_the_selection(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
) -> None:
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        assert window.team is not None
        window.team.poll_ms = 100
        model = window.article_list.model
        assert window.article_list.select_article(emoji_id)
        row = model.row_of(emoji_id)
        assert row is not None and model.row(row).span_count == 0
        # Alice's own span from her other computer, then bob's: the list counts follow.
        another_app_adds(url, emoji_id, "alice", "Jakarta", "GPE")
        qtbot.waitUntil(lambda: model.row(row).span_count == 1, timeout=5000)
        assert window.article_list.current_article_id() == emoji_id  # selection kept
        assert window.current_article_id == emoji_id
    finally:
        close_team_window(window)


def test_a_reviewer_sees_another_annotators_new_span_after_the_poll(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
) -> None:
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "rev")
    try:
        assert window.team is not None
        window.team.poll_ms = 100
        assert window.action_by_name["blind_mode"].isEnabled()
        window.action_by_name["blind_mode"].setChecked(False)  # show others' spans
        assert window.article_list.select_article(emoji_id)
        assert [s.text for s in window.labelling.others] == [PERSON]
        another_app_adds(url, emoji_id, "bob", "Bandung", "GPE")
        qtbot.waitUntil(lambda: len(window.labelling.others) == 2, timeout=5000)
        assert {s.text for s in window.labelling.others} == {PERSON, "Bandung"}
    finally:
        close_team_window(window)


ANOTHER_APP_DELETES_LABEL = """
import sys
from annotator.store.corpus import Corpus
url, label = sys.argv[1:]
with Corpus.open(url) as corpus:
    corpus.delete_label(label, by="rev")
"""


def test_a_label_another_user_removed_leaves_the_palette_and_its_hotkey_labels_no_more(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
) -> None:
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        assert window.team is not None
        window.team.poll_ms = 100
        assert window.article_list.select_article(emoji_id)
        names = lambda: [a.objectName() for a in window.label_actions]  # noqa: E731
        assert "label_GPE" in names()
        subprocess.run(
            [sys.executable, "-c", textwrap.dedent(ANOTHER_APP_DELETES_LABEL), url, "GPE"],
            check=True,
            cwd=ROOT,
            env={**os.environ},
            timeout=60,
        )
        qtbot.waitUntil(lambda: "label_GPE" not in names(), timeout=5000)
        assert not window.corpus.schema.has_label("GPE")
        qtbot.waitUntil(lambda: window.palette_bar.findChild(QWidget, "palette_label_GPE") is None)
        window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        select_text(window, *find("Jakarta"))
        qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_3)  # was GPE's hotkey
        qtbot.wait(50)
        assert spans_in_store(pg_server, url, "alice") == []
    finally:
        close_team_window(window)


# ---------------------------------------------------------------- a server that goes away
def test_an_edit_made_while_the_server_is_down_is_saved_once_when_it_is_back(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
) -> None:
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        assert window.team is not None
        window.team.poll_ms = 60_000
        window.team.retry_ms = 200
        assert window.article_list.select_article(emoji_id)
        window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        select_text(window, *find(CLAIM))
        pg_server.kill()
        try:
            qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_9)  # CLAIM
            assert window.banner.isVisible()
            assert "Lost the connection to the team server" in window.banner.label.text()
            assert "your edit is kept" in window.banner.label.text()
            assert len(window.team.pending) == 1
            qtbot.wait(600)  # retries fail while the server is away; nothing lost
            assert len(window.team.pending) == 1 and window.banner.isVisible()
        finally:
            pg_server.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
        assert window.team.pending == []
        assert spans_in_store(pg_server, url, "alice") == [(*find(CLAIM), "CLAIM")]
        qtbot.waitUntil(lambda: [s.text for s in window.labelling.mine] == [CLAIM])
        row = window.article_list.model.row_of(emoji_id)
        assert row is not None
        qtbot.waitUntil(lambda: window.article_list.model.row(row).span_count == 1)
    finally:
        close_team_window(window)


def test_while_the_server_is_away_the_gui_thread_does_not_reconnect(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
) -> None:
    """Reconnecting is the link's runner's job: the GUI thread's reads fail at once while the
    server is away (the views are read again once it is back), and the polls and the
    reconnect run on the runner's thread."""
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        link = window.team
        assert link is not None
        link.poll_ms, link.retry_ms = 60_000, 200
        threads: list[str] = []
        real = link.corpus.revision

        def revision() -> int:
            threads.append(threading.current_thread().name)
            return real()

        link.corpus.revision = revision  # type: ignore[method-assign]
        assert window.article_list.select_article(emoji_id)
        window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        select_text(window, *find(CLAIM))
        pg_server.kill()
        try:
            qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_9)  # CLAIM: queued
            assert window.banner.isVisible() and not link.connected
            with pytest.raises(ConnectionLost, match="reconnecting"):
                window.corpus.article_count()  # not sent: the link knows the server is away
            assert link.reads_failed
        finally:
            pg_server.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
        assert link.pending == [] and link.connected
        assert threads and set(threads) == {"team-link"}  # never on the GUI thread
        assert window.corpus.article_count() == 2
    finally:
        close_team_window(window)


def test_an_article_opened_while_the_server_is_down_is_read_once_it_is_back(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, emoji_id = team_corpus
    # As the app runs: a read cut short is logged, not shown as a crash (the banner says it).
    monkeypatch.setattr(sys, "excepthook", quiet_disconnects(sys.excepthook))
    window = team_window(qtbot, url, "alice")
    try:
        assert window.team is not None
        window.team.poll_ms = 60_000
        window.team.retry_ms = 200
        assert window.article_list.select_article(emoji_id)
        view, model = window.article_list.view, window.article_list.model
        second = next(model.row(n) for n in range(model.rowCount()) if model.row(n).id != emoji_id)
        pg_server.kill()
        try:
            row = model.row_of(second.id)
            assert row is not None
            where = view.visualRect(model.index(row, 0)).center()
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
            assert window.banner.isVisible()
            assert "Lost the connection to the team server" in window.banner.label.text()
            assert window.text_pane.article is not None
            assert window.text_pane.article.id == emoji_id  # could not be read yet
        finally:
            pg_server.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
        assert window.text_pane.article is not None
        assert window.text_pane.article.id == second.id
        assert window.article_list.current_article_id() == second.id
    finally:
        close_team_window(window)


def test_an_add_that_committed_before_the_drop_is_not_saved_twice(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
) -> None:
    """The drop came during COMMIT, after the server had saved it: the retry finds the span
    there and does not add it again."""
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        link = window.team
        assert link is not None
        link.retry_ms = 60_000
        real = link.corpus.add_span
        calls: list[int] = []

        def saved_then_dropped(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            real(*args, **kwargs)
            raise ConnectionLost("the connection dropped while saving: may not have been saved")

        link.corpus.add_span = saved_then_dropped  # type: ignore[method-assign]
        assert window.article_list.select_article(emoji_id)
        window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        select_text(window, *find("Jakarta"))
        qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_3)  # GPE
        assert window.banner.isVisible() and len(link.pending) == 1
        link.retry()  # off the GUI thread (the link's runner): its outcome comes back here
        qtbot.waitUntil(lambda: not window.banner.isVisible() and link.pending == [])
        assert calls == [1]
        assert spans_in_store(pg_server, url, "alice") == [(*find("Jakarta"), "GPE")]
    finally:
        close_team_window(window)


def test_a_gold_decision_during_an_outage_is_refused_and_said_not_dropped(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Gold decisions are refused while the server is away (declared on the store's write):
    the reviewer is told it was not saved, the disagreement stays in hand, nothing is logged
    as a failed read, and nothing reaches gold."""
    url, emoji_id = team_corpus
    with Corpus.open(url) as corpus:
        corpus.add_span(emoji_id, "carol", *find(PERSON), "ORG")  # disagrees with bob
        for who in ("bob", "carol"):
            corpus.set_status(emoji_id, who, Status.DONE)
    window = team_window(qtbot, url, "rev")
    try:
        link = window.team
        assert link is not None
        link.poll_ms, link.retry_ms = 60_000, 200
        qtbot.keyClick(window.article_list.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        review = window.review
        assert review is not None and window.review_mode
        # the agreement column is computed on a worker: let it land before the outage
        qtbot.waitUntil(
            lambda: not review.agreement.busy and not window.article_list.model.computing
        )
        assert window.article_list.select_article(emoji_id)
        qtbot.waitUntil(lambda: review.current_group is not None)
        at = review.current
        pg_server.kill()
        try:
            qtbot.keyClick(review.table, Qt.Key.Key_1)  # accept the first annotator's version
            message = window.statusBar().currentMessage()
            assert "gold decision was not saved" in message, message
            assert review.current == at  # still in hand, to decide again
            assert link.pending == []  # refused, not queued behind span edits
        finally:
            pg_server.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
        assert peek(pg_server, url, "SELECT COUNT(*) FROM gold_span") == [(0,)]
        assert "a read failed" not in caplog.text
        qtbot.keyClick(review.table, Qt.Key.Key_1)  # once back, the same key saves it
        assert peek(pg_server, url, "SELECT COUNT(*) FROM gold_span") == [(1,)]
    finally:
        close_team_window(window)


def test_a_schema_edit_during_an_outage_is_refused_with_its_reason(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
) -> None:
    url, _emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        assert window.team is not None
        window.team.poll_ms, window.team.retry_ms = 60_000, 200
        editor = SchemaEditor(window.corpus, window, by="alice")
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        click_label(qtbot, editor, "GPE")
        pg_server.kill()
        try:
            answer_text(qtbot, "Places with a government")
            seen = answer_message(qtbot, QMessageBox.StandardButton.Ok)
            qtbot.mouseClick(editor.describe_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(seen))
            assert "change to the labels was not saved" in seen[0], seen
            assert "change to the labels was not saved" in editor.message.text()
        finally:
            pg_server.start()
        ((value,),) = peek(pg_server, url, "SELECT value FROM meta WHERE key = 'label_schema'")
        assert "Places with a government" not in value
        editor.close()
    finally:
        close_team_window(window)


# ---------------------------------------------------------------- blind mode on a server
def test_a_non_reviewer_cannot_see_others_spans_even_with_blind_mode_toggled(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
) -> None:
    url, emoji_id = team_corpus
    window = team_window(qtbot, url, "alice")
    try:
        blind = window.action_by_name["blind_mode"]
        assert not blind.isEnabled() and blind.isChecked()
        assert "not a reviewer" in blind.toolTip()
        assert window.article_list.select_article(emoji_id)
        qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)  # the blind mode toggle: off
        window.commands.set_blind_mode(False)  # even if the toggle were reached some other way
        assert window.labelling.others == []
        # Review mode and the dashboard are for reviewers: refused with a message.
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert not window.review_mode
        assert "Only reviewers" in window.statusBar().currentMessage()
        window.statusBar().clearMessage()
        qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)  # the agreement dashboard
        assert window.dashboard is None
        assert "Only reviewers" in window.statusBar().currentMessage()
        # Switching to the reviewer lifts it.
        window.set_annotator("rev")
        assert blind.isEnabled()
        blind.setChecked(False)
        assert [s.text for s in window.labelling.others] == [PERSON]
    finally:
        close_team_window(window)


def test_on_a_secured_corpus_the_window_labels_as_the_login(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, emoji_id = team_corpus
    role, password = f"dina_{os.getpid()}", "dina-" + os.urandom(6).hex()
    pg_server.create_role(role, password)
    with Corpus.open(url) as owner:
        owner.secure()
        owner.grant(role)
    monkeypatch.setenv("PGPASSWORD", password)
    window = team_window(qtbot, url.replace(f"{pg_server.user}@", f"{role}@"), "alice")
    try:
        assert window.annotator == role  # not the remembered "alice": the server decides
        window.set_annotator("bob")
        assert window.annotator == role
        assert "label as your login" in window.statusBar().currentMessage()
        assert window.article_list.select_article(emoji_id)
        assert window.labelling.others == []  # bob's person span: hidden by the server
    finally:
        close_team_window(window)


def test_a_non_reviewer_is_offered_no_one_s_labels_as_suggestions(
    qtbot,  # type: ignore[no-untyped-def]
    team_corpus: tuple[str, int],
) -> None:
    """Another annotator as a suggestion source fails closed on the server (ADR 0039): bob's
    labels, turned on for the corpus, are not offered to alice (no reviewer), and Label ›
    Suggest from annotators lists no one; the reviewer is offered them."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu

    url, emoji_id = team_corpus
    with Corpus.open(url, tooling="tests: the reviewer's choice") as corpus:
        corpus.set_suggestion_sources(["annotator:bob"])
    window = team_window(qtbot, url, "alice")
    try:
        assert window.article_list.select_article(emoji_id)
        qtbot.waitUntil(lambda: window.suggesting.ready)
        assert window.suggesting.offers == []
        sub = window.findChild(QMenu, "menu_suggest_annotators")
        assert sub is not None

        def entries() -> list[tuple[str, bool]]:
            sub.popup(window.mapToGlobal(QPoint(10, 10)))
            qtbot.waitUntil(lambda: not sub._reading)  # the list read on the runner
            found = [(a.text(), a.isEnabled()) for a in sub.actions()]
            sub.hide()
            return found

        assert entries() == [("No other annotator's labels you may read", False)]
        window.set_annotator("rev")
        assert entries() == [("bob", True)]
        assert window.article_list.select_article(emoji_id)
        window.suggesting.load()
        qtbot.waitUntil(lambda: window.suggesting.ready)
        assert [(o.text, o.origin) for o in window.suggesting.offers] == [(PERSON, "annotator:bob")]
    finally:
        close_team_window(window)
