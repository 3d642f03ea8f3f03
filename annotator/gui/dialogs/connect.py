"""Connect to a team server: its address, TLS mode and password; and the password prompt.

The dialog builds ``postgresql://user@host:port/dbname?sslmode=…`` — never with the password
in it. The password goes to the system keyring when "Remember password" is ticked and a secure
keyring exists, else it is held in this process's memory only (``annotator.store.credentials``).
When there is no secure keyring the box is off and the dialog says so plainly.

:class:`ConnectDialog` checks the address and password with the server before it closes, so a
wrong password or an unreachable server is said in the dialog and the user tries again; with
``fixed`` (the address is known: ``annotator gui --db postgresql://…`` or the last team corpus)
only the password is asked, as the ``ask`` callback of :func:`credentials.open_corpus`
(:func:`password_prompt`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color, quiet_color
from annotator.store import credentials, team
from annotator.store.errors import AuthenticationFailed, ServerError, StoreError

# The TLS modes offered (libpq's sslmode), with what each means; "prefer" is libpq's default.
TLS_MODES = (
    ("disable", QT_TRANSLATE_NOOP("ConnectDialog", "disable — no encryption")),
    ("prefer", QT_TRANSLATE_NOOP("ConnectDialog", "prefer — encrypt if the server can")),
    ("require", QT_TRANSLATE_NOOP("ConnectDialog", "require — always encrypt")),
    (
        "verify-ca",
        QT_TRANSLATE_NOOP("ConnectDialog", "verify-ca — encrypt, check the certificate"),
    ),
    (
        "verify-full",
        QT_TRANSLATE_NOOP("ConnectDialog", "verify-full — encrypt, check certificate and host"),
    ),
)
DEFAULT_TLS = "prefer"

NO_KEYRING = QT_TRANSLATE_NOOP(
    "ConnectDialog",
    "No secure keyring is available on this computer, so the password cannot be remembered: "
    "it is kept in memory for this session only and asked for again next time. It is never "
    "written to a file.",
)
WRONG_PASSWORD = QT_TRANSLATE_NOOP(
    "ConnectDialog",
    "The server refused this user name or password. Check them and try again.",
)
UNREACHABLE = QT_TRANSLATE_NOOP(
    "ConnectDialog",
    "Cannot connect to the team server. Check the host, port and database name, and that "
    "this computer is online.",
)

# Checks an address and password with the server; raises the store's errors.
Probe = Callable[[str, str | None], None]


def probe_server(url: str, password: str | None) -> None:
    """Connect once to ``url`` (the password from the dialog, else the session's or the
    keyring's, else libpq's PGPASSWORD / ~/.pgpass) and hang up: the store's own errors say
    what is wrong. The corpus itself is opened afterwards, after the current one is closed
    (one corpus per process)."""
    address = team.parse_url(url)
    if password is None:
        password = credentials.lookup(address.key)
    team.open_team_database(address, password).close()


def problem_text(exc: BaseException) -> str:
    """What the dialog says about a failed connection (the store's detail under it)."""
    detail = str(exc)
    if isinstance(exc, AuthenticationFailed):
        return translate("ConnectDialog", WRONG_PASSWORD) + "\n" + detail
    if isinstance(exc, ServerError):
        return translate("ConnectDialog", UNREACHABLE) + "\n" + detail
    return detail[:1].upper() + detail[1:]


class ConnectDialog(QDialog):
    """The team server's address and the password. :meth:`url` never holds the password."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        url: str | None = None,
        fixed: bool = False,
        probe: Probe | None = probe_server,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.fixed = fixed
        self.probe = probe
        self.setWindowTitle(
            self.tr("Team server password") if fixed else self.tr("Connect to team server")
        )
        self.setMinimumWidth(500)

        self.heading = QLabel(
            self.tr("Team server password") if fixed else self.tr("Connect to a team server")
        )
        self.heading.setObjectName("connectHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel(
            self.tr("The server {server} needs your password.")
            if fixed
            else self.tr(
                "A team corpus lives in a PostgreSQL database that every annotator's app "
                "opens. Your administrator gives you these details."
            )
        )
        self.intro.setObjectName("connectIntro")
        self.intro.setWordWrap(True)

        self.host = QLineEdit()
        self.host.setObjectName("connectHost")
        self.host.setPlaceholderText(self.tr("server name or address"))
        self.port = QSpinBox()
        self.port.setObjectName("connectPort")
        self.port.setRange(1, 65535)
        self.port.setValue(team.DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setObjectName("connectDatabase")
        self.user = QLineEdit()
        self.user.setObjectName("connectUser")
        self.tls = QComboBox()
        self.tls.setObjectName("connectTls")
        for mode, text in TLS_MODES:
            self.tls.addItem(translate("ConnectDialog", text), mode)
        self.tls.setCurrentIndex(self.tls.findData(DEFAULT_TLS))
        self.password = QLineEdit()
        self.password.setObjectName("connectPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: use the keyring, PGPASSWORD or ~/.pgpass"))
        self.remember = QCheckBox(self.tr("&Remember password in the system keyring"))
        self.remember.setObjectName("connectRemember")
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("connectKeyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet(f"color: {quiet_color(self.palette()).name()}")
        self.secure = credentials.secure_backend()
        if self.secure:
            self.remember.setChecked(True)
            self.keyring_note.hide()
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember.setToolTip(translate("ConnectDialog", NO_KEYRING))
            self.keyring_note.setText(translate("ConnectDialog", NO_KEYRING))

        form = QFormLayout()
        form.addRow(self.tr("&Host:"), self.host)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Database:"), self.database)
        form.addRow(self.tr("&User:"), self.user)
        form.addRow(self.tr("&TLS:"), self.tls)
        form.addRow(self.tr("Pass&word:"), self.password)
        form.addRow("", self.remember)

        self.problem = QLabel()
        self.problem.setObjectName("connectProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setStyleSheet(f"color: {error_color(self.palette()).name()}")
        self.problem.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText(self.tr("Connect"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if url:
            self.set_url(url)
        if fixed:
            for edit in (self.host, self.database, self.user):
                edit.setReadOnly(True)
            self.port.setReadOnly(True)
            self.tls.setEnabled(False)
            self.intro.setText(self.intro.text().format(server=self.key()))
            self.password.setPlaceholderText("")
        if reason:
            self.show_problem(reason)
        for edit in (self.host, self.database, self.user):
            edit.textChanged.connect(self._check)
        self._check()
        first_empty = next(
            (w for w in (self.host, self.database, self.user) if not w.text()), self.password
        )
        first_empty.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # ------------------------------------------------------------ the address
    def set_url(self, url: str) -> None:
        """Fill the fields from a team URL (a malformed one is said, the fields left as they
        are)."""
        try:
            address = team.parse_url(url)
        except StoreError as exc:
            self.show_problem(str(exc))
            return
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.dbname)
        self.user.setText(address.user)
        mode = address.option("sslmode") or DEFAULT_TLS
        index = self.tls.findData(mode)
        if index < 0:  # "allow": a mode libpq knows that the list does not offer
            self.tls.addItem(mode, mode)
            index = self.tls.count() - 1
        self.tls.setCurrentIndex(index)

    def key(self) -> str:
        """``user@host:port/dbname``: the server as people read it (and the keyring's key)."""
        return (
            f"{self.user.text().strip()}@{self.host.text().strip()}:{self.port.value()}/"
            f"{self.database.text().strip()}"
        )

    def url(self) -> str:
        """``postgresql://user@host:port/dbname?sslmode=…``: never with the password."""
        user = quote(self.user.text().strip(), safe="")
        host = self.host.text().strip()
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address
        dbname = quote(self.database.text().strip(), safe="")
        mode = self.tls.currentData() or DEFAULT_TLS
        return f"postgresql://{user}@{host}:{self.port.value()}/{dbname}?sslmode={mode}"

    def given_password(self) -> str | None:
        """The password typed, or None (empty: the keyring, PGPASSWORD or ~/.pgpass)."""
        return self.password.text() or None

    def answer(self) -> credentials.Answer:
        return credentials.Answer(self.password.text(), self.remember.isChecked())

    # ------------------------------------------------------------ checking
    def _check(self) -> None:
        complete = all(w.text().strip() for w in (self.host, self.database, self.user))
        self.ok_button.setEnabled(complete)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def accept(self) -> None:
        """Check the address and password with the server; stay open saying what is wrong."""
        if not self.ok_button.isEnabled():
            return
        if self.fixed or self.probe is None:
            super().accept()
            return
        self.show_problem(self.tr("Connecting to {server}…").format(server=self.key()))
        self.ok_button.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QGuiApplication.processEvents()
        try:
            self.probe(self.url(), self.given_password())
        except StoreError as exc:  # wrong password, no server, a bad address: say it here
            self.show_problem(problem_text(exc))
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            self.password.selectAll()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
            self._check()
        self.show_problem("")
        super().accept()


def password_prompt(parent: QWidget | None = None, url: str | None = None) -> credentials.Ask:
    """The ``ask`` callback of :func:`credentials.open_corpus`: a :class:`ConnectDialog` with
    the address (``url``, else the server's key) read-only; the second time, with the
    server's refusal shown."""

    def ask(key: str, reason: str) -> credentials.Answer | None:
        dialog = ConnectDialog(
            parent,
            url=url or f"postgresql://{key}",
            fixed=True,
            probe=None,
            reason=problem_text(AuthenticationFailed(reason)) if reason else "",
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()

    return ask
