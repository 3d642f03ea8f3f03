"""The house's layering, checked on every import statement of the package (lazy ones too).

- Qt (PySide6, shiboken6, pyqtgraph) only in ``annotator/gui``;
- peewee and the database drivers only in ``annotator/store``;
- ``core`` imports nothing of the app's other packages but ``paths``;
- ``store`` and ``formats`` import no ``gui`` and no CLI;
- ``formats`` imports nothing of ``store`` (not even for type checking): it depends on
  ``core`` only, and reads and writes a corpus through ``core/ports.py``'s Protocol;
- ``gui`` reaches the store only through the modules that hold no SQL (an allow-list, so a
  new store module is closed to the GUI until it is added here on purpose).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"

QT = ("PySide6", "shiboken6", "pyqtgraph")
DATABASE = ("peewee", "playhouse", "sqlite3", "psycopg", "psycopg2")
# Store modules the GUI may import: the facade, its error and value types, and the team
# helpers that parse URLs and hold passwords. None of them runs SQL for the GUI.
GUI_MAY_USE_FROM_STORE = {
    "annotator.store",
    "annotator.store.corpus",
    "annotator.store.errors",
    "annotator.store.team",
    "annotator.store.credentials",
    "annotator.store.operations",  # each operation's declared outage behaviour (no SQL)
}


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, at any depth."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield node.lineno, base
            for alias in node.names:  # `from annotator.store import tables` names a module
                yield node.lineno, f"{base}.{alias.name}"


def area(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def within(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def is_front(name: str) -> bool:
    """The GUI package or a CLI module (annotator.cli, annotator.cli_team, ...)."""
    return within(name, ("annotator.gui",)) or name.startswith("annotator.cli")


def violations(path: Path) -> list[str]:
    where = area(path)
    found: list[str] = []
    for line, name in imports(path):
        rule = None
        if within(name, QT) and where != "gui":
            rule = "Qt outside annotator/gui"
        elif within(name, DATABASE) and where != "store":
            rule = "a database library outside annotator/store"
        elif where == "core" and within(name, ("annotator",)):
            if not within(name, ("annotator.core", "annotator.paths")):
                rule = "core imports another package of the app"
        elif where in ("store", "formats") and within(
            name,
            ("annotator.gui", "annotator.cli", "annotator.cli_team", "annotator.cli_agreement"),
        ):
            rule = f"{where} imports the GUI or the CLI"
        elif where == "formats" and within(name, ("annotator.store",)):
            rule = "formats imports the store (formats depend on core only: core/ports.py)"
        elif where == "store" and within(name, ("annotator.formats",)):
            rule = "store imports formats (data flows files -> formats -> store)"
        elif where == "gui" and within(name, ("annotator.store",)):
            parent = name.rpartition(".")[0]  # `from annotator.store.corpus import Corpus`
            if name not in GUI_MAY_USE_FROM_STORE and (
                parent == "annotator.store" or parent not in GUI_MAY_USE_FROM_STORE
            ):
                rule = "the GUI reaches past Corpus into the store"
        if rule:
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} ({rule})")
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_sources() -> None:
    assert len(SOURCES) > 50 and any(area(p) == "gui" for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layering(path: Path) -> None:
    assert violations(path) == []


@pytest.mark.parametrize(
    ("where", "source", "rule"),
    [
        ("core/x.py", "from PySide6.QtCore import Qt", "Qt outside"),
        ("store/x.py", "def f():\n    import pyqtgraph\n", "Qt outside"),
        ("formats/x.py", "import peewee", "database library"),
        ("gui/x.py", "from annotator.store.tables import Span", "reaches past"),
        ("gui/x.py", "from annotator.store import raw", "reaches past"),
        ("gui/x.py", "from ..store import db", "reaches past"),
        ("core/x.py", "from annotator.store.corpus import Corpus", "core imports"),
        ("core/x.py", "from ..formats import jsonl", "core imports"),
        ("formats/x.py", "from annotator.gui.palette import x", "GUI or the CLI"),
        ("store/x.py", "from annotator.cli_team import main", "GUI or the CLI"),
        ("store/x.py", "from annotator.formats import jsonl", "store imports formats"),
        ("formats/x.py", "from annotator.store.importing import DraftRejected", "formats imports"),
        ("formats/x.py", "def f():\n    from ..store import corpus\n", "formats imports"),
    ],
)
def test_the_check_catches_each_kind_of_breach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str, rule: str
) -> None:
    fake = tmp_path / "annotator"
    (fake / where).parent.mkdir(parents=True)
    (fake / where).write_text(source, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    found = violations(fake / where)
    assert found and all(rule in breach for breach in found)
