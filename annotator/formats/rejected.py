"""``import --skip-invalid``: the records a file could not give, written beside it.

``INPUT.rejected.jsonl`` (the whole file name: ``data.jsonl`` -> ``data.jsonl.rejected.jsonl``,
so ``data.jsonl`` and ``data.json`` never share one) holds one line per rejected record: the
original record (a JSON Lines line, or a task or record of a JSON document) with
``"_rejected"`` added: why, naming the file and the line (``data.jsonl:3: ...``). A line that
was not a JSON object is kept as text under ``"_text"``. The file is written to a temporary
name, fsynced and renamed inside the import's transaction, before it commits (a file that
cannot be written rolls the import back). An existing file there is replaced (or, after a
clean run, removed) only when it is one of ours (every line an object with ``"_rejected"``),
never the corpus, a link, a device or anything else.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.common import BOM, FormatError, open_regular, read_capped
from annotator.formats.records import MAX_BYTES
from annotator.formats.safety import existing_kind, guard_file, staging_name

SUFFIX = ".rejected.jsonl"
KEY = "_rejected"
_RECORD_OF_DOCUMENT = re.compile(r"(?:task|record) (\d+)\b")


def rejected_path(path: Path) -> Path:
    """Where the rejected records of ``path`` go: ``data.jsonl`` -> ``data.jsonl.rejected.jsonl``
    (the whole name: two inputs of one folder never share it)."""
    return path.with_name(path.name + SUFFIX)


def is_ours(path: Path) -> bool:
    """Whether ``path`` is a regular file that looks written by :func:`write` (every non-blank
    line a JSON object with ``"_rejected"``)."""
    if existing_kind(path) != "file":
        return False
    try:
        data = read_capped(path, MAX_BYTES)
    except FormatError:
        return False
    lines = [ln for ln in data.split(b"\n") if ln.strip()]
    if not lines:
        return False
    for ln in lines:
        try:
            rec = orjson.loads(ln)
        except orjson.JSONDecodeError:
            return False
        if not isinstance(rec, dict) or KEY not in rec:
            return False
    return True


def check_target(path: Path, protected: tuple[Path, ...]) -> Path:
    """The rejected file of ``path``, checked before anything is imported: a FormatError when
    something is there that is not ours (a file we did not write, a link, a folder, a device,
    the corpus)."""
    target = rejected_path(path)
    _guard(target, protected)
    return target


def _guard(target: Path, protected: tuple[Path, ...]) -> None:
    try:
        guard_file(target, protected, ours=True)  # the corpus, a link, a folder, a device
    except FormatError as exc:
        raise FormatError(
            exc.path,
            0,
            f"{exc.reason} (--skip-invalid writes the rejected records there)",
        ) from None
    if existing_kind(target) == "file" and not is_ours(target):
        raise FormatError(
            target,
            0,
            "exists and is not a file of rejected records this tool wrote; refusing to replace "
            "it (--skip-invalid writes the rejected records there): move it away",
        )


def _originals(path: Path, problems: list[FormatError]) -> list[dict[str, Any]]:
    """One output record per rejected input record, in the file's order, reasons joined.
    Records named by their line (JSON Lines) are read line by line, in bounded memory."""
    lines: list[bytes] | dict[int, bytes]
    data = b""
    if all(err.line for err in problems):
        lines = _lines_of(path, {err.line for err in problems})
    else:  # a JSON document: read whole, as its reader did
        data = read_capped(path, MAX_BYTES)
        if data.startswith(BOM):
            data = data[len(BOM) :]
        lines = dict(enumerate(data.split(b"\n"), 1))
    document: Any = None
    grouped: dict[tuple[int, int], tuple[dict[str, Any], list[str]]] = {}
    for err in problems:
        rec: Any = None
        if err.line:
            key = (err.line, 0)
            why = f"{path.name}:{err.line}: {err.reason}"
            if err.line in lines:
                raw = lines[err.line]
                try:
                    rec = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    rec = None
                if not isinstance(rec, dict):
                    rec = {"_text": raw.decode("utf-8", "replace").rstrip("\r")}
            else:  # the file changed under the import
                rec = {}
        else:
            found = _RECORD_OF_DOCUMENT.match(err.reason)
            index = int(found.group(1)) if found else 0
            key, why = (0, index), f"{path.name}: {err.reason}"
            if index:
                if document is None:
                    try:
                        document = orjson.loads(data)
                    except orjson.JSONDecodeError:
                        document = []
                items = document if isinstance(document, list) else [document]
                if 0 < index <= len(items):
                    rec = items[index - 1]
            if not isinstance(rec, dict):
                rec = {"_record": rec}
        entry = grouped.setdefault(key, (rec, []))
        entry[1].append(why)
    return [
        {**rec, KEY: "; ".join(reasons)}
        for _, (rec, reasons) in sorted(grouped.items(), key=lambda item: item[0])
    ]


def _lines_of(path: Path, wanted: set[int]) -> dict[int, bytes]:
    """The lines numbered ``wanted`` (1-based, split at "\\n" as the JSONL reader does)."""
    out: dict[int, bytes] = {}
    last = max(wanted)
    try:
        with open_regular(path) as fh:
            for number, raw in enumerate(fh, 1):
                if number == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM) :]
                if number in wanted:
                    out[number] = raw.removesuffix(b"\n")
                if number >= last:
                    break
    except OSError as exc:
        raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    return out


def write(
    path: Path, target: Path, problems: list[FormatError], protected: tuple[Path, ...]
) -> int:
    """Write the rejected records of ``path`` to ``target`` (checked again just before, then
    written to a temporary name, fsynced and renamed). Returns how many records."""
    records = _originals(path, problems)
    _guard(target, protected)
    temp = target.with_name(staging_name(target, "rejected"))
    try:
        with open(temp, "xb") as fh:
            fh.write(b"".join(orjson.dumps(r) + b"\n" for r in records))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as exc:
        if not isinstance(exc, FileExistsError):  # a staging name we did not create stays
            temp.unlink(missing_ok=True)
        raise FormatError(
            target,
            0,
            f"cannot write the rejected records: {exc.strerror or exc}; nothing of {path.name} "
            "was imported",
        ) from None
    return len(records)


def remove_leftover(path: Path, protected: tuple[Path, ...]) -> str:
    """After a clean ``--skip-invalid`` import of ``path``: remove the rejected file an earlier
    run left beside it when it is ours; a note saying what was done ("" when none is there)."""
    target = rejected_path(path)
    try:
        if existing_kind(target) is None:
            return ""
        _guard(target, protected)
    except FormatError:
        return f"{target} is there and was not written by --skip-invalid; left as it is"
    try:
        target.unlink()
    except OSError as exc:
        return f"cannot remove {target}, the rejected records of an earlier run: {exc.strerror}"
    return f"removed {target}: the rejected records of an earlier run (none now)"
