"""The demo site as a reader gets it: built once from content/ into a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest

from tests.conftest import ALL_PLUGINS, ROOT, run_build
from tests.feedlint import lint_feed

SEED = "2018/06/microsofts-ethical-reckoning-is-here/index.html"
SEED_WIDGETS = (
    "3870Views", "0Comments", "Recommend to Friends", "stumbleupon", "pinterest",
    "google plus", "Sign Up for Weekly Updates", "eNewsletter", "Related Posts",
    "23 Jun, 2017", "3411", "There is no comment on this article",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("demo")
    sources = {p.name: p.read_bytes() for p in (ROOT / "content").iterdir() if p.is_file()}
    out = run_build(tmp, sources, ALL_PLUGINS)
    return out


def _report(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site.parent / "report.json").read_text())


def test_every_demo_source_is_published(site: Path) -> None:
    report = _report(site)
    skipped = [(e["source"], e["reason"]) for e in report["entries"] if e["status"] != "published"]
    assert skipped == []
    assert report["published"] >= 16


def test_seed_page(site: Path) -> None:
    page = (site / SEED).read_text()
    assert "<h1>Microsoft’s Ethical Reckoning is Here</h1>" in page
    assert 'datetime="2018-06-19' in page
    assert "William Kim" in page
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert body.count("<p>") == 3
    assert body.strip().startswith("<p>Microsoft has become the latest company")
    assert "starting with a pledge not to build a Muslim office" in body
    assert "We are not aware of Azure or Azure services being used for this purpose." in body
    for widget in SEED_WIDGETS:
        assert widget not in page, widget
    chips = re.findall(r'<a class="chip" href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert chips == [("/ticker/MSFT/", "MSFT")]
    ticker = (site / "ticker/MSFT/index.html").read_text()
    assert "Microsoft’s Ethical Reckoning is Here" in ticker
    assert "NASDAQ" in ticker


def test_feeds_parse_with_full_items(site: Path) -> None:
    feeds = [site / "feeds/rss.xml", *sorted((site / "feeds/ticker").glob("*.rss.xml"))]
    assert len(feeds) >= 2
    for path in feeds:
        data = path.read_bytes()
        ElementTree.fromstring(data)
        feed = feedparser.parse(data)
        assert feed.bozo == 0, path
        assert feed.entries, path
        for entry in feed.entries:
            assert entry.title and entry.link and entry.id and entry.published
            assert entry.content[0].value.strip()


def test_every_feed_passes_the_lint(site: Path) -> None:
    feeds = sorted((site / "feeds").rglob("*.xml"))
    problems = {}
    for path in feeds:
        url = "http://127.0.0.1:8000/" + str(path.relative_to(site))
        if found := lint_feed(path.read_bytes(), url):
            problems[str(path.relative_to(site))] = found
    assert problems == {}


def test_pages_link_feeds_and_internal_links_resolve(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert (site / "index.html") in pages
    broken = []
    for page in pages:
        html = page.read_text()
        assert 'type="application/rss+xml"' in html
        for href in re.findall(r'(?:href|src)="(/[^"#]*)"', html):
            path = urlsplit(href).path
            target = site / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_articles_have_related_links_and_their_source(site: Path) -> None:
    articles = [p for p in site.glob("20*/*/*/index.html")]
    assert len(articles) >= 16
    # Up to five related stories; a story with nothing similar enough shows none.
    with_related = [p for p in articles if 'id="related-heading"' in p.read_text()]
    assert len(with_related) >= len(articles) * 3 // 4
    for page in with_related:
        related = page.read_text().split('id="related-heading"', 1)[1].split("</section>", 1)[0]
        assert 1 <= related.count("<li>") <= 5
    html_sources = [p for p in articles if "Originally published at" in p.read_text()]
    assert len(html_sources) >= 9  # every page with a known URL links its original


def test_listing_pages_exist(site: Path) -> None:
    for rel in ("tickers/index.html", "archives/index.html", "categories/index.html",
                "authors/index.html", "2018/index.html", "2018/06/index.html"):
        assert (site / rel).exists(), rel
