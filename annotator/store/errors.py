"""What went wrong with the corpus file or the team server itself (refusals of an
operation are :mod:`annotator.core.errors`' :class:`CorpusError`)."""

from __future__ import annotations


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


# What went wrong with the corpus file or database itself, in words. The driver's errors are
# turned into these in one place, :mod:`annotator.store.failures`; none of them changed data.


class DiskFull(StoreError):
    """The disk (or the server's) is full: the change's transaction was rolled back."""


class DiskError(StoreError):
    """The disk could not be read or written (an I/O error): the change was rolled back."""


class CorpusReadOnly(StoreError):
    """The corpus file, its folder or the server database takes no writes; reads still work."""


class CorpusLocked(StoreError):
    """Another program held the corpus's write lock longer than the busy timeout."""


class CorpusDamaged(StoreError):
    """The corpus file is damaged: a malformed page, a broken header, or stored JSON that
    does not parse. ``annotator db check`` lists what it finds."""


class NotACorpus(StoreError):
    """The file is not an Annotator corpus (another program's SQLite database, or not a
    database at all). It was left exactly as it was."""
