"""Team server commands of ``annotator``: opening a ``postgresql://`` corpus with its password,
``db push`` / ``db pull`` (copies between a local file and the server), ``db reviewer``,
``db login`` / ``db logout`` (the password in the keyring).

The password is asked on the terminal (never echoed) when neither this session, the keyring
nor libpq's ``PGPASSWORD`` / ``~/.pgpass`` supply it; it is never accepted as an argument,
so it cannot show in the process list or the shell's history.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from annotator.store import credentials, team
from annotator.store import db as database
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError

EXIT_OK, EXIT_FAILED = 0, 1


def add_db_actions(dbsub: Any) -> None:
    push = dbsub.add_parser(
        "push", help="copy this local corpus to an empty database on a team server"
    )
    push.add_argument("--to", required=True, metavar="URL", help="postgresql://user@host/db")
    push.add_argument("--remember-password", action="store_true", help="keep it in the keyring")
    pull = dbsub.add_parser("pull", help="copy a team server's corpus to a new local file")
    pull.add_argument("--from", dest="source", required=True, metavar="URL")
    pull.add_argument("--to", dest="dest", required=True, type=Path, metavar="FILE")
    pull.add_argument("--remember-password", action="store_true", help="keep it in the keyring")
    rev = dbsub.add_parser("reviewer", help="name a reviewer (only a reviewer may, but the first)")
    rev.add_argument("name", metavar="NAME")
    rev.add_argument("--remove", action="store_true", help="take the reviewer role away")
    dbsub.add_parser(
        "secure",
        help="team server: the server itself keeps each login to its own labels (owner, once)",
    )
    grant = dbsub.add_parser("grant", help="team server: let a login (role) use this corpus")
    grant.add_argument("role", metavar="ROLE")
    login = dbsub.add_parser(
        "login", help="ask a team server's password and keep it in the keyring"
    )
    login.add_argument("url", metavar="URL")
    logout = dbsub.add_parser("logout", help="forget a team server's password")
    logout.add_argument("url", metavar="URL")


def terminal_ask(remember: bool = False) -> credentials.Ask | None:
    """Ask for the password on the terminal, or None (no terminal: fail with the reason)."""
    if not sys.stdin.isatty():
        return None

    def ask(key: str, why: str) -> credentials.Answer | None:
        if why:
            print(f"annotator: {why}", file=sys.stderr)
        try:
            password = getpass.getpass(f"Password for {key}: ")
        except (EOFError, KeyboardInterrupt):
            return None
        return credentials.Answer(password, remember) if password else None

    return ask


def open_corpus(target: str, *, remember: bool = False) -> Corpus:
    """Open ``target`` (path or URL); for a URL, the password as :mod:`credentials` finds it,
    else asked on the terminal."""
    return credentials.open_corpus(target, terminal_ask(remember))


def run(corpus: Corpus, args: argparse.Namespace) -> int | None:
    """The team actions of ``annotator db``; None for the others."""
    action = args.db_command
    if action == "push":
        if corpus.is_team:
            raise StoreError("push copies a local corpus file to a server; --db is a server")
        counts = credentials.with_password(
            args.to,
            lambda pw: corpus.copy_to(args.to, pw),
            terminal_ask(args.remember_password),
        )
        print(f"pushed {_summary(counts)} to {args.to}")
        return EXIT_OK
    if action == "secure":
        corpus.secure()
        print(
            "secured: each login now reads and writes only its own labels; reviewers read "
            "everyone's. Let annotators in with `annotator db grant ROLE`"
        )
        return EXIT_OK
    if action == "grant":
        corpus.grant(args.role)
        print(f"{args.role} may now use this corpus (labelling as {args.role})")
        return EXIT_OK
    if action == "reviewer":
        by = corpus.user  # --as NAME, else the login name
        corpus.set_reviewer(args.name, not args.remove, by=by)
        print(f"{args.name} is {'no longer ' if args.remove else ''}a reviewer")
        return EXIT_OK
    return None


def run_without_corpus(args: argparse.Namespace) -> int:
    """The db actions that open no corpus given by --db: pull, login, logout."""
    if args.db_command == "pull":
        return pull(args)
    if args.db_command == "login":
        return login(args.url)
    return logout(args.url)


def pull(args: argparse.Namespace) -> int:
    """``db pull --from URL --to FILE``: the server corpus into a new local file."""
    if Path(args.dest).exists():
        raise StoreError(f"{args.dest} exists already; choose a new file")
    with open_corpus(args.source, remember=args.remember_password) as corpus:
        corpus.as_tooling("annotator db pull")  # a named user (--as, the login) keeps their role
        if args.as_user:
            corpus.set_user(args.as_user)
        counts = corpus.copy_to(str(args.dest))
    print(f"pulled {_summary(counts)} to {args.dest}")
    return EXIT_OK


def login(url: str) -> int:
    """``db login URL``: ask the password, check it with the server, keep it in the keyring."""
    address = team.parse_url(url)
    if not credentials.secure_backend():
        print(
            "annotator: there is no secure keyring on this system "
            f"({credentials.backend_name()}), so the password cannot be kept; use ~/.pgpass "
            "(mode 0600) or let Annotator ask for it each session",
            file=sys.stderr,
        )
        return EXIT_FAILED
    ask = terminal_ask(remember=True)
    if ask is None:
        raise StoreError("db login asks for the password on a terminal; there is none")
    answer = ask(address.key, "")
    if answer is None:
        return EXIT_FAILED
    database.open_database(url, answer.password).close()  # refused: AuthenticationFailed
    where = credentials.remember(address.key, answer.password, keep=True)
    print(f"the password of {address.key} is kept in the {where} ({credentials.backend_name()})")
    return EXIT_OK


def logout(url: str) -> int:
    key = team.parse_url(url).key
    kept = credentials.lookup(key) is not None
    credentials.forget(key)
    print(f"forgot the password of {key}" if kept else f"no password of {key} was kept")
    return EXIT_OK


def _summary(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('article', 0)} articles, {counts.get('span', 0)} spans, "
        f"{counts.get('relation', 0)} relations, {counts.get('gold_span', 0)} gold spans, "
        f"{counts.get('event', 0)} events"
    )
