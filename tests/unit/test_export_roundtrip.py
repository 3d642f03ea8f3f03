"""Export -> import reproduces spans, relations and attributes exactly (lossless formats), and
spans exactly for the lossy ones, on text with emoji, ZWJ, flags, combining marks and NBSP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import formats
from annotator.store.corpus import Corpus
from tests.unit.test_export_fixtures import fill, labels

LOSSLESS = ["jsonl", "prodigy", "doccano-rel", "labelstudio", "brat"]


def _reimport(tmp_path: Path, fmt: str, out: Path) -> tuple[list[object], list[object]]:
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        options = formats.ExportOptions(skip_misaligned=True)
        formats.export(one, fmt, out, options=options)
        before = labels(one, tmp_path, "before.jsonl")
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        import_fmt = "doccano" if fmt.startswith("doccano") else fmt
        report = formats.import_paths(two, [out], import_fmt, detect_language=False)
        assert report.ok, report.rejected
        after = labels(two, tmp_path, "after.jsonl")
    return before, after


@pytest.mark.parametrize("fmt", LOSSLESS)
def test_lossless_round_trip(tmp_path: Path, fmt: str) -> None:
    suffix = {"brat": "", "labelstudio": ".json"}.get(fmt, ".jsonl")
    before, after = _reimport(tmp_path, fmt, tmp_path / f"out{suffix}")
    assert after == before
    assert len(before) == 5 and sum(len(d[2]) for d in before) == 17  # type: ignore[arg-type]


def _spans_only(docs: list[object], drop_overlaps: bool = False) -> list[object]:
    out = []
    for text, who, spans, _ in docs:  # type: ignore[misc]
        out.append((text, who, sorted((s, e, lab, t) for s, e, lab, t, _ in spans)))
    return out


def test_doccano_plain_round_trip_keeps_spans(tmp_path: Path) -> None:
    before, after = _reimport(tmp_path, "doccano", tmp_path / "out.jsonl")
    assert _spans_only(after) == _spans_only(before)


def test_conll_round_trip_keeps_aligned_spans(tmp_path: Path) -> None:
    before, after = _reimport(tmp_path, "conll", tmp_path / "out.conll")
    assert _spans_only(after) == _spans_only(before)


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "labelstudio"])
def test_a_split_export_folder_imports_back_whole(tmp_path: Path, fmt: str) -> None:
    """The folder a --split export wrote imports back as it is: its manifest (and Label
    Studio's config) are left out as what they are, not refused as bad records."""
    out = tmp_path / "split"
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        options = formats.ExportOptions(split="train=0.6,test=0.4", seed=1)
        formats.export(one, fmt, out, options=options)
        before = labels(one, tmp_path, "before.jsonl")
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [out], fmt, detect_language=False)
        assert report.ok, report.rejected
        assert any("manifest" in why for why in report.skipped)
        after = labels(two, tmp_path, "after.jsonl")
    assert sorted(map(repr, after)) == sorted(map(repr, before))


@pytest.mark.parametrize("fmt", ["conll", "doccano", "hf", "spacy"])
def test_a_format_without_relations_counts_none_and_says_what_it_left_out(
    tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / ("out" if fmt == "hf" else f"out.{fmt}")
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        given = sum(len(one.relations(a)) for a in one.article_ids())
        result = formats.export(one, fmt, out, options=formats.ExportOptions(skip_misaligned=True))
    assert given > 0
    assert result.relations == 0 and result.relations_left_out > 0
    manifest = json.loads(result.manifest.read_text("utf-8")) if result.manifest else {}
    assert manifest["counts"]["relations"] == 0
    assert manifest["counts"]["relations_left_out"] == result.relations_left_out


def test_brat_annotators_whose_names_make_one_folder_keep_their_labels(tmp_path: Path) -> None:
    """``x/y`` and ``x_y`` both make the folder name ``x_y``: the second gets its own folder,
    and the export says whose each is, so a re-import gives every span to its annotator (the
    second's files overwrote the first's, silently)."""
    from annotator.core.model import ArticleDraft, SpanDraft

    text = "Putin bertemu Trump di Alaska."
    who = ["x/y", "x_y", "unlabelled"]
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        one.import_drafts(
            [
                ArticleDraft(text=text, external_id="a1", annotator=name, spans=[span])
                for name, span in zip(
                    who,
                    [
                        SpanDraft("p", 0, 5, "PERSON"),
                        SpanDraft("t", 14, 19, "PERSON"),
                        SpanDraft("g", 23, 29, "GPE"),
                    ],
                    strict=True,
                )
            ],
            origin="t",
            detect_language=False,
        )
        formats.export(one, "brat", tmp_path / "out")
        before = sorted((s.annotator, s.text) for s in one.spans(one.article_ids()[0]))
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == [
        "unlabelled",
        "x_y",
        "x_y-2",
    ]
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [tmp_path / "out"], "brat", detect_language=False)
        assert report.ok, report.rejected
        after = sorted((s.annotator, s.text) for s in two.spans(two.article_ids()[0]))
    assert after == before == [("unlabelled", "Alaska"), ("x/y", "Putin"), ("x_y", "Trump")]
