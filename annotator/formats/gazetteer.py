"""Gazetteers: term lists that suggest labels (issue 17), read with every bad line named.

Two shapes, told by the suffix:

* ``.csv``: ``term,label`` rows (RFC 4180 quoting), an optional header ``term,label`` (or
  ``label,term``: the columns are then read the other way round);
* anything else: one term a line, ``term<TAB>LABEL``, or the bare term when a default label is
  given (``annotator gazetteer import FILE --label GPE``). Blank lines and lines starting
  with ``#`` are skipped.

A term is stripped of surrounding white space; a label is a schema name (a letter, then
letters, digits, ``_`` or ``-``). The file is refused whole when a line is bad, each bad line
named (the first :data:`SHOWN` in full), so nothing half-read reaches the corpus.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from pathlib import Path

from annotator.formats.common import FormatError, decode_strict, read_capped

MAX_BYTES = 64 * 2**20
SHOWN = 10
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

Term = tuple[str, str, int]  # term, label, line


def read(
    path: Path,
    *,
    label: str | None = None,
    labels: Collection[str] | None = None,
    notes: list[str] | None = None,
) -> list[Term]:
    """The (term, label, line) of every entry of the gazetteer at ``path``.

    ``labels``: the labels a term may have (the schema's term labels); a line with another is
    bad, named with the others. ``notes`` gets a line for each bare term that looks like
    ``term,LABEL`` in a file not named ``.csv`` (read as one term, as the file says)."""
    if label is not None and not _LABEL.fullmatch(label):
        raise FormatError(path, 0, f"--label {label!r} is not a label name")
    allowed = ", ".join(sorted(labels)) if labels is not None else ""
    if label is not None and labels is not None and label not in labels:
        raise FormatError(
            path, 0, f"--label {label!r} is not a term label of the schema ({allowed})"
        )
    text = decode_strict(path, read_capped(path, MAX_BYTES))
    if path.suffix.lower() == ".csv":
        rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
        header = [c.strip().casefold() for c in rows[0][1]] if rows else []
        if header in (["term", "label"], ["label", "term"]):
            rows = rows[1:]
            if header[0] == "label":  # the columns named the other way round
                rows = [(n, row[::-1]) for n, row in rows]
        entries = [(n, row) for n, row in rows if any(c.strip() for c in row)]
    else:
        entries = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            entries.append((n, line.split("\t")))
    out: list[Term] = []
    problems: list[FormatError] = []
    for n, cells in entries:
        cells = [c.strip() for c in cells]
        if len(cells) == 1 and label is not None:
            looks = cells[0].rpartition(",")
            if notes is not None and looks[1] and looks[2].strip() in (labels or ()):
                notes.append(
                    f"{path}:{n}: {cells[0]!r} was read as one term of {label}; if it is "
                    "term,label, name the file .csv"
                )
            cells = [cells[0], label]
        if len(cells) != 2:
            want = "term,label" if path.suffix.lower() == ".csv" else "term<TAB>LABEL"
            hint = "" if label is not None else " (or give --label for bare terms)"
            problems.append(
                FormatError(path, n, f"expected {want}, found {len(cells)} field(s){hint}")
            )
            continue
        term, lab = cells
        if not term:
            problems.append(FormatError(path, n, "the term is empty"))
        elif not _LABEL.fullmatch(lab):
            problems.append(FormatError(path, n, f"{lab!r} is not a label name"))
        elif labels is not None and lab not in labels:
            problems.append(
                FormatError(path, n, f"{lab!r} is not a term label of the schema ({allowed})")
            )
        else:
            out.append((term, lab, n))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        shown = "\n".join(f"  {e}" for e in problems[:SHOWN])
        more = f"\n  … and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        raise FormatError(
            path, 0, f"{len(problems)} bad lines; nothing of the file was imported:\n{shown}{more}"
        )
    if not out:
        raise FormatError(path, 0, "the gazetteer has no terms")
    return out
