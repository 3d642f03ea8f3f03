"""The log file: ``annotator.log`` in the user log directory, rotated at 1 MB, five kept.

:func:`setup` is called once by the command line (every command). Messages pass through
:class:`SecretFilter`, which masks the password of any ``scheme://user:password@host`` URL,
so a database URL never reaches the file with its password. No Qt here.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from annotator.paths import APP_NAME

LOG_NAME = "annotator.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
LOG_DIR_ENV = "ANNOTATOR_LOG_DIR"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

# "scheme://user:secret@" -> "scheme://user:***@" (the user part may be empty).
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):(?P<secret>[^@\s/]*)@")
MASK = "***"

_handler: RotatingFileHandler | None = None


def mask_secrets(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***``."""
    return _URL_PASSWORD.sub(lambda m: f"{m['head']}:{MASK}@", text)


class SecretFilter(logging.Filter):
    """Masks URL passwords in the formatted message (arguments included) and tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        return True


def log_dir() -> Path:
    """``$ANNOTATOR_LOG_DIR``, else the platform's user log directory for Annotator."""
    folder = os.environ.get(LOG_DIR_ENV)
    if folder:
        return Path(folder)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The file being written (the one :func:`setup` opened), else where it would be."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return log_dir() / LOG_NAME


def setup(level: int = logging.INFO) -> Path | None:
    """Log to the rotating file (once per process; again only if the directory changed).

    Returns the log file, or None if it cannot be written (then warnings go to stderr only).
    """
    global _handler
    root = logging.getLogger()
    path = log_dir() / LOG_NAME
    if _handler is not None:
        if Path(_handler.baseFilename) == path.resolve():
            return path
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as exc:
        print(f"annotator: cannot write the log in {path.parent}: {exc}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(SecretFilter())
    root.addHandler(handler)
    root.setLevel(level)
    _handler = handler
    logging.captureWarnings(True)
    return path


def teardown() -> None:
    """Stop writing the log file (tests, and before the log directory goes away)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
