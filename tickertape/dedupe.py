"""Near-duplicate stories: find_duplicates(docs) -> {duplicate key: kept key}.

A story scraped twice, or syndicated under another title, shares almost all
of its body text with the copy already kept. Bodies are compared as sets of
word 5-grams ("shingles"); MinHash signatures with LSH banding propose
candidate pairs in about linear time, and each candidate is confirmed with
the exact overlap of the two shingle sets, so the answer does not depend on
hashing luck beyond which pairs get looked at.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"\w+")
SHINGLE = 5
# 32 hash functions in 8 bands of 4 rows: pairs with Jaccard 0.5 are proposed
# with probability 1-(1-0.5**4)**8 = 0.40, at 0.7 with 0.88, at 0.8 with 0.98.
PERMUTATIONS = 32
BANDS = 8
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20180619)
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)

# Confirmed duplicate when the shingle sets overlap this much. Jaccard 0.8
# catches the same story with a different headline, intro line or trailing
# boilerplate; containment 0.9 catches a copy cut short or with an extra
# paragraph. Two different stories on the same event share far less (under
# 0.3 on the Reuters wire, where follow-ups reuse whole sentences).
JACCARD = 0.8
CONTAINMENT = 0.9
MIN_SHINGLES = 8  # shorter bodies are too small to call duplicates


@dataclass(frozen=True)
class DedupeDoc:
    """A story to compare: its key and body text; earlier docs win ties."""

    key: str
    text: str


def shingle_set(text: str) -> frozenset[int]:
    """Text -> set of stable 32-bit hashes of its lower-cased word 5-grams."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(len(words) - SHINGLE + 1)
    )


def _signature(shingles: frozenset[int]) -> np.ndarray:
    h = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    # (a*h + b) mod p with 64-bit wrap-around is a fine universal-style hash here.
    values = (h[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return values.min(axis=0)


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """Two shingle sets -> (Jaccard, containment of the smaller in the larger)."""
    inter = len(a & b)
    if not inter:
        return 0.0, 0.0
    return inter / len(a | b), inter / min(len(a), len(b))


def find_duplicates(docs: Sequence[DedupeDoc]) -> dict[str, str]:
    """Docs in priority order -> {duplicate key: key of the earlier doc it duplicates}."""
    sets = [shingle_set(d.text) for d in docs]
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    candidates: set[tuple[int, int]] = set()
    for i, s in enumerate(sets):
        if len(s) < MIN_SHINGLES:
            continue
        sig = _signature(s)
        for band in range(BANDS):
            key = (band, sig[band * rows : (band + 1) * rows].tobytes())
            for j in buckets[key]:
                candidates.add((j, i))
            buckets[key].append(i)
    duplicate_of: dict[str, str] = {}
    for j, i in sorted(candidates):
        if docs[i].key in duplicate_of:
            continue
        jaccard, containment = overlap(sets[j], sets[i])
        if jaccard >= JACCARD or containment >= CONTAINMENT:
            kept = docs[j].key
            duplicate_of[docs[i].key] = duplicate_of.get(kept, kept)
    return duplicate_of
