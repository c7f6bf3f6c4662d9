"""The fitted related-posts model of one archive, and its bytes (numpy arrays, no pickle).

A state holds what scoring a new article against the archive needs without
fitting again: the vocabulary and word weights, the latent basis, every
article's vectors and its current candidates with their final scores.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ByteArray = npt.NDArray[np.uint8]

# Bumped when the layout of the arrays changes, so an old blob reads as unusable.
_FORMAT = 2


@dataclass(frozen=True, eq=False)
class RelatedState:
    """A fitted ranking: model, per-article vectors and candidates, all rows in key order.

    `settings` is the repr of the RelatedSettings and `code` the digest of the
    ranking code it was made with; `fitted` is how many articles the model was
    fitted on (later additions are scored into it). `components` is None when
    the latent space is the full TF-IDF space (a corpus smaller than the
    dimensions). `moved` holds each article's latent vector after feedback;
    `tickers` its unit row over the ticker `symbols`, `days` its date in days
    since 1970 (NaN: undated).
    Candidate `index` entries of -1 (score -inf) are empty slots.
    """

    settings: str
    code: str
    fitted: int
    keys: tuple[str, ...]
    digests: ByteArray
    vocabulary: tuple[str, ...]
    idf: npt.NDArray[np.float64]
    components: FloatArray | None
    latent: FloatArray
    moved: FloatArray
    body: sp.csr_matrix
    title: sp.csr_matrix
    tickers: sp.csr_matrix
    symbols: tuple[str, ...]
    days: npt.NDArray[np.float64]
    index: IntArray
    score: FloatArray
    copy: BoolArray


def state_to_bytes(state: RelatedState) -> bytes:
    """RelatedState -> bytes (an uncompressed .npz archive)."""
    keys, key_ends = _pack_strings(state.keys)
    words, word_ends = _pack_strings(state.vocabulary)
    symbols, symbol_ends = _pack_strings(state.symbols)
    meta = f"{_FORMAT}\n{state.code}\n{state.fitted}\n{state.settings}"
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "meta": np.frombuffer(meta.encode("utf-8", "surrogatepass"), dtype=np.uint8),
        "keys": keys,
        "key_ends": key_ends,
        "digests": state.digests,
        "words": words,
        "word_ends": word_ends,
        "idf": state.idf,
        "symbols": symbols,
        "symbol_ends": symbol_ends,
        "days": state.days,
        "full_space": np.array([state.components is None]),
        "components": (
            state.components if state.components is not None else np.zeros((0, 0), np.float32)
        ),
        "latent": state.latent,
        "moved": state.moved,
        "index": state.index.astype(np.int32),
        "score": state.score,
        "copy": state.copy,
    }
    for name, matrix in (("body", state.body), ("title", state.title), ("tickers", state.tickers)):
        arrays[f"{name}_data"] = matrix.data
        arrays[f"{name}_indices"] = matrix.indices.astype(np.int32)
        arrays[f"{name}_indptr"] = matrix.indptr.astype(np.int64)
        arrays[f"{name}_shape"] = np.array(matrix.shape, dtype=np.int64)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def state_from_bytes(data: bytes) -> RelatedState:
    """Bytes made by state_to_bytes -> RelatedState (ValueError when they are not one)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        version, code, fitted, settings = (
            arrays["meta"].tobytes().decode("utf-8", "surrogatepass").split("\n", 3)
        )
        if int(version) != _FORMAT:
            raise ValueError(f"related state format {version}, expected {_FORMAT}")
        matrices = {
            name: sp.csr_matrix(
                (
                    arrays[f"{name}_data"],
                    arrays[f"{name}_indices"],
                    arrays[f"{name}_indptr"],
                ),
                shape=tuple(int(x) for x in arrays[f"{name}_shape"]),
            )
            for name in ("body", "title", "tickers")
        }
        return RelatedState(
            settings=settings,
            code=code,
            fitted=int(fitted),
            keys=_unpack_strings(arrays["keys"], arrays["key_ends"]),
            digests=arrays["digests"],
            vocabulary=_unpack_strings(arrays["words"], arrays["word_ends"]),
            idf=arrays["idf"],
            components=None if bool(arrays["full_space"][0]) else arrays["components"],
            latent=arrays["latent"],
            moved=arrays["moved"],
            body=matrices["body"],
            title=matrices["title"],
            tickers=matrices["tickers"],
            symbols=_unpack_strings(arrays["symbols"], arrays["symbol_ends"]),
            days=arrays["days"],
            index=arrays["index"].astype(np.int64),
            score=arrays["score"],
            copy=arrays["copy"],
        )
    except (OSError, KeyError, IndexError, TypeError, EOFError, zipfile.BadZipFile) as error:
        # A truncated or foreign blob: the caller fits again.
        raise ValueError(f"not a related-posts state: {error}") from error


def _pack_strings(strings: tuple[str, ...]) -> tuple[ByteArray, IntArray]:
    """Strings -> (their UTF-8 bytes end to end, the end offset of each)."""
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), ends


def _unpack_strings(data: ByteArray, ends: IntArray) -> tuple[str, ...]:
    """Bytes end to end, end offsets -> the strings."""
    if len(ends) == 0:
        return ()
    raw = data.tobytes()
    starts = [0, *ends[:-1].tolist()]
    return tuple(
        raw[a:b].decode("utf-8", "surrogatepass")
        for a, b in zip(starts, ends.tolist(), strict=True)
    )
