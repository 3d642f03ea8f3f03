"""Dialogs of the main window: who is labelling, and the label schema editor."""

from __future__ import annotations

from annotator.gui.dialogs.identity import IdentityDialog, ask_annotator
from annotator.gui.dialogs.schema_editor import SchemaEditor

__all__ = ["IdentityDialog", "SchemaEditor", "ask_annotator"]
