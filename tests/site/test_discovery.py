"""Sitemaps, the news sitemap, robots.txt and the search index: what crawlers and search get."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import pytest

from plugins.site_discovery import Settings, list_pages
from plugins.site_discovery.sitemaps import (
    NEWS_MAX_URLS,
    NewsEntry,
    PageEntry,
    build_sitemaps,
    format_lastmod,
    join_url,
    render_robots,
    select_news,
    split_entries,
)
from tests.browser.conftest import write_settings
from tests.plugins.samples import DUMP_AAPL, DUMP_BANK, DUMP_MSFT

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
PLUGINS = ["source_cleaner", "ticker_tags", "feedgen_rss", "site_discovery"]
SOURCES: dict[str, str | bytes] = {"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK}
UTC = UTC


def day(d: int, h: int = 0) -> datetime:
    return datetime(2018, 6, d, h, tzinfo=UTC)


# Pure functions ----------------------------------------------------------------

@pytest.mark.parametrize("base, url, expected", [
    ("https://x.org", "2018/06/a/", "https://x.org/2018/06/a/"),
    ("https://x.org/", "/tickers/", "https://x.org/tickers/"),
    ("https://x.org/news", "", "https://x.org/news/"),
    ("https://x.org", "ticker/BRK.B/", "https://x.org/ticker/BRK.B/"),
    ("https://x.org", "2019/11/café au lait/", "https://x.org/2019/11/caf%C3%A9%20au%20lait/"),
    ("https://x.org", "a/already%20encoded/", "https://x.org/a/already%20encoded/"),
    ("https://x.org", "q/a&b/", "https://x.org/q/a&b/"),
])
def test_join_url(base: str, url: str, expected: str) -> None:
    assert join_url(base, url) == expected


@pytest.mark.parametrize("value, expected", [
    (datetime(2018, 6, 19), "2018-06-19T00:00:00Z"),
    (datetime(2018, 6, 19, 9, 30, tzinfo=timezone(timedelta(hours=2))), "2018-06-19T07:30:00Z"),
    (datetime(2018, 12, 31, 23, 59, 59, 999, tzinfo=UTC), "2018-12-31T23:59:59Z"),
])
def test_format_lastmod(value: datetime, expected: str) -> None:
    assert format_lastmod(value) == expected


@pytest.mark.parametrize("count, limit, sizes", [
    (0, 5, [0]), (5, 5, [5]), (6, 5, [5, 1]), (11, 5, [5, 5, 1]), (3, 0, [1, 1, 1]),
    (60_001, 10**9, [50_000, 10_001]),
])
def test_split_entries(count: int, limit: int, sizes: list[int]) -> None:
    entries = [PageEntry(f"p{i}/") for i in range(count)]
    chunks = split_entries(entries, limit)
    assert [len(c) for c in chunks] == sizes
    assert [e for c in chunks for e in c] == entries


@pytest.mark.parametrize("dates, days, newest, expected", [
    # Two days back from the newest story, not from the clock; both ends included.
    ([day(25, 10), day(24), day(23, 9), day(20)], 2, None, [day(25, 10), day(24)]),
    ([day(25, 10), day(23, 10), day(23, 9)], 2, None, [day(25, 10), day(23, 10)]),
    ([day(19), day(21), day(25)], 6, None, [day(25), day(21), day(19)]),
    # An explicit anchor: nothing after it, nothing before the window.
    ([day(19), day(21), day(25)], 2, day(21, 12), [day(21)]),
    ([], 2, None, []),
])
def test_select_news(dates: list[datetime], days: float, newest: datetime | None,
                     expected: list[datetime]) -> None:
    stories = [NewsEntry(f"s{i}/", f"Story {i}", d) for i, d in enumerate(dates)]
    assert [s.published for s in select_news(stories, days, newest)] == expected


def test_select_news_keeps_at_most_the_news_limit() -> None:
    stories = [NewsEntry(f"s{i}/", "t", day(25) - timedelta(minutes=i)) for i in range(1500)]
    picked = select_news(stories, 2)
    assert len(picked) == NEWS_MAX_URLS
    assert picked[0].url == "s0/" and picked[-1].url == f"s{NEWS_MAX_URLS - 1}/"


@pytest.mark.parametrize("base, disallow, lines", [
    ("https://x.org", ["search/", "pagefind/"],
     ["User-agent: *", "Disallow: /search/", "Disallow: /pagefind/", "",
      "Sitemap: https://x.org/sitemap.xml"]),
    ("https://x.org/news/", ["search/"],
     ["User-agent: *", "Disallow: /news/search/", "", "Sitemap: https://x.org/news/sitemap.xml"]),
    ("https://x.org", [], ["User-agent: *", "Disallow:", "", "Sitemap: https://x.org/sitemap.xml"]),
])
def test_render_robots(base: str, disallow: list[str], lines: list[str]) -> None:
    assert render_robots(base, "sitemap.xml", disallow).splitlines() == lines


def test_build_sitemaps_escapes_and_indexes() -> None:
    pages = [PageEntry("", day(25)), PageEntry("a&b/", day(21)), PageEntry("c/")]
    news = [NewsEntry("a&b/", "Q&A <live>", day(21))]
    files = build_sitemaps(pages, news, base="https://x.org", limit=2, index_path="sitemap.xml",
                           pages_pattern="sitemaps/pages-{number}.xml",
                           news_path="sitemaps/news.xml", name="T&T", language="en")
    assert [f.path for f in files] == ["sitemap.xml", "sitemaps/pages-1.xml",
                                       "sitemaps/pages-2.xml", "sitemaps/news.xml"]
    index = ElementTree.fromstring(files[0].text)
    assert [(s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in index] == [
        ("https://x.org/sitemaps/pages-1.xml", "2018-06-25T00:00:00Z"),
        ("https://x.org/sitemaps/pages-2.xml", None),
        ("https://x.org/sitemaps/news.xml", "2018-06-21T00:00:00Z")]
    first = ElementTree.fromstring(files[1].text)
    assert [u.findtext(f"{SM}loc") for u in first] == ["https://x.org/", "https://x.org/a&b/"]
    item = ElementTree.fromstring(files[3].text).find(f"{SM}url/{NEWS}news")
    assert item is not None
    assert item.findtext(f"{NEWS}title") == "Q&A <live>"
    assert item.findtext(f"{NEWS}publication/{NEWS}name") == "T&T"


@pytest.mark.parametrize("settings, field, value", [
    ({"SITE_DISCOVERY_SITEMAP_LIMIT": "12"}, "sitemap_limit", 12),
    ({"SITE_DISCOVERY_SITEMAP_LIMIT": "lots"}, "sitemap_limit", 50_000),
    ({"SITE_DISCOVERY_SITEMAP_PAGES": "maps/x.xml"}, "sitemap_pages",
     "sitemaps/pages-{number}.xml"),
    ({"SITE_DISCOVERY_ROBOTS_DISALLOW": ["a/"]}, "robots_disallow", ("a/",)),
    ({"SITE_DISCOVERY_NEWS_DAYS": 3}, "news_days", 3.0),
])
def test_settings(settings: dict[str, object], field: str, value: object) -> None:
    assert getattr(Settings.from_settings(settings), field) == value


def test_list_pages_skips_search_pagination_and_assets(tmp_path: Path) -> None:
    for rel in ("index.html", "page/2/index.html", "search/index.html", "a/index.html",
                "a/b/index.html", "theme/x.html", "pagefind/y.html", "old.html",
                "ticker/X/page/3/index.html", "feeds/rss.xml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert list_pages(str(tmp_path), Settings().exclude) == ["", "old.html", "a/", "a/b/"]


# Built sites ---------------------------------------------------------------------

def _locs(path: Path) -> list[str]:
    return [u.findtext(f"{SM}loc") or "" for u in ElementTree.parse(path).getroot()]


def _local(site: Path, loc: str, base: str) -> Path:
    assert loc.startswith(base + "/"), loc
    rel = loc[len(base) + 1 :]
    return site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel


def test_sitemap_index_splits_at_the_limit(build) -> None:  # type: ignore[no-untyped-def]
    base = "https://news.example.org"
    out = build(SOURCES, PLUGINS, SITEURL=base, SITE_DISCOVERY_SITEMAP_LIMIT=4)
    index = ElementTree.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SM}sitemapindex"
    listed = [s.findtext(f"{SM}loc") or "" for s in index]
    assert listed[-1] == f"{base}/sitemaps/news.xml"
    page_maps = listed[:-1]
    pages = [loc for m in page_maps for loc in _locs(_local(out, m, base))]
    expected = list_pages(str(out), Settings().exclude)
    assert len(page_maps) == -(-len(expected) // 4) >= 3
    for m in page_maps:
        assert 1 <= len(_locs(_local(out, m, base))) <= 4
    assert pages == [f"{base}/{u}" for u in expected]
    assert len(set(pages)) == len(pages)
    for loc in pages:
        assert _local(out, loc, base).is_file(), loc
    assert f"{base}/search/" not in pages
    assert f"{base}/2018/06/microsoft-opens-a-new-cloud-region/" in pages


def test_lastmod_comes_from_the_stories(build) -> None:  # type: ignore[no-untyped-def]
    base = "https://news.example.org"
    out = build(SOURCES, PLUGINS, SITEURL=base)
    [pages] = [ElementTree.parse(out / "sitemaps/pages-1.xml").getroot()]
    lastmod = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in pages}
    assert lastmod[f"{base}/"] == "2018-06-25T00:00:00Z"
    assert lastmod[f"{base}/2018/06/microsoft-opens-a-new-cloud-region/"] == "2018-06-19T00:00:00Z"
    assert lastmod[f"{base}/ticker/MSFT/"] == "2018-06-21T00:00:00Z"
    assert lastmod[f"{base}/ticker/BAC/"] == "2018-06-25T00:00:00Z"


@pytest.mark.parametrize("days, titles", [
    (2, ["Regional Banks Report Higher Deposits"]),
    (4, ["Regional Banks Report Higher Deposits", "Apple Suppliers Gain on Strong Phone Demand"]),
])
def test_news_sitemap_holds_the_last_days_before_the_newest_story(
        build, days: int, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    out = build(SOURCES, PLUGINS, SITEURL="https://news.example.org",
                SITE_DISCOVERY_NEWS_DAYS=days)
    root = ElementTree.parse(out / "sitemaps/news.xml").getroot()
    news = [u.find(f"{NEWS}news") for u in root]
    assert [n.findtext(f"{NEWS}title") for n in news if n is not None] == titles
    first = news[0]
    assert first is not None
    assert first.findtext(f"{NEWS}publication/{NEWS}name") == "tickertape"
    assert first.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert first.findtext(f"{NEWS}publication_date") == "2018-06-25T00:00:00Z"


def test_robots_txt_points_at_the_sitemap(build) -> None:  # type: ignore[no-untyped-def]
    out = build(SOURCES, PLUGINS, SITEURL="https://news.example.org")
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots and "Disallow: /pagefind/" in robots


def test_without_siteurl_urls_point_at_the_local_server(build) -> None:  # type: ignore[no-untyped-def]
    out = build(SOURCES, PLUGINS)
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (out / "robots.txt").read_text()
    page = (out / "2018/06/microsoft-opens-a-new-cloud-region/index.html").read_text()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/2018/06/microsoft-opens' in page
    assert 'href="/theme/css/site.css"' in page  # page links stay root-relative


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_with_search_index_are_identical(tmp_path: Path) -> None:
    from tickertape.build import build_site

    trees = []
    for name in ("a", "b"):
        tmp = tmp_path / name
        tmp.mkdir()
        assert build_site(str(write_settings(tmp)), str(tmp / "output")) == 0
        trees.append(_digest(tmp / "output"))
    assert trees[0] == trees[1]
    files = trees[0]
    assert "pagefind/pagefind.js" in files and "sitemap.xml" in files and "robots.txt" in files
    assert any(f.startswith("pagefind/fragment/") for f in files)


def test_failed_index_leaves_output_untouched(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tickertape import build

    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("old")
    monkeypatch.setattr(build, "index_search", lambda path: ["search index failed (1): boom"])
    assert build.build_site(str(write_settings(tmp_path)), str(out)) == 1
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("output.")] == []


def test_a_later_build_without_the_plugin_gets_no_sitemaps(build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_build

    with_plugin = build(SOURCES, PLUGINS)
    assert (with_plugin / "sitemap.xml").is_file()
    without = run_build(tmp_path / "again", SOURCES, PLUGINS[:-1])
    assert not (without / "sitemap.xml").exists() and not (without / "robots.txt").exists()
    page = (without / "2018/06/microsoft-opens-a-new-cloud-region/index.html").read_text()
    assert '<link rel="canonical" href="/2018/06/microsoft-opens-a-new-cloud-region/">' in page
