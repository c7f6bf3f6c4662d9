"""Articles kept between builds: a source that did not change is not read again.

Pelican builds an Article object for every source on every build: metadata,
slug, dates in the site's format, URLs checked. For a source whose bytes,
sidecar and cleaner are what they were, and with the same settings, Pelican
version and reader code, that object comes out the same; it is stored in the
cache as it was right after reading (pickled, with the settings and the
build's context left out and this build's put in their place on loading) and handed back to Pelican
in place of reading the source again.

Each kept article is stored under a key that digests everything it was made
from, so a stale one is never looked up. Articles of other versions (code or
settings) are deleted when a build stores its own.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import pelican
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from tickertape.cache import CleanCache, text_key
from tickertape.fingerprint import digest_files, digest_values, plain_value
from tickertape.forked import Forked

logger = logging.getLogger(__name__)
KIND = "article"
# Rows of an earlier layout (URLs stored apart from their articles): dropped.
URL_KIND = "article-url"
# Settings that say where things are written or how many processes work:
# they change from build to build without changing an article.
_VOLATILE = ("OUTPUT_PATH", "TICKERTAPE_PREVIOUS_OUTPUT")


def kept_version(settings: dict[str, Any]) -> str:
    """Settings -> a digest of everything an article read from a source depends on
    besides the source itself (whose key covers the cleaner's code)."""
    reader_code = digest_files(Path(__file__).parent.glob("*.py"), root=Path(__file__).parent)
    shown = {k: plain_value(v) for k, v in settings.items()
             if k.isupper() and k not in _VOLATILE and not k.endswith("_WORKERS")}
    return digest_values(pelican.__version__, sys.version, pickle.HIGHEST_PROTOCOL, reader_code,
                         os.path.abspath(settings["PATH"]), shown)[:16]


# The settings and context of the build loading articles (see _restore): a
# module value, so that loading is plain pickle.loads. An unpickler handing
# them over in its find_class would run Python code for every class named in
# every kept article (a quarter of a second for 19k articles).
_LOADING: list[dict[str, Any]] = []


def _restore(cls: type, state: dict[str, Any], links: tuple[tuple[str, str], ...]) -> Any:
    """A pickled article (or category, author) -> the object, given this build's settings
    and context where the pickled one referred to its build's."""
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    if links:
        shared = _LOADING[-1]
        for attribute, name in links:
            obj.__dict__[attribute] = shared[name]
    return obj


class _Pickler(pickle.Pickler):
    """Pickles an article without the settings and context it shares with the build."""

    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = {id(v): k for k, v in shared.items()}

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects of classes only (not for every string and dict, as
        # persistent_id would be): an article refers to the settings and the
        # context by attribute, and so do its category and authors.
        if not isinstance(obj, (Content, URLWrapper)):
            return NotImplemented
        state = obj.__dict__
        names = self.names
        links = tuple((k, names[id(v)]) for k, v in state.items() if id(v) in names)
        if links:
            state = {k: v for k, v in state.items() if id(v) not in names}
        return _restore, (type(obj), state, links)


class KeptArticles:
    """The kept articles of one build: found for unchanged sources, stored for new ones."""

    def __init__(self, cache: CleanCache, settings: dict[str, Any],
                 context: dict[str, Any]) -> None:
        self.cache = cache
        self.version = kept_version(settings)
        self.kind = f"{KIND}:{self.version}"
        # Shared with the build, never stored: by identity, so the pickler
        # leaves them out wherever an article (or its category) refers to them.
        self.shared = {"settings": settings, "context": context}
        self._shared_ids = {id(v) for v in self.shared.values()}
        self.keys: dict[str, str] = {}  # file name (as Pelican lists it) -> its row key
        self.found: dict[str, bytes] = {}
        # Articles read in this build, as they were then: (row key, report
        # details, class, attributes, the article), pickled and stored aside
        # (store_aside) with the URLs the build gave the article.
        self.read: list[tuple[str, dict[str, Any], type, dict[str, Any], Any]] = []
        # id -> (kept article, slug, url, save_as) as an earlier build formatted them.
        self.kept_urls: dict[int, tuple[Any, str, str, str]] = {}
        self.storer: Forked | None = None
        self.taken = 0

    def find(self, source_keys: dict[str, str]) -> set[str]:
        """{file name: source key} -> the names whose article is kept (fetched now)."""
        self.keys = {name: text_key(self.version, key, name) for name, key in source_keys.items()}
        rows = self.cache.get_derived(self.kind, list(self.keys.values()))
        self.found = {name: rows[k] for name, k in self.keys.items() if k in rows}
        return set(self.found)

    def take(self, name: str, default: Any = None) -> Any:
        """A file name -> (its kept article, its report details), or default."""
        blob = self.found.pop(name, None)
        if blob is None:
            return default
        _LOADING.append(self.shared)
        try:
            details, article = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a row that does not load is read again
            return default
        finally:
            _LOADING.pop()
        self.taken += 1
        urls = details.pop("urls", None)
        if urls is not None:
            self.kept_urls[id(article)] = (article, *urls)
        return article, details

    def urls_of(self, article: Any) -> tuple[str, str] | None:
        """A kept article -> (url, save_as) as the build that read it formatted them, if
        its slug is still the one they were formatted with; else None."""
        known = self.kept_urls.get(id(article))
        if known is None or known[0] is not article or str(article.slug) != known[1]:
            return None
        return known[2], known[3]

    def keep(self, name: str, article: Any, details: dict[str, Any]) -> None:
        """Note an article just read (as it is now, before plugins add to it) for the next
        build."""
        key = self.keys.get(name)
        if key is None:
            return
        # Plugins set attributes later (tickers, related stories, URLs): a copy
        # of the attributes, and of the containers among them, keeps them out.
        shared = self._shared_ids
        state = {k: (v.copy() if isinstance(v, (dict, list)) and id(v) not in shared else v)
                 for k, v in vars(article).items()}
        self.read.append((key, details, type(article), state, article))

    def _pickled(self) -> list[tuple[str, bytes]]:
        """The articles noted by keep -> (row key, pickled bytes) pairs."""
        buffer = io.BytesIO()
        pickler = _Pickler(buffer, self.shared)
        rows, failed = [], []
        for key, details, cls, state, built in self.read:
            article = cls.__new__(cls)
            article.__dict__.update(state)
            # Everything a URL is formatted from is the article as read, but
            # for its slug (made unique among all stories): kept with the slug.
            urls = [getattr(built, f"override_{k}", None) for k in ("url", "save_as")]
            if all(isinstance(u, str) for u in urls):
                details = {**details, "urls": [str(built.slug), *urls]}
            buffer.seek(0)
            buffer.truncate()
            pickler.clear_memo()
            try:
                pickler.dump((details, article))
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                # A value some plugin gave that cannot be pickled: read it each build.
                failed.append(f"{state.get('source_path')}: {error}")
                continue
            rows.append((key, buffer.getvalue()))
        if failed:
            logger.warning("kept_articles: %d articles not kept for the next build (%s)",
                           len(failed), failed[0])
        return rows

    def store_aside(self) -> None:
        """Pickle and store the articles read in this build, with their URLs (formatted
        by now), from a child process (the build goes on meanwhile; `tickertape.forked`)."""
        if not self.read:
            return
        path = self.cache.path

        def store() -> int:
            # A connection must not cross a fork: the child opens its own.
            own = CleanCache(path)
            try:
                return self._store(own)
            finally:
                own.close()

        # Nothing waits on it until the build ends: it takes what the build leaves.
        self.storer = Forked(store, niceness=10)

    def _store(self, cache: CleanCache) -> int:
        rows = self._pickled()
        cache.put_derived(self.kind, rows)
        return len(rows)

    def save(self) -> None:
        """Store the articles read in this build (waiting for store_aside); drop those of
        other versions."""
        if self.storer is not None:
            done, _ = self.storer.result()
            self.storer = None
            if done:
                self.read = []
        if self.read:
            self._store(self.cache)
            self.read = []
        self.cache.drop_other_kinds(f"{KIND}:", self.kind)
        self.cache.drop_other_kinds(f"{URL_KIND}:", "")
