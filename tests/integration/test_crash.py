"""Crash safety (invariant 3): a killed process loses no committed label.

A child process (``crash_writer.py``) adds spans in a loop and prints each one after
``Corpus.add_span`` has returned. The test SIGKILLs it at random moments, many times, on
the same corpus file, then checks with the real ``annotator db check`` command and with a
raw sqlite3 reader that every reported span is stored exactly as reported, that nothing
half-written is there (span + status + event log are one transaction), and that the corpus
still opens and takes new edits.

SIGKILL tests the application's commit discipline (nothing is acknowledged before COMMIT,
nothing is left in an open transaction); it cannot tell ``synchronous=FULL`` from NORMAL or
OFF, which only matters when the machine itself loses power.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import ArticleDraft
from annotator.core.schema import default_schema
from annotator.store.corpus import Corpus

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 15
# The child is killed after it reported between 1 and MAX_LINES spans, plus a random delay,
# so the kill lands anywhere in the loop: inside add_span's transaction, during COMMIT,
# between COMMIT and the print, or while printing.
MAX_LINES = 25
MAX_EXTRA_DELAY = 0.03
CHILD_TIMEOUT = 20.0

TEXTS = [
    "Putin 😀 bertemu 👨\u200d👩\u200d👧 Trump 🇮🇩 di Alaska: «Café» e\u0301 dan\u00a0Kim.\n"
    "Pertemuan itu berlangsung selama tiga jam di Anchorage pada hari Jumat.",
    "Presiden Prabowo Subianto mengatakan bahwa pemerintah akan menaikkan anggaran "
    "pendidikan sebesar 20 persen tahun depan. 🇮🇩🇯🇵 Menteri Keuangan Sri Mulyani "
    "menyebut rencana itu \u201crealistis\u201d.",
    "The European Commission said on Tuesday that 27 member states agreed to a new "
    "migration pact 🤝🏽 after talks in Brussels lasted until 3 a.m. local time.",
    "Banjir melanda Jakarta Utara; BNPB mencatat 1.200 warga mengungsi. 🌧️ Warga "
    "Kampung Melayu mengatakan air naik setinggi dua meter dalam satu malam.",
    "Kim Jong Un dan Moon Jae-in bertemu di Panmunjom 👨🏻\u200d💼 untuk membahas "
    "denuklirisasi Semenanjung Korea, kata juru bicara Kementerian Unifikasi.",
    "Na\u00efve fa\u00e7ade: Z\u00fcrich's caf\u00e9s \u2014 a\u0308 o\u0308 u\u0308 \u2014 "
    "welcomed 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 visitors 🏳️\u200d🌈 on Saturday, organisers told Reuters.",
]


def _seed_corpus(db: Path) -> None:
    corpus = Corpus.open(db, tooling="tests")
    try:
        drafts = [
            ArticleDraft(text=text, external_id=f"crash-{n}", title=f"Article {n}", line=n)
            for n, text in enumerate(TEXTS, 1)
        ]
        result = corpus.import_drafts(drafts, origin="crash-test", detect_language=False)
        assert result.articles == len(TEXTS)
    finally:
        corpus.close()


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _write_and_kill(db: Path, seed: int, rng: random.Random) -> list[dict[str, Any]]:
    """Run one child, SIGKILL it at a random moment; return the spans it reported."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=_child_env(),
    )
    watchdog = threading.Timer(CHILD_TIMEOUT, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        wanted = rng.randint(1, MAX_LINES)
        seen: list[bytes] = []
        while len(seen) < wanted:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
        if len(seen) == wanted:
            time.sleep(rng.uniform(0.0, MAX_EXTRA_DELAY))
            os.kill(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate(timeout=CHILD_TIMEOUT)
    finally:
        watchdog.cancel()
    assert proc.returncode == -signal.SIGKILL, (
        f"the writer ended by itself (exit {proc.returncode}), not by our SIGKILL:\n"
        + err.decode(errors="replace")
    )
    data = b"".join(seen) + rest
    # Only complete lines count: a line cut by the kill was never fully reported.
    complete = data.split(b"\n")[:-1]
    return [json.loads(line) for line in complete]


def _stored(db: Path) -> tuple[dict[int, str], dict[int, dict[str, Any]], set[int], set[Any]]:
    """Texts, spans, span ids named by add_span events, and status keys, read raw."""
    conn = sqlite3.connect(db)
    try:
        texts = dict(conn.execute("SELECT id, text FROM article"))
        spans = {
            sid: {
                "id": sid,
                "article": art,
                "annotator": name,
                "start": start,
                "end": end,
                "label": label,
                "layer": layer,
                "text": text,
            }
            for sid, art, name, start, end, label, layer, text in conn.execute(
                'SELECT s.id, s.article_id, a.name, s.start, s."end", s.label, s.layer, s.text '
                "FROM span s JOIN annotator a ON a.id = s.annotator_id"
            )
        }
        logged = {
            json.loads(payload)["span"]["id"]
            for (payload,) in conn.execute(
                "SELECT payload FROM event WHERE action = 'add_span' AND kind = 'do'"
            )
        }
        statuses = set(conn.execute("SELECT article_id, annotator_id FROM article_status"))
        status_names = {
            (art, name)
            for art, name in conn.execute(
                "SELECT st.article_id, a.name FROM article_status st "
                "JOIN annotator a ON a.id = st.annotator_id"
            )
        }
        assert len(statuses) == len(status_names)
    finally:
        conn.close()
    return texts, spans, logged, status_names


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("annotator")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())"]


@pytest.mark.slow
def test_sigkill_while_adding_spans_loses_no_committed_span(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    _seed_corpus(db)
    master_seed = random.randrange(1 << 30)
    rng = random.Random(master_seed)
    where = f"(random seed {master_seed})"

    reported: dict[int, dict[str, Any]] = {}
    for run in range(KILLS):
        for rec in _write_and_kill(db, rng.randrange(1 << 30), rng):
            # An id reported twice means the first report's span was rolled back (lost).
            assert rec["id"] not in reported, (
                f"span id {rec['id']} reported twice: {reported.get(rec['id'])} was reported "
                f"as committed but lost, its id reused by {rec} {where}"
            )
            reported[rec["id"]] = rec
        assert reported, f"no span was reported after {run + 1} runs {where}"

    # 1. The real command says the corpus is sound.
    check = subprocess.run(
        [*_cli(), "--db", str(db), "db", "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_child_env(),
        timeout=60,
    )
    assert check.returncode == 0, f"db check failed {where}:\n{check.stdout}\n{check.stderr}"
    assert "ok" in check.stdout, check.stdout

    texts, stored, logged, statuses = _stored(db)
    schema = default_schema()

    # 2. Every span the writer reported as committed is there, exactly as reported.
    missing = sorted(set(reported) - set(stored))
    assert not missing, f"{len(missing)} committed spans lost, e.g. {reported[missing[0]]} {where}"
    for sid, rec in reported.items():
        row = stored[sid]
        assert {k: row[k] for k in rec} == rec, f"span {sid} changed {where}"

    # 3. Every stored span is well formed: in range, its text, a known label of its layer.
    for sid, row in stored.items():
        text = texts[row["article"]]
        assert 0 <= row["start"] < row["end"] <= len(text), f"span {sid} out of range"
        assert text[row["start"] : row["end"]] == row["text"], f"span {sid} text mismatch"
        assert schema.has_label(row["label"]), f"span {sid} has unknown label {row['label']}"
        assert row["layer"] == schema.layer_of(row["label"]), f"span {sid} in wrong layer"
        assert (row["article"], row["annotator"]) in statuses, f"span {sid} without status row"

    # 4. Nothing half-written: a span and its event-log entry commit together, and at most
    #    one span per kill can be committed but not yet reported (killed before the print).
    assert set(stored) == logged, (
        f"spans without an event: {sorted(set(stored) - logged)[:5]}; "
        f"events without a span: {sorted(logged - set(stored))[:5]} {where}"
    )
    unreported = set(stored) - set(reported)
    assert len(unreported) <= KILLS, f"{len(unreported)} spans nobody reported {where}"

    # 5. The corpus still opens cleanly and takes new edits.
    corpus = Corpus.open(db, tooling="tests")
    try:
        assert corpus.check() == []
        art = min(texts)
        changes = corpus.add_span(art, "dora", 0, 5, "PERSON")
        (new_id,) = changes.spans_added
        assert new_id > max(stored)
        assert [s.id for s in corpus.spans(art, "dora")] == [new_id]
    finally:
        corpus.close()
