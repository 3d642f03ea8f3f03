"""``packaging/build.py`` loaded as a module (``packaging/`` is no package: the name is taken)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("annotator_packaging_build", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load()
