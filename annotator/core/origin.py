"""Where a span began: typed by hand, or a suggestion the annotator accepted (issue 17).

``hand``; ``memory`` (the corpus's memory of labelled forms), ``gazetteer``, ``rule``;
``model:NAME`` (a model trained here); ``annotator:NAME`` (another annotator's or an imported
model's labels offered as suggestions). The corpus stays hand-labelled: an accepted suggestion
is the annotator's own span, and its origin says how it began (stats, exports, and
``annotator agreement --hand-only``).
"""

from __future__ import annotations

import re

HAND = "hand"
SOURCES = ("memory", "gazetteer", "rule")
NAMED = ("model", "annotator")
# A name: no space or colon first, no space last, no line break or control character, at
# most 200 characters (an annotator's name may have spaces: ``annotator:Budi Santoso``).
_NAME = re.compile(r"[^\s:](?:[^\x00-\x1f\x7f]{0,198}[^\s])?")


def origin_problem(value: object) -> str | None:
    """Why ``value`` is not an origin (None when it is one)."""
    if not isinstance(value, str):
        return f"an origin is a string, not {type(value).__name__}"
    if value == HAND or value in SOURCES:
        return None
    kind, colon, name = value.partition(":")
    if colon and kind in NAMED and _NAME.fullmatch(name):
        return None
    return f"unknown origin {value!r}: hand, memory, gazetteer, rule, model:NAME or annotator:NAME"
