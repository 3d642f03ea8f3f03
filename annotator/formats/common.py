"""Helpers shared by the importers: the error type, capped reads, strict decoding, titles."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from annotator.core.offsets import remap_crlf

if TYPE_CHECKING:
    from annotator.core.model import ArticleDraft

Progress = Callable[[int, int, Path], None]
"""``progress(done, total, path)``: called as bytes are read (import) or articles written
(export)."""

BOM = b"\xef\xbb\xbf"
TITLE_MAX_CHARS = 200
"""A first line longer than this is a paragraph, not a title."""
DERIVED_TITLE_CHARS = 80
"""A title made from the text's first words is at most this long (ellipsis included)."""
BREADCRUMB_LOOKAHEAD = 5
SENTENCE_END = (".", "!", "?", "…")
_CLOSERS = "\"'”’»)]"


def clipped(reason: str, limit: int = 1000) -> str:
    """``reason`` cut in the middle when longer than ``limit`` characters (a 3 MB label or
    text quoted in a message is not shown whole), saying how much was left out."""
    if len(reason) <= limit:
        return reason
    head, tail = reason[: limit * 3 // 4], reason[-(limit // 5) :]
    return f"{head} … [{len(reason) - len(head) - len(tail):,} characters left out] … {tail}"


class FormatError(ValueError):
    """A file (or one line of it) cannot be imported or written. Nothing was changed. A
    reason longer than :data:`CLIP` characters is cut in the middle (:func:`clipped`)."""

    CLIP: int | None = 1000

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason if self.CLIP is None else clipped(reason, self.CLIP)
        reason = self.reason
        super().__init__(f"{self.path}:{line}: {reason}" if line else f"{self.path}: {reason}")

    def __reduce__(self) -> tuple[type[FormatError], tuple[Path, int, str]]:
        return (FormatError, (self.path, self.line, self.reason))


SKIP_INVALID_FORMATS = ("jsonl", "prodigy", "doccano", "labelstudio")
"""The formats whose bad records ``--skip-invalid`` sets aside: each record is a JSON line or
a record of a JSON document, written back as it was (:mod:`.rejected`). The others (brat,
CoNLL, CSV, spaCy, HF) refuse a file with bad records whole, naming every one."""
SKIP_INVALID_ONLY = "--skip-invalid is for JSONL, Prodigy, doccano and Label Studio files only"


class BadRecords(FormatError):
    """Every bad record of one file (``problems``, each a :class:`FormatError` naming its line
    or record), found in one pass: the file is refused whole, and the message lists the first
    :data:`SHOWN` in full and counts the rest. ``drafts`` are the file's good records (what
    ``--skip-invalid`` imports). ``hint`` ends the message (the dialect a reader expected).
    ``skippable``: the format is one of :data:`SKIP_INVALID_FORMATS` (the message says what
    ``--skip-invalid`` would do, or that it is not for this file). With one problem the
    message is that problem's own."""

    SHOWN = 50
    CLIP = None  # the list of its problems, each clipped already

    def __init__(
        self,
        path: Path | str,
        problems: list[FormatError],
        drafts: list[ArticleDraft] | None = None,
        hint: str = "",
        skippable: bool = True,
    ) -> None:
        assert problems, "BadRecords needs at least one problem"
        self.problems = sorted(problems, key=lambda e: e.line)  # stable: records keep order
        self.drafts = drafts or []
        self.hint = hint
        self.skippable = skippable
        first = self.problems[0]
        if len(self.problems) == 1:
            reason = first.reason + hint
        else:
            shown = self.problems[: self.SHOWN]
            more = len(self.problems) - len(shown)
            skip = "--skip-invalid imports the others" if skippable else SKIP_INVALID_ONLY
            reason = (
                f"{len(self.problems)} bad records{hint}; nothing of the file was imported "
                f"({skip}):\n"
                + "\n".join(f"  {e}" for e in shown)
                + (f"\n  … and {more} more" if more else "")
            )
        super().__init__(path, first.line if len(self.problems) == 1 else 0, reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (BadRecords, (self.path, self.problems, self.drafts, self.hint, self.skippable))


def human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, only when it is a regular file.

    The file is opened without blocking (a FIFO with no writer would otherwise hang the
    import) and checked on the open descriptor, so it cannot be swapped in between.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FormatError(
                path, 0, f"is {kind_of(mode)}, not a regular file: only regular files are read"
            )
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def all_of(
    path: Path,
    read: Callable[[list[FormatError]], Iterable[Sequence[ArticleDraft]]],
    *,
    hint: str = "",
    skippable: bool = True,
) -> list[ArticleDraft]:
    """Every draft a format's ``read_batches`` gives (``read(bad)``), listed; its bad records
    refused in one :class:`BadRecords` (which carries the good ones)."""
    bad: list[FormatError] = []
    out = [d for batch in read(bad) for d in batch]
    if bad:
        raise BadRecords(path, bad, out, hint=hint, skippable=skippable)
    return out


def open_capped(path: Path, cap: int) -> BinaryIO:
    """``path`` opened for reading (:func:`open_regular`), refused when it is larger than
    ``cap``, as :func:`read_capped` refuses it."""
    fh = open_regular(path)
    try:
        size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        fh.close()
        raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    if size > cap:
        fh.close()
        raise FormatError(
            path,
            0,
            f"file is {human_size(size)} ({size:,} bytes), over the cap of "
            f"{human_size(cap)} ({cap:,} bytes)",
        )
    return fh


def read_block(path: Path, fh: BinaryIO, size: int, total: int, cap: int) -> bytes:
    """The next ``size`` bytes of ``fh`` (fewer at its end), ``total`` the bytes read before
    them; refused when the file has grown over ``cap`` meanwhile."""
    try:
        block = fh.read(size)
    except OSError as exc:
        raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    if total + len(block) > cap:
        raise FormatError(path, 0, f"file is over the cap of {human_size(cap)} ({cap:,} bytes)")
    return block


def decoded_blocks(
    path: Path,
    cap: int,
    size: int,
    seen: Callable[[bytes], None] | None = None,
) -> Iterator[tuple[int, str, int, bool]]:
    """The file strictly decoded about ``size`` bytes at a time, each block ending at an LF
    byte (never inside a UTF-8 sequence, never between CR and LF) but the last: (the block's
    first line number, its text, the bytes read so far, whether it is the last). A leading
    BOM is dropped; an invalid byte is named at its line as when the file is decoded whole.
    ``seen(block)`` is called with the bytes as read."""
    with open_capped(path, cap) as fh:
        n, total, rest, start = 1, 0, b"", True
        while True:
            block = read_block(path, fh, size, total, cap)
            total += len(block)
            if seen is not None:
                seen(block)
            if block:
                data = rest + block
                cut = data.rfind(b"\n") + 1
                if not cut:
                    rest = data
                    continue
                data, rest = data[:cut], data[cut:]
            else:
                data, rest = rest, b""
            if start:
                start = False
                if data.startswith(BOM):
                    data = data[len(BOM) :]
            yield n, decode_strict(path, data, first_line=n), total, not block
            if not block:
                return
            n += data.count(b"\n")


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of the regular file ``path``; a FormatError when it cannot be read, is not a
    regular file (a FIFO, a device) or is larger than ``cap``."""
    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > cap:
                raise FormatError(
                    path,
                    0,
                    f"file is {human_size(size)} ({size:,} bytes), over the cap of "
                    f"{human_size(cap)} ({cap:,} bytes)",
                )
            data = fh.read(size + 1)  # read(cap + 1) would allocate the whole cap first
            if len(data) > size:  # it grew while we looked: read on, up to the cap
                data += fh.read(cap + 1 - len(data))
        except OSError as exc:
            raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > cap:  # grew while we looked
        raise FormatError(path, 0, f"file is over the cap of {human_size(cap)} ({cap:,} bytes)")
    return data


def locate(data: bytes, pos: int, first_line: int = 1) -> tuple[int, int]:
    """(line, byte column), both 1-based, of byte ``pos`` of ``data``."""
    line = data.count(b"\n", 0, pos) + first_line
    column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return line, column


def decode_strict(path: Path, data: bytes, first_line: int = 1) -> str:
    """Decode UTF-8 strictly (a leading BOM is dropped); errors name the line and byte column.

    A NUL byte means a binary file. ``first_line`` is the line number of ``data``'s first line.
    """
    if data.startswith(BOM):
        data = data[len(BOM) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = locate(data, nul, first_line)
        raise FormatError(path, line, f"NUL byte at byte column {col}: a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = locate(data, exc.start, first_line)
        bad = data[exc.start : exc.end].hex(" ")
        raise FormatError(
            path,
            line,
            f"invalid UTF-8 at byte column {col} (byte {bad}: {exc.reason}); "
            "save the file as UTF-8 (or is it binary?)",
        ) from None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    if "\r" not in text:
        return text
    return remap_crlf(text)[0]


def derive_title(text: str) -> str:
    """A title from the text's first non-blank line: whole when short, else its first words
    cut at a word boundary with an ellipsis (at most :data:`DERIVED_TITLE_CHARS`)."""
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    words = first.split()
    line = " ".join(words)
    if len(line) <= DERIVED_TITLE_CHARS:
        return line
    out = ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if len(candidate) + 1 > DERIVED_TITLE_CHARS:
            break
        out = candidate
    if not out:  # one enormous word
        out = words[0][: DERIVED_TITLE_CHARS - 1]
    return out.rstrip(",;:–—-") + "…"


def title_line(text: str) -> str | None:
    """The first non-blank line when it is a title: a "short line", i.e. at most
    :data:`TITLE_MAX_CHARS` characters, not ending in sentence punctuation (``. ! ? …``, also
    before closing quotes or brackets), and followed by more text. Otherwise ``None``.

    When one of the next few lines is the tail of that line (at least three words), the first
    line is a scraped breadcrumb such as "Home Lainnya <headline>" and the tail is the title.
    """
    lines = text.split("\n")
    for n, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not line:
            continue
        if len(line) > TITLE_MAX_CHARS or line.rstrip(_CLOSERS).endswith(SENTENCE_END):
            return None
        following = [" ".join(r.split()) for r in lines[n + 1 : n + 1 + 12]]
        following = [f for f in following if f][:BREADCRUMB_LOOKAHEAD]
        if not following:
            return None  # the only line: it is the text
        for later in following:
            # A scraped breadcrumb ("Home News The Headline") repeats the headline below it.
            if len(later.split()) >= 3 and len(later) < len(line) and line.endswith(" " + later):
                return later
        return line
    return None
