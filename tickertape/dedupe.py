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
# Powers of a large odd constant: a 5-gram of word numbers w0..w4 hashes to
# sum(w_i * K**i) modulo 2**64.
_POWERS = np.array([pow(0x9E3779B97F4A7C15, i, 1 << 64) for i in range(SHINGLE)], dtype=np.uint64)

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


def _word_ids(text: str, vocabulary: defaultdict[str, int]) -> np.ndarray:
    return np.array(list(map(vocabulary.__getitem__, _WORD.findall(text.lower()))),
                    dtype=np.uint64)


def _new_vocabulary() -> defaultdict[str, int]:
    vocab: defaultdict[str, int] = defaultdict()
    vocab.default_factory = lambda: len(vocab) + 1
    return vocab


def shingle_array(text: str, vocabulary: defaultdict[str, int] | None = None) -> np.ndarray:
    """Text -> sorted unique 64-bit hashes of its lower-cased word 5-grams.

    Words are numbered (through `vocabulary`, shared across a batch so the
    numbers agree) and each 5-gram is hashed as a polynomial of those
    numbers, which numpy does for a whole text at once.
    """
    ids = _word_ids(text, vocabulary if vocabulary is not None else _new_vocabulary())
    if len(ids) == 0:
        return ids
    if len(ids) < SHINGLE:
        return np.array([np.sum(ids * _POWERS[: len(ids)])], dtype=np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(ids, SHINGLE)
    return np.unique(windows @ _POWERS)


def shingle_set(text: str) -> frozenset[int]:
    """Text -> set of its 5-gram hashes (for inspection and tests)."""
    return frozenset(shingle_array(text).tolist())


def _signature(shingles: np.ndarray) -> np.ndarray:
    # (a*h + b) mod p with 64-bit wrap-around is a fine universal-style hash here.
    values = (shingles[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    signature: np.ndarray = values.min(axis=0)
    return signature


def overlap(a: frozenset[int] | np.ndarray, b: frozenset[int] | np.ndarray) -> tuple[float, float]:
    """Two shingle sets -> (Jaccard, containment of the smaller in the larger)."""
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        inter, na, nb = len(a & b), len(a), len(b)
    else:
        x, y = np.asarray(sorted(a) if isinstance(a, frozenset) else a), \
            np.asarray(sorted(b) if isinstance(b, frozenset) else b)
        inter, na, nb = len(np.intersect1d(x, y, assume_unique=True)), len(x), len(y)
    if not inter:
        return 0.0, 0.0
    return inter / (na + nb - inter), inter / min(na, nb)


def find_duplicates(docs: Sequence[DedupeDoc]) -> dict[str, str]:
    """Docs in priority order -> {duplicate key: key of the earlier doc it duplicates}."""
    vocabulary = _new_vocabulary()
    sets = [shingle_array(d.text, vocabulary) for d in docs]
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
