"""``metadata.csv`` beside plain-text articles: the title, outlet and date a ``.txt`` lacks.

A folder of ``.txt`` files may hold one ``metadata.csv`` (UTF-8, a header row) with a ``file``
column naming each article's file, and any of these columns:

- ``title``: the article's headline (else the text's first line, as without the sidecar);
- ``source``: the outlet (``CNN Indonesia``);
- ``published``: when it was published, ISO 8601: a date (``2025-08-13``) or a date and
  time with its offset (``2025-08-13T11:08+07:00``);
- ``url``: where it was read;
- ``story``: the event the article reports (articles sharing a story are grouped);
- every other column is kept in the article's metadata as text.

An empty cell means "not known" and sets nothing. A row naming a file that is not in the
folder, a file named twice, or a date that is not ISO 8601 refuses the import at that line.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from annotator.formats.common import FormatError, decode_strict, read_capped

NAME = "metadata.csv"
MAX_BYTES = 16_000_000
FIELDS = ("title", "source", "published", "url")


@dataclass(frozen=True)
class Metadata:
    """What the sidecar says of one file (empty strings: not known)."""

    title: str = ""
    source: str = ""
    published: str = ""
    url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    line: int = 0


def iso_date(value: str) -> str:
    """``value`` if it is an ISO 8601 date or date-time, else a ValueError saying so."""
    try:
        if "T" in value or " " in value.strip():
            datetime.fromisoformat(value)
        else:
            date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not an ISO 8601 date (2025-08-13) or date and time "
            "(2025-08-13T11:08+07:00)"
        ) from None
    return value


def for_file(path: Path) -> Metadata | None:
    """What the sidecar beside ``path`` says of it, if there is one that names it."""
    sidecar = path.parent / NAME
    try:
        stat = sidecar.stat()
    except OSError:
        return None
    return _read(path.parent, stat.st_mtime_ns, stat.st_size).get(path.name)


@functools.lru_cache(maxsize=8)
def _read(folder: Path, mtime_ns: int, size: int) -> dict[str, Metadata]:
    """The sidecar of ``folder`` by file name, read once per version of the file."""
    del mtime_ns, size  # the cache key: a changed sidecar is read again
    return read(folder)


def read(folder: Path) -> dict[str, Metadata]:
    """The sidecar of ``folder`` by file name; empty when the folder has none."""
    path = folder / NAME
    if not path.is_file():
        return {}
    text = decode_strict(path, read_capped(path, MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FormatError(
            path, 1, "the file is empty: a header row with a 'file' column is needed"
        ) from None
    except csv.Error as exc:
        raise FormatError(path, 1, f"malformed CSV: {exc}") from None
    if "file" not in header:
        raise FormatError(path, 1, f"no 'file' column in the header (columns: {', '.join(header)})")
    for n, name in enumerate(header):
        if not name:
            raise FormatError(path, 1, f"header column {n + 1} has no name")
        if header.index(name) != n:
            raise FormatError(path, 1, f"header column {name!r} appears twice")
    found: dict[str, Metadata] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FormatError(path, line, f"malformed CSV: {exc}") from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise FormatError(
                path, line, f"row has {len(row)} cells but the header has {len(header)}"
            )
        cells = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        name = cells.pop("file")
        if not name or Path(name).name != name:
            raise FormatError(path, line, f"'file' must name a file in this folder, not {name!r}")
        if name in found:
            raise FormatError(
                path, line, f"{name} is named twice (first at line {found[name].line})"
            )
        if not (folder / name).is_file():
            raise FormatError(path, line, f"{name} is not a file in {folder}")
        if cells.get("published"):
            try:
                iso_date(cells["published"])
            except ValueError as exc:
                raise FormatError(path, line, f"published: {exc}") from None
        fields = {key: cells.pop(key, "") for key in FIELDS}
        found[name] = Metadata(**fields, meta={k: v for k, v in cells.items() if v}, line=line)
    return found
