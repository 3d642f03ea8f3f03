"""`annotator train`: a suggestion model from the done articles of an annotator or of gold.

Trains from blank (``spacy.blank(language)``: nothing downloaded): NER for the entity layer
and a claim-sentence classifier, on the articles NAME (or gold) marked done, in the corpus's
most common language among them; prints held-out precision, recall and F1 per label and
writes the pipeline to --out (default: ``models/NAME`` beside the corpus file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from annotator.core.model import Document, Status
from annotator.store.corpus import Corpus, CorpusError

EXIT_OK = 0
GOLD = "gold"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="learn_from",
        required=True,
        metavar="gold|NAME",
        help="whose done articles to learn from: an annotator's name, or gold",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where to write the model (a new folder, or one train wrote; default "
        "models/NAME beside the corpus file)",
    )
    parser.add_argument("--epochs", type=int, default=20, help="passes over the data (20)")
    parser.add_argument(
        "--held-out",
        type=float,
        default=0.2,
        metavar="SHARE",
        help="share of the articles kept out of training and scored (0.2)",
    )
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed (0)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def documents(corpus: Corpus, learn_from: str) -> list[Document]:
    """The done articles of ``learn_from`` (or gold) that have spans."""
    if learn_from == GOLD:
        docs = list(corpus.gold_documents())
    else:
        if learn_from not in {a.name for a in corpus.annotators()}:
            raise CorpusError(f"no annotator called {learn_from!r} in this corpus")
        docs = [d for d in corpus.documents(learn_from) if d.status is Status.DONE]
    return [d for d in docs if d.spans]


def run(corpus: Corpus, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from annotator.learn.train import TrainingError, scores_table, train

    if not 0 <= args.held_out < 1:
        raise CorpusError(f"--held-out must be at least 0 and below 1, not {args.held_out}")
    if args.epochs < 1:
        raise CorpusError(f"--epochs must be at least 1, not {args.epochs}")
    docs = documents(corpus, args.learn_from)
    languages = Counter(d.article.language for d in docs)
    language = languages.most_common(1)[0][0] if languages else "id"
    target = args.out
    if target is None:
        base = Path(corpus.location).parent if corpus.is_sqlite else Path.cwd()
        target = base / "models" / args.learn_from
    _check_target(target)

    def progress(done: int, total: int, loss: float) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\repoch {done}/{total}, loss {loss:.1f}", end="", file=sys.stderr)

    try:
        result = train(
            docs,
            target,
            language=language,
            epochs=args.epochs,
            held_out=args.held_out,
            seed=args.seed,
            name=args.learn_from,
            progress=progress,
        )
    except TrainingError as e:
        raise CorpusError(str(e)) from e
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False), file=out)
    else:
        print(scores_table(result), file=out)
    return EXIT_OK


def _check_target(target: Path) -> None:
    """A new folder, an empty one, or one a training wrote (it has our meta file): nothing
    else is ours to write into (no command destroys a file it did not create)."""
    from annotator.learn.train import META

    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise CorpusError(f"{target} is not a folder: the model is written to a new folder")
    if target.is_dir() and any(target.iterdir()) and not (target / META).is_file():
        raise CorpusError(
            f"{target} holds files a training did not write; choose a new folder for the model"
        )
