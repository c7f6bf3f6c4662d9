"""Sitemaps, the news sitemap and robots.txt as text: pure functions, no Pelican.

Everything here depends only on its arguments (no clock, no file system), so
the same site always gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# The sitemaps.org protocol caps one file at 50,000 URLs (and 50 MB); Google
# News caps a news sitemap at 1,000 stories.
SITEMAP_MAX_URLS = 50_000
NEWS_MAX_URLS = 1_000
# Characters left as they are in a URL path; everything else is percent-encoded
# (an existing %XX escape is kept, so an already encoded slug is not doubled).
_PATH_SAFE = "/-._~!$&'()*+,;=:@%"


@dataclass(frozen=True)
class PageEntry:
    """One page for the sitemap: its site-relative URL and when it last changed."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class NewsEntry:
    """One story for the news sitemap."""

    url: str
    title: str
    published: datetime


@dataclass(frozen=True)
class SitemapFile:
    """A file to write: its path under the output folder and its text."""

    path: str
    text: str


def join_url(base: str, url: str) -> str:
    """Absolute site base and a site-relative URL -> absolute, percent-encoded URL."""
    path = quote(url.lstrip("/"), safe=_PATH_SAFE)
    return f"{base.rstrip('/')}/{path}"


def format_lastmod(value: datetime) -> str:
    """Datetime -> W3C datetime in UTC ("2018-06-19T14:05:00Z"); naive values count as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    v = value.astimezone(UTC)
    # Formatted by hand: Pelican's dates have a strftime of their own, twenty
    # times slower, and a sitemap formats one per page.
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}Z"


def _newest(values: Iterable[datetime | None]) -> datetime | None:
    """Datetimes (some missing) -> the latest, compared in UTC."""
    known = [as_utc(v) for v in values if v is not None]
    return max(known) if known else None


def as_utc(value: datetime) -> datetime:
    """Naive or aware datetime -> aware UTC datetime."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def split_entries(entries: Sequence[PageEntry], limit: int) -> list[list[PageEntry]]:
    """Entries and a per-file limit -> consecutive chunks of at most `limit` (one, maybe empty)."""
    limit = max(1, min(limit, SITEMAP_MAX_URLS))
    if not entries:
        return [[]]
    return [list(entries[i : i + limit]) for i in range(0, len(entries), limit)]


def render_urlset(entries: Sequence[PageEntry], base: str) -> str:
    """Page entries -> a sitemaps.org <urlset> document."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for entry in entries:
        lines.append(f"<url><loc>{escape(join_url(base, entry.url))}</loc>"
                     + (f"<lastmod>{format_lastmod(entry.lastmod)}</lastmod>"
                        if entry.lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_index(files: Sequence[tuple[str, datetime | None]], base: str) -> str:
    """(site-relative sitemap URL, newest lastmod in it) pairs -> a <sitemapindex> document."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for url, lastmod in files:
        lines.append(f"<sitemap><loc>{escape(join_url(base, url))}</loc>"
                     + (f"<lastmod>{format_lastmod(lastmod)}</lastmod>" if lastmod else "")
                     + "</sitemap>")
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def select_news(stories: Iterable[NewsEntry], days: float,
                newest: datetime | None = None) -> list[NewsEntry]:
    """Stories -> those published within `days` before `newest` (default: the newest story),
    newest first, at most NEWS_MAX_URLS.

    Counting back from the newest story rather than from the clock keeps a
    static archive's news sitemap non-empty and the same on every build.
    """
    stories = list(stories)
    anchor = as_utc(newest) if newest else _newest(s.published for s in stories)
    if anchor is None:
        return []
    start = anchor - timedelta(days=days)
    recent = [s for s in stories if start <= as_utc(s.published) <= anchor]
    recent.sort(key=lambda s: (as_utc(s.published), s.url), reverse=True)
    return recent[:NEWS_MAX_URLS]


def render_news(stories: Sequence[NewsEntry], base: str, name: str, language: str) -> str:
    """Stories -> a Google News sitemap (<urlset> with news:news entries)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for story in stories:
        lines.append(
            f"<url><loc>{escape(join_url(base, story.url))}</loc><news:news>"
            f"<news:publication><news:name>{escape(name)}</news:name>"
            f"<news:language>{escape(language)}</news:language></news:publication>"
            f"<news:publication_date>{format_lastmod(story.published)}</news:publication_date>"
            f"<news:title>{escape(story.title)}</news:title></news:news></url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(base: str, sitemap_url: str, disallow: Sequence[str]) -> str:
    """Site base, sitemap URL and site-relative paths to keep crawlers out of -> robots.txt."""
    prefix = urlsplit(base).path.rstrip("/")
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}/{quote(p.lstrip('/'), safe=_PATH_SAFE)}" for p in disallow]
    if not disallow:
        lines.append("Disallow:")
    lines += ["", f"Sitemap: {join_url(base, sitemap_url)}"]
    return "\n".join(lines) + "\n"


def build_sitemaps(pages: Sequence[PageEntry], news: Sequence[NewsEntry], *, base: str,
                   limit: int, index_path: str, pages_pattern: str, news_path: str,
                   name: str, language: str) -> list[SitemapFile]:
    """Pages and recent stories -> the sitemap index, its page sitemaps and the news sitemap.

    `pages_pattern` holds "{number}" (1-based); paths are site-relative and
    double as URLs, so they must not end in index.html.
    """
    files: list[SitemapFile] = []
    listed: list[tuple[str, datetime | None]] = []
    for number, chunk in enumerate(split_entries(pages, limit), start=1):
        path = pages_pattern.format(number=number)
        files.append(SitemapFile(path, render_urlset(chunk, base)))
        listed.append((path, _newest(e.lastmod for e in chunk)))
    if news_path:
        files.append(SitemapFile(news_path, render_news(news, base, name, language)))
        listed.append((news_path, _newest(s.published for s in news)))
    files.insert(0, SitemapFile(index_path, render_index(listed, base)))
    return files
