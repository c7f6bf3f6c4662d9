from datetime import UTC, datetime
from xml.etree import ElementTree

import feedparser

from tickertape.feeds import FeedChannel, FeedItem, build_rss, is_permalink

CHANNEL = FeedChannel("Site", "https://news.example/", "All stories",
                      "https://news.example/feeds/rss.xml")


def _item(n: int, **kw: object) -> FeedItem:
    base = dict(
        title=f"Story {n}", link=f"https://news.example/s{n}/", guid=f"https://news.example/s{n}/",
        date=datetime(2019, 11, n, 9, 30), content_html=f"<p>Body {n} ]]> &amp; more</p>",
        summary=f"Summary {n}", author="Jane Doe",
        categories=(("MSFT", "https://news.example/tickers/"),),
    )
    base.update(kw)
    return FeedItem(**base)  # type: ignore[arg-type]


def test_feed_parses_and_keeps_order_and_content() -> None:
    xml = build_rss(CHANNEL, [_item(3), _item(1), _item(2)])
    ElementTree.fromstring(xml)  # strict XML
    feed = feedparser.parse(xml)
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == ["Story 3", "Story 1", "Story 2"]
    entry = feed.entries[0]
    assert "Body 3 ]]> &amp; more" in entry.content[0].value
    assert entry.tags[0].term == "MSFT"
    assert entry.tags[0].scheme == "https://news.example/tickers/"
    assert entry.published_parsed[:3] == (2019, 11, 3)


def test_feed_is_reproducible_and_dated_by_newest_item() -> None:
    items = [_item(1), _item(5)]
    assert build_rss(CHANNEL, items) == build_rss(CHANNEL, items)
    assert b"<lastBuildDate>Tue, 05 Nov 2019 09:30:00 +0000</lastBuildDate>" in build_rss(
        CHANNEL, items)


def test_self_link_and_guid_permalink_rule() -> None:
    xml = build_rss(CHANNEL, [_item(1), _item(2, guid="tickertape:story-2")]).decode()
    assert '<atom:link href="https://news.example/feeds/rss.xml" rel="self"' in xml
    assert '<guid isPermaLink="true">https://news.example/s1/</guid>' in xml
    assert '<guid isPermaLink="false">tickertape:story-2</guid>' in xml
    assert is_permalink("https://x/") and not is_permalink("urn:x")


def test_control_characters_never_reach_the_feed() -> None:
    xml = build_rss(CHANNEL, [_item(1, title="Bad\x0b title", content_html="<p>a\x00b</p>")])
    ElementTree.fromstring(xml)
    assert b"\x0b" not in xml and b"\x00" not in xml


def test_aware_dates_keep_their_zone() -> None:
    when = datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
    xml = build_rss(CHANNEL, [_item(1, date=when)]).decode()
    assert "<pubDate>Thu, 02 Jan 2020 03:04:00 +0000</pubDate>" in xml


def test_lint_catches_what_it_should() -> None:
    from tests.feedlint import lint_feed

    good = build_rss(CHANNEL, [_item(3), _item(2)])
    assert lint_feed(good, CHANNEL.self_url) == []
    assert lint_feed(good, "https://elsewhere/feed.xml")  # self link mismatch
    assert lint_feed(build_rss(CHANNEL, [_item(2), _item(3)]), CHANNEL.self_url)  # order
    dup = build_rss(CHANNEL, [_item(3), _item(2, guid=_item(3).guid)])
    assert any("duplicate guid" in p for p in lint_feed(dup, CHANNEL.self_url))
    bad_day = good.replace(b"Sun, 03 Nov", b"Mon, 03 Nov")
    assert any("weekday" in p for p in lint_feed(bad_day, CHANNEL.self_url))
