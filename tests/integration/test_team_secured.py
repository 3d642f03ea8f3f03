"""A secured team corpus: one server role per annotator, row-level security on the labels.
Even a direct connection with an annotator's password reads that annotator's labels only."""

from __future__ import annotations

import secrets

import psycopg2
import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft, SpanDraft
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError
from tests.conftest import SEEDS
from tests.pg_server import PgServer


@pytest.fixture
def secured(team_url: str, pg_server: PgServer) -> dict[str, tuple[str, str]]:
    """The corpus with the seeds, secured by its owner; logins (url, password) of two
    annotators and a reviewer, each granted the corpus."""
    tag = secrets.token_hex(3)
    logins: dict[str, tuple[str, str]] = {}
    name = team_url.rsplit("/", 1)[1]
    for who in ("ani", "budi", "rev"):
        role, password = f"{who}_{tag}", secrets.token_urlsafe(12)
        pg_server.create_role(role, password)
        logins[who] = (pg_server.url(name, user=role), password)
    with Corpus.open(team_url, tooling="tests") as corpus:
        formats.import_paths(corpus, sorted(SEEDS.glob("*.txt"))[:2], detect_language=False)
        corpus.secure()
        for url, _ in logins.values():
            corpus.grant(url.split("://", 1)[1].split("@", 1)[0])
        corpus.set_user(None)
        corpus.set_reviewer(logins["rev"][0].split("://", 1)[1].split("@", 1)[0])
    return logins


def _login(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0]


def _add_putin(url: str, password: str) -> int:
    with Corpus.open(url, password=password, tooling="tests") as corpus:
        art = corpus.article_ids()[0]
        start = corpus.article(art).text.index("Putin")
        return next(iter(corpus.add_span(art, _login(url), start, start + 5, "PERSON").spans_added))


def test_each_login_reads_only_its_own_labels_even_directly(
    secured: dict[str, tuple[str, str]], pg_server: PgServer
) -> None:
    ani, budi, rev = secured["ani"], secured["budi"], secured["rev"]
    _add_putin(*ani)
    mine = _add_putin(*budi)
    with Corpus.open(budi[0], password=budi[1], tooling="tests") as corpus:
        assert corpus.is_secured()
        with pytest.raises(CorpusError, match=r"secured: .* label as your login"):
            corpus.set_user(_login(ani[0]))
        corpus.set_user(None)  # even the store's own unrestricted read gets budi's only
        art = corpus.article_ids()[0]
        assert [s.id for s in corpus.spans(art)] == [mine]
        assert all(e for e in corpus.activity_by_day() if e.annotator == _login(budi[0]))
    # psql-like, with budi's password: the server itself hides ani's span and ani's log.
    conn = psycopg2.connect(budi[0], password=budi[1])
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM span")
            assert [r[0] for r in cur.fetchall()] == [mine]
            cur.execute("SELECT DISTINCT annotator FROM event WHERE action = 'add_span'")
            assert cur.fetchall() == [(_login(budi[0]),)]
            cur.execute("UPDATE annotator SET is_reviewer = true WHERE name = current_user")
            assert cur.rowcount == 0  # only the owner names reviewers
            cur.execute("SELECT COUNT(*) FROM gold_span")
            assert cur.fetchone() == (0,)
    finally:
        conn.close()
    # The reviewer reads everyone's and may adjudicate.
    with Corpus.open(rev[0], password=rev[1], tooling="tests") as corpus:
        art = corpus.article_ids()[0]
        spans = corpus.spans(art)
        assert {s.annotator for s in spans} == {_login(ani[0]), _login(budi[0])}
        assert corpus.accept_span(spans[0].id, _login(rev[0]))
        assert len(corpus.gold_spans(art)) == 1


def test_a_login_cannot_write_labels_under_another_name(
    secured: dict[str, tuple[str, str]],
) -> None:
    ani, budi = secured["ani"], secured["budi"]
    with Corpus.open(ani[0], password=ani[1], tooling="tests") as corpus:
        art = corpus.article_ids()[0]
        text = corpus.article(art).text
        before = len(corpus.spans(art))
        draft = ArticleDraft(
            text=text, annotator=_login(budi[0]), spans=[SpanDraft("s1", 0, 6, "PERSON", text[:6])]
        )
        with pytest.raises(CorpusError, match=r"does not let .* do this"):
            corpus.import_drafts([draft], origin="forged.jsonl", detect_language=False)
        with pytest.raises(CorpusError, match="does not let"):
            corpus.add_span(art, _login(budi[0]), 0, 6, "PERSON")
        assert len(corpus.spans(art)) == before  # nothing of either was stored


def test_only_the_owner_secures_and_grants(
    secured: dict[str, tuple[str, str]], team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ani = secured["ani"]
    with (
        Corpus.open(ani[0], password=ani[1], tooling="tests") as corpus,
        pytest.raises(StoreError, match="owner"),
    ):
        corpus.grant(_login(ani[0]))
    with Corpus.open(team_url, tooling="tests") as corpus:
        with pytest.raises(CorpusError, match="secured already"):
            corpus.secure()
        with pytest.raises(CorpusError, match="no role 'nobody_here'"):
            corpus.grant("nobody_here")
    assert main(["--db", team_url, "db", "grant", "x; DROP TABLE span"]) == 1
    assert "not a plain role name" in capsys.readouterr().err


def test_secure_and_grant_from_the_command_line(
    team_url: str, pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    role, password = f"cici_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    pg_server.create_role(role, password)
    assert main(["--db", team_url, "db", "secure"]) == 0
    assert main(["--db", team_url, "db", "grant", role]) == 0
    out = capsys.readouterr().out
    assert "secured" in out and f"{role} may now use this corpus" in out
    url = pg_server.url(team_url.rsplit("/", 1)[1], user=role)
    with Corpus.open(url, password=password, tooling="tests") as corpus:
        assert corpus.is_secured() and corpus.user == role
        corpus.import_drafts([ArticleDraft(text="Putin bertemu Trump.")], origin="t")
        (art,) = corpus.article_ids()
        corpus.add_span(art, role, 0, 5, "PERSON")
        assert [s.annotator for s in corpus.spans(art)] == [role]


def test_a_login_reads_only_its_own_article_statuses_even_directly(
    secured: dict[str, tuple[str, str]], team_url: str
) -> None:
    from annotator.core.model import Status

    ani, budi, rev = secured["ani"], secured["budi"], secured["rev"]
    _add_putin(*ani)  # ani's status row: in progress
    _add_putin(*budi)
    with Corpus.open(budi[0], password=budi[1], tooling="tests") as corpus:
        art = corpus.article_ids()[0]
        corpus.set_status(art, _login(budi[0]), Status.DONE)  # the app's own needs still work
        assert corpus.progress(_login(budi[0])) == (1, 2)
        rows = {r.id: r.status for r in corpus.article_rows()}
        assert rows[art] is Status.DONE
    conn = psycopg2.connect(budi[0], password=budi[1])
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT COUNT(*) FROM article_status s JOIN annotator a ON a.id = s.annotator_id "
                "WHERE a.name <> current_user"
            )
            assert cur.fetchone() == (0,)  # ani's status: hidden by the server itself
            cur.execute("SELECT COUNT(*) FROM article_status")
            assert cur.fetchone() == (1,)
            cur.execute("UPDATE article_status SET status = 'skipped'")
            assert cur.rowcount == 1  # its own row only
        conn.commit()
    finally:
        conn.close()
    conn = psycopg2.connect(rev[0], password=rev[1])
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM article_status")
            assert cur.fetchone() == (2,)  # a reviewer reads everyone's
    finally:
        conn.close()


def test_securing_again_covers_what_an_older_version_left_open(
    secured: dict[str, tuple[str, str]], team_url: str, pg_server: PgServer
) -> None:
    """A corpus secured before article_status was covered: ``db secure`` again covers it."""
    name = team_url.rsplit("/", 1)[1]
    conn = pg_server.connect(name)
    try:
        with conn.cursor() as cur:
            cur.execute("DROP POLICY own_or_reviewer ON article_status")
            cur.execute("ALTER TABLE article_status DISABLE ROW LEVEL SECURITY")
    finally:
        conn.close()
    with Corpus.open(team_url, tooling="tests") as corpus:
        corpus.secure()
        with pytest.raises(CorpusError, match="secured already"):
            corpus.secure()
    _add_putin(*secured["ani"])
    budi = secured["budi"]
    conn = psycopg2.connect(budi[0], password=budi[1])
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM article_status")
            assert cur.fetchone() == (0,)
    finally:
        conn.close()


def test_a_migration_gives_its_new_tables_the_policies_and_the_grants(
    secured: dict[str, tuple[str, str]], team_url: str, pg_server: PgServer
) -> None:
    """A corpus secured and granted at an older version (before the suggestion tables): the
    migration that makes them also secures them and grants them to every granted login, so
    the logins' apps work at once and still read only their own rows."""
    from annotator.store.db import SCHEMA_VERSION

    name = team_url.rsplit("/", 1)[1]
    conn = pg_server.connect(name)
    try:
        with conn.cursor() as cur:  # back to the version before the suggestion tables
            cur.execute("DROP TABLE suggestion_rejection, pending_suggestion")
            cur.execute("DELETE FROM schema_version WHERE version >= 10")
        conn.commit()
    finally:
        conn.close()
    with Corpus.open(team_url, tooling="tests"):  # the owner opens it: migrated
        pass
    conn = pg_server.connect(name)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT MAX(version) FROM schema_version")
            assert cur.fetchone() == (SCHEMA_VERSION,)
    finally:
        conn.close()
    ani, budi, rev = secured["ani"], secured["budi"], secured["rev"]
    with Corpus.open(ani[0], password=ani[1], tooling="tests") as corpus:
        art = corpus.article_ids()[0]
        corpus.reject_suggestion(art, _login(ani[0]), 0, 5, "PERSON")
        assert corpus.suggestion_rejections(art, _login(ani[0])) == {(0, 5, "PERSON")}
    counts = {}
    for who, (url, password) in (("budi", budi), ("rev", rev)):
        conn = psycopg2.connect(url, password=password)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT COUNT(*) FROM suggestion_rejection")
                counts[who] = cur.fetchone()[0]
        finally:
            conn.close()
    assert counts == {"budi": 0, "rev": 1}  # ani's rejection: hidden from budi by the server
