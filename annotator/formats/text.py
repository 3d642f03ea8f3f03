"""Plain-text importer: one ``.txt`` file is one article (the seeds' shape).

The text stored is the whole file, decoded strictly as UTF-8 (a BOM is dropped) with CRLF and
lone CR turned into LF. The title is the first line when it is a short line (see
:func:`annotator.formats.common.title_line`), otherwise the text's first words with an ellipsis.
A ``metadata.csv`` in the same folder gives the title, outlet, date, URL and story a text file
lacks (:mod:`annotator.formats.sidecar`).
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import ArticleDraft
from annotator.core.validate import DraftError, check_text
from annotator.formats import sidecar
from annotator.formats.common import (
    FormatError,
    decode_strict,
    derive_title,
    normalise_newlines,
    read_capped,
    title_line,
)

EXTENSIONS = (".txt",)
MAX_BYTES = 8_000_000
"""Cap on a .txt file: 4 bytes x the store's 2,000,000-character cap, so no file that could
possibly fit is refused by size, and nothing bigger is read into memory."""


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    """The one article in ``path``. ``annotator`` is ignored: a text file carries no labels,
    and naming an annotator on a label-less record would mark the article done for them."""
    del annotator
    text = normalise_newlines(decode_strict(path, read_capped(path, MAX_BYTES)))
    if not text.strip():
        raise FormatError(path, 0, "the file is empty (or only white space)")
    try:
        check_text(text)
    except DraftError as exc:
        raise FormatError(path, 0, str(exc)) from None
    title = title_line(text) or derive_title(text)
    known = sidecar.for_file(path)
    if known is None:
        return [
            ArticleDraft(text=text, external_id=path.stem, title=title, meta={"file": path.name})
        ]
    return [
        ArticleDraft(
            text=text,
            external_id=path.stem,
            title=known.title or title,
            source=known.source,
            url=known.url or None,
            published=known.published or None,
            meta={"file": path.name, **known.meta},
        )
    ]
