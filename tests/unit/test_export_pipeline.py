"""The export pipeline: label selection, filters, splits, manifest, checks, atomicity, safety."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

from annotator import formats
from annotator.core.model import Status
from annotator.formats import ExportOptions, Selection
from annotator.formats.safety import check_output
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY, Peek
from tests.unit.test_export_fixtures import A_SPANS, fill, read_jsonl, record, records


def _opts(**kw: object) -> ExportOptions:
    sel = {k: kw.pop(k) for k in list(kw) if k in Selection.__dataclass_fields__}
    return ExportOptions(selection=Selection(**sel), **kw)  # type: ignore[arg-type]


def _spans(path: Path) -> dict[tuple[str, str | None], list[tuple[int, int, str]]]:
    return {
        (r["id"], r["annotator"]): sorted((s["start"], s["end"], s["label"]) for s in r["spans"])
        for r in read_jsonl(path)
    }


def test_selection_annotator_majority_gold(tmp_path: Path, corpus: Corpus, poke: Peek) -> None:
    fill(corpus, tmp_path)
    out = tmp_path / "x.jsonl"
    formats.export(corpus, "jsonl", out, options=_opts(annotator="bob"))
    assert {k[1] for k in _spans(out)} == {"bob"}

    formats.export(corpus, "jsonl", out, options=_opts(merge="majority"))
    merged = _spans(out)
    a = A_SPANS
    # alice, bob, carol did "a": Putin 3/3, Trump 2/3, the claim 2/3; the rest 1/3.
    assert merged[("a", "majority")] == sorted(
        (a[k]["start"], a[k]["end"], a[k]["label"]) for k in ("p", "t", "c")
    )
    rec = next(r for r in read_jsonl(out) if r["id"] == "a")
    assert [x["label"] for x in rec["relations"]] == ["SAID_BY"]  # 2 of 3 have it
    # "b": alice and bob; more than half of two is two: only what both have.
    assert [s[2] for s in merged[("b", "majority")]] == ["PERSON", "GPE"]

    poke(
        'INSERT INTO gold_span (article_id, start, "end", label, layer, text, attributes, '
        "annotators, accepted_by, accepted_at, version) VALUES "
        "(1, 0, 5, 'PERSON', 'entity', 'Putin', '{}', '[\"alice\"]', 'rev', 'now', 1)"
    )
    formats.export(corpus, "jsonl", out, options=_opts(gold=True))
    assert _spans(out) == {("a", "gold"): [(0, 5, "PERSON")]}
    with pytest.raises(formats.FormatError, match="at most one"):
        formats.export(corpus, "jsonl", out, options=_opts(gold=True, annotator="bob"))


def test_filters_language_status_labels(tmp_path: Path, corpus: Corpus) -> None:
    recs = records()
    recs[2]["status"] = "in_progress"  # carol on "a"
    fill(corpus, tmp_path, recs)
    out = tmp_path / "x.jsonl"
    formats.export(corpus, "jsonl", out, options=_opts(language="ms"))
    assert [r["id"] for r in read_jsonl(out)] == ["c"]
    formats.export(corpus, "jsonl", out, options=_opts(status=Status.DONE))
    assert ("a", "carol") not in _spans(out) and ("a", "bob") in _spans(out)
    formats.export(corpus, "jsonl", out, options=_opts(labels=frozenset({"CLAIM", "PERSON"})))
    got = read_jsonl(out)
    assert {s["label"] for r in got for s in r["spans"]} == {"CLAIM", "PERSON"}
    alice_a = next(r for r in got if r["id"] == "a" and r["annotator"] == "alice")
    assert len(alice_a["relations"]) == 2  # both ends kept
    formats.export(corpus, "jsonl", out, options=_opts(labels=frozenset({"CLAIM"})))
    assert all(r["relations"] == [] for r in read_jsonl(out))  # SAID_BY lost its speaker


def _story_corpus(corpus: Corpus, tmp: Path, poke: Peek) -> None:
    recs = [record(f"n{i}", f"Berita nomor {i} tentang Putin.", "alice", [], []) for i in range(40)]
    fill(corpus, tmp, recs)
    poke("INSERT INTO story (id, name) VALUES (1, 's1'), (2, 's2')")
    poke("UPDATE article SET story_id = 1 WHERE id <= 6")
    poke("UPDATE article SET story_id = 2 WHERE id BETWEEN 7 AND 10")


def test_split_is_deterministic_and_never_leaks(tmp_path: Path, corpus: Corpus, poke: Peek) -> None:
    _story_corpus(corpus, tmp_path, poke)
    spec = "train=0.8,dev=0.1,test=0.1"
    runs = []
    for n in range(2):
        out = tmp_path / f"split{n}"
        result = formats.export(corpus, "jsonl", out, options=_opts(split=spec, seed=7))
        runs.append({p: [r["id"] for r in read_jsonl(out / f"{p}.jsonl")] for p in result.splits})
        assert (
            result.splits == {"train": 32, "dev": 4, "test": 4} or sum(result.splits.values()) == 40
        )
    assert runs[0] == runs[1]
    ids = [i for part in runs[0].values() for i in part]
    assert sorted(ids) == sorted(f"n{i}" for i in range(40))  # each article exactly once
    other = formats.export(corpus, "jsonl", tmp_path / "s9", options=_opts(split=spec, seed=8))
    assert other.splits
    manifest = json.loads((tmp_path / "split0" / "manifest.json").read_text())
    assert manifest["split"] == {"spec": spec, "seed": 7, "group_by": "article"}
    assert sum(s["articles"] for s in manifest["splits"].values()) == 40

    grouped = tmp_path / "grouped"
    formats.export(corpus, "jsonl", grouped, options=_opts(split=spec, seed=7, group_by="story"))
    where = {
        r["id"]: part
        for part in ("train", "dev", "test")
        if (grouped / f"{part}.jsonl").exists()
        for r in read_jsonl(grouped / f"{part}.jsonl")
    }
    assert len({where[f"n{i}"] for i in range(6)}) == 1  # story 1 together
    assert len({where[f"n{i}"] for i in range(6, 10)}) == 1  # story 2 together


def test_manifest(tmp_path: Path, corpus: Corpus) -> None:
    fill(corpus, tmp_path)
    out = tmp_path / "x.jsonl"
    result = formats.export(corpus, "jsonl", out, options=_opts(annotator="alice"))
    assert result.manifest == tmp_path / "x.jsonl.manifest.json"
    m = json.loads(result.manifest.read_text())
    assert m["format"] == "jsonl" and m["annotators"] == ["alice"]
    assert m["counts"]["labels"] == {"CLAIM": 3, "GPE": 2, "LOC": 1, "NORP": 1, "PERSON": 4}
    assert m["selection"]["annotator"] == "alice"
    assert len(m["corpus"]["fingerprint_sha256"]) == 64 and m["app"]["version"]
    assert m["created_utc"].endswith("+00:00")
    assert {x["name"] for x in m["schema"]["labels"]} >= {"PERSON", "CLAIM"}


def test_misaligned_refused_or_skipped(tmp_path: Path, corpus: Corpus) -> None:
    bad = {"id": "x", "start": 0, "end": 4, "label": "PERSON", "text": "Puti"}
    fill(corpus, tmp_path, [record("a", TRICKY, "alice", [bad, A_SPANS["g"]], [])])
    out = tmp_path / "x.conll"
    with pytest.raises(formats.ExportRefused) as info:
        formats.export(corpus, "conll", out)
    (problem,) = info.value.problems
    assert (problem.article, problem.start, problem.end, problem.text) == ("a", 0, 4, "Puti")
    assert "ends inside" in problem.why and "article a" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.sqlite3", "in.jsonl"] or not (
        out.exists()
    )
    result = formats.export(corpus, "conll", out, options=_opts(skip_misaligned=True))
    assert [p.span_id for p in result.skipped] == [problem.span_id] and result.spans == 1
    assert "B-GPE" in out.read_text() and "B-PERSON" not in out.read_text()
    manifest = json.loads(result.manifest.read_text())  # type: ignore[union-attr]
    assert manifest["skipped_misaligned"][0]["text"] == "Puti"
    formats.export(corpus, "jsonl", tmp_path / "ok.jsonl")  # not a token format: fine
    formats.export(corpus, "jsonl", tmp_path / "ok2.jsonl", options=_opts(skip_misaligned=True,
                   tokens=True))  # fmt: skip
    (rec,) = read_jsonl(tmp_path / "ok2.jsonl")
    (span,) = rec["spans"]
    tok = rec["tokens"][span["token_start"] : span["token_end"] + 1]
    assert [t["text"] for t in tok] == ["Alaska"]


def test_nested_entities_cannot_be_iob(tmp_path: Path, corpus: Corpus) -> None:
    a = A_SPANS
    inner = {**a["k"], "id": "k2", "label": "GPE"}
    fill(corpus, tmp_path, [record("a", TRICKY, "alice", [a["k"], inner, a["c"]], [])])
    with pytest.raises(formats.ExportRefused, match="IOB tags cannot nest"):
        formats.export(corpus, "conll", tmp_path / "x.conll")
    formats.export(corpus, "prodigy", tmp_path / "x.jsonl")  # spans may overlap there


def test_cancel_and_failure_leave_nothing(tmp_path: Path, corpus: Corpus) -> None:
    fill(corpus, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(formats.ExportCancelled):
        formats.export(corpus, "jsonl", folder / "x.jsonl", cancel=lambda: True)
    calls: list[int] = []

    def later() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(formats.ExportCancelled):
        formats.export(corpus, "brat", folder / "brat", cancel=later)
    with pytest.raises(formats.ExportCancelled):
        formats.export(
            corpus, "jsonl", folder / "s", cancel=later, options=_opts(split="a=0.5,b=0.5")
        )
    assert list(folder.iterdir()) == []
    seen: list[tuple[int, int]] = []
    formats.export(corpus, "brat", folder / "brat", progress=lambda d, t, p: seen.append((d, t)))
    assert seen[-1] == (3, 3) and (folder / "brat" / "alice" / "a.ann").is_file()
    formats.export(corpus, "brat", folder / "brat")  # an earlier export folder is replaced
    (folder / "plain").mkdir()
    with pytest.raises(formats.FormatError, match="not an earlier export"):
        formats.export(corpus, "brat", folder / "plain")
    assert sorted(p.name for p in folder.iterdir()) == ["brat", "plain"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("CON", "reserved"),
        ("nul.jsonl", "reserved"),
        ("a\x00b.jsonl", "NUL"),
        ("..", "not a file name"),
        ("x.jsonl.", "ends with a dot"),
        ("a:b.jsonl", "not allowed"),
    ],
)
def test_unsafe_names_refused(tmp_path: Path, name: str, why: str) -> None:
    with pytest.raises(formats.FormatError, match=why):
        check_output(tmp_path / name)


def test_paths_outside_the_folder_refused(tmp_path: Path, corpus: Corpus) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    (tmp_path / "elsewhere").mkdir()
    for out in (chosen / ".." / "elsewhere" / "x.jsonl", tmp_path / "x.jsonl", Path("../x.jsonl")):
        with pytest.raises(formats.FormatError, match="outside the chosen folder"):
            formats.export(corpus, "jsonl", out, options=ExportOptions(folder=chosen))
    link = chosen / "link"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(formats.FormatError, match="outside the chosen folder"):
        check_output(link / "x.jsonl", chosen)
    assert check_output(Path("x.jsonl"), chosen) == chosen.resolve() / "x.jsonl"
    assert list((tmp_path / "elsewhere").iterdir()) == []


@pytest.mark.parametrize(
    "name", [n for n in formats.EXPORT_FORMATS if n not in ("clusters", "claim-pairs")]
)
def test_a_stopped_export_lets_go_of_its_files(tmp_path: Path, corpus: Corpus, name: str) -> None:
    """A cancelled export closes the files its sinks opened (not left to the garbage
    collector, with a descriptor open on a removed file until then)."""
    fill(corpus, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    calls: list[int] = []

    def later() -> bool:
        calls.append(1)
        return len(calls) > 1  # after the sink opened and took a document

    opts = _opts(skip_misaligned=True)
    try:
        formats.export(corpus, name, folder / "x", cancel=later, options=opts)
    except formats.ExportCancelled:  # looked at while its traceback (the export's frames)
        held = [p for p in _open_files() if str(folder) in p]  # is alive, as a GUI worker's
    else:
        pytest.fail("the export was not cancelled")
    assert list(folder.iterdir()) == []
    assert held == []


def _open_files() -> list[str]:
    """What this process's file descriptors point at (a removed file ends in " (deleted)")."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(FileNotFoundError):  # the listing's own, closed since
            held.append(os.readlink(f"/proc/self/fd/{fd}"))
    return held
