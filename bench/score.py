"""Article-body scoring (metrics.md §1): 4-token shingles, per-page normalised counts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Text -> multiset of n-token windows (a shorter text is one shingle, empty none)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    """Normalised tp/fp/fn of one page (they sum to 1, or are all 0)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fn)


def score_page(predicted: str, expected: str) -> PageScore:
    """Predicted and expected body text -> normalised shingle tp/fp/fn."""
    pred, gold = shingles(predicted), shingles(expected)
    tp = sum(min(c, gold[s]) for s, c in pred.items())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def summarise(scores: Iterable[PageScore]) -> dict[str, float]:
    """Per-page scores -> corpus precision, recall (plain means) and their harmonic F1."""
    ps, rs = [], []
    n = 0
    for s in scores:
        n += 1
        if (p := s.precision) is not None:
            ps.append(p)
        if (r := s.recall) is not None:
            rs.append(r)
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": n, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4)}
