"""Clean many sources, reusing the cache and spreading new work over the CPU cores."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tickertape.cache import (
    CleanCache,
    article_from_json,
    article_to_json,
    dump_value,
    source_key,
)
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


def file_status(path: str) -> str:
    """A source path -> its and its sidecar's status (size, times, inode) as one string.

    The change time moves on every write to a file (no tool can set it back),
    so an equal status means the bytes are those last hashed.
    """
    parts = []
    for name in (path, path + ".meta"):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
    return "|".join(parts)


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


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """A list -> consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# How much lower the cleaning processes run than the build process (nice(2)).
_WORKER_NICENESS = 3


def _yield_to_reader() -> None:
    """In a cleaning process: run a little below the process reading the results."""
    # The build process turns each cleaned source into an article as it
    # arrives; were it to fall behind, it would be left doing that alone
    # once the cleaning is over, with a core idle.
    try:
        os.nice(_WORKER_NICENESS)
    except OSError:
        pass


def _clean_paths(paths: list[str], derivers: tuple[Deriver, ...]) -> list[tuple[str, str,
                                                                               Derived]]:
    """Source paths -> their _clean_path results (one task for a cleaning process)."""
    return [_clean_path(p, derivers) for p in paths]


def _clean_path(path: str, derivers: tuple[Deriver, ...] = ()) -> tuple[str, str, Derived]:
    """A source path -> (path, its result as the cache's JSON text, derived rows)."""
    # The JSON text is made here, in the cleaning process: the build process
    # only stores it (one string is also far cheaper to pass back than a dict).
    data, sidecar = _read(path)
    value = clean_bytes(path, data, sidecar)
    derived: Derived = []
    story = value.get("article")
    if derivers and story is not None:
        # The title as published: a sidecar's title wins over the cleaned one.
        title = dict(value["sidecar"]).get("title") or story.get("title") or ""
        for derive in derivers:
            derived.extend(derive(title, story.get("text") or ""))
    return path, dump_value(value), derived


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
        # Cleaning in progress: tasks handed to the pool (None once taken), the
        # task of each source, and results taken but not read yet (JSON text).
        self._pool: ProcessPoolExecutor | None = None
        self._tasks: list[Future[list[tuple[str, str, Derived]]] | None] = []
        self._task_of: dict[str, int] = {}
        self._arrived: dict[str, str] = {}
        self._cleaned_now: set[str] = set()  # keys cleaned by this build, not a previous one
        # Sources in the order prepare() saw them (Pelican reads them in that order):
        # cached values are fetched a batch at a time, not one query per source.
        self._order: list[str] = []
        self._position: dict[str, int] = {}
        self._batch: dict[str, dict[str, Any]] = {}
        self.derived_ahead = 0  # derived values computed while cleaning (see set_deriver)
        # Results not stored yet: written a few hundred at a time, since each
        # transaction costs about a millisecond whatever its size.
        self._unsaved: list[tuple[str, str]] = []
        self._outstanding = 0  # tasks whose results were not taken yet
        self._unsaved_derived: dict[str, list[tuple[str, bytes]]] = {}

    def _key(self, path: str, data: bytes, sidecar: bytes) -> str:
        key = source_key(data, sidecar, self.version)
        # Normalised: Pelican lists files as "<root>/./name" but reads "<root>/name".
        self._keys[os.path.normpath(path)] = key
        return key

    # Sources hashed per cache query, and sources per task sent to a cleaning process.
    _SCAN = 512
    _TASK = 16

    def prepare(self, paths: Iterable[str]) -> int:
        """Start cleaning every source not in the cache yet, across the cores -> how many.

        The results are taken as the sources are read (`clean`), so reading
        the stories already cleaned overlaps the cleaning of the next ones;
        `finish` takes whatever is left and stops the cleaning processes.
        """
        order: list[str] = []  # every source that could be hashed, in the order given
        pending: list[str] = []  # new sources not handed to the pool yet
        # Values other plugins derive from each story are computed here too,
        # where the work is spread over the cores; they find them in the cache.
        derivers = tuple(_DERIVERS.values()) if self.cache else ()
        # A source whose file status is what it was when last hashed (with
        # this cleaner version) keeps its key without being read again.
        hashed = self.cache.source_stats() if self.cache else {}
        statuses: list[tuple[str, str, str]] = []  # (path, status, key) of sources hashed now
        todo = 0
        for chunk in _chunks(list(paths), self._SCAN):
            found: dict[str, str] = {}
            for path in chunk:
                try:
                    status = f"{self.version}|{file_status(path)}"
                    last = hashed.get(path)
                    if last is not None and last[0] == status:
                        found[path] = self._keys[os.path.normpath(path)] = last[1]
                        continue
                    found[path] = self._key(path, *_read(path))
                except OSError:
                    continue  # the reader reports unreadable files one by one
                statuses.append((path, status, found[path]))
            order.extend(found)
            known = self.cache.has(list(found.values())) if self.cache else set()
            new = [p for p, k in found.items() if k not in known]
            todo += len(new)
            pending.extend(new)
            # Cleaning starts while the rest is still being read and hashed.
            if self.workers > 1 and len(pending) > 8:
                self._submit(pending, derivers)
                pending = []
        self._order = [os.path.normpath(p) for p in order]
        self._position = {p: i for i, p in enumerate(self._order)}
        if self.cache is not None:
            self.cache.put_source_stats(statuses)
        if pending and self.workers > 1:
            # Even a source or two: the first cleaning in a process loads the
            # cleaner's modules and compiles its patterns (a few tenths of a
            # second), which a cleaning process does while Pelican reads the rest.
            self._submit(pending, derivers)
        elif pending:
            self._arrive(_clean_paths(pending, derivers))
        return todo

    def _submit(self, paths: list[str], derivers: tuple[Any, ...]) -> None:
        """Hand sources to the cleaning processes (started on first use)."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             initializer=_yield_to_reader)
        for part in _chunks(paths, self._TASK):
            for path in part:
                self._task_of[os.path.normpath(path)] = len(self._tasks)
            self._tasks.append(self._pool.submit(_clean_paths, part, derivers))
            self._outstanding += 1

    def key_of(self, path: str) -> str | None:
        """A source path -> its key as prepare() found it (None if it could not be read)."""
        return self._keys.get(os.path.normpath(path))

    def read_only(self, paths: Iterable[str]) -> None:
        """The sources that will be read after all (others are known already): cached
        values are fetched ahead for these alone."""
        self._order = [os.path.normpath(p) for p in paths]
        self._position = {p: i for i, p in enumerate(self._order)}

    def _collect(self, task: int) -> None:
        """Take the results of one cleaning task (waiting for it if need be)."""
        future = self._tasks[task]
        if future is not None:
            self._tasks[task] = None
            self._outstanding -= 1
            self._arrive(future.result())

    def finish(self) -> None:
        """Take every cleaning result not taken yet and store them; stop the cleaning
        processes."""
        try:
            for task in range(len(self._tasks)):
                self._collect(task)
            self._store()
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None

    _STORE_EVERY = 512

    def _arrive(self, results: list[tuple[str, str, Derived]]) -> None:
        """Cleaned results (path, value as JSON text, derived rows) -> kept for `clean`
        and stored in the cache (a batch at a time)."""
        keys = [self._keys[os.path.normpath(p)] for p, _, _ in results]
        self._cleaned_now.update(keys)
        self._arrived.update((os.path.normpath(p), v) for p, v, _ in results)
        if self.cache is None:
            return
        self._unsaved.extend((k, v) for k, (_, v, _) in zip(keys, results, strict=True))
        for _, _, derived in results:
            for kind, key, blob in derived:
                self._unsaved_derived.setdefault(kind, []).append((key, blob))
        # Stored when the batch is full, and when the last results are in: what
        # other plugins derived is in the cache once every source is read.
        if len(self._unsaved) >= self._STORE_EVERY or not self._outstanding:
            self._store()

    def _store(self) -> None:
        """Write the results not stored yet into the cache."""
        if self.cache is None:
            return
        if self._unsaved:
            self.cache.put_many_json(self._unsaved)
            self._unsaved = []
        for kind, rows in self._unsaved_derived.items():
            self.cache.put_derived(kind, rows)
            self.derived_ahead += len(rows)
        self._unsaved_derived = {}

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
        norm = os.path.normpath(path)
        task = self._task_of.pop(norm, None)
        if task is not None:
            self._collect(task)
        text = self._arrived.pop(norm, None)
        if text is not None:  # cleaned by this build just now
            return _result(path, json.loads(text), from_cache=False)
        key = self._keys.get(norm)
        if key is not None and self.cache is not None:
            # prepare() read and hashed this file moments ago in this build.
            value = self._batch.pop(key, None) or self._fetch(norm, key)
            if value is not None:
                return _result(path, value, from_cache=key not in self._cleaned_now)
        data, sidecar = _read(path)
        key = self._key(path, data, sidecar)
        if self.cache is not None:
            value = self.cache.get(key)
            if value is not None:
                return _result(path, value, from_cache=key not in self._cleaned_now)
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
