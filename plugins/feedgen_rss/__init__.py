"""feedgen_rss: the site's RSS feed and one feed per ticker, written with feedgen.

Signal: `article_writer_finalized` (articles and `article.tickers` are known).
Pelican's own feed settings are all off; `tickertape.feeds.build_rss` makes
the XML. Every item carries full content and its tickers as
`<category domain=".../tickers/">SYMBOL</category>`. Links are absolute:
SITEURL in publish mode, else FEEDGEN_RSS_SITEURL (the local server). A
rebuild hard-links each feed whose channel and stories are unchanged from the
published site (MANIFEST holds the fingerprints).
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican import signals

import tickertape.feeds as feeds_module
from tickertape.feeds import FeedChannel, FeedItem, build_rss
from tickertape.fingerprint import (
    Memo,
    body_digest,
    digest_files,
    digest_strings,
    digest_values,
    output_settings,
    read_fingerprints,
)
from tickertape.plugin_guard import enabled_for

logger = logging.getLogger(__name__)
NAME = "feedgen_rss"
# The feeds' fingerprints, written into the build beside them.
MANIFEST = ".tickertape-feeds.json"
# Metadata a feed item can show besides the body (the summary, when given).
_ITEM_METADATA = frozenset({"summary", "author", "authors", "modified"})


@dataclass(frozen=True)
class Settings:
    """FEEDGEN_RSS_* settings."""

    path: str = "feeds/rss.xml"
    ticker_path: str = "feeds/ticker/{symbol}.rss.xml"
    max_items: int = 50
    siteurl: str = "http://127.0.0.1:8000"
    tickers_url: str = "tickers/"

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Settings:
        max_items = settings.get("FEEDGEN_RSS_MAX_ITEMS", cls.max_items)
        if not isinstance(max_items, int) or max_items < 1:
            logger.warning("%s: FEEDGEN_RSS_MAX_ITEMS must be a positive integer; using %d",
                           NAME, cls.max_items)
            max_items = cls.max_items
        siteurl = settings.get("SITEURL") or settings.get("FEEDGEN_RSS_SITEURL", cls.siteurl)
        return cls(
            path=settings.get("FEEDGEN_RSS_PATH", cls.path),
            ticker_path=settings.get("FEEDGEN_RSS_TICKER_PATH", cls.ticker_path),
            max_items=max_items,
            siteurl=str(siteurl).rstrip("/"),
            tickers_url=settings.get("TICKER_TAGS_INDEX_URL", cls.tickers_url),
        )


def _item(article: Any, s: Settings) -> FeedItem:
    link = f"{s.siteurl}/{article.url}"
    author = getattr(article, "author", None)
    return FeedItem(
        title=article.title,
        link=link,
        guid=link,
        date=article.date,
        updated=getattr(article, "modified", None),
        content_html=article.content,
        summary=getattr(article, "summary", "") or "",
        author=str(author) if author else None,
        categories=tuple(
            (t.symbol, f"{s.siteurl}/{s.tickers_url}") for t in getattr(article, "tickers", [])
        ),
    )


def _newest_first(articles: list[Any]) -> list[Any]:
    return sorted(articles, key=lambda a: (a.date, a.url), reverse=True)


def _write(output_path: str, rel: str, data: bytes) -> None:
    path = os.path.join(output_path, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def _link(previous: str, output_path: str, rel: str) -> bool:
    """The published feed `rel` hard-linked into the build -> whether it could be."""
    path = os.path.join(output_path, rel)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.lexists(path):
            os.unlink(path)
        os.link(os.path.join(previous, rel), path)
    except OSError:
        return False
    return True


def _base_digest(settings: dict[str, Any]) -> str:
    """What every feed depends on besides its stories: this code, feedgen's version
    and the settings (a story's summary follows from its body and the settings)."""
    code = digest_files([Path(__file__), Path(feeds_module.__file__)])
    return digest_values(code, _feedgen_version(), output_settings(settings))


def _feedgen_version() -> str:
    try:
        return metadata.version("feedgen")
    except metadata.PackageNotFoundError:
        return "unknown"


def _story_digest(article: Any, bodies: Memo | None = None) -> str:
    """A story -> a digest of everything a feed item is made from; `bodies`: the build's
    body digests (body_digest), when the writer worked them out already."""
    date, modified = article.date, getattr(article, "modified", None)
    return digest_strings([
        str(article.url), str(article.title), date.isoformat(), repr(date.tzinfo),
        modified.isoformat() if modified else "", repr(getattr(modified, "tzinfo", None)),
        str(getattr(article, "author", "") or ""),
        [str(t.symbol) for t in getattr(article, "tickers", [])],
        sorted((k, v) for k, v in article.metadata.items() if k in _ITEM_METADATA),
        body_digest(article, bodies),
    ])


def write_feeds(generator: Any, writer: Any) -> None:
    """article_writer_finalized: feeds/rss.xml and feeds/ticker/<SYMBOL>.rss.xml.

    In a rebuild (TICKERTAPE_PREVIOUS_OUTPUT), a feed whose channel and stories
    are what they were is hard-linked from the published site instead of built
    again; the fingerprints go into the build (MANIFEST) for the next one.
    """
    if not enabled_for(NAME, generator):
        return
    s = Settings.from_settings(generator.settings)
    start = time.perf_counter()
    sitename = generator.settings.get("SITENAME", "tickertape")
    lang = generator.settings.get("DEFAULT_LANG", "en")
    # Items only for stories some feed shows (at most max_items per feed):
    # a story's body and summary take time to produce, for every story.
    items: dict[int, FeedItem] = {}
    stories: dict[int, str] = {}

    def item(article: Any) -> FeedItem:
        found = items.get(id(article))
        if found is None:
            found = items[id(article)] = _item(article, s)
        return found

    # The incremental writer's page and listing fingerprints digest each body.
    bodies = getattr(writer, "bodies", None)

    def story(article: Any) -> str:
        found = stories.get(id(article))
        if found is None:
            found = stories[id(article)] = _story_digest(article, bodies)
        return found

    site = FeedChannel(
        title=sitename, link=f"{s.siteurl}/",
        description=generator.settings.get("SITESUBTITLE", "") or sitename,
        self_url=f"{s.siteurl}/{s.path}", language=lang,
    )
    feeds = [(s.path, site, _newest_first(generator.articles)[: s.max_items])]
    for tag in generator.context.get("tickers", []):
        rel = s.ticker_path.format(symbol=tag.symbol)
        title = f"{tag.symbol}" + (f" ({tag.name})" if tag.name else "")
        channel = FeedChannel(
            title=f"{sitename}: {title}", link=f"{s.siteurl}/{tag.url}",
            description=f"Stories that mention {title}", self_url=f"{s.siteurl}/{rel}",
            language=lang,
        )
        feeds.append((rel, channel, _newest_first(tag.articles)[: s.max_items]))

    previous = generator.settings.get("TICKERTAPE_PREVIOUS_OUTPUT") or ""
    old = read_fingerprints(previous, MANIFEST)
    base = _base_digest(generator.settings)
    fingerprints: dict[str, str] = {}
    reused = 0
    for rel, channel, arts in feeds:
        fingerprint = digest_values(base, repr(channel), [story(a) for a in arts])
        fingerprints[rel] = fingerprint
        if old.get(rel) == fingerprint and _link(previous, writer.output_path, rel):
            reused += 1
            continue
        _write(writer.output_path, rel, build_rss(channel, [item(a) for a in arts]))
    _write(writer.output_path, MANIFEST,
           json.dumps(fingerprints, sort_keys=True).encode("utf-8"))
    report = generator.context.get("tickertape_report")
    if report is not None:
        report.add_time("feeds", time.perf_counter() - start)
        report.count("feeds_written", len(feeds) - reused)
        if reused:
            report.count("feeds_reused", reused)


def register() -> None:
    signals.article_writer_finalized.connect(write_feeds)
