"""The fitted related-posts model of one archive, and its bytes (JSON and raw arrays, no pickle).

A state holds what scoring a new article against the archive needs without
fitting again: the vocabulary and word weights, the latent basis, every
article's vectors and its current candidates with their final scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ByteArray = npt.NDArray[np.uint8]

# Bumped when the layout changes, so an old blob reads as unusable.
_FORMAT = 3
_MAGIC = b"TTRELATED\x00"


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
    """RelatedState -> bytes: a JSON header (strings, array layout) and the raw arrays."""
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "digests": state.digests,
        "idf": state.idf,
        "days": state.days,
        "latent": state.latent,
        "moved": state.moved,
        "index": state.index.astype(np.int32),
        "score": state.score,
        "copy": state.copy,
    }
    if state.components is not None:
        arrays["components"] = state.components
    for name, matrix in (("body", state.body), ("title", state.title), ("tickers", state.tickers)):
        arrays[f"{name}_data"] = matrix.data
        arrays[f"{name}_indices"] = matrix.indices.astype(np.int32)
        arrays[f"{name}_indptr"] = matrix.indptr.astype(np.int64)
    header = {
        "format": _FORMAT,
        "settings": state.settings,
        "code": state.code,
        "fitted": state.fitted,
        "keys": state.keys,
        "vocabulary": state.vocabulary,
        "symbols": state.symbols,
        "shapes": {
            name: m.shape
            for name, m in (
                ("body", state.body),
                ("title", state.title),
                ("tickers", state.tickers),
            )
        },
        "arrays": [[name, a.dtype.str, a.shape] for name, a in arrays.items()],
    }
    # ASCII JSON keeps any key (even a lone surrogate) exact; raw arrays load as views
    # with no parsing, which keeps a 19,000-story state's round trip near 0.1 s.
    head = json.dumps(header, ensure_ascii=True).encode("ascii")
    parts = [_MAGIC, len(head).to_bytes(8, "little"), head]
    parts.extend(np.ascontiguousarray(a).tobytes() for a in arrays.values())
    return b"".join(parts)


def state_from_bytes(data: bytes) -> RelatedState:
    """Bytes made by state_to_bytes -> RelatedState (ValueError when they are not one)."""
    try:
        if not data.startswith(_MAGIC):
            raise ValueError("no related-state marker")
        size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little")
        offset = len(_MAGIC) + 8 + size
        header = json.loads(data[len(_MAGIC) + 8 : offset].decode("ascii"))
        if header["format"] != _FORMAT:
            raise ValueError(f"related state format {header['format']}, expected {_FORMAT}")
        arrays: dict[str, npt.NDArray[Any]] = {}
        for name, dtype, shape in header["arrays"]:
            kind = np.dtype(dtype)
            count = int(np.prod(shape, dtype=np.int64))
            if offset + count * kind.itemsize > len(data):
                raise ValueError(f"related state truncated at {name}")
            arrays[name] = np.frombuffer(data, kind, count, offset).reshape(shape)
            offset += count * kind.itemsize
        matrices = {
            name: sp.csr_matrix(
                (arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"]),
                shape=tuple(header["shapes"][name]),
            )
            for name in ("body", "title", "tickers")
        }
        return RelatedState(
            settings=str(header["settings"]),
            code=str(header["code"]),
            fitted=int(header["fitted"]),
            keys=tuple(header["keys"]),
            digests=arrays["digests"],
            vocabulary=tuple(header["vocabulary"]),
            idf=arrays["idf"],
            components=arrays.get("components"),
            latent=arrays["latent"],
            moved=arrays["moved"],
            body=matrices["body"],
            title=matrices["title"],
            tickers=matrices["tickers"],
            symbols=tuple(header["symbols"]),
            days=arrays["days"],
            index=arrays["index"].astype(np.int64),
            score=arrays["score"],
            copy=arrays["copy"],
        )
    except (KeyError, IndexError, TypeError, UnicodeDecodeError) as error:
        # A truncated or foreign blob: the caller fits again.
        raise ValueError(f"not a related-posts state: {error!r}") from error
