"""CSV importer: a header row, one article per row; and the one CSV table writer
(:func:`write_table`: formula cells neutralised, written atomically, targets guarded).

The text comes from the column named ``text`` (or ``text_column``). Columns ``id``, ``title``,
``source``, ``url``, ``published`` and ``language`` fill those fields; every other column goes
into the article's meta (as strings). The file is decoded strictly as UTF-8 (BOM dropped);
CRLF and lone CR inside cells become LF.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from annotator.core.model import ArticleDraft
from annotator.core.validate import DraftError, check_text
from annotator.formats import safety
from annotator.formats.common import (
    FormatError,
    all_of,
    decoded_blocks,
    derive_title,
    normalise_newlines,
)
from annotator.formats.jsonl import BATCH, IdCheck
from annotator.formats.sidecar import iso_date

EXTENSIONS = (".csv",)
MAX_BYTES = 1 << 30
"""Cap on a CSV file (1 GiB), as for JSONL."""
FIELD_LIMIT = 2**31 - 1
"""csv's per-cell limit (default 128 KiB) raised so long articles fit; the store caps texts."""
FIELDS = ("id", "title", "source", "url", "published", "language")


def read(
    path: Path, *, annotator: str | None = None, text_column: str = "text"
) -> list[ArticleDraft]:
    """One draft per data row. ``annotator`` is ignored: CSV rows carry no labels (naming an
    annotator on a label-less record would mark the article done for them).

    A bad row (malformed CSV, a wrong number of cells, an empty or invalid text, a bad
    ``published`` date, an id given to two different texts) does not stop the reading: every
    one is named with its line in one :class:`~.common.BadRecords` (which carries the good
    rows). A bad header, or no rows at all, refuses the file at once."""
    del annotator
    return all_of(
        path, lambda bad: read_batches(path, bad, text_column=text_column), skippable=False
    )


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    text_column: str = "text",
    size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """:func:`read`'s drafts ``size`` at a time, the file decoded and read a block at a time
    as the import needs them (ADR 0042); each bad row is added to ``bad``."""
    old_limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield from _rows(path, _lines(path, progress), text_column, bad, size, pause)
    except csv.Error as exc:
        raise FormatError(path, 0, f"not readable as CSV: {exc}") from None
    finally:
        csv.field_size_limit(old_limit)


_BLOCK = 1 << 20  # bytes read and decoded at a time
#: A line with its end (LF, CR LF or a lone CR), as ``io.StringIO(newline="")`` gives lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(path: Path, progress: Callable[[int], None] | None) -> Iterator[str]:
    """The file's lines with their ends, read and strictly decoded a block at a time; each
    block ends at an LF byte (never inside a UTF-8 sequence, never between CR and LF), so an
    invalid byte is named at its line as when the file is decoded whole."""
    for _, text, total, _ in decoded_blocks(path, MAX_BYTES, _BLOCK):
        yield from _LINE.findall(text)
        if progress is not None:
            progress(total)


def _rows(
    path: Path,
    lines: Iterator[str],
    text_column: str,
    bad: list[FormatError],
    size: int,
    pause: Callable[[], None] | None,
) -> Iterator[list[ArticleDraft]]:
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError(path, 0, "the file is empty: a header row is needed") from None
    except csv.Error as exc:
        raise FormatError(path, reader.line_num, f"malformed CSV: {exc}") from None
    names = [normalise_newlines(h).strip() for h in header]
    for n, name in enumerate(names, 1):
        if not name:
            raise FormatError(path, 1, f"header column {n} has no name")
        if names.index(name) != n - 1:
            raise FormatError(path, 1, f"header column {name!r} appears twice")
    if text_column not in names:
        raise FormatError(
            path,
            1,
            f"no {text_column!r} column in the header (columns: {', '.join(names)}); "
            "a header row naming the text column is required",
        )
    ids = IdCheck(path)  # one id is one article, as in JSONL
    drafts: list[ArticleDraft] = []
    rows = 0
    while True:
        if pause is not None:
            pause()
        line = reader.line_num + 1  # the first physical line of the next record
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the reader starts again at the next line
            rows += 1
            bad.append(FormatError(path, line, f"malformed CSV: {exc}"))
            continue
        if not row or (len(row) == 1 and not row[0].strip() and len(names) > 1):
            continue  # a blank line
        rows += 1
        try:
            made = _draft(path, line, names, row, text_column)
        except FormatError as exc:
            bad.append(exc)
            continue
        if ids.keep(made, bad):
            drafts.append(made)
        if len(drafts) >= size:
            yield drafts
            drafts = []
    if not rows:
        raise FormatError(path, 0, "the file has a header but no rows")
    if drafts:
        yield drafts


def _draft(
    path: Path, line: int, names: list[str], row: list[str], text_column: str
) -> ArticleDraft:
    """The draft of one data row; a FormatError at ``line`` when it is bad."""
    if len(row) != len(names):
        raise FormatError(path, line, f"row has {len(row)} cells but the header has {len(names)}")
    cells = {name: normalise_newlines(cell) for name, cell in zip(names, row, strict=True)}
    body = cells.pop(text_column)
    if not body.strip():
        raise FormatError(path, line, f"the {text_column!r} cell is empty")
    try:
        check_text(body)
    except DraftError as exc:
        raise FormatError(path, line, str(exc)) from None
    fields = {k: cells.pop(k, "").strip() for k in FIELDS}
    if fields["published"]:
        try:
            iso_date(fields["published"])
        except ValueError as exc:
            raise FormatError(path, line, f"published: {exc}") from None
    language = "" if fields["language"] == "unknown" else fields["language"]
    return ArticleDraft(
        text=body,
        external_id=fields["id"],
        title=fields["title"] or derive_title(body),
        source=fields["source"],
        url=fields["url"] or None,
        published=fields["published"] or None,
        meta=cells,
        language=language or None,
        language_confidence=1.0 if language else None,
        line=line,
    )


# ---------------------------------------------------------------- writing tables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read as a formula by spreadsheets (CSV injection)."""


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'`` (OWASP);
    numbers stay numbers (``-0.25`` is a value, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The CSV text (UTF-8, CRLF rows as the csv module writes them) with every text cell
    neutralised; None is an empty cell."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise("" if v is None else v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    protected: tuple[Path, ...] = (),
) -> Path:
    """Write a table atomically (:func:`safety.write_atomic`). An existing file is replaced
    only when its first row is this table's header (an earlier export of the same table);
    the open corpus, devices, FIFOs, sockets, links and other files are refused."""
    data = table_bytes(header, rows)
    first = data.split(b"\n", 1)[0] + b"\n"

    def ours(existing: Path) -> bool:
        try:
            with open(existing, "rb") as fh:
                return fh.read(len(first)) == first
        except OSError:
            return False

    return safety.write_atomic(path, data, protected, ours=ours)
