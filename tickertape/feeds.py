"""RSS feeds: build_rss(channel, items) -> bytes. The only module that imports feedgen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from tickertape.sanitize import strip_controls


@dataclass(frozen=True)
class FeedChannel:
    """A feed's channel: title, site link, description and the feed's own URL."""

    title: str
    link: str
    description: str
    self_url: str
    language: str = "en"


@dataclass(frozen=True)
class FeedItem:
    """One feed entry; `categories` are (term, domain) pairs, e.g. tickers."""

    title: str
    link: str
    guid: str
    date: datetime
    content_html: str
    summary: str = ""
    author: str | None = None
    updated: datetime | None = None
    categories: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def is_permalink(guid: str) -> bool:
    """A guid -> whether it is an absolute http(s) URL (RSS isPermaLink)."""
    return guid.startswith(("http://", "https://"))


def build_rss(channel: FeedChannel, items: Sequence[FeedItem]) -> bytes:
    """Channel and items (kept in the given order) -> RSS 2.0 XML bytes, reproducibly."""
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.title(strip_controls(channel.title))
    # feedgen takes the RSS <link> from the last link set: self first, then the site.
    fg.link(href=channel.self_url, rel="self", type="application/rss+xml")
    fg.link(href=channel.link, rel="alternate")
    fg.description(strip_controls(channel.description) or channel.title)
    fg.language(channel.language)
    fg.generator("tickertape")
    # The build date is the newest item's date, so two builds of the same
    # sources give byte-identical feeds.
    newest = max((_aware(i.updated or i.date) for i in items), default=None)
    fg.lastBuildDate(newest or datetime(1970, 1, 1, tzinfo=UTC))
    for item in items:
        fe = fg.add_entry(order="append")
        fe.title(strip_controls(item.title))
        fe.link(href=item.link)
        fe.guid(item.guid, permalink=is_permalink(item.guid))
        fe.pubDate(_aware(item.date))
        if item.summary:
            fe.description(strip_controls(item.summary))
        fe.content(strip_controls(item.content_html), type="CDATA")
        if item.author:
            fe.dc.dc_creator(strip_controls(item.author))
        for term, domain in item.categories:
            fe.category(term=term, scheme=domain)
    data: bytes = fg.rss_str(pretty=True)
    return data
