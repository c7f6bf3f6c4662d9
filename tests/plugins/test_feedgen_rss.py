import feedparser

from tests.feedlint import lint_feed
from tests.plugins.samples import DUMP_AAPL, DUMP_BANK, DUMP_MSFT


def test_site_and_ticker_feeds(build):  # type: ignore[no-untyped-def]
    out = build({"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK},
                ["source_cleaner", "ticker_tags", "feedgen_rss"],
                SITEURL="https://news.example.org")
    site = feedparser.parse((out / "feeds/rss.xml").read_bytes())
    assert site.bozo == 0
    assert [e.title for e in site.entries] == [
        "Regional Banks Report Higher Deposits", "Apple Suppliers Gain on Strong Phone Demand",
        "Microsoft Opens a New Cloud Region"]
    first = site.entries[0]
    assert first.link == "https://news.example.org/2018/06/regional-banks-report-higher-deposits/"
    assert "interest-bearing accounts" in first.content[0].value
    assert [t.term for t in first.tags] == ["BAC"]
    assert first.tags[0].scheme == "https://news.example.org/tickers/"
    msft = feedparser.parse((out / "feeds/ticker/MSFT.rss.xml").read_bytes())
    assert msft.bozo == 0
    assert len(msft.entries) == 2
    for path in sorted(out.rglob("*.xml")):
        url = "https://news.example.org/" + str(path.relative_to(out))
        assert lint_feed(path.read_bytes(), url) == [], path
