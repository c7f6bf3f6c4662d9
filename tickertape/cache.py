"""A cache of cleaned sources, keyed by source bytes + sidecar + cleaner version.

A rebuild reads only new or changed sources: everything else comes back from
one SQLite file. The cleaner version is a digest of the cleaning code itself
(and the extractor libraries' versions), so changing a rule invalidates
every entry without anyone having to remember to bump a number.

The same file holds derived data (ticker mentions, MinHash signatures, the
related-posts ranking) in a second table, by kind and key. Keys are digests
of everything the value is computed from, including the computing code
(`code_version`), so a stale entry is never looked up rather than deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from tickertape.models import CleanArticle, RemovedBlock

_CLEANING_MODULES = ("clean", "textdump", "dumpmeta", "htmlpage", "htmlrules", "widgets", "dates",
                     "figures", "sanitize", "shrink", "sources", "models")
_LIBRARIES = ("trafilatura", "nh3", "lxml", "readability-lxml", "htmldate", "justext")


def cleaner_version() -> str:
    """-> a digest of the cleaning code and the versions of the libraries it uses."""
    digest = hashlib.sha256(code_version(*_CLEANING_MODULES).encode())
    for lib in _LIBRARIES:
        try:
            digest.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{lib}=none".encode())
    return digest.hexdigest()[:16]


def code_version(*modules: str, data: tuple[str, ...] = ()) -> str:
    """Core module names (and files under tickertape/data) -> a digest of their bytes."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in (*(f"{m}.py" for m in modules), *(f"data/{d}" for d in data)):
        path = package / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


def text_key(*parts: str) -> str:
    """Strings (a version, settings, a text) -> one digest, with the parts kept apart."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def source_key(data: bytes, sidecar: bytes, version: str) -> str:
    """Source bytes, sidecar bytes and cleaner version -> the cache key."""
    digest = hashlib.sha256(version.encode())
    digest.update(len(data).to_bytes(8, "little"))
    digest.update(data)
    digest.update(sidecar)
    return digest.hexdigest()


def article_to_json(article: CleanArticle) -> dict[str, Any]:
    """CleanArticle -> a JSON-ready dict."""
    # Field by field: dataclasses.asdict deep-copies every value on the way,
    # a tenth of the time spent cleaning a short wire story.
    data = {f.name: getattr(article, f.name) for f in fields(article)}
    data["date"] = article.date.isoformat() if article.date else None
    names = [f.name for f in fields(RemovedBlock)]
    data["removed"] = [{n: getattr(b, n) for n in names} for b in article.removed]
    return data


def article_from_json(data: dict[str, Any]) -> CleanArticle:
    """A dict made by article_to_json -> CleanArticle."""
    fields = dict(data)
    fields["date"] = datetime.fromisoformat(data["date"]) if data.get("date") else None
    fields["removed"] = tuple(RemovedBlock(**b) for b in data.get("removed", ()))
    return CleanArticle(**fields)


def dump_value(value: dict[str, Any]) -> str:
    """A cleaned result -> the JSON text the cache stores."""
    return json.dumps(value, ensure_ascii=False)


class CleanCache:
    """Cleaned sources in one SQLite file: key -> JSON value."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS cleaned (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS derived "
                         "(kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))")
        self._db.execute("CREATE TABLE IF NOT EXISTS source_stats "
                         "(path TEXT PRIMARY KEY, stat TEXT, key TEXT)")
        # Derived rows stored through this handle (this build): a lookup that
        # finds one of them did not reuse an earlier build's work.
        self.stored_now: set[tuple[str, str]] = set()

    def get(self, key: str) -> dict[str, Any] | None:
        """A key -> the stored value, or None."""
        row = self._db.execute("SELECT value FROM cleaned WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _rows_for(self, query: str, keys: list[str], *params: str) -> Iterator[tuple[Any, ...]]:
        """A SELECT ending in `IN ({marks})` and keys -> its rows, 500 keys per query
        (SQLite caps the parameters of one statement)."""
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            yield from self._db.execute(query.format(marks=",".join("?" * len(chunk))),
                                        [*params, *chunk])

    def has(self, keys: list[str]) -> set[str]:
        """Keys -> those present in the cache."""
        return {r[0] for r in self._rows_for("SELECT key FROM cleaned WHERE key IN ({marks})",
                                             keys)}

    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Keys -> {key: stored value} for those present (one query per 500 keys)."""
        return {k: json.loads(v) for k, v in self._rows_for(
            "SELECT key, value FROM cleaned WHERE key IN ({marks})", keys)}

    # From this many keys on, every row of the kind is read and filtered here:
    # one pass over the kind's part of the index beats thousands of lookups.
    _SCAN_FROM = 2000

    def get_derived(self, kind: str, keys: list[str]) -> dict[str, bytes]:
        """A kind and keys -> {key: stored bytes} for those present."""
        if len(keys) >= self._SCAN_FROM:
            wanted = set(keys)
            return {k: bytes(v) for k, v in self._rows_of(kind) if k in wanted}
        return {k: bytes(v) for k, v in self._rows_for(
            "SELECT key, value FROM derived WHERE kind = ? AND key IN ({marks})", keys, kind)}

    def all_derived(self, kind: str) -> dict[str, bytes]:
        """A kind -> {key: stored bytes} for every row of it."""
        return {k: bytes(v) for k, v in self._rows_of(kind)}

    def _rows_of(self, kind: str) -> Iterator[tuple[str, Any]]:
        return iter(self._db.execute("SELECT key, value FROM derived WHERE kind = ?", (kind,)))

    def put_derived(self, kind: str, items: list[tuple[str, bytes]], *,
                    only: bool = False) -> None:
        """Store (key, bytes) pairs of a kind; `only` first drops every other entry of it."""
        # Whole-build results (one per build) would pile up: they keep only the latest.
        self.stored_now.update((kind, k) for k, _ in items)
        with self._db:
            if only:
                self._db.execute("DELETE FROM derived WHERE kind = ?", (kind,))
            self._db.executemany(
                "INSERT OR REPLACE INTO derived (kind, key, value) VALUES (?, ?, ?)",
                [(kind, k, v) for k, v in items])

    def _file_of(self, kind: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{kind}.bin")

    def put_file(self, kind: str, key: str, data: bytes) -> None:
        """Store the one large value of a kind (replacing the last) as a file beside the
        database, under its key."""
        # Tens of megabytes written into SQLite go through its journal and
        # then into the database: twice the writing, and a second of it.
        path = self._file_of(kind)
        part = path.with_name(path.name + ".part")
        with open(part, "wb") as out:
            out.write(key.encode() + b"\n")
            out.write(data)
        os.replace(part, path)
        self.stored_now.add((kind, key))
        with self._db:  # a value of this kind stored in the database by an older version
            self._db.execute("DELETE FROM derived WHERE kind = ?", (kind,))

    def get_file(self, kind: str, key: str) -> bytes | None:
        """A kind and key -> the value stored by put_file under that key, or None."""
        try:
            with open(self._file_of(kind), "rb") as handle:
                if handle.readline().rstrip(b"\n") != key.encode():
                    return None
                return handle.read()
        except OSError:
            return None

    def drop_other_kinds(self, prefix: str, keep: str) -> None:
        """Delete the derived rows of every kind starting with prefix, except kind `keep`."""
        # A range on the primary key's first column: no scan of the whole table.
        with self._db:
            self._db.execute("DELETE FROM derived WHERE kind >= ? AND kind < ? AND kind != ?",
                             (prefix, prefix + "\U0010ffff", keep))

    def source_stats(self) -> dict[str, tuple[str, str]]:
        """-> {source path: (its file status when last hashed, its key then)}."""
        return {path: (stat, key) for path, stat, key in
                self._db.execute("SELECT path, stat, key FROM source_stats")}

    def put_source_stats(self, rows: list[tuple[str, str, str]]) -> None:
        """Remember (path, file status, key) of sources just hashed."""
        if rows:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO source_stats (path, stat, key) VALUES (?, ?, ?)", rows)

    def count_earlier(self, kind: str, keys: Iterable[str]) -> int:
        """A kind and keys found in the cache -> how many were stored by an earlier build."""
        return sum((kind, k) not in self.stored_now for k in keys)

    def put_many(self, items: list[tuple[str, dict[str, Any]]]) -> None:
        """Store many (key, value) pairs in one transaction."""
        self.put_many_json([(k, dump_value(v)) for k, v in items])

    def put_many_json(self, items: list[tuple[str, str]]) -> None:
        """Store many (key, value as made by dump_value) pairs in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO cleaned (key, value) VALUES (?, ?)", items)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
