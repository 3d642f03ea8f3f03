"""Folder names made from names a file may set (annotator names): never a way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.paths import folder_name


@pytest.mark.parametrize(
    "name", ["../../evil", "..", ".", "a/b", "", "/etc/passwd", "C:\\x", ".hidden", "a\x00b"]
)
def test_a_model_folder_named_after_an_annotator_stays_in_models(tmp_path: Path, name: str) -> None:
    models = tmp_path / "models"
    target = models / folder_name(name)
    assert target.resolve().parent == models.resolve()
    assert not folder_name(name).startswith(".")


def test_plain_names_are_kept() -> None:
    assert folder_name("alice") == "alice"
    assert folder_name("ner-v2.1_x") == "ner-v2.1_x"
    assert folder_name("budi santoso") == "budi_santoso"
