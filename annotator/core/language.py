"""Language detection with langdetect: deterministic (seeded), on a short prefix, 3 trials.

langdetect's answer for a text is the average of ``n_trial`` random walks over the text's
n-grams, each stopping once one language passes 0.99999 (about 30 n-grams on news prose). Its
cost was the n-gram extraction over the whole sample (per character, in Python) and the 7
walks, plus 2 s of profile loading in every worker process. ADR 0021 has the measurements:
on a prefix of :data:`PREFIX_CHARS` characters with :data:`N_TRIAL` walks the answer agrees
with langdetect's on the full text for every article of the benchmark's and the demo corpus
(``tests/unit/test_language.py`` keeps that above 99.5 %), at about a tenth of the cost.

:class:`_Detector` is langdetect's ``Detector`` with its inner loops written for speed (the
walks multiply numpy arrays; the amendment of ADR 0021); it computes the very same n-grams
and probabilities, bit for bit (the tests compare it with langdetect's own).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

UNKNOWN = "unknown"
PREFIX_CHARS = 300
N_TRIAL = 7  # langdetect's own: at most this many walks
MIN_TRIAL = 2  # ... and only this many when they agree
MIN_CONFIDENCE = 0.80
SEED = 0
# Below this many texts a process pool costs more than it saves (workers start by fork, with
# the profiles already loaded in the parent; the work ships as short prefixes in few chunks).
PARALLEL_FROM = 500

_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
MEMO_WORDS = 200_000  # n-grams of this many distinct words kept per process


@cache
def _factory() -> Any:
    """langdetect's profiles, loaded once per process (a forked worker inherits them)."""
    from langdetect import DetectorFactory
    from langdetect import detector_factory as df

    DetectorFactory.seed = SEED
    df.init_factory()
    return df._factory


def _word_ngrams(chars: str, wmap: dict[str, list[float]]) -> tuple[str, ...]:
    """langdetect's ``NGram`` buffer run over one normalised word (plus the space after it),
    starting as after a space: the 1-, 2- and 3-grams it emits that have a profile."""
    out: list[str] = []
    grams = " "
    capital = False
    for ch in chars:
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
            if ch == " ":
                continue
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " " and ch in wmap:
            out.append(ch)
        if len(grams) >= 2:
            w = grams[-2:]
            if w in wmap:
                out.append(w)
            if len(grams) >= 3 and grams in wmap:
                out.append(grams)
    return tuple(out)


@cache
def _detector_class() -> Any:
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    class _Normalized(dict[int, str]):
        """str.translate table: langdetect's normalisation of each character, on first use."""

        def __missing__(self, code: int) -> str:
            self[code] = ch = NGram.normalize(chr(code))
            return ch

    table = _Normalized()
    memo: dict[tuple[str, bool], tuple[str, ...]] = {}
    # An n-gram's 55 probabilities as one float64 array, made on first use.
    rows: dict[str, NDArray[np.float64]] = {}

    def _row(gram: str) -> NDArray[np.float64]:
        if len(rows) >= MEMO_WORDS:
            rows.clear()
        row = rows[gram] = np.array(_factory().word_lang_prob_map[gram], dtype=np.float64)
        return row

    class _Detector(Detector):
        """langdetect's Detector with its loops written for speed (same n-grams, same random
        stream, same arithmetic) and an early stop after ``min_trial`` agreeing walks; with
        ``min_trial = n_trial`` its probabilities are langdetect's to the last bit."""

        min_trial = MIN_TRIAL
        text: str  # langdetect's sample, set in its __init__

        def append(self, text: str) -> None:
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            # langdetect keeps one space of each run of spaces, character by character.
            self.text += _SPACES.sub(" ", text[: self.max_text_length])

        def cleaning_text(self) -> None:
            # langdetect's, counted by regular expressions instead of per character: with
            # fewer Latin letters ('A'..'z') than half the characters from U+0300 on, the
            # Latin letters go. (Its exception for Latin Extended Additional compares a
            # block number with a name and never applies; nor does it here.)
            text = self.text
            latin = len(_LATIN.findall(text))
            if latin * 2 < len(_NON_LATIN.findall(text)):
                self.text = _LATIN.sub("", text)

        def _extract_ngrams(self) -> list[str]:
            # The n-gram buffer restarts at every space, so a word's n-grams depend on the
            # word alone (and on whether a space follows it): memoised per word.
            words = self.text.translate(table).split(" ")
            wmap = self.word_lang_prob_map
            out: list[str] = []
            last = len(words) - 1
            for k, word in enumerate(words):
                if word:
                    key = (word, k < last)
                    grams = memo.get(key)
                    if grams is None:
                        if len(memo) >= MEMO_WORDS:
                            memo.clear()
                        grams = memo[key] = _word_ngrams(word + " " if k < last else word, wmap)
                    out.extend(grams)
            return out

        def _detect_block(self) -> None:
            # langdetect's walks, drawn from the same seeded random stream, but it stops
            # after MIN_TRIAL walks when they all converged on the same language; the others
            # go on to n_trial walks, as langdetect does (their average is the answer).
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            rng = self.random
            rng.seed(self.seed)
            # The walks draw n-grams from the text's list as langdetect's
            # ``random.choice(ngrams)`` does (the same stream) and multiply the drawn n-gram's
            # probabilities as one array: element by element the same IEEE operations
            # (``p * (weight + q)``), so the same bits.
            n = len(ngrams)
            below = rng._randbelow  # what choice() calls
            walks: list[list[float]] = []
            best: set[int] = set()
            converged = True
            limit, threshold = self.ITERATION_LIMIT, self.CONV_THRESHOLD
            while len(walks) < self.n_trial:
                prob = np.array(self._init_probability(), dtype=np.float64)
                alpha = self.alpha + rng.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                i = 0
                while True:  # _update_lang_prob and _normalize_prob
                    gram = ngrams[below(n)]
                    prob *= (rows[gram] if gram in rows else _row(gram)) + weight
                    if i % 5 == 0:
                        values = prob.tolist()
                        total = sum(values)  # langdetect's order, left to right
                        prob /= total
                        top = max(values) / total
                        if top > threshold or i >= limit:
                            break
                    i += 1
                walk = prob.tolist()
                walks.append(walk)
                converged = converged and top > threshold
                best.add(walk.index(max(walk)))
                if len(walks) == self.min_trial and converged and len(best) == 1:
                    break
            average = [0.0] * len(self.langlist)
            for walk in walks:  # langdetect's own sum, in its order
                average = [a + p / len(walks) for a, p in zip(average, walk, strict=True)]
            self.langprob = average

    return _Detector


def probabilities(
    text: str,
    *,
    prefix: int | None = PREFIX_CHARS,
    n_trial: int = N_TRIAL,
    min_trial: int = MIN_TRIAL,
) -> list[tuple[str, float]]:
    """langdetect's (language, probability) list, best first (empty when it finds nothing).

    ``prefix=None`` reads the whole text; ``n_trial`` is langdetect's number of walks (its
    default is 7), ``min_trial`` how many agreeing walks end it early."""
    from langdetect.lang_detect_exception import LangDetectException

    sample = text if prefix is None else text[:prefix]
    detector = _detector_class()(_factory())
    detector.n_trial = n_trial
    detector.min_trial = min_trial
    detector.max_text_length = max(len(sample), 1)
    try:
        detector.append(sample)
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    return [(str(lang.lang), float(lang.prob)) for lang in found]


def detect(
    text: str,
    *,
    prefix: int | None = PREFIX_CHARS,
    n_trial: int = N_TRIAL,
    min_trial: int = MIN_TRIAL,
) -> tuple[str, float]:
    """(ISO code, probability) of the text's language, or ("unknown", p) when unsure.

    ``prefix=None, min_trial=7``: langdetect's own answer on the whole text."""
    found = probabilities(text, prefix=prefix, n_trial=n_trial, min_trial=min_trial)
    if not found:
        return UNKNOWN, 0.0
    lang, prob = found[0]
    prob = round(prob, 4)
    if prob < MIN_CONFIDENCE:
        return UNKNOWN, prob
    return lang, prob


def _detect_chunk(texts: Sequence[str]) -> list[tuple[str, float]]:
    return [detect(t) for t in texts]


class Background:
    """Languages of ``texts`` detected by worker processes while the caller goes on (the
    import validates its records meanwhile); :meth:`result` waits for them. A batch too small
    for a pool is detected in this process, when :meth:`result` is called."""

    def __init__(self, texts: Sequence[str], workers: int | None = None) -> None:
        self._texts = texts
        self._pool: ProcessPoolExecutor | None = None
        self._parts: list[Future[list[tuple[str, float]]]] = []
        workers = workers or os.cpu_count() or 1
        if workers < 2 or len(texts) < PARALLEL_FROM:
            return
        _factory()  # load the profiles here once: forked workers inherit them
        prefixes = [t[:PREFIX_CHARS] for t in texts]
        size = -(-len(prefixes) // (workers * 4))
        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_factory)
        self._parts = [
            self._pool.submit(_detect_chunk, prefixes[i : i + size])
            for i in range(0, len(prefixes), size)
        ]

    def result(self) -> list[tuple[str, float]]:
        if self._pool is None:
            return _detect_chunk(self._texts)
        try:
            return [found for part in self._parts for found in part.result()]
        finally:
            self._pool.shutdown()

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


class Stream:
    """Languages of batch after batch of texts, detected by worker processes while the caller
    goes on (the import parses and writes the next batch meanwhile). :meth:`submit` hands a
    batch to the workers and returns a function that waits for its languages. A first batch
    too small for a pool is detected in this process, when its languages are asked for."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, texts: Sequence[str]) -> Callable[[], list[tuple[str, float]]]:
        if not texts:
            return list
        if self._pool is None:
            if self._workers < 2 or len(texts) < PARALLEL_FROM:
                return lambda: _detect_chunk(texts)
            _factory()  # load the profiles here once: forked workers inherit them
            self._pool = ProcessPoolExecutor(max_workers=self._workers, initializer=_factory)
        prefixes = [t[:PREFIX_CHARS] for t in texts]
        size = -(-len(prefixes) // self._workers)
        pool = self._pool
        parts = [
            pool.submit(_detect_chunk, prefixes[i : i + size])
            for i in range(0, len(prefixes), size)
        ]
        return lambda: [found for part in parts for found in part.result()]

    def close(self) -> None:
        """Stop the workers (what is still queued is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def detect_many(texts: Sequence[str], workers: int | None = None) -> list[tuple[str, float]]:
    """Detect many texts; on large batches spread the work over every core."""
    return Background(texts, workers).result()
