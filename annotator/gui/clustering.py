"""``C`` and ``Shift+C`` on a claim: the clusters it may join, ranked, and a new cluster
named from it (issue 16, ADR 0027).

:class:`ClusterTools` asks the store for the annotator's clustered claims once (the index
``core.clusters.ClusterIndex`` ranks from) and keeps it until a change on the bus may have
moved a claim; :class:`ClusterPicker` is the small list that shows the suggestions, each with
its score, its reasons and its members' outlets: Up/Down choose, Enter joins, Escape cancels.
The index is read off the GUI thread (the window's cluster runner). Every edit goes through
:meth:`Labelling.edit`, so it is on the bus and undoable like a span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.clusters import ClusterIndex, Reason, Suggestion
from annotator.core.errors import CorpusError
from annotator.core.speakers import is_claim
from annotator.gui.bus import Update
from annotator.gui.i18n import translate
from annotator.gui.workers import Runner

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

SUGGESTIONS = 8  # rows in the picker


def reason_text(reason: Reason) -> str:
    """One reason of a suggestion, short, in the GUI's language ("text 0.82")."""
    if reason.part == "text":
        return translate("ClusterPicker", "text {value}").format(value=f"{reason.value:.2f}")
    if reason.part == "entities":
        shared = len(reason.detail.removeprefix("shares ").split(", "))
        return (
            translate("ClusterPicker", "{n} shared entities").format(n=shared)
            if shared != 1
            else translate("ClusterPicker", "1 shared entity")
        )
    if reason.part == "numbers":
        return (
            translate("ClusterPicker", "numbers agree")
            if reason.value >= 1
            else translate("ClusterPicker", "numbers conflict")
        )
    if reason.part == "story":
        return translate("ClusterPicker", "same story")
    return reason.part


def suggestion_text(s: Suggestion, name: str) -> str:
    reasons = ", ".join(reason_text(r) for r in s.reasons)
    outlets = ", ".join(s.outlets)
    members = (
        translate("ClusterPicker", "{reasons} · {n} claims: {outlets}")
        if s.members != 1
        else translate("ClusterPicker", "{reasons} · 1 claim: {outlets}")
    )
    return f"{s.score:.2f}  {name}\n      " + members.format(
        reasons=reasons, n=s.members, outlets=outlets
    )


class ClusterPicker(QDialog):
    """The ranked clusters a claim may join (see the module docstring)."""

    chosen = Signal(int)  # the cluster's id

    def __init__(
        self, claim: str, suggestions: list[Suggestion], names: dict[str, str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clusterPicker")
        self.setWindowTitle(self.tr("Join a cluster"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        shown = claim if len(claim) <= 90 else claim[:89] + "…"
        self.heading = QLabel(self.tr("Clusters for “{claim}”").format(claim=shown), self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QListWidget(self)
        self.list.setObjectName("clusterSuggestions")
        self.list.setAlternatingRowColors(True)
        self.suggestions = suggestions
        for s in suggestions:
            item = QListWidgetItem(suggestion_text(s, names.get(s.cluster, s.cluster)))
            item.setData(Qt.ItemDataRole.UserRole, int(s.cluster))
            item.setToolTip("\n".join(f"{r.part}: {r.detail}" for r in s.reasons))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        hint = QLabel(
            self.tr("Up/Down choose · Enter joins · Escape cancels · Shift+C starts a new cluster"),
            self,
        )
        hint.setEnabled(False)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape in the list cancels: the list takes the key before the window's Escape
        (Clear selection) would, then rejects."""
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.reject()
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.list.currentItem()
        super().accept()
        if item is not None:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class ClusterTools:
    """C / Shift+C of one window (see the module docstring).

    The index is read on the window's cluster runner (gui/workers.py: reading every clustered
    claim and parsing its values takes seconds on 10,000); ``C`` pressed before it is ready
    says so and shows the list once it is, if the claim is still in hand. Changes that arrive
    meanwhile are applied to it when it comes back.
    """

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._index: ClusterIndex | None = None
        self._names: dict[str, str] = {}
        self._index_of = ""
        self._building = False
        self._moved: set[int] = set()  # claims changed while the index was being read
        self._pending: int | None = None  # the claim whose C waits for the index
        self.runner: Runner | None = None
        self.picker: ClusterPicker | None = None

    def stop(self) -> None:
        """The window closes: the runner's thread ends (its connection closed)."""
        if self.runner is not None:
            self.runner.stop()

    def on_update(self, update: Update) -> None:
        """The bus: the claims a change names move in the index (read one by one); someone
        else's change, an import or a new schema: the index is read again when next used."""
        if update.everything or update.schema:
            self._index = None
            self._moved.clear()
            return
        c = update.changes
        if self._building:
            self._moved |= c.spans_removed | c.spans_updated
            if c.clusters_changed:
                self._moved |= c.spans_added
            return
        index = self._index
        if index is None:
            return
        for span_id in c.spans_removed:
            index.remove(span_id)
        for span_id in c.spans_updated | (c.spans_added if c.clusters_changed else set()):
            self._move(index, span_id)  # (added: a clustered claim put back by undo)

    def _move(self, index: ClusterIndex, span_id: int) -> None:
        me = self.w.annotator or ""
        try:
            span = self.w.corpus.span(span_id)
        except CorpusError:
            index.remove(span_id)
            return
        if span.annotator != me or not is_claim(span) or span.cluster_id is None:
            index.remove(span_id)
            return
        ref = self.w.corpus.claim_ref(span_id, me)
        self._names[str(span.cluster_id)] = ref.cluster or str(span.cluster_id)
        index.add(str(span.cluster_id), ref)

    @property
    def index(self) -> ClusterIndex | None:
        """The index C ranks from, once read (None: not yet, or to be read again)."""
        return self._index

    @property
    def ready(self) -> bool:
        """Whether the annotator's index is read (C shows its list at once)."""
        return self._index is not None and self._index_of == (self.w.annotator or "")

    def _read_index(self) -> None:
        """Read the annotator's clustered claims on the runner, then index them."""
        if self._building:
            return
        me = self.w.annotator or ""
        # the real corpus, not the team link's stand-in (which reports to the window): on
        # the runner's thread a dropped connection is this read's own error (_not_read)
        corpus = self.w.team.corpus if self.w.team is not None else self.w.corpus
        if self.runner is None:
            self.runner = Runner("clusters", on_thread_end=corpus.close_thread_connection)
        self._building = True
        self._moved.clear()

        def job() -> tuple[ClusterIndex, dict[str, str], str]:
            index = ClusterIndex(corpus.cluster_claims(me))
            return index, {str(s.id): s.name for s in corpus.clusters(me)}, me

        self.runner.submit(job, self._read, self._not_read)

    def _read(self, result: tuple[ClusterIndex, dict[str, str], str]) -> None:
        self._building = False
        index, names, me = result
        if me != (self.w.annotator or ""):  # another annotator meanwhile: read theirs
            self._index = None
            if self._pending is not None:
                self._read_index()
            return
        self._index, self._names, self._index_of = index, names, me
        moved, self._moved = self._moved, set()
        for span_id in moved:
            self._move(index, span_id)
        pending, self._pending = self._pending, None
        if pending is not None and self.w.labelling.current == pending:
            self._offer(pending)

    def _not_read(self, exc: BaseException) -> None:
        self._building = False
        self._pending = None
        self.w.say(str(exc))

    def suggest(self) -> ClusterPicker | None:
        """C: the ranked clusters the claim in hand may join, in a small list (at once when
        the index is read, else when it is)."""
        w = self.w
        me = w.annotator
        claim = w.labelling.claim_in_hand() if me else None
        if me is None or claim is None:
            return None
        w.labelling.set_current(claim.id, select_text=False)
        if self.ready:
            return self._offer(claim.id)
        self._pending = claim.id
        w.say(translate("ClusterPicker", "Reading your clusters…"))
        self._read_index()
        return None

    def _offer(self, span_id: int) -> ClusterPicker | None:
        w, me = self.w, self.w.annotator or ""
        assert self._index is not None
        claim = w.corpus.claim_ref(span_id, me)
        suggestions = self._index.suggest(claim, SUGGESTIONS)
        if not suggestions:
            w.say(
                translate(
                    "ClusterPicker", "No cluster to join yet: Shift+C starts one from this claim"
                )
            )
            return None
        picker = ClusterPicker(claim.text, suggestions, self._names, w)
        picker.chosen.connect(lambda cluster, span=span_id: self.join(span, cluster))
        picker.finished.connect(lambda _result: self._back_to_text())
        picker.destroyed.connect(lambda _o=None: setattr(self, "picker", None))
        self.picker = picker
        picker.open()
        picker.list.setFocus(Qt.FocusReason.OtherFocusReason)
        return picker

    def _back_to_text(self) -> None:
        """The picker closed: the window and its text pane have the keys again."""
        self.w.activateWindow()
        self.w.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def join(self, span_id: int, cluster_id: int) -> None:
        w, me = self.w, self.w.annotator
        if not me:
            return
        if w.labelling.edit(lambda: w.corpus.join_cluster(span_id, me, cluster_id)):
            name = self._names.get(str(cluster_id), str(cluster_id))
            w.say(translate("ClusterPicker", "Joined cluster “{name}”").format(name=name))

    def start(self) -> None:
        """Shift+C: a new cluster named from the claim in hand."""
        w, me = self.w, self.w.annotator
        claim = w.labelling.claim_in_hand() if me else None
        if me is None or claim is None:
            return
        w.labelling.set_current(claim.id, select_text=False)
        if w.labelling.edit(lambda: w.corpus.start_cluster(claim.id, me)):
            made = w.corpus.span(claim.id).cluster_id
            name = next((s.name for s in w.corpus.clusters(me, [made] if made else [])), "")
            w.say(translate("ClusterPicker", "Started cluster “{name}”").format(name=name))

    def leave(self) -> None:
        """The claim in hand leaves its cluster."""
        w, me = self.w, self.w.annotator
        claim = w.labelling.claim_in_hand() if me else None
        if me is None or claim is None:
            return
        if claim.cluster_id is None:
            w.say(translate("ClusterPicker", "This claim is in no cluster"))
            return
        if w.labelling.edit(lambda: w.corpus.leave_cluster(claim.id, me)):
            w.say(translate("ClusterPicker", "The claim left its cluster"))
