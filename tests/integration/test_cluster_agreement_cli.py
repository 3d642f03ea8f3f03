"""`annotator agreement --layer clusters` (issue 16): each pair of annotators on the claims
both marked, against scorch (the reference scorer) computed from the same claims by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scorch import scores

from annotator.cli import main

TEXTS = [
    "Korea Utara mengirim 11 ribu tentara. Putin menelepon Kim. Trump ke Alaska.",
    "Pyongyang mengirim 20 ribu prajurit. Kremlin membenarkan panggilan itu. KTT di Alaska.",
    "Lebih dari 10.000 tentara dikirim. Panggilan berlangsung Selasa. Harga beras naik.",
]


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split(". "):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


# Sentence k of article i is claim (i, k). ani: troops (0,0),(1,0),(2,0); call (0,1),(1,1)
# and (2,1) alone; budi: troops (0,0),(1,0); (2,0) with the call (0,1),(2,1); (1,1) alone;
# budi also marked (1,2), which ani did not: left out of the comparison.
ANI = {"troops": [(0, 0), (1, 0), (2, 0)], "call": [(0, 1), (1, 1)], None: [(2, 1)]}
BUDI = {"troops": [(0, 0), (1, 0)], "call": [(2, 0), (0, 1), (2, 1)], None: [(1, 1), (1, 2)]}


def _records(name: str, clusters: dict[str | None, list[tuple[int, int]]]) -> list[Any]:
    out = []
    for i, text in enumerate(TEXTS):
        cuts = _sentences(text)
        spans = []
        for cluster, claims in clusters.items():
            for art, k in claims:
                if art == i:
                    s, e = cuts[k]
                    span: dict[str, Any] = {"start": s, "end": e, "label": "CLAIM"}
                    if cluster is not None:
                        span["cluster"] = f"{name}-{cluster}"  # names need not agree
                    spans.append(span)
        out.append(
            {"id": f"a{i}", "text": text, "annotator": name, "status": "done", "spans": spans}
        )
    return out


def _as_sets(clusters: dict[str | None, list[tuple[int, int]]], both: set[Any]) -> list[set[Any]]:
    sets: list[set[Any]] = []
    for cluster, claims in clusters.items():
        members = [c for c in claims if c in both]
        if cluster is None:
            sets += [{c} for c in members]
        elif members:
            sets.append(set(members))
    return sets


def test_cluster_agreement_matches_scorch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    lines = _records("ani", ANI) + _records("budi", BUDI)
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--layer", "clusters", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (pair,) = data["pairwise"]
    both = {c for v in ANI.values() for c in v} & {c for v in BUDI.values() for c in v}
    key, response = _as_sets(ANI, both), _as_sets(BUDI, both)
    assert pair["a"] == "ani" and pair["b"] == "budi" and pair["claims"] == len(both) == 6
    f1s = []
    for name, ref in (("muc", scores.muc), ("b_cubed", scores.b_cubed), ("ceaf_e", scores.ceaf_e)):
        r, p, f = (float(x) for x in ref(key, response))
        assert pair[name]["recall"] == pytest.approx(r, abs=1e-9), name
        assert pair[name]["precision"] == pytest.approx(p, abs=1e-9), name
        assert pair[name]["f1"] == pytest.approx(f, abs=1e-9), name
        f1s.append(f)
    assert pair["conll_f1"] == pytest.approx(sum(f1s) / 3, abs=1e-9)
    assert data["conll_f1"] == pytest.approx(pair["conll_f1"])
    assert main(["--db", str(db), "agreement", "--layer", "clusters"]) == 0
    table = capsys.readouterr().out
    assert "ani / budi" in table and f"{pair['conll_f1']:.3f}" in table


def test_one_annotator_is_not_a_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in _records("ani", ANI)), encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 0
    assert main(["--db", str(db), "agreement", "--layer", "clusters"]) == 1
    assert "only ani has claims on done articles" in capsys.readouterr().err
