"""site_discovery: sitemap index, page sitemaps, a Google News sitemap and robots.txt.

Signals: `initialized` works out the absolute site address the templates use
for canonical and OpenGraph URLs (SITEURL, or SITE_DISCOVERY_SITEURL while
SITEURL is empty, as for `make serve`); `article_generator_finalized` starts
a child process working out when each page last changed; `finalized` lists
every written page (as the writer answers `tickertape_pages_done`, or by
walking the output folder) and writes the sitemaps and robots.txt. Dates come
from the stories, never the clock, so two builds of the same content give
identical files.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blinker import signal
from pelican import signals

from tickertape import aside
from tickertape.forked import Forked

from .sitemaps import (
    SITEMAP_MAX_URLS,
    NewsEntry,
    PageEntry,
    SitemapFile,
    as_utc,
    build_sitemaps,
    render_robots,
    select_news,
)

logger = logging.getLogger(__name__)
# Sent before the output folder is walked (incremental_writer finishes its pages).
PAGES_DONE = signal("tickertape_pages_done")
NAME = "site_discovery"
_TIME_OF_DAY = re.compile(r"%[-#]?[HIklMSpPfzZcXsTrR+]")


@dataclass(frozen=True)
class Settings:
    """SITE_DISCOVERY_* settings."""

    siteurl: str = "http://127.0.0.1:8000"
    sitemap_path: str = "sitemap.xml"
    sitemap_pages: str = "sitemaps/pages-{number}.xml"
    sitemap_limit: int = SITEMAP_MAX_URLS
    news_path: str = "sitemaps/news.xml"
    news_days: float = 2.0
    exclude: tuple[str, ...] = (r"^search/$", r"(^|/)page/\d+/$")
    robots_disallow: tuple[str, ...] = ("search/", "pagefind/")
    robots: bool = True

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Settings:
        """Pelican settings -> Settings (a bad value warns and keeps the default)."""
        values: dict[str, Any] = {}
        for key, default in cls.__dataclass_fields__.items():
            name = f"SITE_DISCOVERY_{key.upper()}"
            if name not in settings:
                continue
            value = settings[name]
            want = getattr(cls, default.name)
            try:
                if isinstance(want, tuple):
                    value = tuple(str(v) for v in value)
                elif isinstance(want, bool):
                    value = bool(value)
                else:
                    value = type(want)(value)
            except (TypeError, ValueError):
                logger.warning("%s: %s=%r is not usable; using %r", NAME, name, value, want)
                continue
            values[key] = value
        found = cls(**values)
        if "{number}" not in found.sitemap_pages:
            logger.warning("%s: SITE_DISCOVERY_SITEMAP_PAGES needs {number}; using the default",
                           NAME)
            found = cls(**{**values, "sitemap_pages": cls.sitemap_pages})
        return found


class _Build:
    """What one build has learnt about its pages (reset at every `initialized`)."""

    active = False
    # Worked out by a child from the stories (note_articles), taken at `finalized`:
    # {url: last changed (aware UTC)} and the news sitemap's stories.
    noting: Forked | None = None


def _listed(settings: dict[str, Any]) -> bool:
    """Whether this build's PLUGINS names this plugin.

    Pelican's signals are process-wide: once loaded, the handlers also fire for
    later builds in the same process that did not ask for them.
    """
    names = [p if isinstance(p, str) else getattr(p, "__name__", "")
             for p in settings.get("PLUGINS") or []]
    return any(n.rsplit(".", 1)[-1] == NAME for n in names)


def base_url(settings: dict[str, Any]) -> str:
    """Pelican settings -> the absolute address of the site root, without a trailing slash."""
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if siteurl.startswith(("http://", "https://")):
        return siteurl
    return Settings.from_settings(settings).siteurl.rstrip("/")


def _taken(noting: Forked | None) -> tuple[dict[str, datetime], list[NewsEntry]]:
    """What note_articles worked out (its child waited for) -> (last-changed dates by
    URL, news stories)."""
    if noting is None:
        return {}, []
    found = noting.load()
    lastmod = {url: datetime.fromisoformat(when) for url, when in found["lastmod"].items()}
    news = [NewsEntry(url, title, datetime.fromisoformat(when))
            for url, title, when in found["news"]]
    return lastmod, news


def start_build(pelican: Any) -> None:
    """initialized: publish the absolute site address to templates, forget the last build."""
    _Build.active = _listed(pelican.settings)
    if _Build.noting is not None:  # left by a build that failed before `finalized`
        _Build.noting.result()
        _Build.noting = None
    if _Build.active:
        pelican.settings["SITE_DISCOVERY_BASE_URL"] = base_url(pelican.settings)
        # The sitemaps are written by a child beside the other plugins' last files.
        aside.expect(pelican, NAME)


def _note(lastmod: dict[str, datetime], url: str, when: datetime) -> None:
    """Record that the page at `url` changed at `when`, an aware UTC time (keeping the latest)."""
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    seen = lastmod.get(url)
    if seen is None or when > seen:
        lastmod[url] = when


def noted(articles: list[Any], settings: dict[str, Any]) -> dict[str, Any]:
    """Stories -> when each page last changed and the news sitemap's stories, as JSON values:
    {"lastmod": {url: UTC ISO time}, "news": [[url, title, ISO time], ...]}."""
    lastmod: dict[str, datetime] = {}
    news: list[NewsEntry] = []
    patterns = [settings[key] for key in ("YEAR_ARCHIVE_URL", "MONTH_ARCHIVE_URL",
                                          "DAY_ARCHIVE_URL") if settings.get(key)]
    # Formatting a date pattern is slow (Pelican's strftime) and most stories
    # share their archive pages: remember each day's URLs (each moment's when
    # a pattern names a time of day).
    by_day = not any(_TIME_OF_DAY.search(p) for p in patterns)
    archive_urls: dict[Any, list[str]] = {}
    listed_on_all = ["", settings.get("ARCHIVES_URL", ""), settings.get("CATEGORIES_URL", ""),
                     settings.get("AUTHORS_URL", ""), settings.get("TICKER_TAGS_INDEX_URL", "")]
    for article in articles:
        # In UTC once per story: it is noted for the story and every page listing it.
        when = as_utc(getattr(article, "modified", None) or article.date)
        _note(lastmod, article.url, when)
        news.append(NewsEntry(article.url, article.title, article.date))
        listed_on = list(listed_on_all)
        day = article.date
        day = (day.year, day.month, day.day, day.tzinfo) if by_day else day
        urls = archive_urls.get(day)
        if urls is None:
            urls = archive_urls[day] = [p.format(date=article.date) for p in patterns]
        listed_on.extend(urls)
        if getattr(article, "category", None):
            listed_on.append(article.category.url)
        for author in getattr(article, "authors", []) or []:
            listed_on.append(author.url)
        for ticker in getattr(article, "tickers", []) or []:
            listed_on.append(ticker.url)
        for url in listed_on:
            if url is not None:
                _note(lastmod, url, when)
    return {"lastmod": {url: when.isoformat() for url, when in lastmod.items()},
            "news": [[n.url, str(n.title), n.published.isoformat()] for n in news]}


def note_articles(generator: Any) -> None:
    """article_generator_finalized: start working out, in a child process, when each
    article and each page listing it last changed (taken by write_discovery_files)."""
    if not _Build.active:
        return
    articles, settings = list(generator.articles), generator.settings
    # The build goes on writing pages meanwhile (tickertape.forked), ahead of
    # this child: nothing waits for the dates before the sitemaps.
    _Build.noting = Forked(lambda: noted(articles, settings), niceness=10)


def page_urls(paths: Iterable[str], exclude: tuple[str, ...]) -> list[str]:
    """Site-relative file paths -> the URLs of the HTML pages among them, sorted, minus
    excluded ones."""
    patterns = [re.compile(p) for p in exclude]
    urls = []
    for rel in paths:
        if not rel.endswith(".html"):
            continue
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if url.startswith(("pagefind/", "theme/")) or any(p.search(url) for p in patterns):
            continue
        urls.append(url)
    # Home first, then shallow pages before deep ones: the order a crawler
    # would want, and stable for a given tree.
    return sorted(urls, key=lambda u: (u != "", u.count("/"), u))


def _walk(output: str) -> Iterator[str]:
    """Output folder -> the site-relative path of every file in it."""
    root = os.path.join(output, "")
    for folder, _dirs, files in os.walk(output):
        # Every folder os.walk gives is the root or under it: its path is the
        # root's plus the rest (relpath for tens of thousands costs a second).
        prefix = os.path.join(folder[len(root):], "").replace(os.sep, "/") \
            if folder != output else ""
        for name in files:
            yield prefix + name


def list_pages(output: str, exclude: tuple[str, ...]) -> list[str]:
    """Output folder -> site-relative URLs of its HTML pages, sorted, minus excluded ones."""
    return page_urls(_walk(output), exclude)


def _written_pages(answers: list[tuple[Any, Any]]) -> list[str] | None:
    """What PAGES_DONE's receivers answered -> the site-relative paths of every file the
    build wrote, when a receiver knows them (the writer), else None."""
    lists = [answer for _receiver, answer in answers if isinstance(answer, (list, tuple))]
    if not lists:
        return None
    return [path for found in lists for path in found]


def write_discovery_files(pelican: Any) -> None:
    """finalized: sitemap index, page sitemaps, news sitemap and robots.txt into the output."""
    if not _Build.active:
        return
    # Pages still being rendered are written first, pages the build no
    # longer makes removed (incremental_writer), and the writer answers with
    # every file it wrote: the site's pages without walking tens of thousands
    # of folders. Without such a writer the output folder is walked.
    written = _written_pages(PAGES_DONE.send(pelican))
    noting, _Build.noting = _Build.noting, None
    if noting is not None and not noting.wait():
        raise RuntimeError(f"{NAME}: working out when each page last changed failed "
                           "(the error is above)")
    settings = dict(pelican.settings)
    # Listing tens of thousands of pages with their dates takes a few tenths
    # of a second: a child does it while the report is written (tickertape.aside).
    aside.hand_over(pelican, NAME, lambda: write_sitemaps(settings, written, noting))


def write_sitemaps(settings: dict[str, Any], written: list[str] | None,
                   noting: Forked | None) -> None:
    """The site's pages (`written`, or found in the output folder when None) and when
    each last changed -> sitemap index, page sitemaps, news sitemap and robots.txt."""
    conf = Settings.from_settings(settings)
    output = settings["OUTPUT_PATH"]
    base = base_url(settings)
    urls = (list_pages(output, conf.exclude) if written is None
            else page_urls(written, conf.exclude))
    lastmod, stories = _taken(noting)
    pages = [PageEntry(url, lastmod.get(url)) for url in urls]
    news = select_news(stories, conf.news_days) if conf.news_path else []
    files = build_sitemaps(
        pages, news, base=base, limit=conf.sitemap_limit, index_path=conf.sitemap_path,
        pages_pattern=conf.sitemap_pages, news_path=conf.news_path,
        name=str(settings.get("SITENAME", "")), language=str(settings.get("DEFAULT_LANG", "en")),
    )
    if conf.robots:
        files.append(SitemapFile("robots.txt",
                                 render_robots(base, conf.sitemap_path, conf.robots_disallow)))
    for item in files:
        path = os.path.join(output, item.path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(item.text)
    logger.info("%s: %d pages in %d sitemap(s), %d stories in the news sitemap", NAME,
                len(pages), len(files) - (2 if conf.news_path else 1) - int(conf.robots),
                len(news))


def register() -> None:
    signals.initialized.connect(start_build)
    signals.article_generator_finalized.connect(note_articles)
    signals.finalized.connect(write_discovery_files)
