"""What a write may touch: output names safe on every system, inside the chosen folder; targets
it may replace (never the open corpus, a device, FIFO, socket or link, nor a file or folder this
tool did not write); staging folders named per process and swept when their process is gone;
atomic single-file writes. The rules are in docs/formats.md, "What an export may replace"."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.common import FormatError

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.I)
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')
MAX_NAME_BYTES = 255


def unsafe_name(name: str) -> str | None:
    """Why ``name`` is not a safe file name on Linux, macOS and Windows, or None."""
    if name in ("", ".", ".."):
        return "is not a file name"
    if "\x00" in name:
        return "contains a NUL character"
    bad = _BAD_CHARS.search(name)
    if bad:
        return f"contains {bad.group()!r}, which is not allowed in file names"
    if _RESERVED.match(name):
        return "is a reserved device name on Windows"
    if name[-1] in ". ":
        return "ends with a dot or a space"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    return None


def check_output(out: Path, folder: Path | None = None) -> Path:
    """``out``, checked: a safe name, a folder that exists, and (when ``folder`` is given)
    inside ``folder`` once ``..`` and symbolic links are resolved. Raises FormatError."""
    raw = str(out)
    if "\x00" in raw:
        raise FormatError(raw.replace("\x00", "\\0"), 0, "the path contains a NUL character")
    why = unsafe_name(out.name)
    if why:
        raise FormatError(out, 0, f"unsafe output name {out.name!r}: it {why}")
    if folder is not None:
        base = Path(folder).resolve()
        target = out if out.is_absolute() else base / out
        resolved = target.parent.resolve() / target.name
        if not resolved.is_relative_to(base):
            raise FormatError(out, 0, f"refusing to write outside the chosen folder {base}")
        out = resolved
    if not out.parent.is_dir():
        raise FormatError(out, 0, f"the folder {out.parent} does not exist")
    return out


# ---------------------------------------------------------------- what a write may replace
#
# A command replaces only what it wrote itself (docs/formats.md, "What an export may replace").
# Every target is checked before anything is written and again just before the rename.

MANIFEST = "manifest.json"
MANIFEST_SUFFIX = ".manifest.json"
CORPUS_SIDE_FILES = ("-wal", "-shm", "-journal")
MANIFEST_CAP = 16 << 20
"""A manifest larger than this is not one of ours (ours are a few KB)."""


def corpus_files(location: str | None) -> tuple[Path, ...]:
    """The open corpus's file and SQLite's files beside it (none for a server URL)."""
    if not location:
        return ()
    if "://" in location:  # as the store reads it: sqlite:// and file:// name a file
        scheme, _, rest = location.partition("://")
        if scheme not in ("sqlite", "file"):
            return ()  # a server database: no file here
        location = rest
    base = Path(os.path.abspath(Path(location).expanduser()))
    return (base, *(base.with_name(base.name + side) for side in CORPUS_SIDE_FILES))


def _kind(st: os.stat_result) -> str:
    mode = st.st_mode
    for test, name in (
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISREG, "file"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"


def existing_kind(path: Path) -> str | None:
    """What is at ``path`` (a symbolic link is not followed), or None when nothing is."""
    try:
        return _kind(os.lstat(path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FormatError(path, 0, f"cannot look at it: {exc.strerror or exc}") from None


def _norm(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(path))


def refuse_corpus(target: Path, protected: tuple[Path, ...], *, folder: bool = False) -> None:
    """Refuse a target that is one of the corpus's files: by path once links and ``..`` are
    resolved, or by inode (a hard link); for a folder target, one that holds them."""
    if not protected:
        return
    real = _norm(target)
    try:
        st = os.stat(target)
    except OSError:
        st = None
    for p in protected:
        hit = real == _norm(p)
        if not hit and st is not None:
            try:
                other = os.stat(p)
            except OSError:
                other = None
            hit = other is not None and (st.st_dev, st.st_ino) == (other.st_dev, other.st_ino)
        if hit:
            raise FormatError(target, 0, f"is the open corpus ({p}); refusing to write over it")
    if folder:
        inside = real.rstrip(os.sep) + os.sep
        for p in protected:
            if _norm(p).startswith(inside):
                raise FormatError(
                    target, 0, f"holds the open corpus ({p}); refusing to replace the folder"
                )


def read_manifest(path: Path) -> dict[str, Any] | None:
    """An annotator export manifest at ``path`` (a regular file), or None when there is none
    or it is not one of ours."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MANIFEST_CAP:
            return None
        with open(path, "rb") as fh:
            data = orjson.loads(fh.read(MANIFEST_CAP + 1))
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("format"), str):
        return None
    app = data.get("app")
    if not isinstance(app, dict) or app.get("name") != "annotator":
        return None
    return data


def _not_replaceable(target: Path, kind: str) -> FormatError:
    if kind == "symbolic link":
        return FormatError(
            target,
            0,
            f"is a symbolic link (to {os.readlink(target)}); refusing to replace it: "
            "name the real file or another name",
        )
    return FormatError(
        target, 0, f"exists and is a {kind}, not a regular file; refusing to replace it"
    )


def guard_file(target: Path, protected: tuple[Path, ...], *, ours: bool) -> None:
    """Refuse to write the file ``target`` unless nothing is there or it is a regular file
    this tool wrote (``ours``: a manifest of ours names it), and it is not the corpus."""
    refuse_corpus(target, protected)
    kind = existing_kind(target)
    if kind is None:
        return
    if kind != "file":
        raise _not_replaceable(target, kind)
    if not ours:
        raise FormatError(
            target,
            0,
            "exists and is not an earlier export (no annotator manifest names it); "
            "refusing to replace it: move it away or choose another name",
        )


def guard_folder(target: Path, protected: tuple[Path, ...]) -> None:
    """Refuse to write the folder ``target`` unless nothing is there or it is an earlier
    export folder: our manifest.json inside, and nothing at its top that the manifest does not
    list (an older manifest without the list vouches for the whole folder)."""
    refuse_corpus(target, protected, folder=True)
    kind = existing_kind(target)
    if kind is None:
        return
    if kind != "folder":
        if kind == "file":
            raise FormatError(
                target, 0, "exists and is a file; this export writes a folder: choose a new name"
            )
        raise _not_replaceable(target, kind)
    manifest = read_manifest(target / MANIFEST)
    if manifest is None:
        raise FormatError(
            target,
            0,
            "exists and is not an earlier export folder (no manifest.json of ours); "
            "refusing to replace it",
        )
    listed = manifest.get("written")
    if isinstance(listed, list):
        allowed = {str(n) for n in listed} | {MANIFEST}
        try:
            extra = sorted(e.name for e in os.scandir(target) if e.name not in allowed)
        except OSError as exc:
            raise FormatError(target, 0, f"cannot list it: {exc.strerror or exc}") from None
        if extra:
            raise FormatError(
                target,
                0,
                f"holds {extra[0]!r}, which the earlier export did not write; "
                "refusing to replace the folder: move it out or choose another name",
            )


# ---------------------------------------------------------------- staging folders
#
# An export is written into ``.<name>.annotator-staging-<pid>`` beside its target, with a
# marker file naming the process; a folder it replaces is moved aside into
# ``.<name>.annotator-old-<pid>`` first. A killed export leaves them behind: the next export
# into the same folder removes every such folder whose marker names a process (on this host)
# that is gone.

STAGING_MARKER = ".annotator-staging.json"
_STAGING = re.compile(r"^\.(?P<name>.*)\.annotator-(?P<kind>staging|old)-(?P<pid>[0-9]+)$", re.S)
_NAME_ROOM = MAX_NAME_BYTES - 40


def _short(name: str) -> str:
    raw = name.encode("utf-8", "surrogatepass")
    if len(raw) <= _NAME_ROOM:
        return name
    return raw[:_NAME_ROOM].decode("utf-8", "ignore")


def staging_name(target: Path, kind: str = "staging", pid: int | None = None) -> str:
    return f".{_short(target.name)}.annotator-{kind}-{os.getpid() if pid is None else pid}"


def _started(pid: int) -> str | None:
    """When process ``pid`` started (Linux: clock ticks since boot), or None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return fields[19].decode("ascii")
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def _alive(pid: int) -> bool:
    if os.name != "posix":  # Windows: os.kill(pid, 0) would send Ctrl+C; never sweep there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, someone else's
        return True
    return True


def _marker() -> dict[str, Any]:
    return {
        "app": "annotator",
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": _started(os.getpid()),
    }


def make_staging(target: Path, kind: str = "staging") -> Path:
    """Create the marked staging (or set-aside) folder for ``target``; sweep stale ones."""
    sweep_stale(target.parent)
    path = target.parent / staging_name(target, kind)
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        raise FormatError(
            target, 0, f"another export to it is running in this process ({path.name})"
        ) from None
    except OSError as exc:
        raise FormatError(
            target, 0, f"cannot write in {target.parent}: {exc.strerror or exc}"
        ) from None
    try:
        with open(path / STAGING_MARKER, "wb") as fh:
            fh.write(orjson.dumps(_marker()))
    except OSError as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise FormatError(target, 0, f"cannot write in {target.parent}: {exc}") from None
    return path


def unmark(staging: Path) -> None:
    """Remove the marker (the folder is about to become the output, or be removed)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(staging / STAGING_MARKER)


def stale(entry: Path) -> bool:
    """Whether ``entry`` is a staging folder of ours (name and marker) whose process is gone."""
    m = _STAGING.match(entry.name)
    if m is None:
        return False
    try:
        if not stat.S_ISDIR(os.lstat(entry).st_mode):
            return False
        with open(entry / STAGING_MARKER, "rb") as fh:
            marker = orjson.loads(fh.read(4096))
    except (OSError, orjson.JSONDecodeError):
        return False
    if not isinstance(marker, dict) or marker.get("app") != "annotator":
        return False
    pid = int(m.group("pid"))
    if marker.get("pid") != pid or marker.get("host") != socket.gethostname():
        return False  # not ours, or another machine's (its processes cannot be checked here)
    if not _alive(pid):
        return True
    started = marker.get("started")
    now = _started(pid)
    return started is not None and now is not None and started != now  # the pid was reused


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the stale staging folders in ``folder``; the ones removed."""
    removed: list[Path] = []
    try:
        entries = [Path(e.path) for e in os.scandir(folder) if e.name.startswith(".")]
    except OSError:
        return removed
    for entry in entries:
        if stale(entry):
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
    return removed


def _is_ours(path: Path, ours: Callable[[Path], bool]) -> bool:
    """``ours(path)``, asked only of a regular file (opening a FIFO would block)."""
    return existing_kind(path) == "file" and ours(path)


def write_atomic(
    path: Path,
    data: bytes,
    protected: tuple[Path, ...] = (),
    *,
    ours: Callable[[Path], bool] = lambda _p: False,
) -> Path:
    """Write ``data`` to ``path`` all at once: a temp file in the same folder, fsync, then
    ``os.replace``, so a reader (or a crash) sees the old file or the new one, never half. The
    temp file is in a marked staging folder (:func:`make_staging`), swept if the process dies.

    ``path`` is guarded as an export's (:func:`guard_file`): never the open corpus, never a
    device, FIFO, socket, link or folder; an existing file only when ``ours(path)`` says this
    tool wrote it. Checked before writing and again just before the rename."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FormatError(path, 0, f"the folder {path.parent} does not exist")
    guard_file(path, protected, ours=_is_ours(path, ours))
    staging = make_staging(path)  # marked: a kill leaves it for the next write to sweep
    tmp = staging / path.name
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = os.stat(path).st_mode & 0o777 if os.path.lexists(path) else 0o644
        os.chmod(tmp, mode)
        guard_file(path, protected, ours=_is_ours(path, ours))
        os.replace(tmp, path)
    except OSError as exc:
        raise FormatError(path, 0, f"cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return path
