"""The window's side of a team corpus: the link to the server, its banner, others' changes.

:func:`link_team` puts a :class:`~annotator.gui.team_link.TeamLink` between the window and a
team corpus. :class:`Connection` then turns what the link says into the window's terms:
others' changes and edits replayed after an outage go onto the change bus; a lost connection
shows the banner, and once it is back whatever a view failed to read meanwhile is read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from annotator.core.model import Changes
from annotator.gui.bus import Origin
from annotator.gui.team_link import ConnectionBanner, TeamLink
from annotator.store.corpus import Corpus

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def link_team(
    corpus: Corpus, annotator: str | None, window: MainWindow
) -> tuple[Corpus, str | None, TeamLink | None]:
    """The corpus the views get (a team corpus: the link's stand-in), who labels (on a
    secured server: the login), and the link (None for a local file). On a team corpus the
    store enforces blind mode for this user."""
    if not corpus.is_team:
        if annotator:  # the store reads others' labels for a named user only (ADR 0022)
            corpus.set_user(annotator)
        return corpus, annotator, None
    link = TeamLink(corpus, window)
    if corpus.is_secured():  # the server lets this login label as itself only
        annotator = corpus.user
    elif annotator:
        corpus.set_user(annotator)
    return link.stand_in, annotator, link


class Connection:
    """The banner and the team link's signals of one window (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.banner = ConnectionBanner(window)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)

    def start(self) -> None:
        link = self.w.team
        if link is None:
            return
        link.others_changed.connect(self.others_changed)
        link.replayed.connect(self.replayed)
        link.connection_changed.connect(self.connection_changed)
        link.message.connect(self.w.say)
        link.start()

    def others_changed(self) -> None:
        """Someone changed the team corpus: the stored schema is read again (another user's
        schema edit: the palette, hotkeys and span editor follow), then every view re-reads
        what it shows."""
        schema = self.w.corpus.reload_schema()
        self.w.bus.publish(Changes(schema_changed=schema), Origin.OTHERS)

    def replayed(self, changes: Changes) -> None:
        """A queued edit reached the server: the views show it as after any edit."""
        self.w.bus.publish(changes, Origin.REPLAYED)

    def connection_changed(self, connected: bool, detail: str) -> None:
        w, link = self.w, self.w.team
        if not connected:
            self.banner.show_lost(len(link.pending) if link is not None else 0, detail)
            return
        self.banner.hide()
        if link is not None and link.reads_failed:
            # A view was cut short while the server was away: read it all again.
            link.reads_failed = False
            w.article_list.model.reload()
            if w.current_article_id is not None:
                w.article_list.select_article(w.current_article_id)
                w.labelling.load(w.current_article_id)
