"""An annotator's name holds no control or format characters and is at most 200 characters:
names are shown in lists, written into file names and exports. Refused wherever a name comes
in: a record's annotator, ``--annotator``, the user of the app, a new annotator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.store.corpus import Corpus

BAD = ["al\nice", "bob\u202e", "tab\there", "line\u2028sep", "x" * 201]


def test_records_with_such_names_are_refused_every_one_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"id": f"a{k}", "text": f"Putin di Alaska {k}.", "annotator": name,
         "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}
        for k, name in enumerate([*BAD, "carol"])
    ]  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "c.sqlite3"
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps({"id": "z", "text": "Ambon."}) + "\n", encoding="utf-8")
    assert main(["--db", str(db), "import", "--no-language", str(first)]) == 0
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 1
    err = capsys.readouterr().err
    assert f"{len(BAD)} bad records" in err
    for line, code in enumerate(["U+000A", "U+202E", "U+0009", "U+2028"], 1):
        assert f"in.jsonl:{line}: an annotator's name cannot hold the character {code}" in err
    assert "in.jsonl:5: an annotator's name has at most 200 characters, not 201" in err
    assert db.read_bytes() == before
    src.write_text(json.dumps({"id": "b", "text": "Putin.", "spans": []}) + "\n", "utf-8")
    args = ["--db", str(db), "import", "--no-language", str(src), "--annotator", "x\ty"]
    assert main(args) == 1
    assert "--annotator x\ty: an annotator's name cannot hold the character U+0009" in (
        capsys.readouterr().err
    )
    assert db.read_bytes() == before


def test_the_store_refuses_them_as_user_and_as_annotator(corpus: Corpus) -> None:
    for name in BAD:
        with pytest.raises(CorpusError, match="an annotator's name"):
            corpus.set_user(name)
        with pytest.raises(CorpusError, match="an annotator's name"):
            corpus.annotator_id(name)
    corpus.set_user("Dewi Sartika")  # spaces and letters of any script are names
    corpus.annotator_id("Дмитрий")
    corpus.annotator_id("x" * 200)
