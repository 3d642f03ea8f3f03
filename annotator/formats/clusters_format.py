"""Claim clusters as datasets (issue 16): ``clusters`` and ``claim-pairs``, JSON Lines.

``clusters``: one line per cluster and annotator (clusters are per annotator, like every
label)::

    {"cluster": "troops sent", "annotator": "ani", "story": "…",
     "members": [{"article": "aktual", "source": "Aktual.com", "published": null,
                  "start": 0, "end": 72, "text": "…", "speaker": "pejabat itu",
                  "attribution": "indirect_quote",
                  "values": [{"low": 11000, "high": 11000, "approx": true, …}]}, …],
     "conflicts": ["≈ 11 ribu (Aktual.com) vs 20–30 ribu (CNN Indonesia)"]}

``claim-pairs``: claim-matching pairs, one a line: every pair within a cluster (``label`` 1,
``kind`` ``positive``), and for each a hard negative (a claim of another cluster of the same
story) and an easy one (another story), drawn with ``--seed``::

    {"a": {"article", "text", "cluster"}, "b": {…}, "label": 0, "kind": "hard"}

With ``--split`` the articles are always split by group, whatever ``--group-by`` says —
articles sharing a story or a cluster stay together (``Corpus.article_groups``) — so no
cluster straddles train and test, and negatives are drawn within a split. The manifest is
written as for every export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from annotator.core.clusters import ClaimRef, claim_pairs, claim_ref, conflicts
from annotator.core.model import Document
from annotator.core.quantities import values_of
from annotator.core.speakers import is_claim
from annotator.formats.base import QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens

SAID_BY = "SAID_BY"


class _Collect:
    """Gathers each document's clustered claims; writes at close."""

    def __init__(self, path: Path, ctx: Context) -> None:
        self._path = path
        self._ctx = ctx
        self.members: dict[tuple[str, str], list[tuple[ClaimRef, dict[str, Any]]]] = {}
        self.stories: dict[tuple[str, str], str | None] = {}

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        article = doc.article
        story = article.meta.get("story")
        by_id = {s.id: s for s in doc.spans}
        speakers: dict[int, str] = {}
        for r in doc.relations:
            if r.label == SAID_BY and r.child in by_id:
                speakers.setdefault(r.head, by_id[r.child].text)
        for sp in doc.spans:
            if sp.cluster_id is None or not is_claim(sp):  # a cue word is no member
                continue
            name = self._ctx.clusters.get(sp.cluster_id, f"cluster {sp.cluster_id}")
            key = (doc.annotator or "", name)
            inside = [
                (e.label, e.text)
                for e in doc.spans
                if e.layer != "claim" and sp.start <= e.start and e.end <= sp.end
            ]
            speaker = speakers.get(sp.id)
            ref = claim_ref(
                sp.id,
                article.id,
                sp.text,
                language=article.language,
                source=article.source or article.external_id,  # names it in a conflict line
                story=str(story) if story else None,
                speaker=speaker,
                entities=inside,
                cluster=name,
            )
            member = {
                "article": article.external_id,
                "source": article.source or None,
                "published": article.published,
                "start": sp.start,
                "end": sp.end,
                "text": sp.text,
                "speaker": speaker,
                "attribution": sp.attributes.get("attribution"),
                "values": values_of(sp.text, article.language),
            }
            self.members.setdefault(key, []).append((ref, member))
            if story and not self.stories.get(key):
                self.stories[key] = str(story)
            self.stories.setdefault(key, None)

    def _write(self, lines: list[bytes]) -> None:
        with open(self._path, "wb") as fh:
            fh.write(b"".join(line + b"\n" for line in lines))
        self.lines = len(lines)

    def counted(self) -> tuple[int, int]:
        """What the export reports: the lines written (clusters or pairs) and the claims in
        clusters (the documents' other spans and relations are read, not written)."""
        return getattr(self, "lines", 0), sum(len(m) for m in self.members.values())


class ClustersSink(_Collect):
    def close(self) -> None:
        lines = []
        for (annotator, name), members in sorted(self.members.items()):
            refs = [ref for ref, _ in members]
            lines.append(
                orjson.dumps(
                    {
                        "cluster": name,
                        "annotator": annotator,
                        "story": self.stories.get((annotator, name)),
                        "members": [m for _, m in members],
                        "conflicts": [c.line() for c in conflicts(refs)],
                    }
                )
            )
        self._write(lines)


class PairsSink(_Collect):
    def close(self) -> None:
        lines = []
        seed = int(self._ctx.options.get("seed") or 0)
        by_annotator: dict[str, dict[str, list[ClaimRef]]] = {}
        external: dict[int, str] = {}
        for (annotator, name), members in sorted(self.members.items()):
            by_annotator.setdefault(annotator, {})[name] = [ref for ref, _ in members]
            for ref, m in members:
                external[ref.article_id] = str(m["article"])

        def side(ref: ClaimRef) -> dict[str, Any]:
            return {"article": external[ref.article_id], "text": ref.text, "cluster": ref.cluster}

        for annotator, clusters in sorted(by_annotator.items()):
            for pair in claim_pairs(clusters, seed=seed):
                lines.append(
                    orjson.dumps(
                        {
                            "a": side(pair.a),
                            "b": side(pair.b),
                            "label": pair.label,
                            "kind": pair.kind,
                            "annotator": annotator,
                        }
                    )
                )
        self._write(lines)


CLUSTERS = ExportFormat(
    "clusters",
    ".jsonl",
    ClustersSink,
    relations=False,
    split_by_story=True,
    title="Claim clusters",
    summary=QT_TRANSLATE_NOOP(
        "ExportDialog", "one line per claim cluster: members, speakers, values, conflicts"
    ),
)
CLAIM_PAIRS = ExportFormat(
    "claim-pairs",
    ".jsonl",
    PairsSink,
    relations=False,
    split_by_story=True,
    title="Claim pairs",
    summary=QT_TRANSLATE_NOOP(
        "ExportDialog", "claim-matching pairs: same cluster, hard and easy negatives"
    ),
)
