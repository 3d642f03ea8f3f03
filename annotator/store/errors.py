"""Errors the store raises to its callers."""

from __future__ import annotations


class CorpusError(ValueError):
    """An operation was refused; nothing was changed."""
