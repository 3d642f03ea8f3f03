"""Keyrings for the tests: an in-memory one (what an OS keyring does, without touching the
user's) and keyring's ``fail`` backend (a headless machine). Fixtures are in conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from annotator.store import credentials


class MemoryKeyring(KeyringBackend):
    """A keyring in this process's memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    credentials.forget_session()
    yield ring
    keyring.set_keyring(before)
    credentials.forget_session()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    credentials.forget_session()
    yield
    keyring.set_keyring(before)
    credentials.forget_session()
