"""Clean many sources, reusing the cache and spreading new work over the CPU cores."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from tickertape.cache import CleanCache, article_from_json, article_to_json, source_key
from tickertape.clean import check_publishable, clean_source
from tickertape.dates import date_from_url, parse_date
from tickertape.errors import UnreadableSource
from tickertape.models import CleanArticle
from tickertape.sidecar import parse_sidecar
from tickertape.sources import read_source_bytes

# A value derived from a published story's (title, text): (kind, key, bytes)
# rows for the derived-value cache. Derivers run in the cleaning processes, so
# a cold build computes them on every core instead of one by one afterwards.
Derived = list[tuple[str, str, bytes]]
Deriver = Callable[[str, str], Derived]
_DERIVERS: dict[str, Deriver] = {}


def set_deriver(name: str, deriver: Deriver | None) -> None:
    """Register (or with None, drop) a function deriving cache rows from each cleaned story."""
    if deriver is None:
        _DERIVERS.pop(name, None)
    else:
        _DERIVERS[name] = deriver


@dataclass(frozen=True)
class SourceResult:
    """The outcome of cleaning one source: an article, or the reason there is none."""

    path: str
    article: CleanArticle | None
    reason: str = ""
    kind: str = ""
    encoding: str = ""
    replacements: int = 0
    sidecar: tuple[tuple[str, str], ...] = ()
    from_cache: bool = False


def _read(path: str) -> tuple[bytes, bytes]:
    data = Path(path).read_bytes()
    try:
        sidecar = Path(path + ".meta").read_bytes()
    except FileNotFoundError:
        sidecar = b""
    return data, sidecar


def clean_bytes(path: str, data: bytes, sidecar_bytes: bytes) -> dict[str, Any]:
    """One source's bytes and sidecar -> a JSON-ready result (article, or reason)."""
    sidecar = parse_sidecar(sidecar_bytes.decode("utf-8", errors="replace"))
    out: dict[str, Any] = {"sidecar": sorted(sidecar.items())}
    try:
        source = read_source_bytes(data, path)
        out.update(kind=source.kind, encoding=source.encoding, replacements=source.replacements)
        article = clean_source(source, url=sidecar.get("url"))
    except UnreadableSource as exc:
        out["reason"] = exc.reason
        return out
    out["article"] = article_to_json(article)
    return out


def _clean_path(path: str, derivers: tuple[Deriver, ...] = ()) -> tuple[str, dict[str, Any],
                                                                         Derived]:
    data, sidecar = _read(path)
    value = clean_bytes(path, data, sidecar)
    derived: Derived = []
    story = value.get("article")
    if derivers and story is not None:
        # The title as published: a sidecar's title wins over the cleaned one.
        title = dict(value["sidecar"]).get("title") or story.get("title") or ""
        for derive in derivers:
            derived.extend(derive(title, story.get("text") or ""))
    return path, value, derived


def _result(path: str, value: dict[str, Any], from_cache: bool) -> SourceResult:
    article = article_from_json(value["article"]) if "article" in value else None
    return SourceResult(
        path=path, article=article, reason=value.get("reason", ""),
        kind=value.get("kind", ""), encoding=value.get("encoding", ""),
        replacements=value.get("replacements", 0),
        sidecar=tuple(tuple(kv) for kv in value.get("sidecar", ())),
        from_cache=from_cache,
    )


class SourceCleaner:
    """Cleans sources by path, through a cache when one is given."""

    def __init__(self, cache: CleanCache | None, version: str, workers: int | None = None) -> None:
        self.cache = cache
        self.version = version
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._keys: dict[str, str] = {}
        self._fresh: dict[str, dict[str, Any]] = {}
        self._cleaned_now: set[str] = set()  # keys cleaned by this build, not a previous one
        # Sources in the order prepare() saw them (Pelican reads them in that order):
        # cached values are fetched a batch at a time, not one query per source.
        self._order: list[str] = []
        self._position: dict[str, int] = {}
        self._batch: dict[str, dict[str, Any]] = {}
        self.derived_ahead = 0  # derived values computed while cleaning (see set_deriver)

    def _key(self, path: str, data: bytes, sidecar: bytes) -> str:
        key = source_key(data, sidecar, self.version)
        # Normalised: Pelican lists files as "<root>/./name" but reads "<root>/name".
        self._keys[os.path.normpath(path)] = key
        return key

    def prepare(self, paths: Iterable[str]) -> int:
        """Clean every source not in the cache yet, in parallel -> how many were cleaned."""
        todo: list[str] = []
        keys: dict[str, str] = {}
        for path in paths:
            try:
                keys[path] = self._key(path, *_read(path))
            except OSError:
                continue  # the reader reports unreadable files one by one
        self._order = [os.path.normpath(p) for p in keys]
        self._position = {p: i for i, p in enumerate(self._order)}
        known = self.cache.has(list(keys.values())) if self.cache else set()
        todo = [p for p, k in keys.items() if k not in known]
        if not todo:
            return 0
        # Values other plugins derive from each story are computed here too,
        # where the work is spread over the cores; they find them in the cache.
        work = partial(_clean_path, derivers=tuple(_DERIVERS.values()) if self.cache else ())
        if self.workers > 1 and len(todo) > 8:
            with ProcessPoolExecutor(max_workers=self.workers) as pool:
                # Results are stored as they arrive, while the pool cleans on.
                batch: list[tuple[str, dict[str, Any], Derived]] = []
                for result in pool.map(work, todo, chunksize=16):
                    batch.append(result)
                    if len(batch) == 512:
                        self._store(batch, keys)
                        batch = []
                self._store(batch, keys)
        else:
            self._store([work(p) for p in todo], keys)
        return len(todo)

    def _store(self, results: list[tuple[str, dict[str, Any], Derived]],
               keys: dict[str, str]) -> None:
        """Cleaned results (path, value, derived rows) -> into the cache (or memory)."""
        self._cleaned_now.update(keys[p] for p, _, _ in results)
        if self.cache is None:
            self._fresh.update((p, v) for p, v, _ in results)
            return
        self.cache.put_many([(keys[p], v) for p, v, _ in results])
        by_kind: dict[str, list[tuple[str, bytes]]] = {}
        for _, _, derived in results:
            for kind, key, blob in derived:
                by_kind.setdefault(kind, []).append((key, blob))
        for kind, rows in by_kind.items():
            self.cache.put_derived(kind, rows)
            self.derived_ahead += len(rows)

    _BATCH = 256

    def _fetch(self, path: str, key: str) -> dict[str, Any] | None:
        """Cached value of `key`, fetching those of the next sources in the same query."""
        assert self.cache is not None
        start = self._position.get(path)
        if start is None:
            return self.cache.get(key)
        ahead = [self._keys[p] for p in self._order[start : start + self._BATCH]]
        self._batch = self.cache.get_many(ahead)
        return self._batch.pop(key, None)

    def clean(self, path: str) -> SourceResult:
        """A source path -> its SourceResult (from the cache when possible)."""
        key = self._keys.get(os.path.normpath(path))
        if key is not None and self.cache is not None:
            # prepare() read and hashed this file moments ago in this build.
            value = self._batch.pop(key, None) or self._fetch(os.path.normpath(path), key)
            if value is not None:
                return _result(path, value, from_cache=key not in self._cleaned_now)
        data, sidecar = _read(path)
        key = self._key(path, data, sidecar)
        if self.cache is not None:
            value = self.cache.get(key)
            if value is not None:
                return _result(path, value, from_cache=key not in self._cleaned_now)
        elif path in self._fresh:
            return _result(path, self._fresh.pop(path), from_cache=False)
        value = clean_bytes(path, data, sidecar)
        if self.cache is not None:
            self.cache.put_many([(key, value)])
        return _result(path, value, from_cache=False)


def publishable(result: SourceResult, rel: str) -> CleanArticle:
    """A SourceResult -> its article with sidecar metadata applied; raises UnreadableSource."""
    if result.article is None:
        raise UnreadableSource(rel, result.reason or "nothing to publish")
    side = dict(result.sidecar)
    date = result.article.date or date_from_url(side.get("url") or result.article.url)
    if "date" in side:
        date = sidecar_date(side["date"])
        if date is None:
            raise UnreadableSource(rel, f"sidecar date not understood: {side['date']!r}")
    article = replace(
        result.article,
        title=side.get("title") or result.article.title,
        author=side.get("author") or result.article.author,
        date=date,
    )
    check_publishable(article, rel)
    return article


def sidecar_date(text: str) -> datetime | None:
    """A sidecar's date value (ISO 8601 or a written date) -> datetime, or None."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return parse_date(text)
