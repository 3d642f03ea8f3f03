"""Team server passwords: in the OS keyring, or in this process's memory, nowhere else.

A password is kept under the service :data:`SERVICE` and the key ``user@host:port/dbname``.
With no secure keyring (a headless machine: keyring's ``fail`` or ``null`` backend, or a
plaintext file backend such as ``keyrings.alt``), nothing is written anywhere: the password
is asked for and held in memory for the session only. libpq's own ``PGPASSWORD`` and
``~/.pgpass`` work as well: when Annotator has no password for a server, it connects without
one and libpq looks there.

Nothing here logs, prints or raises a password.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from annotator.store import team
from annotator.store.errors import AuthenticationFailed

if TYPE_CHECKING:
    from annotator.store.corpus import Corpus

T = TypeVar("T")
SERVICE = "Annotator team server"
log = logging.getLogger(__name__)

# Backends that do not keep a secret safely: they fail, drop it, or write it to a file that
# anyone who can read the home folder can decode.
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")

_session: dict[str, str] = {}


@dataclass(frozen=True)
class Answer:
    """What the user typed when asked: the password, and whether to keep it in the keyring."""

    password: str
    remember: bool = False


# Asked with (server key, why it is asked: "" the first time, else the refusal to show).
Ask = Callable[[str, str], Answer | None]


def backend_name() -> str:
    import keyring

    kr = keyring.get_keyring()
    return f"{type(kr).__module__}.{type(kr).__name__}"


def secure_backend() -> bool:
    """Whether the keyring can keep a secret: a real OS store, not fail/null/plaintext."""
    import keyring

    kr = keyring.get_keyring()
    backends = getattr(kr, "backends", None)  # the chainer: secure if any of its backends is
    if backends is not None:
        return any(_secure(b) for b in backends)
    return _secure(kr)


def _secure(backend: object) -> bool:
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        return False
    return float(getattr(backend, "priority", 0) or 0) > 0


def lookup(key: str) -> str | None:
    """The password for ``key``: this session's, else the keyring's (if secure), else None."""
    if key in _session:
        return _session[key]
    if not secure_backend():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as exc:
        log.warning("the keyring could not be read (%s); asking instead", type(exc).__name__)
        return None


def remember(key: str, password: str, *, keep: bool) -> str:
    """Hold ``password`` for this session; with ``keep`` and a secure keyring, also store it
    there. Returns where it went: "keyring" or "session"."""
    _session[key] = password
    if keep and secure_backend():
        import keyring

        try:
            keyring.set_password(SERVICE, key, password)
            return "keyring"
        except keyring.errors.KeyringError as exc:
            log.warning("the keyring refused the password (%s); kept for this session", exc)
    return "session"


def forget(key: str) -> None:
    """Drop the password of ``key`` from this session and from the keyring."""
    _session.pop(key, None)
    if secure_backend():
        import keyring

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, key)


def forget_session() -> None:
    _session.clear()


def open_corpus(target: str, ask: Ask | None = None, *, tries: int = 3) -> Corpus:
    """Open the corpus at ``target`` (a path, or a team server URL with the password from this
    session, the keyring, or libpq's PGPASSWORD / ~/.pgpass). When the server refuses and
    ``ask`` is given, ask (up to ``tries`` times); a cancelled prompt re-raises the refusal.
    A password that worked is held for the session (and kept in the keyring if asked)."""
    from annotator.store.corpus import Corpus

    if not team.is_team_url(target):
        return Corpus.open(target)
    return with_password(target, lambda pw: Corpus.open(target, password=pw), ask, tries=tries)


def with_password(
    url: str, action: Callable[[str | None], T], ask: Ask | None, *, tries: int = 3
) -> T:
    """Run ``action(password)`` against the server of ``url``: first with the password this
    session or the keyring has (None: libpq's own sources), then, while the server refuses
    and ``ask`` answers, with the answer. The password that worked is remembered."""
    key = team.parse_url(url).key
    password = lookup(key)
    keep = False
    for attempt in range(tries + 1):
        try:
            result = action(password)
        except AuthenticationFailed as exc:
            if _session.get(key) == password:
                _session.pop(key, None)
            if ask is None or attempt == tries:
                raise
            answer = ask(key, str(exc) if password is not None else "")
            if answer is None:
                raise
            password, keep = answer.password, answer.remember
            continue
        if password is not None:
            remember(key, password, keep=attempt > 0 and keep)
        return result
    raise AssertionError("unreachable")
