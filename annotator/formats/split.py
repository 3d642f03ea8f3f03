"""``--split train=0.8,dev=0.1,test=0.1 --seed N``: deterministic, by article (or group).

Each group (one article, or with ``group_by="story"`` the articles of one story or claim
cluster) is keyed by the SHA-256 of its article's text (or the story/cluster), the keys are
sorted and shuffled with ``random.Random(seed)``, and the groups are dealt out in that order:
a group goes to the first split whose share of articles is not yet reached. The same corpus,
seed and shares give the same splits; an article is in exactly one split.
"""

from __future__ import annotations

import random
from collections import Counter

from annotator.formats.common import FormatError
from annotator.formats.safety import unsafe_name

GROUP_BY = ("article", "story")


def parse(spec: str) -> dict[str, float]:
    """``"train=0.8,dev=0.1,test=0.1"`` -> ``{"train": 0.8, ...}``; shares must sum to 1."""
    out: dict[str, float] = {}
    for part in spec.split(","):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ValueError(f"bad split {part!r}: write name=share, e.g. train=0.8")
        unsafe = unsafe_name(name) or unsafe_name(f"{name}.jsonl")
        if unsafe:  # a split is a file name (CON.jsonl is a device on Windows)
            raise ValueError(f"split {name!r}: {unsafe}")
        try:
            share = float(value)
        except ValueError:
            raise ValueError(f"bad share {value!r} for split {name!r}") from None
        if not 0 < share <= 1 or name in out:
            raise ValueError(f"split {name!r}: shares are between 0 and 1, names unique")
        out[name] = share
    if abs(sum(out.values()) - 1) > 1e-6:
        raise ValueError(f"the shares add up to {sum(out.values()):g}, not 1")
    return out


def assign(groups: dict[int, str], shares: dict[str, float], seed: int) -> dict[int, str]:
    """Article id -> split name, for the articles in ``groups`` (article id -> group key)."""
    sizes = Counter(groups.values())
    order = sorted(sizes)
    random.Random(seed).shuffle(order)
    total = sum(sizes.values())
    names = list(shares)
    filled = dict.fromkeys(names, 0)
    target = {n: shares[n] * total for n in names}
    where: dict[str, str] = {}
    for key in order:
        name = next((n for n in names if filled[n] < target[n]), names[-1])
        where[key] = name
        filled[name] += sizes[key]
    return {a_id: where[key] for a_id, key in groups.items()}


def checked(spec: str | None, group_by: str, path: object) -> dict[str, float] | None:
    if group_by not in GROUP_BY:
        raise FormatError(str(path), 0, f"--group-by is one of {', '.join(GROUP_BY)}")
    if spec is None:
        return None
    try:
        return parse(spec)
    except ValueError as exc:
        raise FormatError(str(path), 0, str(exc)) from None
