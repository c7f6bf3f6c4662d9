"""source_cleaner: read scraped .html pages and .txt dumps as articles.

Signals: `readers_init` registers the readers; `article_generator_pretaxonomy`
drops near-duplicate stories (`tickertape.dedupe`) and gives colliding slugs a
suffix so no article overwrites another;
`article_generator_finalized` marks what Pelican published; `finalized`
writes the build report (JSON) and logs a one-line summary. Cleaning itself
lives in `tickertape.clean`; this module only adapts it to Pelican.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import time
from datetime import datetime
from dataclasses import dataclass, replace
from typing import Any

from pelican import signals
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from tickertape.clean import check_publishable, clean_source
from tickertape.dedupe import DedupeDoc, find_duplicates
from tickertape.errors import UnreadableSource
from tickertape.report import BuildReport
from tickertape.sidecar import read_sidecar
from tickertape.sources import read_source

logger = logging.getLogger(__name__)
NAME = "source_cleaner"


@dataclass(frozen=True)
class Settings:
    """SOURCE_CLEANER_* settings."""

    report_path: str = "build/report.json"
    extensions: tuple[str, ...] = ("html", "htm", "txt", "gz")

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Settings:
        path = settings.get("SOURCE_CLEANER_REPORT_PATH", cls.report_path)
        if not isinstance(path, str) or not path:
            logger.warning("%s: SOURCE_CLEANER_REPORT_PATH must be a path; using %s", NAME,
                           cls.report_path)
            path = cls.report_path
        return cls(report_path=path)


class _Build:
    """State of the build in progress (reset by `initialized`)."""

    report = BuildReport()
    started = time.perf_counter()
    content_path = "."


def _relative(path: str) -> str:
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
        try:
            source = read_source(source_path)
            sidecar = read_sidecar(source_path + ".meta")
            article = clean_source(source, url=sidecar.get("url"))
            title = sidecar.get("title") or article.title
            date = article.date
            if "date" in sidecar:
                date = self.process_metadata("date", sidecar["date"])
            author = sidecar.get("author") or article.author
            article = replace(article, title=title, date=date, author=author)
            check_publishable(article, rel)
        except UnreadableSource as exc:
            logger.warning("%s: %s: %s", NAME, rel, exc.reason)
            _Build.report.skip(rel, exc.reason)
            # "skip" makes Pelican pass over the file quietly: the warning above says why.
            return "", {"title": rel, "status": "skip"}
        assert article.date is not None
        metadata: dict[str, Any] = {
            "title": article.title,
            "date": _safe_datetime(article.date),
            "summary": article.summary,
            "plain_text": article.text,
            "source_url": article.url or "",
            "source_kind": source.kind,
            "removed_blocks": article.removed,
        }
        if article.author:
            metadata["author"] = self.process_metadata("author", article.author)
        if "category" in sidecar:
            metadata["category"] = self.process_metadata("category", sidecar["category"])
        _Build.report.publish(
            rel,
            kind=source.kind,
            encoding=source.encoding,
            replacement_chars=source.replacements,
            removed_blocks=len(article.removed),
            removed_chars=article.removed_chars,
            kept_chars=len(article.text),
        )
        return article.html, metadata


def add_readers(readers: Any) -> None:
    """readers_init: our reader takes .html/.htm/.txt/.gz from Pelican's own."""
    for ext in ScrapedSourceReader.file_extensions:
        readers.reader_classes[ext] = ScrapedSourceReader


def start_build(pelican: Any) -> None:
    """initialized: a fresh report for this build."""
    _Build.report = BuildReport()
    _Build.started = time.perf_counter()
    _Build.content_path = pelican.settings["PATH"]


def drop_duplicates(generator: Any) -> None:
    """Publish a story scraped twice (or syndicated under another title) once: the earliest."""
    ordered = sorted(generator.articles, key=lambda a: (a.date, a.source_path))
    docs = [DedupeDoc(a.source_path, getattr(a, "plain_text", "")) for a in ordered]
    duplicates = find_duplicates(docs)
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
    drop_duplicates(generator)
    fix_slug_collisions(generator)


def mark_published(generator: Any) -> None:
    """article_generator_finalized: sources Pelican dropped are reported as skipped."""
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
    ignore = list(settings.get("IGNORE_FILES", [])) + ["*.meta", "SOURCES.md"]
    root = settings["PATH"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not any(fnmatch.fnmatch(d, p) for p in ignore)]
        for name in files:
            if not any(fnmatch.fnmatch(name, p) for p in ignore):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return found


def write_report(pelican: Any) -> None:
    """finalized: unread files are listed too; write the JSON report, log the summary."""
    settings = Settings.from_settings(pelican.settings)
    for source in _list_sources(pelican.settings):
        if source not in _Build.report.entries:
            _Build.report.skip(source, "no reader for this file type")
    _Build.report.timings["total"] = time.perf_counter() - _Build.started
    _Build.report.write(settings.report_path)
    logger.info("%s: %s", NAME, _Build.report.summary_line())
    print(f"tickertape: {_Build.report.summary_line()} (report: {settings.report_path})")


def register() -> None:
    signals.initialized.connect(start_build)
    signals.readers_init.connect(add_readers)
    signals.article_generator_pretaxonomy.connect(prepare_articles)
    signals.article_generator_finalized.connect(mark_published)
    signals.finalized.connect(write_report)
