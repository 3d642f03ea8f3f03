"""The ``annotator`` command: the GUI (default), import, export, agreement, gold, stats, db."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from annotator import cli_agreement, cli_gold, cli_learn, cli_stories, cli_team, formats, logs
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.core.progress import TimeLeft, describe_bytes, describe_left
from annotator.core.schema import describe_counts
from annotator.core.validate import is_gold_name, name_problem
from annotator.demo import ensure_demo_corpus
from annotator.formats import split as splitting
from annotator.i18n import LANGUAGES
from annotator.paths import DB_ENV, default_db
from annotator.store.corpus import Corpus
from annotator.store.db import StoreError
from annotator.store.db import is_url as db_is_url
from annotator.store.errors import AuthenticationFailed

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_OUTPUT_CLOSED = 141
"""The reader of the output went away (``annotator stats --json | head -1``): 128 + SIGPIPE,
what a shell reports for a command killed by the broken pipe."""
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl+C
# Commands that may start a new corpus file; the others refuse a path where none is.
CREATES_A_CORPUS = ("import", "gui")
# Commands that read everyone's labels as a tool (export, agreement, gold merge, stats, db
# check/backup/push, train and suggest from a named annotator's labels, what waits for one):
# they ask the store's tooling mode by name (store/access.py).
READS_EVERYONES = (
    "export",
    "agreement",
    "gold",
    "stats",
    "db",
    "train",
    "suggest",
    "stories",  # suggestions from everyone's entities
    "waiting",  # the suggestions waiting for a named annotator
)
log = logging.getLogger("annotator")


def version() -> str:
    try:
        return metadata.version("annotator")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label entities and claims in news articles; export training data.",
        epilog=(
            f"The corpus is --db, else ${DB_ENV}, else {default_db()} "
            "(created with the five demo articles on first use)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"annotator {version()}")
    _corpus_arguments(parser, None)
    # --db and --as also after the command (`annotator gui --db URL`): the same options on
    # every command, left unset there unless given, so the one before the command stands.
    common = argparse.ArgumentParser(add_help=False)
    _corpus_arguments(common, argparse.SUPPRESS)
    sub = _Commands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)

    gui = sub.add_parser("gui", help="open the app (the default command)")
    gui.add_argument(
        "--screenshot", metavar="FILE", type=Path, help="render the window to a PNG and exit"
    )
    gui.add_argument(
        "--annotator", metavar="NAME", help="label as NAME (remembered for the next launch)"
    )
    gui.add_argument(
        "--language",
        choices=sorted(LANGUAGES),
        help="show the app in this language (en English, id Bahasa Indonesia) this time; "
        "default: the one chosen in Preferences, else the system's",
    )

    imp = sub.add_parser(
        "import",
        help="import .txt, .jsonl, .csv (or prodigy, doccano, labelstudio, brat, conll, spacy, hf)",
    )
    imp.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="files or folders (a folder: its importable files, not its sub-folders; brat: "
        "every .ann below it); each file imports whole or not at all",
    )
    imp.add_argument(
        "--format",
        default="auto",
        choices=("auto", *formats.IMPORT_FORMATS),
        help="the files' format (default: by extension; docs/formats.md)",
    )
    imp.add_argument("--annotator", metavar="NAME", help="annotator of labels that name none")
    imp.add_argument("--no-language", action="store_true", help="skip language detection")
    imp.add_argument(
        "--progress",
        action="store_true",
        help="show the progress (bytes read, time left) on stderr even when it is not a "
        "terminal (on a terminal it is always shown)",
    )
    imp.add_argument(
        "--predictions-as",
        metavar="NAME",
        help="labelstudio: the annotator of predictions (default: their model_version); "
        "they come in as to-do pre-annotations",
    )
    imp.add_argument(
        "--tag-column",
        type=int,
        metavar="N",
        help="conll: the column of the tags (1-based, the token is 1; default: the last)",
    )
    imp.add_argument(
        "--scheme",
        default="auto",
        choices=("auto", "iob1", "iob2", "bioes", "bilou"),
        help="conll, hf: the tag scheme (default: detected from the tags)",
    )
    imp.add_argument(
        "--add-labels",
        action="store_true",
        help="add the labels and relation types the files use that the schema lacks "
        "(distinct colours, free hotkeys), with the import; without it such a file is refused",
    )
    imp.add_argument(
        "--as-gold",
        action="store_true",
        help="import the labels into gold (adjudicated), as records whose annotator is gold are",
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import a file's good records and write its bad ones, each with why, beside it "
        "(FILE.rejected.jsonl, e.g. news.jsonl.rejected.jsonl, written before the import "
        "commits; jsonl, prodigy, doccano, labelstudio: a file of another format is refused "
        "whole, as without it); a file all of whose records are bad fails; without it a file "
        "with a bad record is refused whole, every bad record named",
    )

    exp = sub.add_parser("export", help="write a dataset (see docs/formats.md)")
    _export_arguments(exp)

    agree = sub.add_parser(
        "agreement", help="inter-annotator agreement: span F1, Cohen/Fleiss kappa, alpha"
    )
    cli_agreement.add_arguments(agree)

    gold = sub.add_parser(
        "gold", help="adjudicate in batch: merge spans and links into gold by a strategy"
    )
    cli_gold.add_arguments(gold, common)

    train = sub.add_parser(
        "train",
        help="train a suggestion model from done articles, offline (needs spaCy)",
        description=cli_learn.__doc__.split("\n\n", 1)[1] if cli_learn.__doc__ else None,
    )
    cli_learn.add_arguments(train)
    suggest = sub.add_parser(
        "suggest",
        help="suggestions from memory, gazetteers, rules or a model: as JSONL (the corpus "
        "unchanged), or --into NAME to offer them to NAME in the app",
    )
    cli_learn.add_suggest_arguments(suggest)
    gaz = sub.add_parser(
        "gazetteer", help="term lists kept in the corpus that suggest labels (import, list, clear)"
    )
    cli_learn.add_gazetteer_arguments(gaz, lambda actions: _Commands(actions, common))
    waiting = sub.add_parser(
        "waiting", help="the suggestions waiting for an annotator (suggest --into): list, clear"
    )
    cli_learn.add_waiting_arguments(waiting, lambda actions: _Commands(actions, common))

    stories = sub.add_parser(
        "stories", help="articles about one event: list, suggest [--apply], set"
    )
    cli_stories.add_arguments(stories, lambda actions: _Commands(actions, common))
    stats = sub.add_parser("stats", help="counts of articles, languages, spans, annotators")
    stats.add_argument("--json", action="store_true", help="print JSON")

    dbp = sub.add_parser(
        "db", help="check, back up, copy to or from a team server, name reviewers, passwords"
    )
    dbsub = _Commands(
        dbp.add_subparsers(dest="db_command", metavar="ACTION", required=True), common
    )
    dbsub.add_parser("check", help="integrity, foreign keys, and every span against its text")
    backup = dbsub.add_parser("backup", help="copy the corpus, consistently, to a new file")
    backup.add_argument("file", type=Path, metavar="FILE")
    dbsub.add_parser("path", help="print where the corpus is")
    cli_team.add_db_actions(dbsub)
    return parser


def _corpus_arguments(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=default,
        help="corpus database file, or a team server: postgresql://user@host:port/dbname "
        "(the password comes from the keyring, PGPASSWORD or ~/.pgpass, else it is asked)",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="NAME",
        default=default,
        help="on a team server: act as this annotator (default: the login name); blind mode "
        "hides others' labels unless NAME is a reviewer. gui: label as NAME",
    )


class _Commands:
    """Subcommands that all take the corpus options too."""

    def __init__(self, actions: Any, common: argparse.ArgumentParser) -> None:
        self._actions = actions
        self._common = common

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._actions.add_parser(
            name, parents=[self._common], **kwargs
        )
        return parser


def _export_arguments(exp: argparse.ArgumentParser) -> None:
    exp.add_argument(
        "--format",
        default="jsonl",
        choices=formats.EXPORT_FORMATS,
        help="the dataset's format (default: jsonl; what each carries: docs/formats.md)",
    )
    exp.add_argument(
        "--out", required=True, type=Path, metavar="PATH", help="file, or folder (brat, hf, split)"
    )
    which = exp.add_mutually_exclusive_group()
    which.add_argument("--annotator", metavar="NAME", help="only this annotator's labels")
    which.add_argument("--gold", action="store_true", help="the adjudicated gold labels")
    which.add_argument(
        "--merge", choices=("majority",), help="spans more than half of the annotators have"
    )
    exp.add_argument("--language", metavar="CODE", help="only articles in this language")
    exp.add_argument("--status", choices=[s.value for s in Status], help="only this status")
    exp.add_argument("--labels", metavar="A,B", help="only spans with these labels")
    exp.add_argument("--split", metavar="train=0.8,dev=0.1,test=0.1", help="split by article")
    exp.add_argument("--seed", type=int, default=0, help="seed of the split (0)")
    exp.add_argument(
        "--group-by", choices=splitting.GROUP_BY, default="article",
        help="story: keep articles of one story or claim cluster in one split",
    )  # fmt: skip
    exp.add_argument(
        "--tokens", action="store_true", help="jsonl: add tokens and token_start/token_end"
    )
    exp.add_argument(
        "--skip-misaligned",
        action="store_true",
        help="leave out (and list) spans the format cannot hold, instead of refusing",
    )


def _quiet_when_output_closed(
    run: Callable[[Sequence[str] | None], int],
) -> Callable[..., int]:
    """Wrap the command so a reader that closes its end of the output early ends it quietly
    with :data:`EXIT_OUTPUT_CLOSED`: no traceback, no "Exception ignored" at exit. What was
    still buffered is dropped (stdout goes to the null device, as Python's docs advise)."""

    @functools.wraps(run)
    def wrapper(argv: Sequence[str] | None = None) -> int:
        watched = _Watched(sys.stdout)
        sys.stdout = watched
        try:
            code = run(argv)
            sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
            return code
        except KeyboardInterrupt:  # Ctrl+C: a line, not a traceback (writes roll back)
            print("\nannotator: interrupted; an unfinished change was not saved", file=sys.stderr)
            log.info("interrupted by the user")
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            _drop_output()
            log.info("the output was closed by its reader; stopped")
            return EXIT_OUTPUT_CLOSED
        except OSError as exc:
            if watched.failed is not exc:
                raise
            _drop_output()  # ``stats > /dev/full``: said in a line, not a traceback
            print(f"annotator: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
            log.info("the output could not be written: %s", exc)
            return EXIT_FAILED
        finally:
            if sys.stdout is watched:
                sys.stdout = watched.stream

    return wrapper


class _Watched:
    """Standard output, remembering the error a write to it raised (a full disk, an I/O
    error), so that error is told from the command's own."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failed: OSError | None = None

    def write(self, data: str) -> int:
        try:
            return self.stream.write(data)
        except OSError as exc:
            self.failed = exc
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            self.failed = exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _output_failed() -> bool:
    """Whether the error being handled came from writing standard output."""
    out = sys.stdout
    return isinstance(out, _Watched) and out.failed is not None


def _drop_output() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@_quiet_when_output_closed
def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    db = args.db or default_db()
    logs.setup()
    log.info("annotator %s: %s", version(), command)
    try:
        if command == "db" and args.db_command in ("pull", "login", "logout"):
            # They open no corpus given by --db: nothing is made for them (a refused URL
            # leaves no demo corpus behind).
            return cli_team.run_without_corpus(args)
        if args.db is None and not os.environ.get(DB_ENV):
            ensure_demo_corpus(db)  # the default corpus only; a named one is the user's
        if command == "gui":
            return _gui(db, args)
        if command not in CREATES_A_CORPUS and not db_is_url(db) and not Path(db).exists():
            raise StoreError(
                f"there is no corpus at {db}; `annotator --db {db} import FILES` makes one"
            )
        if command == "db" and args.db_command == "check" and not db_is_url(db):
            return _report_check(Corpus.check_file(db), db)
        with cli_team.open_corpus(db) as corpus:
            if command in READS_EVERYONES:  # ADR 0022: by name; a named user (--as, a
                corpus.as_tooling(f"annotator {command}")  # team login) keeps their role
            if args.as_user:
                _refuse_reserved(args.as_user, "--as")
                corpus.set_user(args.as_user)
            if command == "import":
                return _import(corpus, args)
            if command == "export":
                return _export(corpus, args)
            if command == "agreement":
                return cli_agreement.run(corpus, args, sys.stdout)
            if command == "gold":
                return cli_gold.run(corpus, args, sys.stdout)
            if command == "stats":
                return _stats(corpus, args.json)
            if command == "train":
                return cli_learn.run(corpus, args, sys.stdout)
            if command == "suggest":
                return cli_learn.run_suggest(corpus, args, sys.stdout)
            if command == "gazetteer":
                return cli_learn.run_gazetteer(corpus, args, sys.stdout)
            if command == "waiting":
                return cli_learn.run_waiting(corpus, args, sys.stdout)
            if command == "stories":
                return cli_stories.run(corpus, args, sys.stdout)
            return _db(corpus, args)
    except (StoreError, CorpusError, formats.FormatError) as exc:
        log.warning("%s failed: %s", command, exc)
        print(f"annotator: {exc}", file=sys.stderr)
        if isinstance(exc, AuthenticationFailed) and not sys.stdin.isatty():
            print(
                "annotator: with no terminal to ask on, give the password through PGPASSWORD "
                "or ~/.pgpass, or keep it in the keyring once with `annotator db login URL`",
                file=sys.stderr,
            )
        return EXIT_FAILED
    except BrokenPipeError:
        raise  # the output's reader went away: _quiet_when_output_closed ends quietly
    except OSError:
        if _output_failed():
            raise  # the output cannot be written: _quiet_when_output_closed says so
        log.exception("%s failed unexpectedly", command)
        print(f"annotator: unexpected error; details in {logs.log_file()}", file=sys.stderr)
        raise
    except Exception:
        log.exception("%s failed unexpectedly", command)
        print(f"annotator: unexpected error; details in {logs.log_file()}", file=sys.stderr)
        raise


def _gui(db: str, args: argparse.Namespace) -> int:
    from annotator.gui import app

    if getattr(args, "annotator", None):
        _refuse_reserved(args.annotator, "--annotator")
    screenshot = getattr(args, "screenshot", None)
    if screenshot is None:
        problem = app.display_problem()
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_USAGE
    return app.run(
        db,
        annotator=getattr(args, "annotator", None) or args.as_user,
        screenshot=screenshot,
        language=getattr(args, "language", None),
    )


class _Progress:
    """A one-line progress bar on a terminal; silent when output is not a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = stream.isatty()

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.active:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {path.name[:40]:<40}")
        self.stream.flush()
        if done == total:
            self.stream.write("\n")


class _ImportProgress:
    """The import's progress on stderr, by bytes read over every file, with the time left:
    one line redrawn on a terminal; with ``--progress`` and no terminal, a line each time
    it moves by a whole percent. Silent otherwise (stdout never carries it)."""

    def __init__(self, stream: TextIO, forced: bool) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.active = self.tty or forced
        self.clock = TimeLeft()
        self.shown = -1

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.active:
            return
        percent = 100 * done // max(total, 1)
        if percent == self.shown:
            return
        self.shown = percent
        width = 30
        filled = width * percent // 100
        bar = "#" * filled + "-" * (width - filled)
        left = self.clock.left(done, total)
        when = f"  {describe_left(left)}" if left is not None and done < total else ""
        text = (
            f"[{bar}] {percent:3d}% {describe_bytes(done)} of {describe_bytes(total)}{when}  "
            f"{path.name[:40]}"
        )
        if self.tty:
            self.stream.write(f"\r{text:<100}" + ("\n" if done >= total else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _refuse_reserved(name: str, option: str) -> None:
    problem = name_problem(name)
    if problem:
        raise CorpusError(f"{option} {name}: {problem}")


def _import(corpus: Corpus, args: argparse.Namespace) -> int:
    if args.annotator and not is_gold_name(args.annotator):  # gold: the records' checks say
        _refuse_reserved(args.annotator, "--annotator")
    report = formats.import_paths(
        corpus,
        args.paths,
        args.format,
        annotator=args.annotator,
        detect_language=not args.no_language,
        progress=_ImportProgress(sys.stderr, args.progress),
        predictions_as=args.predictions_as,
        tag_column=args.tag_column,
        scheme=args.scheme,
        add_labels=args.add_labels,
        as_gold=args.as_gold,
        skip_invalid=args.skip_invalid,
    )
    for why in report.skipped:
        print(f"skipped {why}", file=sys.stderr)
    for note in report.notes:
        print(f"note {note}")
    gold = ""
    if report.gold_spans or report.gold_relations:
        gold = (
            f", {count(report.gold_spans, 'gold span')}, "
            f"{count(report.gold_relations, 'gold relation')}"
        )
    print(
        f"imported {count(report.articles, 'article')}, {count(report.spans, 'span')}, "
        f"{count(report.relations, 'relation')}{gold} from {count(len(report.results), 'file')}; "
        f"{report.duplicates} already in the corpus; "
        f"{count(len(report.rejected), 'file')} rejected"
        + (f", {len(report.skipped)} left out of folders" if report.skipped else "")
    )
    if report.labels_added:
        print(f"added labels: {describe_counts(report.labels_added)}")
    if report.relations_added:
        print(f"added relation types: {describe_counts(report.relations_added)}")
    for source, target, n in report.set_aside:
        print(f"skipped {count(n, 'invalid record')} of {source}: written with why to {target}")
    for err in report.rejected:
        print(f"rejected {err}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def _export(corpus: Corpus, args: argparse.Namespace) -> int:
    if str(args.out) == "-":  # not standard output: a file called "-" and its manifest
        raise formats.FormatError(
            args.out, 0, "an export is a file or folder with its manifest; name one (not -)"
        )
    labels = None
    if args.labels:
        labels = frozenset(x.strip() for x in args.labels.split(",") if x.strip())
        unknown = sorted(x for x in labels if not corpus.schema.has_label(x))
        if unknown:
            raise formats.FormatError(args.out, 0, f"unknown labels: {', '.join(unknown)}")
    selection = formats.Selection(
        annotator=args.annotator,
        gold=args.gold,
        merge=args.merge,
        language=args.language,
        status=Status(args.status) if args.status else None,
        labels=labels,
    )
    options = formats.ExportOptions(
        selection=selection,
        split=args.split,
        seed=args.seed,
        group_by=args.group_by,
        tokens=args.tokens,
        skip_misaligned=args.skip_misaligned,
    )
    try:
        result = formats.export(
            corpus, args.format, args.out, options=options, progress=_Progress(sys.stderr)
        )
    except KeyboardInterrupt:
        print("annotator: export cancelled; nothing was written", file=sys.stderr)
        return 130
    for problem in result.skipped:
        print(f"skipped {problem}", file=sys.stderr)
    for lost in result.skipped_relations:
        print(f"skipped {lost}", file=sys.stderr)
    splits = ", ".join(f"{k} {v}" for k, v in result.splits.items())
    print(
        f"wrote {count(result.records, 'record')} ({count(result.articles, 'article')}), "
        f"{count(result.spans, 'span')}, {count(result.relations, 'relation')} to {result.path}"
        + (f" (split: {splits})" if splits else "")
    )
    if result.skipped:
        print(
            f"skipped {len(result.skipped)} spans that do not fit {args.format}"
            + (
                f" and {count(len(result.skipped_relations), 'relation')} joining them"
                if result.skipped_relations
                else ""
            )
        )
    if result.relations_left_out:
        print(
            f"left out {count(result.relations_left_out, 'relation')}: "
            f"{args.format} has no place for relations"
        )
    print(f"manifest {result.manifest}")
    return EXIT_OK


def count(n: int, word: str) -> str:
    """``1 span``, ``2 spans``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _stats(corpus: Corpus, as_json: bool) -> int:
    stats = corpus.stats()
    if as_json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"corpus     {corpus.location}")
    print(f"articles   {stats['articles']}")
    print("languages  " + ", ".join(f"{k} {v}" for k, v in stats["languages"].items()))
    print(f"spans      {stats['spans']}   relations {stats['relations']}")
    for label, n in stats["spans_by_label"].items():
        print(f"  {label:<12} {n}")
    voices = stats["claims_by_voice"]
    if voices:  # an attributed claim without a speaker is unfinished work
        print(
            f"claims     {voices.get('spoken', 0)} with a speaker, "
            f"{voices.get('unattributed', 0)} unattributed, "
            f"{voices.get('no_speaker', 0)} without a speaker yet"
            + (
                f", {voices['contradicted']} unattributed yet linked"
                if "contradicted" in voices
                else ""
            )
        )
    if set(stats["spans_by_origin"]) - {"hand"}:  # accepted suggestions: how the spans began
        print("began as   " + ", ".join(f"{k} {v}" for k, v in stats["spans_by_origin"].items()))
    print("annotators")
    for name, n in stats["annotators"].items():
        statuses = ", ".join(
            f"{k} {v}" for k, v in stats["status_by_annotator"].get(name, {}).items()
        )
        print(f"  {name:<12} {n} spans   {statuses}")
    return EXIT_OK


def _db(corpus: Corpus, args: argparse.Namespace) -> int:
    done = cli_team.run(corpus, args)
    if done is not None:
        return done
    if args.db_command == "path":
        print(corpus.location)
        return EXIT_OK
    if args.db_command == "backup":
        print(f"backed up to {corpus.backup(args.file)}")
        return EXIT_OK
    return _report_check(corpus.check(), corpus.location)


def _report_check(problems: list[str], location: str) -> int:
    for problem in problems:
        print(problem)
    if problems:
        print(f"{count(len(problems), 'problem')} found in {location}", file=sys.stderr)
        return EXIT_FAILED
    print(f"ok: {location} passed integrity, foreign key, span and stored JSON checks")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
