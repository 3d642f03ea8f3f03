"""Team mode against a real PostgreSQL server the suite starts (password authentication on):
addresses and passwords, several annotators at once, gold conflicts, a server that dies
mid-edit, blind mode, and copies between a local file and the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft
from annotator.store import credentials, team
from annotator.store.corpus import Corpus
from annotator.store.errors import AuthenticationFailed, ConnectionLost, StoreError
from tests.conftest import ROOT, SEEDS, TRICKY
from tests.keyrings import MemoryKeyring
from tests.pg_server import PgServer

WORKER = "tests.integration.team_worker"


def _seeded(url: str) -> list[int]:
    from annotator import formats

    with Corpus.open(url, tooling="tests") as corpus:
        formats.import_paths(corpus, sorted(SEEDS.glob("*.txt")), detect_language=False)
        return corpus.article_ids()


# ---------------------------------------------------------------- addresses and passwords


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://ani:secret@db.example:5432/news", "no password in the URL"),
        ("postgresql://db.example/news", "names no user"),
        ("postgresql://ani@db.example/", "names no database"),
        ("postgresql://ani@db.example/news?sslmode=maybe", "sslmode must be one of"),
        ("postgresql://ani@db.example/news?password=x", "no password in the URL"),
        ("postgresql://ani@db.example/news?sslkey=k&user=x", "unknown connection option"),
        ("postgresql://ani@db.example:port/news", "not a number"),
    ],
)
def test_bad_addresses_are_refused_before_connecting(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message.replace("no password", "put no password")):
        Corpus.open(url, tooling="tests")


def test_address_key_and_url_never_carry_a_password() -> None:
    address = team.parse_url("postgres://ani@db.example:6543/news?sslmode=require")
    assert address.key == "ani@db.example:6543/news"
    assert address.url == "postgresql://ani@db.example:6543/news?sslmode=require"
    assert address.option("sslmode") == "require"


def test_wrong_or_missing_password_is_a_clear_refusal(
    team_url: str, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch, no_keyring: None
) -> None:
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(pg_server.base / "no-such-pgpass"))
    with pytest.raises(AuthenticationFailed, match="asks for a password and none was given"):
        Corpus.open(team_url, tooling="tests")
    with pytest.raises(AuthenticationFailed, match="refused the password") as caught:
        Corpus.open(team_url, password="not-it", tooling="tests")
    assert "not-it" not in str(caught.value)
    # libpq's own ~/.pgpass works as PostgreSQL users expect.
    pgpass = pg_server.base.parent / f"pgpass-{os.getpid()}"
    host, port = pg_server.host, pg_server.port
    pgpass.write_text(f"{host}:{port}:*:{pg_server.user}:{pg_server.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    try:
        with Corpus.open(team_url, tooling="tests") as corpus:
            assert corpus.is_team and corpus.article_count() == 0
    finally:
        pgpass.unlink()


def test_asked_password_goes_to_the_keyring_and_is_not_asked_again(
    team_url: str,
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(pg_server.base / "no-such-pgpass"))
    asked: list[str] = []

    def ask(key: str, why: str) -> credentials.Answer:
        asked.append(why)
        # First a typo, then the right one.
        return credentials.Answer("typo" if len(asked) == 1 else pg_server.password, True)

    with credentials.open_corpus(team_url, ask):
        pass
    assert asked == [
        "",
        f"{team.parse_url(team_url).key}: the server refused the password for this user",
    ]
    key = team.parse_url(team_url).key
    assert memory_keyring.store == {(credentials.SERVICE, key): pg_server.password}
    credentials.forget_session()
    with credentials.open_corpus(team_url, lambda *_: pytest.fail("asked again")):
        pass


def test_without_a_secure_keyring_the_password_stays_in_memory(
    team_url: str,
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(pg_server.base / "no-such-pgpass"))
    assert not credentials.secure_backend()
    where = []

    def ask(key: str, why: str) -> credentials.Answer:
        return credentials.Answer(pg_server.password, True)  # "remember", but nowhere safe

    with credentials.open_corpus(team_url, ask) as corpus:
        where.append(corpus.location)
        corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t", detect_language=False)
    # Held for the session: a second open in this process needs no prompt.
    with credentials.open_corpus(team_url, lambda *_: pytest.fail("asked again")):
        pass
    assert where == [team_url] and pg_server.password not in team_url
    # The CLI writes its log; then no file of the user's, nor the server's, has the secret.
    assert main(["--db", team_url, "stats"]) == 0
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    assert _files_containing(home, pg_server.password) == []
    assert _files_containing(tmp_path, pg_server.password) == []


def _files_containing(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_role_password_is_nowhere_in_plain_text_on_the_server(
    pg_server: PgServer, team_url: str, monkeypatch: pytest.MonkeyPatch, no_keyring: None
) -> None:
    secret = "ani-" + os.urandom(6).hex()
    pg_server.create_role(f"ani_{os.getpid()}", secret)
    name = team_url.rsplit("/", 1)[1]
    conn = pg_server.connect(name)
    with conn.cursor() as cur:
        cur.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO ani_{os.getpid()}")
        cur.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ani_{os.getpid()}")
    conn.close()
    url = pg_server.url(name, user=f"ani_{os.getpid()}")
    monkeypatch.delenv("PGPASSWORD")
    with credentials.open_corpus(url, lambda *_: credentials.Answer(secret, True)) as corpus:
        (art,) = corpus.import_drafts([ArticleDraft(text=TRICKY)], origin="t").article_ids
        corpus.add_span(art, corpus.user or "", 0, 5, "PERSON")
    subprocess.run(["sync"], check=False)
    assert _files_containing(pg_server.data, secret) == []  # only the SCRAM verifier is kept


# ---------------------------------------------------------------- several annotators at once


def test_several_annotators_add_spans_at_once_and_each_is_stored_once(
    team_url: str, tmp_path: Path
) -> None:
    _seeded(team_url)
    go = tmp_path / "go"
    names = ["ani", "budi", "cici", "dewi"]
    n = 60
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", WORKER, "spans", team_url, name, str(n), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    go.touch()  # all start together
    acknowledged: dict[str, list[int]] = {}
    for name, proc in zip(names, workers, strict=True):
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        acknowledged[name] = [int(x) for x in out.split()]
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        for name in names:
            mine = [s for a in corpus.article_ids() for s in corpus.spans(a, name)]
            assert sorted(s.id for s in mine) == sorted(acknowledged[name])
            assert len(mine) == n
        all_ids = [i for ids in acknowledged.values() for i in ids]
        assert len(all_ids) == len(set(all_ids)) == n * len(names)


def test_two_apps_opening_a_new_server_database_at_once_migrate_it_once(
    pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = pg_server.create_database(prefix="fresh")
    monkeypatch.setenv("PGPASSWORD", pg_server.password)
    url = pg_server.url(name)
    code = "import sys; from annotator.store.corpus import Corpus; Corpus.open(sys.argv[1]).close()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, url], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    conn = pg_server.connect(name)
    with conn.cursor() as cur:
        cur.execute("SELECT version, COUNT(*) FROM schema_version GROUP BY version ORDER BY 1")
        versions = cur.fetchall()
    conn.close()
    pg_server.drop_database(name)
    assert [count for _, count in versions] == [1] * len(versions) and len(versions) >= 5


def test_two_reviewers_editing_one_gold_span_get_a_conflict(team_url: str) -> None:
    (art, *_) = _seeded(team_url)
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        corpus.set_reviewer("rev1", by="rev1")
        corpus.set_reviewer("rev2", by="rev1")
        text = corpus.article(art).text
        start = text.index("Putin")
        sid = next(iter(corpus.add_span(art, "ani", start, start + 5, "PERSON").spans_added))
        corpus.set_user("rev1")
        corpus.accept_span(sid, "rev1")
        (gold,) = corpus.gold_spans(art)
        seen = gold.version
        # rev2, in another app, edits it first.
        other = subprocess.run(
            [
                sys.executable,
                "-m",
                WORKER,
                "gold",
                team_url,
                "rev2",
                str(gold.id),
                str(seen),
                "ORG",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.stdout.strip() == "ok", other.stderr
        with pytest.raises(CorpusError, match=r"changed|reload"):
            corpus.update_gold_span(gold.id, "rev1", seen, label="NORP")
        (after,) = corpus.gold_spans(art)
        assert (after.label, after.version) == ("ORG", seen + 1)  # rev2's edit, not lost


def _worker(team_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", WORKER, args[0], team_url, *args[1:]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_two_waiting(
    pg_server: PgServer, dbname: str, procs: list[subprocess.Popen[str]]
) -> None:
    watcher = pg_server.connect(dbname)
    try:
        waiting = 0
        for _ in range(1200):
            with watcher.cursor() as cur:
                cur.execute(
                    "SELECT COUNT(*) FROM pg_stat_activity "
                    "WHERE datname = %s AND wait_event_type = 'Lock'",
                    (dbname,),
                )
                waiting = cur.fetchone()[0]
            if waiting == 2 or any(p.poll() is not None for p in procs):
                break
            time.sleep(0.05)
        assert waiting == 2, [p.communicate() for p in procs]
    finally:
        watcher.close()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("gold", "rev1", "{g}", "{v}", "ORG"), ("gold", "rev2", "{g}", "{v}", "NORP")),
        (("gold", "rev1", "{g}", "{v}", "ORG"), ("reject", "rev2", "{g}", "{v}")),
        (("undo", "rev1"), ("gold", "rev2", "{g}", "{v}", "NORP")),
    ],
    ids=["edit-edit", "edit-reject", "undo-edit"],
)
def test_two_reviewers_writing_one_gold_span_at_the_same_moment_one_wins(
    team_url: str, pg_server: PgServer, first: tuple[str, ...], second: tuple[str, ...]
) -> None:
    """Both reviewers' apps have read version N and write at once: the first write commits,
    the other gets GoldConflict, nothing is overwritten.

    The interleaving is forced: a third connection holds the gold span's row lock while both
    apps start their writes, and lets go only once the server shows both waiting on a lock
    (each has read, or is queued to read, before either writes)."""
    (art, *_) = _seeded(team_url)
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        corpus.set_reviewer("rev1", by="rev1")
        corpus.set_reviewer("rev2", by="rev1")
        text = corpus.article(art).text
        start = text.index("Putin")
        sid = next(iter(corpus.add_span(art, "ani", start, start + 5, "PERSON").spans_added))
        corpus.set_user("rev1")
        corpus.accept_span(sid, "rev1")
        (gold,) = corpus.gold_spans(art)
        if first[0] == "undo":  # rev1's latest decision, which rev1 now takes back
            corpus.update_gold_span(gold.id, "rev1", gold.version, label="GPE")
        seen = corpus.gold_span(gold.id).version
    dbname = team_url.rsplit("/", 1)[1]
    blocker = pg_server.connect(dbname)
    blocker.autocommit = False
    try:
        with blocker.cursor() as cur:
            cur.execute("SELECT id FROM gold_span WHERE id = %s FOR UPDATE", (gold.id,))
        args = [tuple(a.format(g=gold.id, v=seen) for a in op) for op in (first, second)]
        procs = [_worker(team_url, *a) for a in args]
        _wait_for_two_waiting(pg_server, dbname, procs)  # both apps are in their write
        blocker.commit()  # let go: the writes run one after the other
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
            outs.append(out.strip())
    finally:
        blocker.close()
    assert sorted(o.split(":")[0] for o in outs) == ["conflict", "ok"], outs
    winner = args[outs.index("ok")]
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        after = corpus.gold_spans(art)
        if winner[0] == "reject":
            assert after == []
        else:
            label = {"undo": "PERSON"}.get(winner[0], winner[-1])
            assert [(g.label, g.version) for g in after] == [(label, seen + 1)]


def test_two_reviewers_accepting_one_span_at_the_same_moment_make_one_gold_span(
    team_url: str, pg_server: PgServer
) -> None:
    """Both apps look for the span in gold, find none, and insert: forced by a third
    connection that lets reads through but holds inserts into gold_span until both wait."""
    (art, *_) = _seeded(team_url)
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        corpus.set_reviewer("rev1", by="rev1")
        corpus.set_reviewer("rev2", by="rev1")
        text = corpus.article(art).text
        start = text.index("Putin")
        sid = next(iter(corpus.add_span(art, "ani", start, start + 5, "PERSON").spans_added))
    dbname = team_url.rsplit("/", 1)[1]
    blocker = pg_server.connect(dbname)
    blocker.autocommit = False
    try:
        with blocker.cursor() as cur:
            cur.execute("LOCK TABLE gold_span IN SHARE MODE")  # reads go on, inserts wait
        procs = [_worker(team_url, "accept", name, str(sid)) for name in ("rev1", "rev2")]
        _wait_for_two_waiting(pg_server, dbname, procs)
        blocker.commit()
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0 and out.strip() == "ok", err
    finally:
        blocker.close()
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        assert [(g.text, g.annotators) for g in corpus.gold_spans(art)] == [("Putin", ("ani",))]


# ---------------------------------------------------------------- the server goes away


def test_server_killed_mid_edit_loses_nothing_and_the_app_reconnects(
    team_url: str, pg_server: PgServer
) -> None:
    (art, *_) = _seeded(team_url)
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user("ani")
        text = corpus.article(art).text
        first = text.index("Trump")
        corpus.add_span(art, "ani", first, first + 5, "PERSON")
        pg_server.kill()
        try:
            second = text.index("Alaska")
            with pytest.raises(ConnectionLost, match="nothing of this change was saved"):
                corpus.add_span(art, "ani", second, second + 6, "GPE")
            with pytest.raises(ConnectionLost):
                corpus.spans(art)  # reads say so too, instead of a driver trace
        finally:
            pg_server.start()
        # Back: the next call reconnects by itself; the kept edit is saved once.
        corpus.add_span(art, "ani", second, second + 6, "GPE")
        got = [(s.start, s.label) for s in corpus.spans(art)]
        assert got == sorted([(first, "PERSON"), (second, "GPE")])


# ---------------------------------------------------------------- blind mode


def test_a_non_reviewer_cannot_read_other_annotators_labels(team_url: str) -> None:
    (art, *_) = _seeded(team_url)
    with Corpus.open(team_url, tooling="tests") as corpus:
        text = corpus.article(art).text
        p = text.index("Putin")
        corpus.add_span(art, "ani", p, p + 5, "PERSON")
        budi = next(iter(corpus.add_span(art, "budi", p, p + 5, "PERSON").spans_added))
        corpus.set_user("ani")
        assert not corpus.can_read_others()
        assert {s.annotator for s in corpus.spans(art)} == {"ani"}
        with pytest.raises(CorpusError, match="not a reviewer"):
            corpus.spans(art, "budi")
        with pytest.raises(CorpusError, match="not a reviewer"):
            corpus.span(budi)
        with pytest.raises(CorpusError, match="for reviewers"):
            corpus.agreement("entity")
        assert {d.annotator for d in corpus.documents()} == {"ani"}
        # The article list's counts, asked for nobody in particular, count ani's only.
        assert {r.id: r.span_count for r in corpus.article_rows()}[art] == 1
        corpus.set_reviewer("cici")  # the first reviewer: anyone may name one
        with pytest.raises(CorpusError, match="only a reviewer can name reviewers"):
            corpus.set_reviewer("ani")  # but now only a reviewer may, and ani is not
        corpus.set_user("cici")
        assert corpus.can_read_others()
        assert {s.annotator for s in corpus.spans(art)} == {"ani", "budi"}
    # The CLI acts as the login (not a reviewer here) unless told otherwise.
    assert main(["--db", team_url, "--as", "ani", "agreement"]) == 1


# ---------------------------------------------------------------- copies both ways


def test_push_to_the_server_and_pull_back_keep_everything(
    tmp_path: Path, team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "local.sqlite3"
    labels = ROOT / "resources" / "demo" / "labels.jsonl"
    assert main(["--db", str(local), "import", *map(str, sorted(SEEDS.glob("*.txt")))]) == 0
    assert main(["--db", str(local), "import", str(labels)]) == 0
    with Corpus.open(local, tooling="tests") as corpus:
        before = _everything(corpus)
    assert main(["--db", str(local), "db", "push", "--to", team_url]) == 0
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        assert _everything(corpus) == before
        # New ids on the server follow the copied ones.
        art = corpus.article_ids()[0]
        new = next(iter(corpus.add_span(art, "ani", 0, 3, "PERSON").spans_added))
        assert new > max(s.id for a in corpus.article_ids() for s in corpus.spans(a) if s.id != new)
    # A second push into the now non-empty server database is refused and changes nothing.
    assert main(["--db", str(local), "db", "push", "--to", team_url]) == 1
    assert "not empty" in capsys.readouterr().err
    pulled = tmp_path / "pulled.sqlite3"
    # A copy holds everyone's labels: the login is no reviewer, so it is refused...
    assert main(["db", "pull", "--from", team_url, "--to", str(pulled)]) == 1
    assert "for reviewers" in capsys.readouterr().err and not pulled.exists()
    # ... until a reviewer (the first may be named by anyone) pulls.
    assert main(["--db", team_url, "db", "reviewer", "rev"]) == 0
    assert main(["db", "pull", "--as", "rev", "--from", team_url, "--to", str(pulled)]) == 0
    with Corpus.open(pulled, tooling="tests") as corpus:
        after = _everything(corpus)
        assert corpus.article_rows(search="Alaska")  # the search index was built
    assert after["articles"] == before["articles"]
    ((_, who, start, end, label),) = after["spans"] - before["spans"]  # type: ignore[operator]
    assert (who, start, end, label) == ("ani", 0, 3, "PERSON")
    assert main(["db", "pull", "--from", team_url, "--to", str(pulled)]) == 1  # exists


def _everything(corpus: Corpus) -> dict[str, object]:
    spans = set()
    for a in corpus.article_ids():
        spans |= {(a, s.annotator, s.start, s.end, s.label) for s in corpus.spans(a)}
    return {
        "articles": corpus.fingerprint(),
        "spans": spans,
        "relations": sum(len(corpus.relations(a)) for a in corpus.article_ids()),
        "stats": corpus.stats(),
    }


def test_corpus_options_work_after_the_command_too(
    team_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seeded(team_url)
    assert main(["stats", "--json", "--db", team_url]) == 0
    assert '"articles": 5' in capsys.readouterr().out
    assert main(["--db", team_url, "db", "reviewer", "rev"]) == 0
    # --as after the command names who acts: ani is no reviewer, so ani may not name one.
    assert main(["--db", team_url, "db", "reviewer", "cici", "--as", "ani"]) == 1
    assert "only a reviewer can name reviewers; ani is not" in capsys.readouterr().err
    assert main(["db", "reviewer", "cici", "--db", team_url, "--as", "rev"]) == 0


def test_a_read_only_command_on_a_missing_file_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "x.sqlite3"
    for command in (["stats"], ["export", "--out", str(tmp_path / "o.jsonl")], ["db", "check"]):
        assert main(["--db", str(missing), *command]) == 1
        assert "there is no corpus at" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_without_a_terminal_a_refusal_says_how_to_give_the_password(
    team_url: str,
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(pg_server.base / "no-such-pgpass"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["--db", team_url, "stats"]) == 1
    err = capsys.readouterr().err
    assert "asks for a password and none was given" in err
    assert "PGPASSWORD or ~/.pgpass" in err and "db login" in err


def test_stats_of_a_non_reviewer_count_only_their_own(
    team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Blind means blind: ``stats`` (and progress) of a non-reviewer show no other annotator,
    their statuses or their spans; a reviewer's show everyone's."""
    from annotator.core.model import Status

    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.set_user(None)
        art = corpus.import_drafts([ArticleDraft(text=TRICKY, title="t")], origin="t").article_ids[
            0
        ]
        p = TRICKY.index("Putin")
        corpus.add_span(art, "ani", p, p + 5, "PERSON")
        corpus.add_span(art, "budi", p, p + 5, "GPE")
        corpus.add_span(art, "budi", 0, 3, "PERSON")
        corpus.set_status(art, "budi", Status.DONE)
        corpus.set_reviewer("rev")
        corpus.set_user("ani")
        assert corpus.progress("ani") == (0, 1)
        with pytest.raises(CorpusError, match="not a reviewer"):
            corpus.progress("budi")
        with pytest.raises(CorpusError, match="not a reviewer"):
            corpus.status(art, "budi")
        with pytest.raises(CorpusError, match="not a reviewer"):
            corpus.article_rows("budi")
    capsys.readouterr()
    assert main(["--db", team_url, "--as", "ani", "stats", "--json"]) == 0
    import json

    mine = json.loads(capsys.readouterr().out)
    assert mine["annotators"] == {"ani": 1}
    assert mine["status_by_annotator"] == {"ani": {"in_progress": 1}}
    assert (mine["spans"], mine["spans_by_label"]) == (1, {"PERSON": 1})
    assert "gold_spans" not in mine
    assert main(["--db", team_url, "--as", "ani", "stats"]) == 0
    assert "budi" not in capsys.readouterr().out
    assert main(["--db", team_url, "--as", "rev", "stats", "--json"]) == 0
    everyone = json.loads(capsys.readouterr().out)
    assert everyone["annotators"] == {"ani": 1, "budi": 2, "rev": 0}
    assert everyone["status_by_annotator"]["budi"] == {"done": 1}
    assert everyone["spans"] == 3
