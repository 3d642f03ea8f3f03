"""Errors the store raises to its callers."""

from __future__ import annotations


class CorpusError(ValueError):
    """An operation was refused; nothing was changed."""


class StoreError(RuntimeError):
    """The database cannot be opened or used as a corpus."""


class ServerError(StoreError):
    """The team server cannot be reached, or refused the connection."""


class AuthenticationFailed(ServerError):
    """The team server refused the user name or password (or needs a password not given)."""


class ConnectionLost(ServerError):
    """The connection to the team server dropped during an operation.

    The operation's transaction did not commit (or, if the drop came during COMMIT, its
    outcome is unknown: the caller may check before retrying). The next operation reconnects.
    """


class NotSaved(CorpusError):
    """A write refused because the team server is away (``operations.Outage.REFUSE``):
    nothing was saved, and the message says to make it again once the connection is back."""
