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
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from annotator.core.errors import CorpusError
from annotator.core.model import Document, Status
from annotator.core.schema import SchemaError
from annotator.core.speakers import SAID_BY as SPEAKER
from annotator.paths import folder_name
from annotator.store.corpus import Corpus

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
    parser.add_argument("--epochs", type=int, default=20, help="most passes over the data (20)")
    parser.add_argument(
        "--patience",
        type=int,
        default=3,
        metavar="N",
        help="stop when N passes in a row have not bettered the held-out score, and keep "
        "the best pass's model (3; 0: run every pass, still keep the best)",
    )
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
    from annotator.learn.train import Pass, TrainingError, scores_table, train

    if not 0 <= args.held_out < 1:
        raise CorpusError(f"--held-out must be at least 0 and below 1, not {args.held_out}")
    if args.epochs < 1:
        raise CorpusError(f"--epochs must be at least 1, not {args.epochs}")
    if args.patience < 0:
        raise CorpusError(f"--patience must be 0 or more, not {args.patience}")
    docs = documents(corpus, args.learn_from)
    languages = Counter(d.article.language for d in docs)
    language = languages.most_common(1)[0][0] if languages else "id"
    target = args.out
    if target is None:
        base = Path(corpus.location).parent if corpus.is_sqlite else Path.cwd()
        target = base / "models" / folder_name(args.learn_from)
    _check_target(target)

    def progress(p: Pass) -> None:
        if not args.json and sys.stderr.isatty():
            held = "" if p.score is None else f", held-out F1 {100 * p.score:.1f} (best: {p.best})"
            print(f"pass {p.epoch}/{p.epochs}, loss {p.loss:.1f}{held}", file=sys.stderr)

    try:
        result = train(
            docs,
            target,
            language=language,
            epochs=args.epochs,
            patience=args.patience,
            held_out=args.held_out,
            seed=args.seed,
            name=args.learn_from,
            progress=progress,
        )
    except TrainingError as e:
        raise CorpusError(str(e)) from e
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False), file=out)
    else:
        print(scores_table(result), file=out)
    return EXIT_OK


def _check_target(target: Path) -> None:
    """learn.train.check_target, refusing as the command line does."""
    from annotator.learn.train import TrainingError, check_target

    try:
        check_target(target)
    except TrainingError as e:
        raise CorpusError(str(e)) from e


# ----------------------------------------------------------------------------- suggest

SOURCES = ("memory", "gazetteer", "rules", "model")


def add_suggest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--learn-from",
        required=True,
        metavar="gold|NAME",
        help="whose labels the memory learns (every form they labelled)",
    )
    parser.add_argument(
        "--sources",
        default="memory,gazetteer,rules",
        metavar="S,S",
        help=f"which sources suggest: {','.join(SOURCES)} or annotator:NAME, another "
        "annotator's (or an imported model's) labels, origin annotator:NAME or model:NAME "
        "(default memory,gazetteer,rules; model needs --model)",
    )
    parser.add_argument("--model", type=Path, metavar="DIR", help="a model `annotator train` wrote")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--articles", metavar="ID,ID", help="these articles (ids or external ids)")
    which.add_argument(
        "--status",
        choices=[s.value for s in Status],
        help="the articles that have this status for --learn-from (default: todo)",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="FILE.jsonl", help="where to write them")
    target.add_argument(
        "--into",
        metavar="NAME",
        help="add them to the corpus as suggestions waiting for annotator NAME (not their "
        "spans: the app offers them to accept or reject); those NAME rejected or labelled "
        "there are left out; all or nothing",
    )


def run_suggest(corpus: Corpus, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Suggestions as canonical records, one per article, each span with its ``origin``;
    the store is not touched. With ``--into NAME`` they are kept in the corpus instead, as
    suggestions waiting for NAME (a claim's cited speaker with it), all or none."""
    import orjson

    from annotator.core.offers import Offer, annotator_of, from_suggestions, source_problem
    from annotator.core.suggestions import Lexicon, Words, claim_candidates, rule_suggestions
    from annotator.formats.common import FormatError
    from annotator.formats.safety import check_output, corpus_files, write_atomic

    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    unknown = [s for s in sources if source_problem(s) is not None]
    if unknown or not sources:
        raise CorpusError(
            f"unknown source(s) {', '.join(unknown) or '(none)'}; choose from "
            f"{', '.join(SOURCES)}, annotator:NAME"
        )
    if args.into is not None and not args.into.strip():
        raise CorpusError("--into needs the name of the annotator the suggestions wait for")
    others = [n for n in map(annotator_of, sources) if n is not None]
    known = {a.name for a in corpus.annotators()}
    if args.into and args.into.strip() not in known:  # a typo would make a new annotator
        print(
            f"note: no annotator is called {args.into.strip()!r} yet: the suggestions will "
            f"wait for a new annotator of that name (known: {', '.join(sorted(known)) or 'none'})",
            file=sys.stderr,
        )
    missing = [n for n in others if n not in known]
    if missing:
        raise CorpusError(f"no annotator named {', '.join(map(repr, missing))} in this corpus")
    if args.model is not None and "model" not in sources:
        sources.append("model")  # a model given is a model wanted
        print(f"note: --model given: the model source is on ({args.model})", file=sys.stderr)
    if "model" in sources and args.model is None:
        raise CorpusError("the model source needs --model DIR (a model `annotator train` wrote)")
    if args.out is not None:
        try:
            check_output(args.out)
        except FormatError as e:
            raise CorpusError(str(e)) from e
    memory = Lexicon()
    taught = 0  # articles the memory learnt from
    if "memory" in sources and args.learn_from == GOLD:
        gold = documents(corpus, GOLD)
        for doc in gold:
            memory.update((s.text, s.label) for s in doc.spans if s.layer == "entity")
        taught = len(gold)
    elif "memory" in sources:  # every form they (or gold) labelled, as the app's memory
        if args.learn_from not in {a.name for a in corpus.annotators()}:
            raise CorpusError(f"no annotator called {args.learn_from!r} in this corpus")
        for form, label, count in corpus.memory_forms(args.learn_from):
            memory.add(form, label, count)
        taught = sum(1 for r in corpus.article_rows(args.learn_from) if r.status is not Status.TODO)
    gazetteer = Lexicon(origin="gazetteer", fold=True)
    if "gazetteer" in sources:
        gazetteer.update((term, label) for term, label, _ in corpus.gazetteer_terms())
    model = None
    if "model" in sources:
        from annotator.learn.model import ModelSuggester
        from annotator.learn.train import TrainingError

        try:
            model = ModelSuggester(args.model)
        except TrainingError as e:
            raise CorpusError(str(e)) from e
    ids = _targets(corpus, args)
    labels = {label.name for label in corpus.schema.labels}
    try:
        speaker_labels = list(corpus.schema.relation(SPEAKER).child_labels)
    except SchemaError:
        speaker_labels = []
    written = suggested = 0
    lines: list[bytes] = []
    waiting: list[tuple[int, Offer]] = []  # --into: (article, offer)
    for article_id in ids:
        article = corpus.article(article_id)
        text = article.text
        speakers = (
            {(c.start, c.end): c.speaker for c in claim_candidates(text)}
            if "rules" in sources
            else {}
        )
        found: list[Offer] = []
        if model is not None:
            found += from_suggestions(model.suggest(text))
        words = Words(text)  # split once, shared by the three sources
        if "memory" in sources:
            found += from_suggestions(memory.match(text, tokens=words))
        if "gazetteer" in sources:
            found += from_suggestions(gazetteer.match(text, tokens=words))
        for name in others:  # their spans (a claim with its SAID_BY speaker); refused if hidden
            found += corpus.annotator_suggestions(article_id, name)
        if "rules" in sources:
            found += from_suggestions(rule_suggestions(text, article.language, tokens=words))
        spans: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        # A place the annotator labelled is not suggested again (in that layer): --out
        # writes what they have yet to decide; --into leaves out what NAME labelled.
        mine = [] if args.into else _labelled(corpus, article_id, args.learn_from)
        taken: list[tuple[int, int, str]] = []
        for k, s in enumerate(found):
            if s.label not in labels or any(
                a < s.end and s.start < b and label == s.label for a, b, label in taken
            ):
                continue  # a label the schema lacks, or a place this label was offered
            layer = corpus.schema.layer_of(s.label)
            if any(a < s.end and s.start < b and lay == layer for a, b, lay in mine):
                continue  # a place of that layer the annotator labelled
            taken.append((s.start, s.end, s.label))
            if s.origin == "rule" and (s.start, s.end) in speakers:
                s = replace(s, speaker=speakers[(s.start, s.end)])
            waiting.append((article_id, s))
            # A form labelled two ways is suggested with both, the likelier first.
            for n, label in enumerate((s.label, *(x for x in s.others if x in labels))):
                spans.append(
                    {
                        "id": f"g{k}" if n == 0 else f"g{k}.{n}",
                        "start": s.start,
                        "end": s.end,
                        "label": label,
                        "text": text[s.start : s.end],
                        "origin": s.origin,
                    }
                )
            said = _speaker(text, s, speaker_labels, memory)
            if said is not None:  # the cited speaker, proposed as SAID_BY
                start, end, label = said
                spans.append(
                    {
                        "id": f"g{k}.speaker",
                        "start": start,
                        "end": end,
                        "label": label,
                        "text": text[start:end],
                        "origin": s.origin,
                    }
                )
                relations.append({"head": f"g{k}", "child": f"g{k}.speaker", "label": SPEAKER})
        spans, same = _without_repeats(spans)
        spans.sort(key=lambda x: (x["start"], -x["end"]))
        relations = [
            {**r, "head": same.get(r["head"], r["head"]), "child": same.get(r["child"], r["child"])}
            for r in relations
        ]
        lines.append(
            orjson.dumps(
                {
                    "id": article.external_id,
                    "text": text,
                    "meta": {
                        "title": article.title,
                        "language": article.language,
                        "suggested_for": args.learn_from,
                    },
                    "spans": spans,
                    "relations": [
                        r for r in relations if {r["head"], r["child"]} <= {x["id"] for x in spans}
                    ],
                }
            )
        )
        written += 1
        suggested += len(spans)
    if args.into:
        added, left_out, had = corpus.add_pending_suggestions(args.into, waiting)
        print(
            f"{added:,} suggestions waiting for {args.into} in {written:,} articles "
            f"({left_out:,} left out as rejected or labelled, {had:,} already waiting; "
            f"memory of {len(memory):,} forms from {taught:,} articles)",
            file=out,
        )
        return EXIT_OK
    data = b"\n".join(lines) + (b"\n" if lines else b"")
    try:  # never over the corpus, a device, or a file `suggest` did not write
        write_atomic(args.out, data, corpus_files(corpus.location), ours=_written_by_suggest)
    except FormatError as e:
        raise CorpusError(str(e)) from e
    print(
        f"{suggested:,} suggestions for {written:,} articles "
        f"(memory of {len(memory):,} forms from {taught:,} articles) -> {args.out}",
        file=out,
    )
    return EXIT_OK


def _labelled(corpus: Corpus, article_id: int, who: str) -> list[tuple[int, int, str]]:
    """(start, end, layer) of what ``who`` (or gold) labelled in the article."""
    if who == GOLD:
        return [(sp.start, sp.end, sp.layer) for sp in corpus.gold_spans(article_id)]
    return [(sp.start, sp.end, sp.layer) for sp in corpus.spans(article_id, who)]


def _speaker(text: str, offer: Any, allowed: list[str], memory: Any) -> tuple[int, int, str] | None:
    """A claim offer's cited speaker as (start, end, label): the source's label when the
    schema lets it speak, else the memory's or the form's (core.offers.speaker_label)."""
    from annotator.core.offers import speaker_label

    if offer.speaker is None:
        return None
    start, end = offer.speaker
    label = offer.speaker_label if offer.speaker_label in allowed else None
    if label is None:
        label = speaker_label(text[start:end], allowed, memory)
    return None if label is None else (start, end, label)


def _without_repeats(
    spans: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The first of spans with one place and label (a speaker also offered by a source),
    and the id of each one left out -> the id of the one kept in its place."""
    seen: dict[tuple[int, int, str], str] = {}
    out, same = [], {}
    for sp in spans:
        key = (sp["start"], sp["end"], sp["label"])
        if key in seen:
            same[sp["id"]] = seen[key]
        else:
            seen[key] = sp["id"]
            out.append(sp)
    return out, same


def _written_by_suggest(path: Path) -> bool:
    """A file whose first record says ``annotator suggest`` wrote it (its meta names the
    annotator it suggested for)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 24)
        meta = json.loads(first).get("meta")
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(meta, dict) and "suggested_for" in meta


def _targets(corpus: Corpus, args: argparse.Namespace) -> list[int]:
    if args.articles:
        by_external = {corpus.article(i).external_id: i for i in corpus.article_ids()}
        ids: list[int] = []
        for item in (x.strip() for x in args.articles.split(",") if x.strip()):
            if item.isdigit() and int(item) in by_external.values():
                found = int(item)
            elif item in by_external:
                found = by_external[item]
            else:
                raise CorpusError(f"no article with id or external id {item!r}")
            if found not in ids:  # named twice: one record
                ids.append(found)
        if not ids:
            raise CorpusError(f"--articles {args.articles!r} names no article")
        return ids
    status = Status(args.status or Status.TODO.value)
    who = None if args.learn_from == GOLD else args.learn_from
    ids = [r.id for r in corpus.article_rows(who, status=status)]
    if not ids:
        raise CorpusError(
            f"no article has the status {status.value} for {args.learn_from}: nothing to "
            "suggest for (choose another --status, or --articles)"
        )
    return ids


# --------------------------------------------------------------------------- waiting


def add_waiting_arguments(parser: argparse.ArgumentParser, commands: Any) -> None:
    actions = commands(
        parser.add_subparsers(dest="waiting_command", metavar="ACTION", required=True)
    )
    show = actions.add_parser("list", help="how many wait, by article and origin")
    show.add_argument("--for", dest="who", required=True, metavar="NAME", help="the annotator")
    show.add_argument("--json", action="store_true", help="print JSON")
    clear = actions.add_parser(
        "clear", help="take them away (none is rejected: suggest --into may offer them again)"
    )
    clear.add_argument("--for", dest="who", required=True, metavar="NAME", help="the annotator")
    clear.add_argument(
        "--origin", metavar="ORIGIN", help="only these (memory, rule, model:NAME, ...)"
    )


def run_waiting(corpus: Corpus, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """``annotator waiting list|clear --for NAME``: what ``suggest --into NAME`` left waiting."""
    who = args.who.strip()
    if who not in {a.name for a in corpus.annotators()}:
        raise CorpusError(f"no annotator named {who!r} in this corpus")
    if args.waiting_command == "clear":
        n = corpus.clear_waiting_suggestions(who, args.origin)
        what = f" of origin {args.origin}" if args.origin else ""
        print(
            f"{n:,} suggestion{'' if n == 1 else 's'}{what} waiting for {who} taken away", file=out
        )
        return EXIT_OK
    rows = corpus.waiting_suggestions(who)
    if args.json:
        data = [{"article": a, "origin": o, "waiting": n} for a, o, n in rows]
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if not rows:
        print(f"no suggestions wait for {who}", file=out)
        return EXIT_OK
    width = max(len("article"), *(len(a) for a, _, _ in rows))
    print(f"{'article':<{width}}  {'origin':<20} waiting", file=out)
    for article, origin, n in rows:
        print(f"{article:<{width}}  {origin:<20} {n:>7,}", file=out)
    total = sum(n for _, _, n in rows)
    articles = len({a for a, _, _ in rows})
    print(
        f"{total:,} waiting for {who} in {articles:,} article{'' if articles == 1 else 's'}",
        file=out,
    )
    return EXIT_OK


# --------------------------------------------------------------------------- gazetteer


def add_gazetteer_arguments(parser: argparse.ArgumentParser, commands: Any) -> None:
    actions = commands(
        parser.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    )
    imp = actions.add_parser(
        "import",
        help="keep a term list in the corpus: term<TAB>LABEL lines, or term,label CSV",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--label", metavar="LABEL", help="the label of lines that give a bare term")
    show = actions.add_parser("list", help="the corpus's gazetteer terms")
    show.add_argument("--json", action="store_true", help="print JSON")
    clear = actions.add_parser("clear", help="remove gazetteer terms")
    clear.add_argument(
        "--source", metavar="FILE", help="only those that came from FILE (as `list` names it)"
    )


def term_labels(corpus: Corpus) -> list[str]:
    """The labels a gazetteer term may have: the schema's, less the claims' (a claim is a
    statement, never a term; cue words are terms)."""
    from annotator.core.speakers import CLAIM_LAYER, CUE

    return [
        label.name
        for label in corpus.schema.labels
        if label.layer != CLAIM_LAYER or label.name == CUE
    ]


def run_gazetteer(corpus: Corpus, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from annotator.formats import gazetteer

    if args.gazetteer_command == "import":
        notes: list[str] = []
        terms = gazetteer.read(args.file, label=args.label, labels=term_labels(corpus), notes=notes)
        for note in notes[:10]:
            print(f"note: {note}", file=sys.stderr)
        if len(notes) > 10:
            print(f"note: … and {len(notes) - 10} more such lines", file=sys.stderr)
        source = str(args.file.absolute())  # two files of one name stay two sources
        added, had = corpus.add_gazetteer_terms([(t, label) for t, label, _ in terms], source)
        print(f"{_n(added, 'term')} added from {args.file} ({had:,} already there)", file=out)
    elif args.gazetteer_command == "list":
        rows = corpus.gazetteer_terms()
        if args.json:
            data = [{"term": t, "label": label, "source": src} for t, label, src in rows]
            print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        else:
            for t, label, src in rows:
                print(f"{label:<10} {t}\t({src})", file=out)
            print(_n(len(rows), "term"), file=out)
    else:
        source = args.source
        if source is not None:
            source = _source_named(source, {src for _, _, src in corpus.gazetteer_terms()})
        n = corpus.clear_gazetteer(source)
        print(f"{_n(n, 'term')} removed", file=out)
    return EXIT_OK


def _source_named(given: str, known: set[str]) -> str:
    """The source ``given`` names: as `list` shows it, the file as given here, or a file
    name that only one source has (``places.txt`` for ``/data/places.txt``)."""
    if given in known:
        return given
    absolute = str(Path(given).absolute())
    if absolute in known:
        return absolute
    by_name = sorted(k for k in known if Path(k).name == given)
    if len(by_name) > 1:
        raise CorpusError(
            f"{len(by_name)} gazetteer sources are called {given}: "
            f"{', '.join(by_name)}; name one as `gazetteer list` shows it"
        )
    return by_name[0] if by_name else given


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
