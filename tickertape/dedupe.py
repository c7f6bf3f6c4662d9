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
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b

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


class _WordHashes(dict[str, int]):
    """Word -> a stable 64-bit number (blake2b), remembered once computed."""

    def __missing__(self, word: str) -> int:
        if len(self) > 2_000_000:  # a long-lived process: forget rather than grow forever
            self.clear()
        value = int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"),
                                       digest_size=8).digest(), "little")
        self[word] = value
        return value


# Words are numbered by a hash of the word itself, not by first appearance in a
# batch, so a text's shingles and signature never depend on the other texts:
# they can be kept between builds (see Signature).
_WORDS = _WordHashes()


def _word_ids(text: str) -> np.ndarray:
    return np.array(list(map(_WORDS.__getitem__, _WORD.findall(text.lower()))),
                    dtype=np.uint64)


def shingle_array(text: str) -> np.ndarray:
    """Text -> sorted unique 64-bit hashes of its lower-cased word 5-grams.

    Each word is numbered by a hash of itself and each 5-gram is hashed as a
    polynomial of those numbers, which numpy does for a whole text at once.
    """
    ids = _word_ids(text)
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


@dataclass(frozen=True)
class Signature:
    """What the candidate search needs of one text: its shingle count and MinHash."""

    shingles: int
    minhash: bytes  # PERMUTATIONS little-endian uint64 values; empty below MIN_SHINGLES

    def to_bytes(self) -> bytes:
        """-> 8 bytes of shingle count, then the MinHash."""
        return self.shingles.to_bytes(8, "little") + self.minhash

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Bytes made by to_bytes -> Signature."""
        return cls(int.from_bytes(data[:8], "little"), data[8:])


def sign_text(text: str) -> Signature:
    """Text -> its Signature (depends on this text alone, so it can be cached)."""
    shingles = shingle_array(text)
    if len(shingles) < MIN_SHINGLES:
        return Signature(len(shingles), b"")
    return Signature(len(shingles), _signature(shingles).astype("<u8").tobytes())


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


def candidate_pairs(signatures: Sequence[Signature]) -> list[tuple[int, int]]:
    """Signatures -> sorted (earlier, later) index pairs sharing at least one band.

    Each band (ROWS consecutive MinHash values) is compared whole: the rows
    of all signatures are sorted together and equal neighbours grouped, so
    the work is a few array sorts, not a loop over every signature.
    """
    usable = [i for i, sig in enumerate(signatures) if sig.shingles >= MIN_SHINGLES]
    if len(usable) < 2:
        return []
    index = np.array(usable)
    matrix = np.frombuffer(b"".join(signatures[i].minhash for i in usable),
                           dtype="<u8").reshape(len(usable), PERMUTATIONS)
    rows = PERMUTATIONS // BANDS
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        # A band's rows as one 32-byte value: equal values are equal bands.
        values = np.ascontiguousarray(matrix[:, band * rows:(band + 1) * rows]).view(
            np.dtype((np.void, rows * 8))).ravel()
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            continue
        # Runs of equal bands: where a run starts and ends in the sorted order.
        edges = np.flatnonzero(np.diff(np.concatenate(([False], same, [False])).astype(np.int8)))
        for start, stop in zip(edges[::2], edges[1::2] + 1, strict=True):
            members = sorted(index[order[start:stop]].tolist())
            pairs.update((j, i) for n, i in enumerate(members) for j in members[:n])
    return sorted(pairs)


def find_duplicates(docs: Sequence[DedupeDoc],
                    signatures: Sequence[Signature] | None = None,
                    verdicts: dict[tuple[str, str], bool] | None = None,
                    ids: Sequence[str] | None = None) -> dict[str, str]:
    """Docs in priority order -> {duplicate key: key of the earlier doc it duplicates}.

    `signatures`, when given, are sign_text() of each doc's text (e.g. from a
    cache); the answer is the same either way. `verdicts` remembers whether
    two texts are duplicates, by the `ids` of the texts (e.g. digests of
    them): pairs found there are not compared again, pairs compared now are
    added to it.
    """
    if signatures is None:
        signatures = [sign_text(d.text) for d in docs]
    if verdicts is None:  # remembered for this call alone
        verdicts, ids = {}, [str(n) for n in range(len(docs))]
    elif ids is None or len(ids) != len(docs):
        raise ValueError("verdicts need one id per doc")
    # Exact shingle sets only for the texts that take part in a candidate pair.
    sets: dict[int, np.ndarray] = {}
    duplicate_of: dict[str, str] = {}
    for j, i in candidate_pairs(signatures):
        if docs[i].key in duplicate_of:
            continue
        pair = (ids[j], ids[i])
        same = verdicts.get(pair)
        if same is None:
            for n in (i, j):
                if n not in sets:
                    sets[n] = shingle_array(docs[n].text)
            jaccard, containment = overlap(sets[j], sets[i])
            same = verdicts[pair] = jaccard >= JACCARD or containment >= CONTAINMENT
        if same:
            kept = docs[j].key
            duplicate_of[docs[i].key] = duplicate_of.get(kept, kept)
    return duplicate_of
