"""A model trained here (``train.py``), loaded to offer suggestions: its entities, and its
claim sentences, each with origin ``model:<name>``. Run off the keystroke path: the app asks
for the next articles ahead, in a background process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.suggestions import Suggestion
from annotator.learn.train import CLAIM, TrainingError, load_meta


class ModelSuggester:
    """``ModelSuggester(folder).suggest(text)``: what the model finds, as suggestions."""

    def __init__(self, folder: Path, *, threshold: float = 0.5) -> None:
        meta = load_meta(folder)
        try:
            import spacy

            self._nlp: Any = spacy.load(folder)
        except (ImportError, OSError, ValueError) as e:
            raise TrainingError(f"{folder}: the model cannot be loaded ({e})") from e
        self.name = str(meta.get("name") or folder.name)
        self.origin = f"model:{self.name}"
        self.threshold = threshold

    def suggest(self, text: str, *, claim_label: str = CLAIM) -> list[Suggestion]:
        doc = self._nlp(text)
        out = [
            Suggestion(e.start_char, e.end_char, (e.label_,), self.origin, (1,), e.text)
            for e in doc.ents
            if entity_fits(text, e.start_char, e.end_char)
        ]
        if "textcat_multilabel" in self._nlp.pipe_names:
            textcat = self._nlp.get_pipe("textcat_multilabel")
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                score = textcat(self._nlp.make_doc(sent.text)).cats.get(CLAIM, 0.0)
                if score >= self.threshold:
                    start, end = trimmed(text, sent.start_char, sent.end_char)
                    out.append(
                        Suggestion(start, end, (claim_label,), self.origin, (1,), text[start:end])
                    )
        out.sort(key=lambda s: (s.start, -s.end))
        return out

    def uncertainty(self, text: str) -> float:
        """How unsure the model is about ``text``: the mean binary entropy (bits) of its
        claim classifier's score over the sentences; 0.0 without a claim classifier."""
        if "textcat_multilabel" not in self._nlp.pipe_names:
            return 0.0
        from annotator.learn.ordering import entropy

        textcat = self._nlp.get_pipe("textcat_multilabel")
        scores = [
            textcat(self._nlp.make_doc(sent.text)).cats.get(CLAIM, 0.0)
            for sent in self._nlp(text).sents
            if sent.text.strip()
        ]
        return sum(map(entropy, scores)) / len(scores) if scores else 0.0


def entity_fits(text: str, start: int, end: int) -> bool:
    """Whether a model's entity is one to offer: not across a line break (a name does not
    run from a heading into the paragraph under it) and not empty or blank."""
    piece = text[start:end]
    return bool(piece.strip()) and "\n" not in piece and "\r" not in piece


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` without the white space around it (a sentence's tokens may begin
    with the line breaks before it)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
