"""Gold claim clusters (issue 16, ADR 0029): review finds claims whose clusters differ (by
members, never by name), accepting a claim carries its annotator's cluster into gold, merges
carry the agreed one, the reviewer decides one (or none), and gold's exports and import carry
it. Every test runs on SQLite and on PostgreSQL (the ``corpus`` fixture)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.core.gold import GoldState
from annotator.core.model import GoldSpan
from annotator.core.review import Kind
from annotator.store.corpus import Corpus
from annotator.store.db import SCHEMA_VERSION

A1 = "Korea Utara mengirim sekitar 11 ribu tentara ke Kursk, kata pejabat itu."
A2 = "Pejabat Ukraina menilai 20 ribu hingga 30 ribu prajurit dikerahkan. Kim juga mengirim rudal."
X = (A1, "Korea Utara mengirim sekitar 11 ribu tentara ke Kursk")
Y = (A2, "20 ribu hingga 30 ribu prajurit dikerahkan")
Z = (A2, "Kim juga mengirim rudal")


def claim(which: tuple[str, str], cluster: str | None) -> dict[str, Any]:
    text, words = which
    start = text.index(words)
    out: dict[str, Any] = {"start": start, "end": start + len(words), "label": "CLAIM"}
    if cluster is not None:
        out["cluster"] = cluster
    return out


def fill(corpus: Corpus, tmp_path: Path, work: dict[str, dict[str, str | None]]) -> list[int]:
    """``work``: annotator -> X/Y/Z -> the name of the cluster they put the claim in."""
    for name, clusters in work.items():
        records = [
            {
                "id": ext,
                "text": text,
                "annotator": name,
                "status": "done",
                "spans": [claim(c, clusters[k]) for k, c in claims if k in clusters],
            }
            for ext, text, claims in (
                ("a1", A1, [("X", X)]),
                ("a2", A2, [("Y", Y), ("Z", Z)]),
            )
        ]
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        report = formats.import_paths(corpus, [path], "jsonl", detect_language=False)
        assert report.ok, report.rejected
    return corpus.article_ids()


# ani: X with Y and Z; budi (his own name for it): X with Y, Z in none.
DIFFER = {
    "ani": {"X": "troops", "Y": "troops", "Z": "troops"},
    "budi": {"X": "pasukan", "Y": "pasukan", "Z": None},
}
# The same members under different names: the same cluster.
AGREE = {
    "ani": {"X": "troops", "Y": "troops", "Z": None},
    "budi": {"X": "pasukan", "Y": "pasukan", "Z": None},
}


def span_id(corpus: Corpus, art: int, who: str, which: tuple[str, str]) -> int:
    c = claim(which, None)
    return next(s.id for s in corpus.spans(art, who) if (s.start, s.end) == (c["start"], c["end"]))


def gold_claim(corpus: Corpus, art: int, which: tuple[str, str]) -> GoldSpan:
    return next(g for g in corpus.gold_spans(art) if g.text == which[1])


def clusters_of(corpus: Corpus, *arts: int) -> dict[str, str | None]:
    """Gold claim text -> its gold cluster's name (None: decided none; "?" not decided)."""
    names = corpus.gold_cluster_names()
    return {
        g.text: (names[g.cluster_id] if g.cluster_id else None) if g.cluster_decided else "?"
        for a in arts
        for g in corpus.gold_spans(a)
    }


def test_review_compares_clusters_by_members_never_by_name(corpus: Corpus, tmp_path: Path) -> None:
    a1, a2 = fill(corpus, tmp_path, DIFFER)
    (gx,) = corpus.review(a1, "claim", ["ani", "budi"]).groups
    assert gx.kinds == {Kind.CLUSTER}
    y = a2
    gy, gz = corpus.review(a2, "claim", ["ani", "budi"]).groups
    assert gy.kinds == gz.kinds == {Kind.CLUSTER}
    z_start = A2.index(Z[1])
    assert gz.clusters == {
        "ani": {(a1, 0, len(X[1])), (y, A2.index(Y[1]), A2.index(Y[1]) + len(Y[1]))},
        "budi": frozenset(),  # in no cluster: no members
    }
    assert gz.start == z_start


def test_same_members_under_other_names_agree(corpus: Corpus, tmp_path: Path) -> None:
    a1, a2 = fill(corpus, tmp_path, AGREE)
    assert [g.kinds for g in corpus.review(a1, "claim").groups] == [frozenset()]
    assert [g.kinds for g in corpus.review(a2, "claim").groups] == [frozenset(), frozenset()]


def test_accepting_a_claim_carries_its_annotators_cluster_matched_by_members(
    corpus: Corpus, tmp_path: Path
) -> None:
    a1, a2 = fill(corpus, tmp_path, DIFFER)
    corpus.accept_span(span_id(corpus, a1, "ani", X), "rev")
    assert clusters_of(corpus, a1) == {X[1]: "troops"}
    # budi's Y is with X only, under his own name: it joins the gold cluster X is in
    corpus.accept_span(span_id(corpus, a2, "budi", Y), "rev")
    assert clusters_of(corpus, a1, a2) == {X[1]: "troops", Y[1]: "troops"}
    # budi has Z in no cluster: taking his version takes none
    corpus.accept_span(span_id(corpus, a2, "budi", Z), "rev")
    assert clusters_of(corpus, a2) == {Y[1]: "troops", Z[1]: None}
    assert corpus.gold_status(a1).state is GoldState.COMPLETE
    assert corpus.gold_status(a2).state is GoldState.COMPLETE
    assert corpus.gold_status(a2).resolved == 2


def test_agreeing_spans_whose_clusters_differ_stay_open_until_decided(
    corpus: Corpus, tmp_path: Path
) -> None:
    a1, _ = fill(corpus, tmp_path, DIFFER)
    corpus.accept_agreeing(a1, ["ani", "budi"], "rev")
    assert clusters_of(corpus, a1) == {X[1]: "?"}
    status = corpus.gold_status(a1)
    assert (status.state, status.disagreements, status.resolved) == (GoldState.PARTIAL, 1, 0)
    g = gold_claim(corpus, a1, X)
    corpus.decide_gold_cluster(g.id, "rev", "budi", g.version)
    assert clusters_of(corpus, a1) == {X[1]: "pasukan"}  # budi's: a gold cluster of his name
    assert corpus.gold_status(a1).state is GoldState.COMPLETE
    with pytest.raises(CorpusError, match="changed since you read it"):
        corpus.decide_gold_cluster(g.id, "rev", None, g.version)  # stale
    g = gold_claim(corpus, a1, X)
    corpus.decide_gold_cluster(g.id, "rev", None, g.version)
    assert clusters_of(corpus, a1) == {X[1]: None}
    corpus.undo("rev")
    assert clusters_of(corpus, a1) == {X[1]: "pasukan"}
    g = gold_claim(corpus, a1, X)
    corpus.update_gold_span(g.id, "rev", g.version, label="EVENT")  # no longer a claim
    (entity,) = corpus.gold_spans(a1)
    assert (entity.cluster_id, entity.cluster_decided) == (None, False)


def test_agreeing_clusters_come_along_with_agreeing_spans(corpus: Corpus, tmp_path: Path) -> None:
    a1, a2 = fill(corpus, tmp_path, AGREE)
    corpus.accept_agreeing(a2, ["ani", "budi"], "rev")
    corpus.accept_agreeing(a1, ["ani", "budi"], "rev")
    # one gold cluster: the second claim found the first's by its members
    assert clusters_of(corpus, a1, a2) == {X[1]: "troops", Y[1]: "troops", Z[1]: None}
    assert corpus.gold_status(a1).state is GoldState.COMPLETE


def test_merge_decides_clusters_by_strategy_and_keeps_decisions(
    corpus: Corpus, tmp_path: Path
) -> None:
    work = {**DIFFER, "cici": {"X": "tentara", "Y": "tentara", "Z": None}}  # as budi
    a1, a2 = fill(corpus, tmp_path, work)
    corpus.prefill_gold(a2, "unanimous", None, "rev")
    assert clusters_of(corpus, a2) == {Y[1]: "?", Z[1]: "?"}
    corpus.prefill_gold(a2, "majority", None, "rev")  # budi and cici: Y with X, Z alone
    assert clusters_of(corpus, a2) == {Y[1]: "pasukan", Z[1]: None}
    g = gold_claim(corpus, a2, Z)
    corpus.decide_gold_cluster(g.id, "rev", "ani")
    corpus.prefill_gold(a2, "majority", None, "rev")
    assert clusters_of(corpus, a2)[Z[1]] == "pasukan"  # ani's members, gold's cluster
    corpus.prefill_gold(a1, "annotator", None, "rev", "ani")
    assert clusters_of(corpus, a1) == {X[1]: "pasukan"}  # ani's members are in it already


def test_gold_merge_command_says_which_clusters_it_decided(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(corpus, tmp_path, {**AGREE, "cici": DIFFER["ani"]})
    location = corpus.location
    if location.startswith("postgresql://"):  # the command's user reviews on a server
        user = location.split("//", 1)[1].split("@", 1)[0]
        corpus.set_reviewer(user, by=user)
    corpus.close()
    merge = ["--db", location, "gold", "merge", "--reviewer", "rev", "--strategy"]
    assert main([*merge, "unanimous"]) == 0
    out = capsys.readouterr().out
    assert "+ cluster" not in out and out.count(": cluster\n") == 3  # each claim stays open
    assert main([*merge, "majority"]) == 0  # ani and budi: X with Y, Z alone
    out = capsys.readouterr().out
    assert out.count("-> 'troops'") == 2
    assert f"+ cluster of {Z[1]!r} -> (none)" in out
    assert main([*merge, "majority"]) == 0
    assert "+ cluster" not in capsys.readouterr().out  # decided already


def test_only_claims_cluster_and_the_annotator_must_have_the_claim(
    corpus: Corpus, tmp_path: Path
) -> None:
    a1, _ = fill(corpus, tmp_path, {"ani": DIFFER["ani"], "budi": {}})
    corpus.accept_span(span_id(corpus, a1, "ani", X), "rev")
    g = gold_claim(corpus, a1, X)
    with pytest.raises(CorpusError, match="budi has no claim"):
        corpus.decide_gold_cluster(g.id, "rev", "budi")
    corpus.add_gold_span(a1, "rev", 0, 5, "GPE")
    entity = next(s for s in corpus.gold_spans(a1) if s.label == "GPE")
    with pytest.raises(CorpusError, match="only claims cluster"):
        corpus.decide_gold_cluster(entity.id, "rev", None)


def test_gold_exports_write_gold_clusters_and_read_back(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a1, a2 = fill(corpus, tmp_path, DIFFER)  # annotators' clusters: troops, then pasukan
    corpus.accept_span(span_id(corpus, a1, "budi", X), "rev")  # gold's first: pasukan
    corpus.accept_span(span_id(corpus, a2, "ani", Y), "rev")
    corpus.accept_span(span_id(corpus, a2, "ani", Z), "rev")
    location = corpus.location
    corpus.close()

    def export(fmt: str, name: str) -> list[dict[str, Any]]:
        out = tmp_path / name
        assert main(["--db", location, "export", "--gold", "--format", fmt, "--out", str(out)]) == 0
        return [json.loads(x) for x in out.read_text("utf-8").splitlines()]

    records = export("jsonl", "gold.jsonl")
    written = {s["text"]: s.get("cluster") for r in records for s in r["spans"]}
    assert written == {X[1]: "pasukan", Y[1]: "pasukan", Z[1]: "pasukan"}
    (cluster,) = export("clusters", "clusters.jsonl")
    assert (cluster["cluster"], cluster["annotator"]) == ("pasukan", "gold")
    assert sorted(m["text"] for m in cluster["members"]) == sorted([X[1], Y[1], Z[1]])
    pairs = export("claim-pairs", "pairs.jsonl")
    assert sum(p["kind"] == "positive" for p in pairs) == 3  # X-Y, X-Z, Y-Z
    assert {p["annotator"] for p in pairs} == {"gold"}
    capsys.readouterr()
    # read back: gold's file into another corpus's gold keeps the clusters
    with Corpus.open(tmp_path / "other.db", tooling="tests") as other:
        report = formats.import_paths(other, [tmp_path / "gold.jsonl"], "jsonl")
        assert report.ok, report.rejected
        b1, b2 = other.article_ids()
        assert clusters_of(other, b1, b2) == {X[1]: "pasukan", Y[1]: "pasukan", Z[1]: "pasukan"}


def test_gold_cluster_names_stay_unique(corpus: Corpus, tmp_path: Path) -> None:
    work = {
        "ani": {"X": "troops", "Y": "troops", "Z": None},
        "budi": {"X": None, "Y": "troops", "Z": "troops"},  # another cluster of that name
    }
    a1, a2 = fill(corpus, tmp_path, work)
    corpus.accept_span(span_id(corpus, a1, "ani", X), "rev")  # with Y
    corpus.accept_span(span_id(corpus, a2, "budi", Z), "rev")  # with Y: Y is not gold yet
    assert clusters_of(corpus, a1, a2) == {X[1]: "troops", Z[1]: "troops (2)"}


@pytest.mark.sqlite_only
def test_a_corpus_from_before_gold_clusters_is_migrated(tmp_path: Path) -> None:
    from annotator.store import db as store_db

    # the version that brought gold clusters (those after it are run again: they are safe to)
    GOLD_CLUSTERS_VERSION = store_db.MIGRATIONS.index(store_db._v9_gold_clusters) + 1
    path = tmp_path / "old.db"
    with Corpus.open(path, tooling="tests") as corpus:
        a1, _ = fill(corpus, tmp_path, DIFFER)
        corpus.accept_agreeing(a1, ["ani", "budi"], "rev")
    with sqlite3.connect(path) as conn:  # as the version before made it
        (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'gold_span'").fetchone()
        for part in (
            ', "cluster_id" INTEGER',
            ', "cluster_decided" INTEGER NOT NULL DEFAULT FALSE',
            ', FOREIGN KEY ("cluster_id") REFERENCES "gold_cluster" ("id") ON DELETE SET NULL',
        ):
            assert part in ddl
            ddl = ddl.replace(part, "")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(gold_span)")]
        kept = ", ".join(f'"{c}"' for c in columns if c not in ("cluster_id", "cluster_decided"))
        conn.executescript(
            "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON; "
            "DROP INDEX gold_span_cluster_id; "
            "ALTER TABLE gold_span RENAME TO newer; "
            f"{ddl}; INSERT INTO gold_span SELECT {kept} FROM newer; DROP TABLE newer; "
            "DROP TABLE gold_cluster; "
            f"DELETE FROM schema_version WHERE version >= {GOLD_CLUSTERS_VERSION};"
        )
        assert "cluster_id" not in {r[1] for r in conn.execute("PRAGMA table_info(gold_span)")}
    with Corpus.open(path, tooling="tests") as corpus:
        assert clusters_of(corpus, a1) == {X[1]: "?"}  # a claim from before: not decided
        g = gold_claim(corpus, a1, X)
        corpus.decide_gold_cluster(g.id, "rev", "ani", g.version)
        assert clusters_of(corpus, a1) == {X[1]: "troops"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == (
            SCHEMA_VERSION
        )
