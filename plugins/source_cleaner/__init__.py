"""source_cleaner: read scraped .html pages and .txt dumps as articles.

Signals: `initialized` opens the cache of cleaned sources; `readers_init`
registers the readers; `article_generator_init` starts cleaning every new or
changed source across all cores, into the cache (a rebuild cleans only what
changed), and the reader takes each result as Pelican reads the source, so
reading overlaps cleaning; an unchanged source is not read at all: Pelican
gets back the article object an earlier build made from it
(`kept_articles`); `article_generator_pretaxonomy` drops near-duplicate
stories (`tickertape.dedupe`) and gives colliding slugs a suffix so no
article overwrites another; `article_generator_finalized` marks what Pelican
published; `finalized` writes the build report (JSON) and logs a one-line
summary. Cleaning itself lives in `tickertape`; this module only adapts it.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import chain
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime, order_content

from tickertape import aside
from tickertape.cache import CleanCache, cleaner_version, code_version, text_key
from tickertape.dedupe import DedupeDoc, Signature, find_duplicates, sign_text
from tickertape.errors import UnreadableSource
from tickertape.pictures import link_pictures
from tickertape.pipeline import Derived, SourceCleaner, publishable, set_deriver
from tickertape.plugin_guard import enabled_for
from tickertape.report import BuildReport

from .kept_articles import KeptArticles

logger = logging.getLogger(__name__)
NAME = "source_cleaner"


@dataclass(frozen=True)
class Settings:
    """SOURCE_CLEANER_* settings."""

    report_path: str = "build/report.json"
    cache_path: str = "cache"  # "" turns the cache off
    workers: int = 0  # 0: one per CPU core
    extensions: tuple[str, ...] = ("html", "htm", "txt", "gz")
    keep_articles: bool = True  # with the cache: unchanged sources are not read again

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Settings:
        path = settings.get("SOURCE_CLEANER_REPORT_PATH", cls.report_path)
        if not isinstance(path, str) or not path:
            logger.warning("%s: SOURCE_CLEANER_REPORT_PATH must be a path; using %s", NAME,
                           cls.report_path)
            path = cls.report_path
        cache = settings.get("SOURCE_CLEANER_CACHE_PATH", cls.cache_path)
        if cache is not None and not isinstance(cache, str):
            logger.warning("%s: SOURCE_CLEANER_CACHE_PATH must be a path or empty; using %s",
                           NAME, cls.cache_path)
            cache = cls.cache_path
        workers = settings.get("SOURCE_CLEANER_WORKERS", cls.workers)
        if not isinstance(workers, int) or workers < 0:
            logger.warning("%s: SOURCE_CLEANER_WORKERS must be 0 or more; using 0", NAME)
            workers = 0
        keep = settings.get("SOURCE_CLEANER_KEEP_ARTICLES", cls.keep_articles)
        if not isinstance(keep, bool):
            logger.warning("%s: SOURCE_CLEANER_KEEP_ARTICLES must be True or False; using True",
                           NAME)
            keep = True
        return cls(report_path=path, cache_path=cache or "", workers=workers,
                   keep_articles=keep)


class _Build:
    """State of the build in progress (reset by `initialized`)."""

    report = BuildReport()
    started = time.perf_counter()
    content_path = "."
    content_root = os.path.join(os.path.abspath("."), "")
    stage_start = time.perf_counter()
    cleaner: SourceCleaner | None = None
    kept: KeptArticles | None = None


def _relative(path: str) -> str:
    # Sources live under the content folder: strip it as text, the common case
    # of tens of thousands per build; anything else goes through relpath.
    root = _Build.content_root
    if path.startswith(root) and ".." not in path and "/./" not in path:
        return path[len(root):]
    try:
        return os.path.relpath(path, _Build.content_path)
    except ValueError:
        return path


def _safe_datetime(value: datetime) -> SafeDatetime:
    """A datetime -> Pelican's SafeDatetime, keeping the time zone."""
    return SafeDatetime(value.year, value.month, value.day, value.hour, value.minute,
                        value.second, value.microsecond, tzinfo=value.tzinfo)


class ScrapedSourceReader(BaseReader):
    """Pelican reader for raw scraped sources (full HTML pages and text dumps)."""

    enabled = True
    file_extensions = list(Settings.extensions)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        rel = _relative(source_path)
        cleaner = _Build.cleaner or SourceCleaner(None, cleaner_version(), workers=1)
        try:
            result = cleaner.clean(source_path)
            article = publishable(result, rel)
        except OSError as exc:
            return self._skip(rel, f"cannot read file ({exc.strerror or exc})")
        except UnreadableSource as exc:
            return self._skip(rel, exc.reason, kind=result.kind, encoding=result.encoding,
                              from_cache=result.from_cache)
        assert article.date is not None and article.title is not None
        metadata: dict[str, Any] = {
            "title": article.title,
            "date": _safe_datetime(article.date),
            "summary": article.summary,
            "plain_text": article.text,
            "source_url": article.url or "",
            "source_kind": result.kind,
        }
        if article.author:
            metadata["author"] = self.process_metadata("author", article.author)
        category = dict(result.sidecar).get("category")
        if category:
            metadata["category"] = self.process_metadata("category", category)
        _Build.report.publish(
            rel,
            kind=result.kind,
            encoding=result.encoding,
            replacement_chars=result.replacements,
            removed_blocks=len(article.removed),
            removed_chars=article.removed_chars,
            kept_chars=len(article.text),
            from_cache=result.from_cache,
        )
        _Build.report.count("from_cache" if result.from_cache else "cleaned")
        return link_pictures(article.html), metadata

    def _skip(self, rel: str, reason: str, **details: Any) -> tuple[str, dict[str, Any]]:
        logger.warning("%s: %s: %s", NAME, rel, reason)
        _Build.report.skip(rel, reason, **details)
        # "skip" makes Pelican pass over the file quietly: the warning above says why.
        return "", {"title": rel, "status": "skip"}


def add_readers(readers: Any) -> None:
    """readers_init: our reader takes .html/.htm/.txt/.gz from Pelican's own."""
    if not enabled_for(NAME, readers):
        return
    for ext in ScrapedSourceReader.file_extensions:
        readers.reader_classes[ext] = ScrapedSourceReader


def start_build(pelican: Any) -> None:
    """initialized: a fresh report and cleaner (with its cache) for this build."""
    if not enabled_for(NAME, pelican):
        return
    settings = Settings.from_settings(pelican.settings)
    _Build.report = BuildReport()
    _Build.started = time.perf_counter()
    # The report is written by a child beside the other plugins' last files.
    aside.expect(pelican, NAME)
    _Build.content_path = pelican.settings["PATH"]
    _Build.content_root = os.path.join(os.path.abspath(_Build.content_path), "")
    cache = None
    if settings.cache_path:
        cache = CleanCache(os.path.join(settings.cache_path, "cleaned.sqlite"))
    _Build.cleaner = SourceCleaner(cache, cleaner_version(), workers=settings.workers or None)
    # Signatures for the duplicate check are computed by the cleaning processes.
    set_deriver(NAME, derive_signature)


def clean_ahead(generator: Any) -> None:
    """article_generator_init: start cleaning every new or changed source, in parallel."""
    if not enabled_for(NAME, generator):
        return
    # Other plugins add their counters (pages reused, ...) to this build's report.
    generator.context["tickertape_report"] = _Build.report
    if _Build.cleaner is None:
        return
    # ...and keep what they derive from each article (tickers, signatures, rankings)
    # in the same cache, so a rebuild recomputes only what changed.
    generator.context["tickertape_cache"] = _Build.cleaner.cache
    start = time.perf_counter()
    quick_include_path(generator)
    skip_idle_reader_check(generator)
    files = list(generator.get_files(generator.settings["ARTICLE_PATHS"],
                                     exclude=generator.settings["ARTICLE_EXCLUDES"]))
    list_files_once(generator, files)
    skip_reader_stamps(generator)
    quick_source_paths(generator)
    quick_summary_links(generator)
    paths = [os.path.join(generator.path, f) for f in files]
    # Cleaning runs on while Pelican reads: each source's result is taken as
    # it is read, so "read" includes waiting for sources still being cleaned.
    cleaned = _Build.cleaner.prepare(paths)
    _Build.kept = None
    keep = Settings.from_settings(generator.settings).keep_articles
    if _Build.cleaner.cache is not None and keep:
        keep_articles(generator, files, paths, _Build.cleaner.cache)
    _Build.report.timings["clean"] = time.perf_counter() - start
    _Build.stage_start = time.perf_counter()
    logger.info("%s: cleaned %d new or changed sources of %d", NAME, cleaned, len(paths))


def list_files_once(generator: Any, files: list[str]) -> None:
    """Pelican's next listing of the article files (in generate_context) -> this one.

    Walking the content folder and matching every name against the ignore
    patterns again, moments later, would find the same files.
    """
    walk = generator.get_files

    def listed(paths: Any, exclude: Any = None, extensions: Any = None) -> Any:
        generator.get_files = walk  # once: any later listing walks the folder
        if (paths, exclude, extensions) == (generator.settings["ARTICLE_PATHS"],
                                            generator.settings["ARTICLE_EXCLUDES"], None):
            # In the order the sources went to the cleaning processes (a set
            # made anew could iterate in another), so Pelican reads each
            # source about when its cleaning is done, not long before or after.
            return dict.fromkeys(files).keys()
        return walk(paths, exclude=exclude, extensions=extensions)

    generator.get_files = listed


def _one_pattern(globs: list[str]) -> re.Pattern[str] | None:
    """Shell-style patterns (IGNORE_FILES) -> one regular expression matching a name that
    any of them matches (None for no patterns): tens of thousands of names are each
    matched once, not once per pattern."""
    if not globs:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(g))})" for g in globs))


def quick_include_path(generator: Any) -> None:
    """Pelican's test of each listed file (ignored name? extension read?), matching
    all of IGNORE_FILES at once."""
    # Pelican's own test lists the readers' extensions again and matches each
    # ignore pattern in turn, for every file: 0.2 s under a profiler for the
    # 19k sources of the Reuters benchmark.
    ignored = _one_pattern(generator.settings.get("IGNORE_FILES", []))
    readers: list[tuple[str, ...]] = []

    def include_path(path: str, extensions: Any = None) -> bool:
        if extensions is None:
            if not readers:  # the readers are all known once files are listed
                readers.append(tuple(generator.readers.extensions))
            extensions = readers[0]
        basename = os.path.basename(path)
        if ignored is not None and ignored.match(os.path.normcase(basename)):
            return False
        return extensions is False or os.path.splitext(basename)[1][1:] in extensions

    generator._include_path = include_path


def skip_idle_reader_check(generator: Any) -> None:
    """Pelican's second walk of the content folder, for files only a disabled reader
    would read, made only when a reader is disabled (else it finds none)."""
    # Walking 19k sources and testing each name again: 0.07 s per build.
    check = generator.check_disabled_readers

    def check_disabled_readers() -> None:
        if list(generator.readers.disabled_extensions):
            check()

    generator.check_disabled_readers = check_disabled_readers


def quick_summary_links(generator: Any) -> None:
    """Pelican's last pass over the summaries (links to other pages resolved again,
    once every page is known), without the pattern search where no link can be."""
    # An intrasite link sits in a tag's attribute: a summary without "<" has
    # none, and Pelican's pass would give it back as it is, after a search
    # set up anew for each story (0.23 s for 18k stories).
    refresh_all = generator.refresh_metadata_intersite_links
    pelicans = Content.refresh_metadata_intersite_links

    def refresh_metadata_intersite_links() -> None:
        if list(generator.settings.get("FORMATTED_FIELDS", [])) != ["summary"]:
            refresh_all()
            return
        for item in chain(generator.articles, generator.translations, generator.drafts,
                          generator.drafts_translations, generator.hidden_articles,
                          generator.hidden_translations):
            refresh = getattr(type(item), "refresh_metadata_intersite_links", None)
            if refresh is None:
                continue
            if refresh is not pelicans:
                item.refresh_metadata_intersite_links()
                continue
            # Pelican's steps for "summary", the search skipped when it finds nothing.
            if hasattr(item, "_summary"):
                item.metadata["summary"] = item._summary
            if "summary" in item.metadata:
                value = item.metadata["summary"]
                if value and "<" in value:
                    value = item._update_content(value, item.get_siteurl())
                item.metadata["summary"] = value
                item._summary = value

    generator.refresh_metadata_intersite_links = refresh_metadata_intersite_links


def quick_source_paths(generator: Any) -> None:
    """Pelican's record of each source's content (by path relative to the content
    folder), without a relpath call per source."""
    # os.path.relpath makes both paths absolute and compares them part by
    # part: 0.3 s under a profiler for 19k sources. A source
    # under the content folder is that folder's path and a separator, then
    # its relative path.
    root = os.path.join(os.path.abspath(generator.settings["PATH"]), "")
    record = generator.add_source_path
    context = generator.context

    def add_source_path(content: Any, static: bool = False) -> None:
        path = getattr(content, "source_path", None)
        if static or not path or os.sep != "/":
            record(content, static)
            return
        path = os.path.normpath(path)
        if not path.startswith(root):
            record(content, static)
            return
        context["generated_content"][path[len(root):]] = content

    generator.add_source_path = add_source_path


def skip_reader_stamps(generator: Any) -> None:
    """Without Pelican's reader-level cache, its lookups and stores do nothing."""
    # Each still takes the file's modification time: two system calls per
    # source, tens of thousands per build, for a cache that is off.
    settings = generator.settings
    if settings.get("CONTENT_CACHING_LAYER") == "reader" and (
            settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    readers = getattr(generator, "readers", None)
    if readers is not None:
        readers.get_cached_data = lambda path, default=None: default
        readers.cache_data = lambda path, data: None


def keep_articles(generator: Any, files: list[str], paths: list[str], cache: CleanCache) -> None:
    """Hand Pelican the articles kept from earlier builds for unchanged sources, and keep
    the articles it reads now (through its own per-file cache hooks)."""
    assert _Build.cleaner is not None
    kept = KeptArticles(cache, generator.settings, generator.context)
    keys = {}
    for name, path in zip(files, paths, strict=True):
        key = _Build.cleaner.key_of(path)
        if key is not None:
            keys[name] = key
    found = kept.find(keys)
    _Build.cleaner.read_only(p for f, p in zip(files, paths, strict=True) if f not in found)
    generator.get_cached_data = partial(_take_kept, kept)
    generator.cache_data = partial(_keep_read, kept)
    _Build.kept = kept


_DETAILS = ("kind", "encoding", "replacement_chars", "removed_blocks", "removed_chars",
            "kept_chars")


def _take_kept(kept: KeptArticles, name: str, default: Any = None) -> Any:
    """Pelican's cache lookup: a kept article, published as if read from the cache."""
    found = kept.take(name)
    if found is None:
        return default
    article, details = found
    _Build.report.publish(_relative(article.source_path), from_cache=True, **details)
    _Build.report.count("from_cache")
    return article


def _keep_read(kept: KeptArticles, name: str, article: Any) -> None:
    """Pelican's cache store: an article just read is kept, with its report details."""
    entry = _Build.report.entries.get(_relative(article.source_path))
    if entry is not None and entry.status == "published":
        kept.keep(name, article, {k: getattr(entry, k) for k in _DETAILS})


_SIGNATURE_VERSION: list[str] = []


def _signature_version() -> str:
    """-> digest of the duplicate finder's code (computed once per process)."""
    if not _SIGNATURE_VERSION:
        _SIGNATURE_VERSION.append(code_version("dedupe"))
    return _SIGNATURE_VERSION[0]


def derive_signature(title: str, text: str) -> Derived:
    """A cleaned story's title and text -> its MinHash signature as a derived-cache row."""
    return [("minhash", text_key(_signature_version(), text), sign_text(text).to_bytes())]


def sign_texts(texts: list[str], cache: CleanCache | None) -> tuple[list[str], list[Signature]]:
    """Story texts -> (a digest of each, their MinHash signatures), computing only the
    signatures not cached yet."""
    version = _signature_version()
    keys = [text_key(version, t) for t in texts]
    if cache is None:
        return keys, [sign_text(t) for t in texts]
    found = {k: Signature.from_bytes(v)
             for k, v in cache.get_derived("minhash", list(set(keys))).items()}
    new: dict[str, Signature] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in found and key not in new:
            new[key] = sign_text(text)
    if new:
        cache.put_derived("minhash", [(k, v.to_bytes()) for k, v in new.items()])
    _Build.report.count("signatures_from_cache",
                        cache.count_earlier("minhash", (k for k in keys if k not in new)))
    return keys, [found.get(k) or new[k] for k in keys]


_PAIRS = "dedupe-pair:"  # kind of the verdicts on compared pairs, then the code's digest


def _pair_kind() -> str:
    return f"{_PAIRS}{_signature_version()}"


def known_verdicts(cache: CleanCache | None) -> dict[tuple[str, str], bool]:
    """-> whether two texts were found duplicates in earlier builds, by their digests."""
    if cache is None:
        return {}
    found = {}
    for key, value in cache.all_derived(_pair_kind()).items():
        earlier, _, later = key.partition(":")
        found[(earlier, later)] = value == b"1"
    return found


def keep_verdicts(cache: CleanCache | None, verdicts: dict[tuple[str, str], bool],
                  keys: list[str]) -> None:
    """Store the verdicts on pairs of texts still published (those of texts gone are
    dropped)."""
    if cache is None:
        return
    present = set(keys)
    kind = _pair_kind()
    cache.drop_other_kinds(_PAIRS, kind)
    cache.put_derived(kind, [
        (f"{a}:{b}", b"1" if same else b"0") for (a, b), same in verdicts.items()
        if a in present and b in present], only=True)


def drop_duplicates(generator: Any) -> None:
    """Publish a story scraped twice (or syndicated under another title) once: the earliest."""
    ordered = sorted(generator.articles, key=lambda a: (a.date, a.source_path))
    docs = [DedupeDoc(a.source_path, getattr(a, "plain_text", "")) for a in ordered]
    cache = generator.context.get("tickertape_cache")
    keys, signatures = sign_texts([d.text for d in docs], cache)
    # Two texts compared in an earlier build are not compared again: a rebuild
    # compares only the pairs a new story takes part in.
    verdicts = known_verdicts(cache)
    known = len(verdicts)
    duplicates = find_duplicates(docs, signatures, verdicts, keys)
    if len(verdicts) != known:
        _Build.report.count("duplicate_pairs_compared", len(verdicts) - known)
        keep_verdicts(cache, verdicts, keys)
    if not duplicates:
        return
    for dup, kept in sorted(duplicates.items()):
        rel, kept_rel = _relative(dup), _relative(kept)
        logger.warning("%s: %s: duplicate of %s, not published", NAME, rel, kept_rel)
        _Build.report.skip(rel, f"duplicate of {kept_rel}", duplicate_of=kept_rel)
    generator.articles[:] = [a for a in generator.articles if a.source_path not in duplicates]


def fix_slug_collisions(generator: Any) -> None:
    """Two stories with one title get distinct URLs instead of overwriting each other."""
    seen: set[str] = set()
    for article in sorted(generator.articles, key=lambda a: (a.date, a.source_path)):
        base, n = article.slug, 1
        while article.slug in seen:
            n += 1
            article.slug = f"{base}-{n}"
        seen.add(article.slug)


def prepare_articles(generator: Any) -> None:
    """article_generator_pretaxonomy: drop near-duplicates, then make slugs unique."""
    if not enabled_for(NAME, generator):
        return
    if _Build.cleaner is not None:
        _Build.cleaner.finish()
        if _Build.cleaner.derived_ahead:
            _Build.report.count("derived_while_cleaning", _Build.cleaner.derived_ahead)
    _Build.report.add_time("read", time.perf_counter() - _Build.stage_start)
    start = time.perf_counter()
    drop_duplicates(generator)
    _Build.report.add_time("duplicates", time.perf_counter() - start)
    fix_slug_collisions(generator)
    # Pelican reads files in set order, which changes from run to run: stories
    # with the same date would swap places between two builds of the same
    # sources. Order by source path first, then by Pelican's own order (stable).
    generator.articles.sort(key=lambda a: a.source_path)
    generator.articles[:] = order_content(generator.articles,
                                          generator.settings["ARTICLE_ORDER_BY"])
    # The slug is final now: fix each URL once. Pelican would otherwise format
    # the URL pattern again on every access (tens of thousands per build).
    if _Build.kept is None:
        for article in generator.articles:
            fix_url(article)
        return
    fix_urls_kept(generator.articles, _Build.kept)
    # Every source is read and every URL formatted: the articles read now are
    # stored by a child process while the build ranks and writes.
    _Build.kept.store_aside()


def fix_urls_kept(articles: list[Any], kept: KeptArticles) -> None:
    """Articles -> their URLs fixed, those of kept articles whose slug is the one of the
    build that read them taken as that build formatted them."""
    for article in articles:
        urls = kept.urls_of(article)
        if urls is not None:
            article.override_url, article.override_save_as = urls
        else:
            fix_url(article)


def fix_url(article: Any) -> None:
    """An article -> its url and save_as fixed as Pelican would format them, in one go."""
    # Pelican builds the pattern's fields (metadata, slug, date, ...) anew for
    # each of the two: here they are built once for both.
    missing = [k for k in ("url", "save_as") if not hasattr(article, "override_" + k)]
    if not missing:
        return
    fields = article.url_format
    klass = "draft" if article.status == "draft" else "article"
    lang = "" if article.in_default_lang else "lang_"
    for key in missing:
        pattern = article.settings[f"{klass}_{lang}{key}".upper()]
        setattr(article, "override_" + key, str(pattern).format(**fields))


def mark_published(generator: Any) -> None:
    """article_generator_finalized: sources Pelican dropped are reported as skipped."""
    if not enabled_for(NAME, generator):
        return
    _Build.stage_start = time.perf_counter()
    published = {_relative(a.source_path) for a in generator.articles}
    published |= {_relative(a.source_path) for a in getattr(generator, "drafts", [])}
    for source, entry in _Build.report.entries.items():
        if entry.status == "published" and source not in published and not entry.duplicate_of:
            _Build.report.skip(source, "dropped by Pelican (invalid or duplicate metadata)")
    for article in generator.articles:
        entry = _Build.report.entries.get(_relative(article.source_path))
        if entry is not None:
            entry.tickers = [t.symbol for t in getattr(article, "tickers", [])]


def _list_sources(settings: dict[str, Any]) -> list[str]:
    """Every file under the content folder that is meant as a source."""
    ignored = _one_pattern([*settings.get("IGNORE_FILES", []), "*.meta", "SOURCES.md"])
    assert ignored is not None
    root = settings["PATH"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not ignored.match(d)]
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else os.path.join(rel, "")
        found.extend(prefix + name for name in files if not ignored.match(name))
    return found


def write_report(pelican: Any) -> None:
    """finalized: unread files are listed too; write the JSON report, log the summary."""
    if not enabled_for(NAME, pelican):
        return
    settings = Settings.from_settings(pelican.settings)
    for source in _list_sources(pelican.settings):
        if source not in _Build.report.entries:
            _Build.report.skip(source, "no reader for this file type")
    # Everything after the articles were read: related ranking (timed on its
    # own), then pages, feeds, sitemaps; "write" is that minus the ranking.
    after = time.perf_counter() - _Build.stage_start
    _Build.report.add_time("write", after - _Build.report.timings.get("related", 0.0))
    _Build.report.timings["total"] = time.perf_counter() - _Build.started
    if _Build.cleaner is not None:
        _Build.cleaner.finish()
    if _Build.kept is not None:
        if _Build.kept.taken:
            _Build.report.count("articles_kept", _Build.kept.taken)
        _Build.kept.save()
        _Build.kept = None
    if _Build.cleaner is not None and _Build.cleaner.cache is not None:
        _Build.cleaner.cache.close()
        _Build.cleaner = None
    report, summary = _Build.report, _Build.report.summary_line()
    # Tens of thousands of entries take a few tenths of a second to write:
    # a child does it while the sitemaps are written (tickertape.aside).
    aside.hand_over(pelican, NAME, lambda: report.write(settings.report_path))
    logger.info("%s: %s", NAME, summary)
    print(f"tickertape: {summary} (report: {settings.report_path})")


def register() -> None:
    signals.initialized.connect(start_build)
    signals.readers_init.connect(add_readers)
    signals.article_generator_init.connect(clean_ahead)
    signals.article_generator_pretaxonomy.connect(prepare_articles)
    signals.article_generator_finalized.connect(mark_published)
    signals.finalized.connect(write_report)
