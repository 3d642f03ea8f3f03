"""Chunk tags (IOB1, IOB2, BIOES, BILOU) -> spans over token indices, strictly.

A tag is ``O`` or ``P-LABEL`` (prefix ``P``, then ``-``, then a non-empty label, which may
itself contain ``-``). The schemes:

* **IOB2** (``B-`` starts every chunk, ``I-`` continues one of the same label): an ``I-X``
  after ``O``, after a chunk of another label, or at the start of a sentence is invalid.
* **IOB1** (CoNLL-2003's original files): ``I-X`` starts a chunk unless it continues one of
  label X; ``B-X`` is used only to separate two adjacent chunks of label X (a ``B-X`` at a
  chunk start is read as a start too).
* **BIOES** (``B-`` begin, ``I-`` inside, ``E-`` end, ``S-`` single) and **BILOU** (the same
  with ``L-`` last and ``U-`` unit): every chunk opens with ``B-``/``S-``/``U-`` and is closed
  by ``E-``/``L-`` (or is a single ``S-``/``U-``); ``I-``/``E-``/``L-`` without an open chunk
  of the same label, a ``B-``/``S-``/``U-``/``O`` inside an open chunk, and a sentence that
  ends inside a chunk are invalid.

:func:`detect` picks the scheme of a whole file: ``E-``/``S-`` tags mean BIOES, ``L-``/``U-``
tags BILOU; with only ``B-``/``I-`` tags, IOB1 when some ``I-`` starts a chunk and no ``B-``
does, else IOB2 (so a file with ``B-`` chunk starts and an ``I-X`` after ``B-Y`` is IOB2 and
refused at that token). Errors carry the sentence and token index; callers add file:line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SCHEMES = ("auto", "iob1", "iob2", "bioes", "bilou")
NAMES = {"iob1": "IOB1", "iob2": "IOB2", "bioes": "BIOES", "bilou": "BILOU"}
_PREFIXES = {
    "iob1": frozenset("BI"),
    "iob2": frozenset("BI"),
    "bioes": frozenset("BIES"),
    "bilou": frozenset("BILU"),
}


class TagError(ValueError):
    """Tag ``index`` of sentence ``sentence`` is invalid: ``reason``."""

    def __init__(self, sentence: int, index: int, reason: str) -> None:
        self.sentence = sentence
        self.index = index
        self.reason = reason
        super().__init__(reason)


def split_tag(tag: str) -> tuple[str, str]:
    """``("O", "")`` or ``(prefix, label)``; ValueError for anything else."""
    if tag == "O":
        return "O", ""
    prefix, sep, label = tag.partition("-")
    if not sep or len(prefix) != 1 or prefix not in "BIESLU" or not label:
        raise ValueError(f"bad tag {tag!r}: expected O or B-/I-/E-/S-/L-/U- and a label")
    return prefix, label


def detect(sentences: Iterable[Sequence[str]]) -> str:
    """The scheme of a file's tag sequences (see the module docstring). A malformed tag is
    passed over (as if the token were not there): :func:`chunks` refuses it in its sentence,
    so every sentence holding one is named, not only the first."""
    found = Detector()
    for tags in sentences:
        found.add(tags)
    return found.scheme()


class Detector:
    """:func:`detect` one sentence at a time (a reader that streams a file feeds several,
    one per column it may have to read). ``add`` takes a sentence's tags, and optionally
    what to report for each (a line number); :meth:`scheme` is :func:`detect`'s answer, its
    :class:`TagError` naming the sentence (in the order added) and the tag, with ``where``
    the reported value of that tag when one was given."""

    __slots__ = ("_found", "_iob1", "_iob2", "_s", "_where")

    def __init__(self) -> None:
        self._found: dict[str, tuple[int, int]] = {}  # prefix kind -> first (sentence, index)
        self._where: dict[tuple[int, int], int] = {}
        self._iob1 = self._iob2 = False
        self._s = 0

    def add(self, tags: Sequence[str], where: Sequence[int] | None = None) -> None:
        s = self._s
        self._s += 1
        prev = ("O", "")
        for i, tag in enumerate(tags):
            if tag == "O":
                prev = ("O", "")
                continue
            try:
                prefix, label = split_tag(tag)
            except ValueError:
                continue
            if prefix in "ES" or prefix in "LU":
                kind = "bioes" if prefix in "ES" else "bilou"
                if kind not in self._found:
                    self._found[kind] = (s, i)
                    if where is not None:
                        self._where[s, i] = where[i]
            elif prefix == "I" and prev[1] != label:
                self._iob1 = True
            elif prefix == "B" and prev[1] != label:
                self._iob2 = True
            prev = (prefix, label)

    def scheme(self) -> str:
        found = self._found
        if "bioes" in found and "bilou" in found:
            s, i = max(found.values())
            raise DetectError(s, i, "the file mixes BIOES (E-/S-) and BILOU (L-/U-) tags",
                              self._where.get((s, i)))  # fmt: skip
        if found:
            return next(iter(found))
        return "iob1" if self._iob1 and not self._iob2 else "iob2"


class DetectError(TagError):
    """:meth:`Detector.scheme`'s refusal: a :class:`TagError` with ``where``, the value
    reported for the tag (when the sentence was added with one)."""

    def __init__(self, sentence: int, index: int, reason: str, where: int | None = None) -> None:
        super().__init__(sentence, index, reason)
        self.where = where


def chunks(tags: Sequence[str], scheme: str, sentence: int = 0) -> list[tuple[int, int, str]]:
    """The chunks of one sentence as (first, last (inclusive), label); TagError if invalid."""
    allowed = _PREFIXES[scheme]
    name = NAMES[scheme]
    out: list[tuple[int, int, str]] = []
    open_: tuple[int, str] | None = None  # (first token, label) of the chunk being read

    def bad(i: int, reason: str) -> TagError:
        return TagError(sentence, i, f"{reason} ({name})")

    def close(last: int) -> None:
        nonlocal open_
        if open_ is not None:
            out.append((open_[0], last, open_[1]))
            open_ = None

    def after(i: int) -> str:
        return "at the start of the sentence" if i == 0 else f"after {tags[i - 1]}"

    for i, tag in enumerate(tags):
        try:
            prefix, label = split_tag(tag)
        except ValueError as exc:
            raise TagError(sentence, i, str(exc)) from None
        if prefix != "O" and prefix not in allowed:
            raise bad(i, f"tag {tag!r} is not used in {name}")
        cont = open_ is not None and open_[1] == label
        if scheme in ("iob1", "iob2"):
            if prefix == "O":
                close(i - 1)
            elif prefix == "B" or not cont:
                if prefix == "I" and scheme == "iob2":
                    raise bad(
                        i,
                        f"{tag} {after(i)}: an I- tag must continue a B-{label} or I-{label}"
                        " (--scheme iob1 reads it as a chunk start)",
                    )
                close(i - 1)
                open_ = (i, label)
            continue
        # BIOES / BILOU: every chunk is opened and closed explicitly.
        end, single = ("E", "S") if scheme == "bioes" else ("L", "U")
        if prefix in ("I", end):
            if not cont:
                raise bad(i, f"{tag} {after(i)}: no B-{label} opened the chunk")
            if prefix == end:
                close(i)
        elif open_ is not None:
            raise bad(
                i, f"{tag} {after(i)}: the {open_[1]} chunk was not closed with {end}-{open_[1]}"
            )
        elif prefix == "B":
            open_ = (i, label)
        elif prefix == single:
            out.append((i, i, label))
    if open_ is not None:
        if scheme in ("iob1", "iob2"):
            close(len(tags) - 1)
        else:
            end = "E" if scheme == "bioes" else "L"
            raise bad(
                len(tags) - 1,
                f"the sentence ends inside a {open_[1]} chunk (no {end}-{open_[1]} closed it)",
            )
    return out
