"""The refusals every layer shares: an operation was refused and nothing changed.

The store raises them (and the failures of the file or server itself, which stay in
``annotator/store/errors.py``); the formats, the CLI and the GUI catch them.
"""

from __future__ import annotations


class CorpusError(ValueError):
    """An operation was refused; nothing was changed."""


class NotSaved(CorpusError):
    """A write refused because the team server is away (``operations.Outage.REFUSE``):
    nothing was saved, and the message says to make it again once the connection is back."""


class NothingToUndo(LookupError):
    """Undo (or redo) with nothing on the annotator's stack."""
