"""Gold claim clusters on a team server (ADR 0029): two reviewers settling claims of one
cluster in two articles at the same moment make one gold cluster, not two."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg2

from annotator import formats
from annotator.store.corpus import Corpus
from tests.integration.test_team import _wait_for_two_waiting, _worker
from tests.integration.test_team_secured import secured  # noqa: F401  (a fixture)
from tests.pg_server import PgServer

A1 = "Korea Utara mengirim sekitar 11 ribu tentara ke Kursk, kata pejabat itu."
A2 = "Pejabat Ukraina menilai 20 ribu hingga 30 ribu prajurit dikerahkan ke Rusia."


def test_two_reviewers_settling_one_cluster_at_once_make_one_gold_cluster(
    team_url: str, pg_server: PgServer, tmp_path: Path
) -> None:
    """Each accepts ani's claim of one article, whose cluster holds the other's claim, and
    gold has no cluster yet: both would make one. Forced by a third connection that lets
    reads through but holds inserts into gold_cluster until both wait (one at the insert, the
    other at the gold clusters' lock)."""
    records = [
        {
            "id": ext,
            "text": text,
            "annotator": "ani",
            "status": "done",
            "spans": [{"start": 0, "end": len(text) - 1, "label": "CLAIM", "cluster": "troops"}],
        }
        for ext, text in (("a1", A1), ("a2", A2))
    ]
    path = tmp_path / "ani.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        assert formats.import_paths(corpus, [path], "jsonl", detect_language=False).ok
        corpus.set_reviewer("rev1", by="rev1")
        corpus.set_reviewer("rev2", by="rev1")
        ids = [corpus.spans(a, "ani")[0].id for a in corpus.article_ids()]
    dbname = team_url.rsplit("/", 1)[1]
    blocker = pg_server.connect(dbname)
    blocker.autocommit = False
    try:
        with blocker.cursor() as cur:
            cur.execute("LOCK TABLE gold_cluster IN SHARE MODE")  # reads go on, inserts wait
        procs = [
            _worker(team_url, "accept", name, str(sid))
            for name, sid in zip(("rev1", "rev2"), ids, strict=True)
        ]
        _wait_for_two_waiting(pg_server, dbname, procs)
        blocker.commit()
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0 and out.strip() == "ok", err
    finally:
        blocker.close()
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        gold = [g for a in corpus.article_ids() for g in corpus.gold_spans(a)]
        assert [g.cluster_decided for g in gold] == [True, True]
        assert len({g.cluster_id for g in gold}) == 1
        assert list(corpus.gold_cluster_names().values()) == ["troops"]


def test_on_a_secured_corpus_gold_clusters_are_the_reviewers(
    secured: dict[str, tuple[str, str]],  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    """A reviewer's login settles a clustered claim into gold; an annotator's login does not
    see gold's clusters even directly."""
    ani, budi, rev = secured["ani"], secured["budi"], secured["rev"]
    who = ani[0].split("://", 1)[1].split("@", 1)[0]
    with Corpus.open(ani[0], password=ani[1], tooling="tests") as corpus:
        art = corpus.article_ids()[0]
        path = tmp_path / "ani.jsonl"
        text = corpus.article(art).text
        record = {
            "id": corpus.article(art).external_id,
            "text": text,
            "annotator": who,
            "status": "done",
            "spans": [{"start": 0, "end": 5, "label": "CLAIM", "cluster": "troops"}],
        }
        record2 = {**record, "id": "other", "text": A1}
        path.write_text(json.dumps(record) + "\n" + json.dumps(record2) + "\n", "utf-8")
        assert formats.import_paths(corpus, [path], "jsonl", detect_language=False).ok
    with Corpus.open(rev[0], password=rev[1], tooling="tests") as corpus:
        (claim,) = corpus.spans(art)
        corpus.accept_span(claim.id, rev[0].split("://", 1)[1].split("@", 1)[0])
        assert list(corpus.gold_cluster_names().values()) == ["troops"]
    conn = psycopg2.connect(budi[0], password=budi[1])
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM gold_cluster")
            assert cur.fetchone() == (0,)
    finally:
        conn.close()
