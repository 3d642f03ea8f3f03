"""Refuse output paths that escape the chosen folder or have names unsafe on some system."""

from __future__ import annotations

import re
from pathlib import Path

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
