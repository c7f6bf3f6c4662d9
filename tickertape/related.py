"""Related posts: rank, for every article, the articles most like it (text, tickers, time).

The text score blends two cosines of TF-IDF vectors: the exact one, with body and
title as separate fields, and one in a latent semantic space (truncated SVD of
body + title), which matches stories that tell the same news in other words.
Pseudo-relevance feedback then nudges each article towards its best neighbours.
Candidates are found block by block (a few hundred rows of the latent similarity
at a time, top-k per row), so memory grows with the corpus, never its square.

A full fit also yields a RelatedState (vocabulary, word weights, latent basis,
every article's vectors and candidates with their scores). When articles are
only added, `refresh_related` scores the new ones into that stored model instead
of fitting again, as long as the archive grew by at most `refit_share` of the
stories the model was fitted on: each new article gets its own list by the same
formula, and enters an older article's candidates where it scores above them.
Word weights and the latent basis then stay those of the fit, and older
articles keep their feedback vectors, so the lists can differ from a fresh
fit's. On the Reuters-21578 topical pool grown by 5% one story at a time, P@5
is 0.9117 against 0.9105 fitted afresh, and 28% of the lists are a fresh fit's
(a fresh fit itself rewrites two thirds of them when one story arrives, as its
randomized basis moves); each new story changed about 4 older lists.
A removed or changed article, other settings or code, or more growth fit again.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from tickertape.related_settings import RelatedDoc, RelatedSettings
from tickertape.related_state import BoolArray, ByteArray, RelatedState

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

# One dense block of the similarity holds at most this many float32 cells (32 MiB);
# with its few same-sized temporaries, ranking 19,043 Reuters stories peaks about
# 140 MiB above the resident corpus.
_BLOCK_CELLS = 1 << 23
_SECONDS_PER_DAY = 86400.0
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class RelatedIndex:
    """Related keys per article (best first) and near-duplicates (copy key -> canonical key)."""

    related: dict[str, list[str]]
    duplicates: dict[str, str]


@dataclass(frozen=True)
class _Candidates:
    """Per article (rows in key order): candidate indices, final scores, copy flags."""

    index: IntArray
    score: FloatArray
    copy: npt.NDArray[np.bool_]


def rank_related(
    docs: Sequence[RelatedDoc], settings: RelatedSettings = RelatedSettings()
) -> dict[str, list[str]]:
    """Articles -> {key: up to `limit` related keys, best first}.

    Never the article itself nor a near-duplicate of it; scores below `min_score`
    are dropped; equal scores are ordered by key, so any input order gives the same
    lists. Raises ValueError on duplicate keys.
    """
    return index_related(docs, settings).related


def ranking_key(docs: Sequence[RelatedDoc], settings: RelatedSettings = RelatedSettings()) -> str:
    """Articles and settings -> a digest of everything their ranking depends on.

    That is every field of every article (in key order, as the ranking sees
    them), the settings, the ranking code and the numeric libraries'
    versions: equal digests give equal rankings.
    """
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(repr(settings).encode())
    ordered = sorted(docs, key=lambda d: d.key)
    for doc, doc_digest in zip(ordered, _digest_docs(ordered), strict=True):
        key = doc.key.encode("utf-8", "surrogatepass")
        digest.update(len(key).to_bytes(8, "little") + key)
        digest.update(doc_digest.tobytes())
    return digest.hexdigest()


def state_key(settings: RelatedSettings = RelatedSettings()) -> str:
    """Settings -> the key one archive's RelatedState is stored under (settings + code)."""
    return hashlib.sha256(f"{_code_digest()}\n{_model_settings(settings)}".encode()).hexdigest()


def _model_settings(settings: RelatedSettings) -> str:
    """Settings -> the repr of those a fitted state depends on (all but refit_share)."""
    # The threshold only decides when to fit again: changing it keeps the stored model.
    return repr(replace(settings, refit_share=0.0))


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """-> a digest of the ranking code and the numeric libraries' versions."""
    digest = hashlib.sha256()
    for module in (Path(__file__), Path(__file__).with_name("related_state.py")):
        digest.update(module.read_bytes())
    for lib in ("numpy", "scipy", "scikit-learn", "threadpoolctl"):
        try:
            digest.update(f"{lib}={metadata.version(lib)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{lib}=none;".encode())
    return digest.hexdigest()


def _digest_doc(doc: RelatedDoc) -> bytes:
    """Article -> 16 bytes digesting its title, text, date and tickers."""
    date = doc.date.isoformat() if doc.date is not None else ""
    tickers = "\x1f".join(doc.tickers)
    # Lengths (in characters) keep the fields apart; one encode and one hash call per
    # article keep 19,000 articles near 50 ms.
    joined = f"{len(doc.title)}:{doc.title}{len(doc.text)}:{doc.text}{date}\x1e{tickers}"
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# Digests of articles still alive: a build takes the ranking key and then checks the
# stored state's digests over the same articles, and hashing 19,000 texts twice
# would cost as much as the whole update of one new article.
_DIGESTS: weakref.WeakKeyDictionary[RelatedDoc, bytes] = weakref.WeakKeyDictionary()


def _digest_docs(docs: Sequence[RelatedDoc]) -> ByteArray:
    """Articles -> (n, 16) uint8 digests, one row per article."""
    parts = []
    for doc in docs:
        try:
            digest = _DIGESTS.get(doc)
            if digest is None:
                digest = _DIGESTS[doc] = _digest_doc(doc)
        except TypeError:
            # Unhashable fields (tickers passed as a list): digest without the memo.
            digest = _digest_doc(doc)
        parts.append(digest)
    raw = b"".join(parts)
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(docs), 16).copy()


def find_near_duplicates(
    docs: Sequence[RelatedDoc],
    threshold: float | None = None,
    settings: RelatedSettings = RelatedSettings(),
) -> dict[str, str]:
    """Articles -> {copy key: canonical key} for bodies with cosine >= threshold.

    `threshold` None means `settings.duplicate_threshold`; only bodies of at least
    `settings.duplicate_min_terms` distinct words count as copies. The canonical
    copy of a group is its earliest article (undated ones count as latest, equal
    dates fall back to key order). Articles without a copy are absent.
    """
    if threshold is not None:
        settings = replace(settings, duplicate_threshold=threshold)
    return index_related(docs, settings).duplicates


def index_related(
    docs: Sequence[RelatedDoc], settings: RelatedSettings = RelatedSettings()
) -> RelatedIndex:
    """Articles -> related lists and near-duplicates from one pass over the same vectors."""
    return _fit_index(docs, settings, keep_state=False)[0]


@dataclass(frozen=True)
class RelatedRefresh:
    """A ranking, the state to keep for the next one, and how it was made.

    `added` counts the articles scored into a stored model (0 after a full fit,
    where `updated` is False); `state` is None for archives too small or too
    wordless to fit a model on.
    """

    index: RelatedIndex
    state: RelatedState | None
    added: int
    updated: bool


def refresh_related(
    docs: Sequence[RelatedDoc],
    settings: RelatedSettings = RelatedSettings(),
    state: RelatedState | None = None,
) -> RelatedRefresh:
    """Articles and a stored state (or None) -> the ranking, by update when allowed, else a fit."""
    if state is not None:
        updated = update_related(state, docs, settings)
        if updated is not None:
            index, new_state = updated
            return RelatedRefresh(index, new_state, len(new_state.keys) - len(state.keys), True)
    index, fresh = fit_related(docs, settings)
    return RelatedRefresh(index, fresh, 0, False)


def fit_related(
    docs: Sequence[RelatedDoc], settings: RelatedSettings = RelatedSettings()
) -> tuple[RelatedIndex, RelatedState | None]:
    """Articles -> (related lists and near-duplicates, the fitted state or None).

    The state is None when there is no model to keep: fewer than two articles,
    or not one indexable word.
    """
    return _fit_index(docs, settings, keep_state=True)


def _fit_index(
    docs: Sequence[RelatedDoc], settings: RelatedSettings, keep_state: bool
) -> tuple[RelatedIndex, RelatedState | None]:
    """Articles -> (related lists and near-duplicates, the fitted state when asked for)."""
    ordered = _order_docs(docs)
    keys = [d.key for d in ordered]
    if len(ordered) < 2:
        return RelatedIndex({key: [] for key in keys}, {}), None
    fit = _fit_candidates(ordered, settings, keep=keep_state)
    cands = fit.cands
    index = _collect_index(ordered, cands, settings)
    if not keep_state or fit.vocabulary is None or fit.idf is None:
        return index, None
    state = RelatedState(
        settings=_model_settings(settings),
        code=_code_digest(),
        fitted=len(ordered),
        keys=tuple(keys),
        digests=_digest_docs(ordered),
        vocabulary=fit.vocabulary,
        idf=fit.idf,
        components=fit.components,
        latent=fit.latent,
        moved=fit.moved,
        body=fit.body,
        title=fit.title,
        tickers=fit.tickers,
        symbols=fit.symbols,
        days=_day_numbers(ordered),
        index=cands.index,
        score=cands.score,
        copy=cands.copy,
    )
    return index, state


def update_related(
    state: RelatedState, docs: Sequence[RelatedDoc], settings: RelatedSettings = RelatedSettings()
) -> tuple[RelatedIndex, RelatedState] | None:
    """A state and the archive grown by new articles -> (ranking, new state), or None.

    None means the state does not allow an update: an article of the state is
    missing or changed, the settings or code differ, or the archive grew past
    `refit_share` of the articles the model was fitted on.
    """
    ordered = _order_docs(docs)
    n, fitted = len(ordered), state.fitted
    if state.settings != _model_settings(settings) or state.code != _code_digest():
        return None
    if n < len(state.keys) or n - fitted > settings.refit_share * fitted:
        return None
    position = {d.key: i for i, d in enumerate(ordered)}
    old_rows = np.array([position.get(key, -1) for key in state.keys], dtype=np.int64)
    if old_rows.size and old_rows.min() < 0:
        return None
    is_new = np.ones(n, dtype=bool)
    is_new[old_rows] = False
    if not np.array_equal(_digest_docs([ordered[i] for i in old_rows]), state.digests):
        return None
    new_rows = np.nonzero(is_new)[0]
    if new_rows.size == 0:
        return _collect_index(ordered, state, settings), state
    k = min(n - 1, max(settings.candidates, settings.limit))
    with threadpool_limits(limits=1, user_api="blas"):
        grown = _grow_state(state, ordered, old_rows, new_rows, settings, k)
    return _collect_index(ordered, grown, settings), grown


def _collect_index(
    docs: list[RelatedDoc], cands: _Candidates | RelatedState, settings: RelatedSettings
) -> RelatedIndex:
    """Key-ordered articles, their candidates -> related lists and near-duplicates."""
    keys = [d.key for d in docs]
    keep = ~cands.copy & (cands.score >= settings.min_score) & (cands.index >= 0)
    # Per row by (-score, index): indices follow key order, so ties break by key;
    # entries not kept sort last.
    order = np.lexsort((cands.index, np.where(keep, -cands.score, np.inf)), axis=1)
    order = order[:, : settings.limit]
    chosen = np.take_along_axis(cands.index, order, axis=1).tolist()
    counts = np.take_along_axis(keep, order, axis=1).sum(axis=1).tolist()
    related = {
        key: [keys[j] for j in row[:count]]
        for key, row, count in zip(keys, chosen, counts, strict=True)
    }
    copies = np.nonzero(cands.copy & (cands.index >= 0))
    pairs = zip(copies[0].tolist(), cands.index[copies].tolist(), strict=True)
    return RelatedIndex(related, _group_duplicates(docs, pairs))


def _group_duplicates(docs: list[RelatedDoc], pairs: Iterable[tuple[int, int]]) -> dict[str, str]:
    """Articles, index pairs of copies -> {copy key: canonical key}, one canonical per group."""
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Copies of copies form one group (A~B, B~C puts A, B and C together).
    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(root(i), []).append(i)

    def age(i: int) -> tuple[bool, datetime, int]:
        date = docs[i].date
        return (date is None, _naive(date) if date is not None else datetime.min, i)

    duplicates: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            canonical = min(members, key=age)
            for m in members:
                if m != canonical:
                    duplicates[docs[m].key] = docs[canonical].key
    return duplicates


def _order_docs(docs: Sequence[RelatedDoc]) -> list[RelatedDoc]:
    """Articles -> the same articles sorted by key (ValueError on a repeated key)."""
    # Every later step sees one order whatever the caller's, so floating-point sums,
    # the SVD and tie-breaks come out identical for any permutation of the input.
    ordered = sorted(docs, key=lambda d: d.key)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.key == b.key:
            raise ValueError(f"duplicate related-posts key: {a.key!r}")
    return ordered


@dataclass(frozen=True)
class _Fit:
    """A full fit: candidates, the vectors they were scored from, and the model."""

    cands: _Candidates
    body: sp.csr_matrix
    title: sp.csr_matrix
    latent: FloatArray
    moved: FloatArray
    vocabulary: tuple[str, ...] | None
    idf: npt.NDArray[np.float64] | None
    components: FloatArray | None
    tickers: sp.csr_matrix
    symbols: tuple[str, ...]


def _score_candidates(docs: list[RelatedDoc], settings: RelatedSettings) -> _Candidates:
    """Key-ordered articles -> each one's top candidates, final scores and copy flags."""
    return _fit_candidates(docs, settings).cands


def _fit_candidates(docs: list[RelatedDoc], settings: RelatedSettings, keep: bool = False) -> _Fit:
    """Key-ordered articles -> candidates with scores and copy flags, vectors and model.

    Without `keep`, the latent basis and the moved vectors are not kept (None and the
    unmoved vectors): a ranking that stores no state saves their memory (40 MB at
    19,000 stories).
    """
    k = min(len(docs) - 1, max(settings.candidates, settings.limit))
    # One BLAS thread: on a shared two-core machine OpenBLAS threads spinning against
    # each other made the SVD three to five times slower than a single thread.
    with threadpool_limits(limits=1, user_api="blas"):
        body, title, combined, vocabulary, idf = _vectorize(docs, settings.title_weight)
        latent, components = _project_latent(combined, settings.dimensions, keep)
        columns: dict[str, int] = {}
        tickers = _ticker_matrix(docs, columns)
        index, latent_cos, ticker_overlap = _search_blocks(
            latent, tickers, settings.ticker_weight, k
        )
        body_cos = _pair_cosines(body, index)
        lexical_cos = _fielded_cosines(body, body_cos, title, index, settings.title_weight)
        a = settings.lexical_weight
        text = a * lexical_cos + (1.0 - a) * latent_cos
        moved = latent
        if settings.feedback > 0:
            latent_cos, moved_rows = _feed_back(
                latent, index, text, settings.feedback, settings.feedback_docs, keep=keep
            )
            moved = moved_rows if moved_rows is not None else latent
            text = a * lexical_cos + (1.0 - a) * latent_cos
    if settings.recency_weight > 0:
        days = _day_numbers(docs)
        text *= 1.0 + settings.recency_weight * _closeness(days, index, settings.half_life_days)
    score = text + settings.ticker_weight * ticker_overlap
    terms = np.diff(body.indptr)
    long_enough = terms >= settings.duplicate_min_terms
    copy = (body_cos >= settings.duplicate_threshold) & long_enough[:, None] & long_enough[index]
    cands = _Candidates(index, score.astype(np.float32), copy)
    return _Fit(
        cands, body, title, latent, moved, vocabulary, idf, components, tickers, tuple(columns)
    )


def _grow_state(
    state: RelatedState,
    docs: list[RelatedDoc],
    old_rows: IntArray,
    new_rows: IntArray,
    settings: RelatedSettings,
    k: int,
) -> RelatedState:
    """A state, the grown key-ordered archive, where its old and new rows sit -> the new state."""
    n, m = len(docs), len(new_rows)
    # Rows of the stacked [old; new] arrays, in the archive's key order.
    source = np.empty(n, dtype=np.int64)
    source[old_rows] = np.arange(len(old_rows))
    source[new_rows] = len(old_rows) + np.arange(m)
    new_docs = [docs[i] for i in new_rows.tolist()]
    body_new, title_new, combined_new = _vectorize_with(state, new_docs, settings.title_weight)
    if state.components is None:
        latent_new = np.asarray(combined_new.toarray(), dtype=np.float32)
    else:
        latent_new = _unit_rows(np.asarray(combined_new @ state.components.T, dtype=np.float32))
    body = sp.csr_matrix(sp.vstack([state.body, body_new], format="csr")[source])
    title = sp.csr_matrix(sp.vstack([state.title, title_new], format="csr")[source])
    latent = np.concatenate([state.latent, latent_new])[source]
    # Stored tickers and dates for the old articles (they are in their digests).
    columns = {symbol: j for j, symbol in enumerate(state.symbols)}
    tickers_new = _ticker_matrix(new_docs, columns)
    width = max(len(columns), 1)
    tickers_old = sp.csr_matrix(
        (state.tickers.data, state.tickers.indices, state.tickers.indptr),
        shape=(state.tickers.shape[0], width),
    )
    tickers_new = sp.csr_matrix(
        (tickers_new.data, tickers_new.indices, tickers_new.indptr), shape=(m, width)
    )
    tickers = sp.csr_matrix(sp.vstack([tickers_old, tickers_new], format="csr")[source])
    days = np.concatenate([state.days, _day_numbers(new_docs)])[source]

    # Old candidates, re-indexed to the grown order and widened to k slots.
    old_k = state.index.shape[1]
    width = max(k, old_k)
    index = np.full((n, width), -1, dtype=np.int64)
    score = np.full((n, width), -np.inf, dtype=np.float32)
    copy = np.zeros((n, width), dtype=bool)
    valid = state.index >= 0
    index[old_rows, :old_k] = np.where(valid, old_rows[np.where(valid, state.index, 0)], -1)
    score[old_rows, :old_k] = state.score
    copy[old_rows, :old_k] = state.copy & valid
    moved = np.concatenate([state.moved, np.zeros_like(latent_new)])[source]

    if m:
        own = _score_rows(new_rows, latent, body, title, tickers, days, settings, k)
        index[new_rows] = -1
        index[new_rows, : own.index.shape[1]] = own.index
        score[new_rows] = -np.inf
        score[new_rows, : own.score.shape[1]] = own.score
        copy[new_rows] = False
        copy[new_rows, : own.copy.shape[1]] = own.copy
        moved[new_rows] = own.moved
        _insert_new(
            index,
            score,
            copy,
            old_rows,
            new_rows,
            moved,
            latent,
            body,
            title,
            tickers,
            days,
            settings,
        )
    return RelatedState(
        settings=state.settings,
        code=state.code,
        fitted=state.fitted,
        keys=tuple(d.key for d in docs),
        digests=np.concatenate([state.digests, _digest_docs(new_docs)])[source],
        vocabulary=state.vocabulary,
        idf=state.idf,
        components=state.components,
        latent=latent,
        moved=moved,
        body=body,
        title=title,
        tickers=tickers,
        symbols=tuple(columns),
        days=days,
        index=index[:, :k],
        score=score[:, :k],
        copy=copy[:, :k],
    )


@dataclass(frozen=True)
class _Rows:
    """Candidates of some rows (as _Candidates) and those rows' latent vectors after feedback."""

    index: IntArray
    score: FloatArray
    copy: BoolArray
    moved: FloatArray


def _score_rows(
    rows: IntArray,
    latent: FloatArray,
    body: sp.csr_matrix,
    title: sp.csr_matrix,
    tickers: sp.csr_matrix,
    days: npt.NDArray[np.float64],
    settings: RelatedSettings,
    k: int,
) -> _Rows:
    """Rows to rank and every article's vectors -> those rows' candidates, as a full fit scores."""
    index, latent_cos, overlap = _search_blocks(latent, tickers, settings.ticker_weight, k, rows)
    body_cos = _pair_cosines(body, index, rows)
    lexical_cos = _fielded_cosines(body, body_cos, title, index, settings.title_weight, rows)
    a = settings.lexical_weight
    text = a * lexical_cos + (1.0 - a) * latent_cos
    moved = latent[rows]
    if settings.feedback > 0:
        latent_cos, moved_rows = _feed_back(
            latent, index, text, settings.feedback, settings.feedback_docs, rows, keep=True
        )
        assert moved_rows is not None
        moved = moved_rows
        text = a * lexical_cos + (1.0 - a) * latent_cos
    if settings.recency_weight > 0:
        text *= 1.0 + settings.recency_weight * _closeness(
            days, index, settings.half_life_days, rows
        )
    score = text + settings.ticker_weight * overlap
    long_enough = np.diff(body.indptr) >= settings.duplicate_min_terms
    copy = (body_cos >= settings.duplicate_threshold) & long_enough[rows][:, None]
    copy &= long_enough[index]
    return _Rows(index, score.astype(np.float32), copy, moved)


def _insert_new(
    index: IntArray,
    score: FloatArray,
    copy: BoolArray,
    old_rows: IntArray,
    new_rows: IntArray,
    moved: FloatArray,
    latent: FloatArray,
    body: sp.csr_matrix,
    title: sp.csr_matrix,
    tickers: sp.csr_matrix,
    days: npt.NDArray[np.float64],
    settings: RelatedSettings,
) -> None:
    """Candidate arrays (changed in place), old and new rows -> new articles in old lists.

    Each old article scores each new one by the full fit's formula (its own
    feedback vector against the new latent vector); a new article takes the
    place of the lowest candidate it beats (ties by key), so every list holds
    its best `k` candidates.
    """
    a, w2 = settings.lexical_weight, settings.title_weight * settings.title_weight
    norm = np.sqrt(_row_presence(body) + w2 * _row_presence(title))
    long_enough = np.diff(body.indptr) >= settings.duplicate_min_terms
    new_latent = latent[new_rows]
    new_body, new_title = body[new_rows].T.tocsr(), title[new_rows].T.tocsr()
    new_tickers = tickers[new_rows].T.tocsr()
    width = index.shape[1]
    for start, stop in _blocks(len(old_rows), max(len(new_rows), width)):
        rows = old_rows[start:stop]
        body_cos = np.asarray((body[rows] @ new_body).toarray(), dtype=np.float32)
        title_cos = np.asarray((title[rows] @ new_title).toarray(), dtype=np.float32)
        denom = norm[rows][:, None] * norm[new_rows][None, :]
        dots = body_cos + w2 * title_cos
        lexical = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
        text = a * lexical + (1.0 - a) * (moved[rows] @ new_latent.T)
        if settings.recency_weight > 0:
            apart = np.abs(days[rows][:, None] - days[new_rows][None, :])
            closeness = np.nan_to_num(np.exp2(-apart / settings.half_life_days), nan=0.0)
            text *= 1.0 + settings.recency_weight * closeness.astype(np.float32)
        overlap = np.asarray((tickers[rows] @ new_tickers).toarray(), dtype=np.float32)
        scores = (text + settings.ticker_weight * overlap).astype(np.float32)
        copies = (body_cos >= settings.duplicate_threshold) & long_enough[rows][:, None]
        copies &= long_enough[new_rows][None, :]
        # Only lists where some new article reaches the lowest candidate can change.
        lowest = score[rows].min(axis=1)
        hit = np.nonzero((scores >= lowest[:, None]).any(axis=1))[0]
        if hit.size == 0:
            continue
        target = rows[hit]
        all_index = np.concatenate(
            [index[target], np.broadcast_to(new_rows, (hit.size, len(new_rows)))], axis=1
        )
        all_score = np.concatenate([score[target], scores[hit]], axis=1)
        all_copy = np.concatenate([copy[target], copies[hit]], axis=1)
        # Empty slots (-1, -inf) sort last; equal scores keep the lower key.
        order = np.lexsort((all_index, -all_score), axis=1)[:, :width]
        index[target] = np.take_along_axis(all_index, order, axis=1)
        score[target] = np.take_along_axis(all_score, order, axis=1)
        copy[target] = np.take_along_axis(all_copy, order, axis=1)


def _unit_rows(matrix: FloatArray) -> FloatArray:
    """Dense rows -> the same rows scaled to unit length (zero rows stay zero)."""
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    out: FloatArray = np.divide(
        matrix, norms[:, None], out=np.zeros_like(matrix), where=norms[:, None] > 0
    )
    return out


def _vectorize(
    docs: list[RelatedDoc], title_weight: float
) -> tuple[
    sp.csr_matrix,
    sp.csr_matrix,
    sp.csr_matrix,
    tuple[str, ...] | None,
    npt.NDArray[np.float64] | None,
]:
    """Articles -> unit TF-IDF rows of (body, title, body + title_weight * title),
    the vocabulary (by column) and IDF weights (None when no word is indexable)."""
    # English stop words keep tiny corpora from matching on "the". Every other term
    # is kept (no min_df): dropping rare terms shortens vectors and inflates the
    # cosine of two different stories, which the duplicate test would then take
    # for copies.
    # scikit-learn is imported where it is used: it takes a second to import, and
    # a rebuild whose ranking comes from the cache never needs it.
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.preprocessing import normalize

    counter = CountVectorizer(stop_words="english", dtype=np.float32)
    n = len(docs)
    try:
        # Bodies and titles in one pass, so each field is tokenized once.
        counts = sp.csr_matrix(
            counter.fit_transform([d.text for d in docs] + [d.title for d in docs])
        )
    except ValueError:
        # Not one indexable word in any article: nothing is textually related.
        empty = sp.csr_matrix((n, 1), dtype=np.float32)
        return empty, empty, empty, None, None
    body_counts, title_counts = counts[:n], counts[n:]
    # Document frequency counts articles, not fields; sublinear tf damps long lists of
    # figures that repeat one word.
    weighting = TfidfTransformer(sublinear_tf=True).fit(body_counts + title_counts)
    body = sp.csr_matrix(weighting.transform(body_counts), dtype=np.float32)
    title = sp.csr_matrix(weighting.transform(title_counts), dtype=np.float32)
    combined = sp.csr_matrix(normalize(body + title_weight * title), dtype=np.float32)
    vocabulary = tuple(counter.get_feature_names_out().tolist())
    idf = np.asarray(weighting.idf_, dtype=np.float64)
    return body, title, combined, vocabulary, idf


def _vectorize_with(
    state: RelatedState, docs: list[RelatedDoc], title_weight: float
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """A fitted state, new articles -> their unit (body, title, combined) TF-IDF rows.

    The state's vocabulary and IDF weights are kept: words it does not know are
    left out, as if the articles had been part of the fit without them.
    """
    n = len(docs)
    # The fit's tokenizer (lower case, words of two or more word characters; stop
    # words are not in the vocabulary); the vocabulary is looked up by hand, which
    # for a few new articles is much cheaper than a vectorizer's checks. No
    # scikit-learn here: a rebuild that only adds stories never imports it.
    def analyze(text: str) -> list[str]:
        return _TOKEN.findall(text.lower())

    column = dict(zip(state.vocabulary, range(len(state.vocabulary)), strict=True))
    indptr: list[int] = [0]
    indices: list[int] = []
    data: list[int] = []
    for field in [d.text for d in docs] + [d.title for d in docs]:
        counts: dict[int, int] = {}
        for token in analyze(field):
            j = column.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        indices.extend(sorted(counts))
        data.extend(counts[j] for j in sorted(counts))
        indptr.append(len(indices))
    cols = np.asarray(indices, dtype=np.int64)
    # The fit's weighting: sublinear tf (1 + log tf), times IDF, unit rows.
    weights = (np.log(np.asarray(data, dtype=np.float64)) + 1.0) * state.idf[cols]
    matrix = sp.csr_matrix(
        (weights, cols, np.asarray(indptr, dtype=np.int64)), shape=(2 * n, len(column))
    )
    weighted = sp.csr_matrix(_unit_csr(matrix), dtype=np.float32)
    body, title = weighted[:n], weighted[n:]
    combined = sp.csr_matrix(_unit_csr(sp.csr_matrix(body + title_weight * title)),
                             dtype=np.float32)
    return sp.csr_matrix(body), sp.csr_matrix(title), combined


# scikit-learn's default token pattern.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _unit_dense(rows: FloatArray) -> FloatArray:
    """Dense rows -> unit rows, computed as scikit-learn's normalize does (near-zero rows kept)."""
    out = np.array(rows, copy=True)
    norms = np.sqrt(np.einsum("ij,ij->i", out, out))
    norms[norms < 10 * np.finfo(norms.dtype).eps] = 1.0
    out /= norms[:, None]
    return out


def _unit_csr(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Sparse rows (a few) -> unit rows, computed as scikit-learn's normalize does.

    Squares in the data's precision summed in order in double precision, each
    cell divided in double precision; empty rows stay empty.
    """
    out = sp.csr_matrix(matrix, copy=True)
    data, indptr = out.data, out.indptr
    squares = (data * data).tolist()
    for i in range(out.shape[0]):
        start, stop = int(indptr[i]), int(indptr[i + 1])
        total = 0.0
        for value in squares[start:stop]:
            total += value
        if total == 0.0:
            continue
        data[start:stop] = (data[start:stop].astype(np.float64) / math.sqrt(total)).astype(
            data.dtype)
    return out


def _project_latent(
    matrix: sp.csr_matrix, dimensions: int, keep_basis: bool = True
) -> tuple[FloatArray, FloatArray | None]:
    """Unit TF-IDF rows -> (unit rows in the latent space, its basis), or the full space
    and None when it is small."""
    n, terms = matrix.shape
    if min(n, terms) <= dimensions:
        # Nothing to truncate: the full space gives the exact cosine.
        return np.asarray(matrix.toarray(), dtype=np.float32), None
    # Two power iterations: more sharpened the decomposition without helping the
    # ranking on Reuters (P@5 within 0.001) and cost seconds on 19k stories.
    from sklearn.preprocessing import normalize
    from sklearn.utils.extmath import randomized_svd

    u, s, vt = randomized_svd(matrix, dimensions, n_iter=2, random_state=0)
    latent = normalize(u * s)
    # A new row's latent vector is the unit (row @ vt.T); for fitted rows that is u * s.
    basis = np.asarray(vt, dtype=np.float32) if keep_basis else None
    return np.asarray(latent, dtype=np.float32), basis


def _ticker_matrix(docs: list[RelatedDoc], columns: dict[str, int] | None = None) -> sp.csr_matrix:
    """Articles -> unit rows over ticker symbols, so a row product is the set cosine.

    `columns` (symbol -> column) is extended in place with symbols it lacks.
    """
    if columns is None:
        columns = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, doc in enumerate(docs):
        if not doc.tickers:
            continue
        for symbol in sorted({t.strip().upper() for t in doc.tickers if t.strip()}):
            rows.append(i)
            cols.append(columns.setdefault(symbol, len(columns)))
    # Each row holds k ones: unit length is 1/sqrt(k) in every cell (worked out in
    # double precision, as a library's row normalisation does).
    per_row = np.bincount(np.asarray(rows, dtype=np.int64), minlength=len(docs))
    data = (1.0 / np.sqrt(per_row[np.asarray(rows, dtype=np.int64)].astype(np.float64)))
    return sp.csr_matrix((data.astype(np.float32), (rows, cols)),
                         shape=(len(docs), max(len(columns), 1)), dtype=np.float32)


def _blocks(rows: int, width: int) -> Iterator[tuple[int, int]]:
    """Rows, row width -> consecutive (start, stop) row blocks of about _BLOCK_CELLS cells."""
    step = max(1, _BLOCK_CELLS // max(width, 1))
    for start in range(0, rows, step):
        yield start, min(rows, start + step)


def _search_blocks(
    latent: FloatArray,
    tickers: sp.csr_matrix,
    ticker_weight: float,
    k: int,
    only: IntArray | None = None,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Latent rows, ticker rows -> top-k (index, latent cosine, ticker overlap) per row
    (of the rows `only`, when given, against all)."""
    n = latent.shape[0] if only is None else len(only)
    index = np.empty((n, k), dtype=np.int64)
    latent_cos = np.empty((n, k), dtype=np.float32)
    overlap = np.zeros((n, k), dtype=np.float32)
    use_tickers = ticker_weight > 0 and tickers.nnz > 0
    tickers_t = tickers.T.tocsr()

    def search(start: int, stop: int) -> None:
        rows = np.arange(stop - start)
        selves = rows + start if only is None else only[start:stop]
        # The block is scored in place (no copy of a block-sized array): ticker
        # overlaps are added at their few nonzero cells, then taken off again.
        sims = latent[start:stop] @ latent.T if only is None else latent[selves] @ latent.T
        shared = None
        if use_tickers:
            block_tickers = tickers[start:stop] if only is None else tickers[selves]
            shared = sp.csr_matrix(block_tickers @ tickers_t)
            cells = shared.tocoo()
            sims[cells.row, cells.col] += ticker_weight * cells.data
        sims[rows, selves] = -np.inf
        chosen = _top_k(sims, k)
        index[start:stop] = chosen
        latent_cos[start:stop] = np.take_along_axis(sims, chosen, axis=1)
        if shared is not None:
            found = np.asarray(shared[rows[:, None], chosen].toarray(), dtype=np.float32)
            overlap[start:stop] = found
            latent_cos[start:stop] -= ticker_weight * found

    # Blocks write disjoint rows, and the matrix product, partition and sorts
    # release the GIL: threads search blocks side by side, one per CPU core.
    blocks = list(_blocks(n, latent.shape[0]))
    with ThreadPoolExecutor(max_workers=min(_cores(), len(blocks))) as pool:
        for done in [pool.submit(search, start, stop) for start, stop in blocks]:
            done.result()
    return index, latent_cos, overlap


def _cores() -> int:
    """-> CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def _top_k(block: FloatArray, k: int) -> IntArray:
    """Dense block -> per row, the columns of its k largest values (ties: lower column)."""
    rows, n = block.shape
    # The k-th largest value of a sample of the columns is a lower bound of the
    # row's k-th largest: partitioning every 4th column and keeping what clears
    # that bound costs a quarter of a full partition and leaves ~4k survivors.
    sample = block[:, ::4] if n // 4 > k else block
    width = sample.shape[1]
    bound = np.partition(sample, width - k, axis=1)[:, width - k : width - k + 1]
    r, c = np.nonzero(block >= bound)
    values = block[r, c].astype(np.float64)
    # One stable sort by (row, value descending); np.nonzero lists columns in
    # ascending order, so equal values stay in key order.
    lo = float(np.min(values[np.isfinite(values)], initial=0.0))
    span = float(np.max(values, initial=0.0)) - lo + 1.0
    values = np.where(np.isfinite(values), values, lo - 0.5)
    order = np.argsort(r * (2.0 * span) + (span - (values - lo)), kind="stable")
    starts = np.concatenate(([0], np.cumsum(np.bincount(r, minlength=rows))[:-1]))
    pick = order[(starts[:, None] + np.arange(k)[None, :]).ravel()]
    return c[pick].reshape(rows, k).astype(np.int64)


def _pair_cosines(
    matrix: sp.csr_matrix, index: IntArray, only: IntArray | None = None
) -> FloatArray:
    """Unit rows, candidate indices (n x k) -> cosine of each row with each of its candidates
    (row i of the index belongs to row `only[i]` when given)."""
    n, k = index.shape
    out = np.zeros((n, k), dtype=np.float32)
    if matrix.nnz == 0:
        return out
    # Rows are repeated once per candidate; at about a hundred terms per article
    # each expanded operand stays near 30 MiB.
    step = max(1, _BLOCK_CELLS // (256 * k))
    for start in range(0, n, step):
        stop = min(n, start + step)
        mine = np.arange(start, stop) if only is None else only[start:stop]
        left = matrix[np.repeat(mine, k)]
        right = matrix[index[start:stop].ravel()]
        dots = np.asarray(left.multiply(right).sum(axis=1), dtype=np.float32)
        out[start:stop] = dots.reshape(stop - start, k)
    return out


def _fielded_cosines(
    body: sp.csr_matrix,
    body_cos: FloatArray,
    title: sp.csr_matrix,
    index: IntArray,
    title_weight: float,
    only: IntArray | None = None,
) -> FloatArray:
    """Body cosines, title rows, candidates -> cosine of the [body, weight * title] vectors
    (of the rows `only`, when given)."""
    # Body and title as separate fields: the body cosine is needed anyway for the
    # duplicate test, and titles are short, so this costs one cheap pass more.
    w2 = title_weight * title_weight
    title_cos = _pair_cosines(title, index, only)
    # Rows are unit length or empty, so each squared field norm is 0 or 1.
    sq = _row_presence(body) + w2 * _row_presence(title)
    norm = np.sqrt(sq)
    denom = (norm if only is None else norm[only])[:, None] * norm[index]
    dots = body_cos + w2 * title_cos
    cosines: FloatArray = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    return cosines.astype(np.float32)


def _row_presence(matrix: sp.csr_matrix) -> FloatArray:
    """Sparse rows -> 1.0 for a row with any entry, else 0.0."""
    present: FloatArray = (np.diff(matrix.indptr) > 0).astype(np.float32)
    return present


def _feed_back(
    latent: FloatArray,
    index: IntArray,
    score: FloatArray,
    strength: float,
    top: int,
    only: IntArray | None = None,
    keep: bool = False,
) -> tuple[FloatArray, FloatArray | None]:
    """Latent rows, candidates and their scores -> (latent cosines after feedback, the moved
    rows when `keep`, else None); the candidates are those of the rows `only`, when given."""
    n, k = index.shape
    top = min(top, k)
    out = np.empty((n, k), dtype=np.float32)
    moved_rows = np.empty((n, latent.shape[1]), dtype=np.float32) if keep else None
    # Blocks of rows keep the gathered (rows x k x dimensions) arrays near 32 MiB.
    step = max(1, _BLOCK_CELLS // (k * latent.shape[1]))
    for start in range(0, n, step):
        stop = min(n, start + step)
        best = np.argsort(-score[start:stop], axis=1, kind="stable")[:, :top]
        near = np.take_along_axis(index[start:stop], best, axis=1)
        weight = np.maximum(np.take_along_axis(score[start:stop], best, axis=1), 0.0)
        total = weight.sum(axis=1, keepdims=True)
        mean = np.einsum("rk,rkd->rd", weight, latent[near])
        mean = np.divide(mean, total, out=np.zeros_like(mean), where=total > 0)
        own = latent[start:stop] if only is None else latent[only[start:stop]]
        moved = _unit_dense(own + strength * mean).astype(np.float32)
        if moved_rows is not None:
            moved_rows[start:stop] = moved
        out[start:stop] = np.einsum("rd,rkd->rk", moved, latent[index[start:stop]])
    return out, moved_rows


def _naive(date: datetime) -> datetime:
    """Datetime -> naive UTC-equivalent datetime, so aware and naive dates compare."""
    offset = date.utcoffset()
    return date.replace(tzinfo=None) - offset if offset is not None else date


def _day_numbers(docs: list[RelatedDoc]) -> npt.NDArray[np.float64]:
    """Articles -> days since 1970 (UTC), NaN for an undated article."""
    return np.array(
        [
            (_naive(d.date) - _EPOCH).total_seconds() / _SECONDS_PER_DAY
            if d.date is not None
            else np.nan
            for d in docs
        ],
        dtype=np.float64,
    )


def _closeness(
    days: npt.NDArray[np.float64],
    index: IntArray,
    half_life_days: float,
    only: IntArray | None = None,
) -> FloatArray:
    """Day numbers, candidates (of the rows `only`, when given) -> 2 ** (-days apart /
    half-life) per pair, 0 when a date is missing."""
    apart = np.abs((days if only is None else days[only])[:, None] - days[index])
    closeness = np.exp2(-apart / half_life_days)
    return np.nan_to_num(closeness, nan=0.0).astype(np.float32)
