"""Issue 16: suggesting a claim's cluster on 10,000 clustered claims; target < 50 ms each.

The claims: sentences of ``generate.py``'s article generator (70 % pseudo-Indonesian), grouped
into clusters of 1–7 members (mean 4) as outlets would write them: each member a variant of
its cluster's sentence (words dropped, two swapped, the figure changed, a hedge added), with
the generator's entities inside it and a story per 8 clusters. The query claims are fresh
variants (not in the index) of random clusters: the user pressing ``C`` on a new claim.

Figures: building the index (once, when the cluster tool opens), then the median, 95th
percentile and worst of 300 suggestions, each beside the 50 ms target; and how often the
right cluster is ranked first / in the top 5 (a sanity check of the ranking, not a target).

Standalone: ``python -m benchmarks.bench_clusters [--claims 10000]``, or the ``clusters``
section of ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from typing import Any

from annotator.core.clusters import ClaimRef, ClusterIndex, claim_ref

from .common import human, line, millis, ratio, seconds, timed
from .generate import Generator

TARGET_S = 0.050
HEDGES = ("dilaporkan", "diduga", "sekitar", "reportedly", "about")


def _sentences(gen: Generator, rng: random.Random, count: int) -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    while len(out) < count:
        lang = "id" if rng.random() < 0.7 else "en"
        text, candidates = gen.article(lang, 2500, 0)
        pos = 0
        for sentence in text.split(". "):
            start, end = pos, pos + len(sentence)
            pos = end + 2
            if len(sentence) < 60:
                continue
            ents = [(label, text[s:e]) for s, e, label in candidates if start <= s and e <= end]
            out.append((sentence[:400], ents))
    return out[:count]


def _variant(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    if len(words) > 8:
        for _ in range(rng.randint(0, 3)):  # words dropped
            words.pop(rng.randrange(len(words)))
        i = rng.randrange(len(words) - 1)  # two swapped
        words[i], words[i + 1] = words[i + 1], words[i]
    if rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 40)} ribu")
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(HEDGES))
    return " ".join(words)


def generate_clusters(
    claims: int, seed: int = 16
) -> tuple[dict[str, list[ClaimRef]], list[tuple[str, ClaimRef]]]:
    """(clusters of ``claims`` claims in all, 300 query claims with their right cluster)."""
    rng = random.Random(seed)
    gen = Generator(seed)
    bases = _sentences(gen, rng, claims // 4 + 300)
    clusters: dict[str, list[ClaimRef]] = {}
    made = 0
    next_id = 1
    article = 1
    k = 0
    while made < claims:
        sentence, ents = bases[k]
        name = f"cluster {k}"
        story = f"story {k // 8}"
        size = min(claims - made, rng.randint(1, 7))
        members = []
        for _ in range(size):
            members.append(
                claim_ref(
                    next_id,
                    article,
                    _variant(rng, sentence),
                    source=f"outlet {rng.randint(1, 40)}",
                    story=story,
                    entities=ents,
                )
            )
            next_id += 1
            article += 1
        clusters[name] = members
        made += size
        k += 1
    queries = []
    for _ in range(300):
        j = rng.randrange(k)
        sentence, ents = bases[j]
        queries.append(
            (
                f"cluster {j}",
                claim_ref(
                    next_id,
                    article,
                    _variant(rng, sentence),
                    source="new outlet",
                    story=f"story {j // 8}",
                    entities=ents,
                ),
            )
        )
        next_id += 1
    return clusters, queries


def run(claims: int = 10_000) -> dict[str, Any]:
    gen_s, (clusters, queries) = timed(lambda: generate_clusters(claims))
    print(
        f"\n== Cluster suggestions (issue 16): {human(claims)} clustered claims in "
        f"{len(clusters):,} clusters, {len(queries)} new claims asking (generated in "
        f"{gen_s:.1f} s); target < {TARGET_S * 1000:g} ms a suggestion"
    )
    print(f"  load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    build_s, index = timed(lambda: ClusterIndex(clusters))
    print(line("build the index (once, when the tool opens)", seconds(build_s)))
    times = []
    first = top5 = 0
    for right, claim in queries:
        t0 = time.perf_counter()
        ranked = index.suggest(claim)
        times.append(time.perf_counter() - t0)
        names = [s.cluster for s in ranked]
        first += bool(names) and names[0] == right
        top5 += right in names[:5]
    times.sort()
    median = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    worst = times[-1]
    target = f"{TARGET_S * 1000:.0f} ms"
    for label, value in (("median", median), ("95th percentile", p95), ("worst", worst)):
        ok = "ok" if value < TARGET_S else "OVER"
        print(
            line(f"suggest: {label}", millis(value), "target", target, ratio(value, TARGET_S))
            + f" {ok}"
        )
    print(
        f"  the right cluster first for {first / len(queries):.0%} of the claims, in the top 5 "
        f"for {top5 / len(queries):.0%}"
    )
    return {
        "claims": claims,
        "clusters": len(clusters),
        "build_s": build_s,
        "suggest_median_s": median,
        "suggest_p95_s": p95,
        "suggest_worst_s": worst,
        "first": first / len(queries),
        "top5": top5 / len(queries),
    }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_clusters", description=__doc__)
    p.add_argument("--claims", type=int, default=10_000)
    run(p.parse_args().claims)


if __name__ == "__main__":
    main()
