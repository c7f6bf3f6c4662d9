"""Related posts: rank, for every article, the articles most like it (text, tickers, time).

The text score blends two cosines of TF-IDF vectors: the exact one, with body and
title as separate fields, and one in a latent semantic space (truncated SVD of
body + title), which matches stories that tell the same news in other words.
Pseudo-relevance feedback then nudges each article towards its best neighbours.
Candidates are found block by block (a few hundred rows of the latent similarity
at a time, top-k per row), so memory grows with the corpus, never its square.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from importlib import metadata
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

# One dense block of the similarity holds at most this many float32 cells (32 MiB);
# with its few same-sized temporaries, ranking 19,043 Reuters stories peaks about
# 140 MiB above the resident corpus.
_BLOCK_CELLS = 1 << 23
_SECONDS_PER_DAY = 86400.0
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class RelatedDoc:
    """One article as the ranking sees it: key (slug), title, plain text, date, ticker symbols."""

    key: str
    title: str
    text: str
    date: datetime | None
    tickers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelatedSettings:
    """Weights of the related-posts ranking.

    Defaults come from `python -m bench.related --tune` on Reuters-21578: each
    setting swept around the others on the even-NEWID half of the topical pool
    (ranked on its own), the odd half shown alongside as a check. Where P@5 is
    flat within the sweep's noise (about 0.002), the cheaper or plainer value won.
    """

    limit: int = 5
    # Added to the score times the cosine of the two ticker sets (1.0 for the same
    # set). It costs Reuters P@5 0.0005 (company codes as tickers; 0.2 costs 0.001),
    # where stories on one company often carry different topics; on a ticker site
    # those are the links a reader wants, so the boost lifts a same-company article
    # over a slightly closer text without pairing unrelated texts on the ticker alone.
    ticker_weight: float = 0.1
    # The text score is multiplied by 1 + recency_weight * 2 ** (-days apart / half-life):
    # among equally close texts the one nearer in time wins. Reuters P@5 is flat up
    # to 0.1 and falls beyond (0.2 costs 0.0016), so it stays a tie-breaker; it is
    # flat in the half-life from 3 to 90 days.
    recency_weight: float = 0.05
    half_life_days: float = 30.0
    # Pairs below this are not shown. Scores run higher in bigger archives, so no
    # one cut fits every size: in random Reuters archives of 40-300 stories, 40-50%
    # of the listed pairs scoring 0.2-0.25 share a topic, 23-38% at 0.15-0.2, and
    # 20% of random pairs do. From 1,000 stories up no listed pair scores under 0.25.
    min_score: float = 0.2
    # Two bodies with a TF-IDF cosine at or above this are copies of one story
    # (re-sent or syndicated, often under another title); a copy is never listed as
    # related to the other. On Reuters, pairs of 20+ word bodies at 0.9 and above
    # are re-sends of one story; 0.8-0.9 holds follow-ups (January vs February figures).
    duplicate_threshold: float = 0.9
    # ...but only between bodies of at least this many distinct indexed words: below
    # it, formulaic notices (dividend declarations of two different companies) reach
    # a cosine of 0.95 without being one story.
    duplicate_min_terms: int = 20
    # Weight of the title vector added to the body vector (both unit length); news
    # headlines name the subject, and 0.3-0.5 gains 0.015 P@5 over the body alone.
    title_weight: float = 0.4
    # Share of the exact TF-IDF cosine in the text score; the rest is the latent
    # cosine. Latent alone beats TF-IDF alone (P@5 0.894 vs 0.886); the blend is
    # flat from 0.15 to 0.6 (0.895-0.897) and keeps exact word matches (names,
    # figures) in the score.
    lexical_weight: float = 0.3
    # Latent dimensions (truncated SVD). P@5 is flat from 64 to 100, 0.002 lower at
    # 150-200 and 0.005 lower at 250. A corpus with fewer documents or terms than
    # this is compared in the full space.
    dimensions: int = 100
    # Candidates kept per article from the block search before the final scoring;
    # 20 and 50 give the same P@5, 10 loses 0.001.
    candidates: int = 30
    # Pseudo-relevance feedback: each article's latent vector is moved towards the
    # weighted mean of its `feedback_docs` best candidates (by `feedback` times that
    # mean) and the latent cosines are taken again, which favours candidates that
    # agree with the article's whole neighbourhood rather than with one word
    # (+0.002 P@5 on the even half, +0.003 on the odd, over none).
    feedback: float = 1.0
    feedback_docs: int = 10

    def __post_init__(self) -> None:
        if self.limit < 0 or self.duplicate_min_terms < 0:
            raise ValueError("limit and duplicate_min_terms must be >= 0")
        if min(self.candidates, self.dimensions, self.feedback_docs) < 1:
            raise ValueError("candidates, dimensions and feedback_docs must be >= 1")
        if self.half_life_days <= 0:
            raise ValueError("half_life_days must be > 0")
        if not 0.0 <= self.lexical_weight <= 1.0:
            raise ValueError("lexical_weight must be within [0, 1]")
        negative = [
            name
            for name in ("ticker_weight", "recency_weight", "title_weight", "feedback")
            if getattr(self, name) < 0
        ]
        if negative:
            raise ValueError(f"weights must be >= 0: {', '.join(negative)}")


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
    them), the settings, this module's code and the numeric libraries'
    versions: equal digests give equal rankings.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for lib in ("numpy", "scipy", "scikit-learn", "threadpoolctl"):
        try:
            digest.update(f"{lib}={metadata.version(lib)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{lib}=none;".encode())
    digest.update(repr(settings).encode())
    for doc in sorted(docs, key=lambda d: d.key):
        date = doc.date.isoformat() if doc.date is not None else ""
        for part in (doc.key, doc.title, doc.text, date, "\x1f".join(doc.tickers)):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
    return digest.hexdigest()


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
    ordered = _order_docs(docs)
    keys = [d.key for d in ordered]
    if len(ordered) < 2:
        return RelatedIndex({key: [] for key in keys}, {})
    cands = _score_candidates(ordered, settings)
    related: dict[str, list[str]] = {}
    for i, key in enumerate(keys):
        keep = ~cands.copy[i] & (cands.score[i] >= settings.min_score)
        idx, score = cands.index[i][keep], cands.score[i][keep]
        # Indices follow key order, so sorting by (-score, index) breaks ties by key.
        order = np.lexsort((idx, -score))[: settings.limit]
        related[key] = [keys[j] for j in idx[order]]
    copies = np.nonzero(cands.copy)
    pairs = zip(copies[0].tolist(), cands.index[copies].tolist(), strict=True)
    return RelatedIndex(related, _group_duplicates(ordered, pairs))


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


def _score_candidates(docs: list[RelatedDoc], settings: RelatedSettings) -> _Candidates:
    """Key-ordered articles -> each one's top candidates, final scores and copy flags."""
    k = min(len(docs) - 1, max(settings.candidates, settings.limit))
    # One BLAS thread: on a shared two-core machine OpenBLAS threads spinning against
    # each other made the SVD three to five times slower than a single thread.
    with threadpool_limits(limits=1, user_api="blas"):
        body, title, combined = _vectorize(docs, settings.title_weight)
        latent = _project_latent(combined, settings.dimensions)
        tickers = _ticker_matrix(docs)
        index, latent_cos, ticker_overlap = _search_blocks(
            latent, tickers, settings.ticker_weight, k
        )
        body_cos = _pair_cosines(body, index)
        lexical_cos = _fielded_cosines(body, body_cos, title, index, settings.title_weight)
        a = settings.lexical_weight
        text = a * lexical_cos + (1.0 - a) * latent_cos
        if settings.feedback > 0:
            latent_cos = _feed_back(latent, index, text, settings.feedback, settings.feedback_docs)
            text = a * lexical_cos + (1.0 - a) * latent_cos
    if settings.recency_weight > 0:
        text *= 1.0 + settings.recency_weight * _closeness(docs, index, settings.half_life_days)
    score = text + settings.ticker_weight * ticker_overlap
    terms = np.diff(body.indptr)
    long_enough = terms >= settings.duplicate_min_terms
    copy = (body_cos >= settings.duplicate_threshold) & long_enough[:, None] & long_enough[index]
    return _Candidates(index, score.astype(np.float32), copy)


def _vectorize(
    docs: list[RelatedDoc], title_weight: float
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """Articles -> unit TF-IDF rows of (body, title, body + title_weight * title)."""
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
        return empty, empty, empty
    body_counts, title_counts = counts[:n], counts[n:]
    # Document frequency counts articles, not fields; sublinear tf damps long lists of
    # figures that repeat one word.
    weighting = TfidfTransformer(sublinear_tf=True).fit(body_counts + title_counts)
    body = sp.csr_matrix(weighting.transform(body_counts), dtype=np.float32)
    title = sp.csr_matrix(weighting.transform(title_counts), dtype=np.float32)
    combined = sp.csr_matrix(normalize(body + title_weight * title), dtype=np.float32)
    return body, title, combined


def _project_latent(matrix: sp.csr_matrix, dimensions: int) -> FloatArray:
    """Unit TF-IDF rows -> unit rows in the latent space (or the full space when it is small)."""
    n, terms = matrix.shape
    if min(n, terms) <= dimensions:
        # Nothing to truncate: the full space gives the exact cosine.
        return np.asarray(matrix.toarray(), dtype=np.float32)
    # Two power iterations: more sharpened the decomposition without helping the
    # ranking on Reuters (P@5 within 0.001) and cost seconds on 19k stories.
    from sklearn.preprocessing import normalize
    from sklearn.utils.extmath import randomized_svd

    u, s, _ = randomized_svd(matrix, dimensions, n_iter=2, random_state=0)
    latent = normalize(u * s)
    return np.asarray(latent, dtype=np.float32)


def _ticker_matrix(docs: list[RelatedDoc]) -> sp.csr_matrix:
    """Articles -> unit rows over ticker symbols, so a row product is the set cosine."""
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, doc in enumerate(docs):
        for symbol in sorted({t.strip().upper() for t in doc.tickers if t.strip()}):
            rows.append(i)
            cols.append(columns.setdefault(symbol, len(columns)))
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(docs), max(len(columns), 1)))
    from sklearn.preprocessing import normalize

    return sp.csr_matrix(normalize(matrix), dtype=np.float32)


def _blocks(rows: int, width: int) -> Iterator[tuple[int, int]]:
    """Rows, row width -> consecutive (start, stop) row blocks of about _BLOCK_CELLS cells."""
    step = max(1, _BLOCK_CELLS // max(width, 1))
    for start in range(0, rows, step):
        yield start, min(rows, start + step)


def _search_blocks(
    latent: FloatArray, tickers: sp.csr_matrix, ticker_weight: float, k: int
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Latent rows, ticker rows -> top-k (index, latent cosine, ticker overlap) per row."""
    n = latent.shape[0]
    index = np.empty((n, k), dtype=np.int64)
    latent_cos = np.empty((n, k), dtype=np.float32)
    overlap = np.zeros((n, k), dtype=np.float32)
    use_tickers = ticker_weight > 0 and tickers.nnz > 0
    tickers_t = tickers.T.tocsr()

    def search(start: int, stop: int) -> None:
        rows = np.arange(stop - start)
        # The block is scored in place (no copy of a block-sized array): ticker
        # overlaps are added at their few nonzero cells, then taken off again.
        sims = latent[start:stop] @ latent.T
        shared = None
        if use_tickers:
            shared = sp.csr_matrix(tickers[start:stop] @ tickers_t)
            cells = shared.tocoo()
            sims[cells.row, cells.col] += ticker_weight * cells.data
        sims[rows, rows + start] = -np.inf
        chosen = _top_k(sims, k)
        index[start:stop] = chosen
        latent_cos[start:stop] = np.take_along_axis(sims, chosen, axis=1)
        if shared is not None:
            found = np.asarray(shared[rows[:, None], chosen].toarray(), dtype=np.float32)
            overlap[start:stop] = found
            latent_cos[start:stop] -= ticker_weight * found

    # Blocks write disjoint rows, and the matrix product, partition and sorts
    # release the GIL: threads search blocks side by side, one per CPU core.
    blocks = list(_blocks(n, n))
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


def _pair_cosines(matrix: sp.csr_matrix, index: IntArray) -> FloatArray:
    """Unit rows, candidate indices (n x k) -> cosine of each row with each of its candidates."""
    n, k = index.shape
    out = np.zeros((n, k), dtype=np.float32)
    if matrix.nnz == 0:
        return out
    # Rows are repeated once per candidate; at about a hundred terms per article
    # each expanded operand stays near 30 MiB.
    step = max(1, _BLOCK_CELLS // (256 * k))
    for start in range(0, n, step):
        stop = min(n, start + step)
        left = matrix[np.repeat(np.arange(start, stop), k)]
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
) -> FloatArray:
    """Body cosines, title rows, candidates -> cosine of the [body, weight * title] vectors."""
    # Body and title as separate fields: the body cosine is needed anyway for the
    # duplicate test, and titles are short, so this costs one cheap pass more.
    w2 = title_weight * title_weight
    title_cos = _pair_cosines(title, index)
    # Rows are unit length or empty, so each squared field norm is 0 or 1.
    sq = _row_presence(body) + w2 * _row_presence(title)
    norm = np.sqrt(sq)
    denom = norm[:, None] * norm[index]
    dots = body_cos + w2 * title_cos
    cosines: FloatArray = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    return cosines.astype(np.float32)


def _row_presence(matrix: sp.csr_matrix) -> FloatArray:
    """Sparse rows -> 1.0 for a row with any entry, else 0.0."""
    present: FloatArray = (np.diff(matrix.indptr) > 0).astype(np.float32)
    return present


def _feed_back(
    latent: FloatArray, index: IntArray, score: FloatArray, strength: float, top: int
) -> FloatArray:
    """Latent rows, candidates and their scores -> latent cosines after feedback."""
    from sklearn.preprocessing import normalize

    n, k = index.shape
    top = min(top, k)
    out = np.empty((n, k), dtype=np.float32)
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
        moved = normalize(latent[start:stop] + strength * mean).astype(np.float32)
        out[start:stop] = np.einsum("rd,rkd->rk", moved, latent[index[start:stop]])
    return out


def _naive(date: datetime) -> datetime:
    """Datetime -> naive UTC-equivalent datetime, so aware and naive dates compare."""
    offset = date.utcoffset()
    return date.replace(tzinfo=None) - offset if offset is not None else date


def _closeness(docs: list[RelatedDoc], index: IntArray, half_life_days: float) -> FloatArray:
    """Articles, candidates -> 2 ** (-days apart / half-life) per pair, 0 when a date is missing."""
    days = np.array(
        [
            (_naive(d.date) - _EPOCH).total_seconds() / _SECONDS_PER_DAY
            if d.date is not None
            else np.nan
            for d in docs
        ],
        dtype=np.float64,
    )
    apart = np.abs(days[:, None] - days[index])
    closeness = np.exp2(-apart / half_life_days)
    return np.nan_to_num(closeness, nan=0.0).astype(np.float32)
